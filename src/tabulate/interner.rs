//! Interner: strings in, each distinct one stored once and named by a 32-bit index out; what the
//! tabulator's compact tables (mentions, labels) hold in place of a string per row, and how the
//! comparison keeps the forms of millions of hits.

use crate::hash::HashMap;
use std::sync::Arc;

/// Distinct strings, each stored once and named by its position.
#[derive(Debug, Clone, Default)]
pub struct Interner {
    strings: Vec<Arc<str>>,
    index: HashMap<Arc<str>, u32>,
}

impl Interner {
    pub fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = u32::try_from(self.strings.len()).expect("fewer than 2³² distinct strings");
        let s: Arc<str> = Arc::from(s);
        self.strings.push(s.clone());
        self.index.insert(s, i);
        i
    }

    pub fn get(&self, i: u32) -> &str {
        &self.strings[i as usize]
    }

    /// How many distinct strings.
    pub fn len(&self) -> usize {
        self.strings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }
}
