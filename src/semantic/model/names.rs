//! The model's interned strings: every name, full name and JSON name is
//! stored once in one text, and entities hold [`Name`] handles to it.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

/// A string interned in a [`Model`](super::Model), read with
/// `model[name]`. Within one model, equal strings have equal handles, so
/// handles compare and hash as their strings do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name {
    start: u32,
    len: u32,
}

/// The interned strings of a model, with the table that finds a string's
/// handle.
#[derive(Default)]
pub struct Names {
    text: String,
    table: HashTable<Name>,
}

impl Names {
    /// The handle of `s`, interning it if it is new.
    pub fn intern(&mut self, s: &str) -> Name {
        let hash = FxBuildHasher.hash_one(s);
        let text = &self.text;
        if let Some(&name) = self.table.find(hash, |n| slice(text, *n) == s) {
            return name;
        }
        let start = u32::try_from(self.text.len()).expect("model text under 4 GiB");
        let name = Name {
            start,
            len: s.len() as u32,
        };
        self.text.push_str(s);
        let text = &self.text;
        self.table
            .insert_unique(hash, name, |n| FxBuildHasher.hash_one(slice(text, *n)));
        name
    }

    /// The handle of `s` if it is interned.
    pub fn get(&self, s: &str) -> Option<Name> {
        let hash = FxBuildHasher.hash_one(s);
        self.table
            .find(hash, |n| slice(&self.text, *n) == s)
            .copied()
    }

    /// The string of a handle.
    pub fn text(&self, name: Name) -> &str {
        slice(&self.text, name)
    }

    /// Releases the room kept for growth, once the model is built.
    pub fn shrink(&mut self) {
        self.text.shrink_to_fit();
        let text = &self.text;
        self.table
            .shrink_to_fit(|n| FxBuildHasher.hash_one(slice(text, *n)));
    }
}

fn slice(text: &str, n: Name) -> &str {
    &text[n.start as usize..(n.start + n.len) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_strings_share_a_handle() {
        let mut names = Names::default();
        let a = names.intern("pkg.Message");
        let b = names.intern("Message");
        let c = names.intern("pkg.Message");
        assert_eq!(a, c);
        assert_ne!(a, b);
        assert_eq!(names.text(a), "pkg.Message");
        assert_eq!(names.text(b), "Message");
        assert_eq!(names.get("Message"), Some(b));
        assert_eq!(names.get("Other"), None);
        let empty = names.intern("");
        assert_eq!(names.text(empty), "");
        names.shrink();
        assert_eq!(names.get("pkg.Message"), Some(a));
    }
}
