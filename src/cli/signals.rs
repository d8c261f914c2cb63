//! Signals: Ctrl-C (SIGINT) or SIGTERM in, the unfinished report's staging folder removed and
//! exit code 130 out (128 + SIGINT, as shells report an interrupted command).

/// Starts a thread that waits for SIGINT or SIGTERM. The handler runs outside the signal context
/// (signal-hook forwards the signal to the thread), so removing a folder there is safe.
#[cfg(unix)]
pub fn install() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else { return };
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            // Hold the staging lock until exit, so the main thread cannot publish meanwhile.
            if let Some(dir) = slant::interrupt::clean_up(true) {
                eprintln!("interrupted: removed the unfinished report {}", dir.display());
            } else {
                eprintln!("interrupted");
            }
            std::process::exit(130);
        }
    });
}

#[cfg(not(unix))]
pub fn install() {}
