//! Interrupted runs: a signal (Ctrl-C, SIGTERM) in, the unfinished report's staging folder removed
//! out. The pipeline registers its staging folder while it writes; the signal handler (installed
//! by the `slant` command) calls `clean_up` and exits, so an interrupted run never leaves a
//! folder that looks like a report, finished or not.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// The staging folder being written, if any. Publishing holds the lock while it renames, so an
/// interrupt either removes the staging folder or waits for a complete report to be in place.
static STAGING: Mutex<Option<PathBuf>> = Mutex::new(None);

fn staging() -> MutexGuard<'static, Option<PathBuf>> {
    // A panic while holding the lock leaves the path intact: keep using it.
    STAGING.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Records the folder that `clean_up` must remove.
pub fn register(path: &Path) {
    *staging() = Some(path.to_path_buf());
}

/// Runs `publish` with the staging registration locked, and forgets it once the report is in
/// place: an interrupt arriving meanwhile waits. A failed publish keeps it, for `clean_up`.
pub fn publishing<T, E>(publish: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
    let mut guard = staging();
    let result = publish();
    if result.is_ok() {
        *guard = None;
    }
    result
}

/// Removes the registered staging folder (if any) and returns it. Keeps the registration locked
/// when `hold` is true, so nothing can publish before the process exits; the signal handler
/// passes true.
pub fn clean_up(hold: bool) -> Option<PathBuf> {
    let mut guard = staging();
    let path = guard.take();
    if let Some(dir) = &path {
        // Another thread may still be creating files in it: retry until it stays gone.
        for _ in 0..5 {
            match std::fs::remove_dir_all(dir) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => break,
                _ => std::thread::sleep(std::time::Duration::from_millis(20)),
            }
        }
    }
    if hold {
        std::mem::forget(guard);
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_up_removes_the_registered_folder_once() {
        let dir = tempfile::tempdir().unwrap();
        let staging = dir.path().join(".report.partial-1");
        std::fs::create_dir_all(staging.join("tables")).unwrap();
        std::fs::write(staging.join("tables/articles.csv"), "x").unwrap();
        register(&staging);
        assert_eq!(clean_up(false), Some(staging.clone()));
        assert!(!staging.exists());
        assert_eq!(clean_up(false), None, "nothing registered any more");

        // After publishing, an interrupt has nothing to remove.
        std::fs::create_dir(&staging).unwrap();
        register(&staging);
        let published = dir.path().join("report");
        publishing(|| std::fs::rename(&staging, &published)).unwrap();
        assert_eq!(publishing(|| Err::<(), _>("failed")), Err("failed"));
        assert_eq!(clean_up(false), None);
        assert!(published.is_dir());
    }
}
