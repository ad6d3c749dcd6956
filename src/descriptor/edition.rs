//! Editions: the values of descriptor.proto's `Edition` enum, their names
//! and their order.

use std::fmt;

/// An edition, as descriptor.proto numbers it. Files in proto2 and proto3
/// have the pseudo-editions [`Edition::PROTO2`] and [`Edition::PROTO3`].
/// Any number can arrive in a descriptor; [`Edition::name`] says whether
/// the enum knows it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Edition(pub i32);

/// descriptor.proto's `Edition` values by the name after `EDITION_`.
const NAMES: [(&str, i32); 14] = [
    ("UNKNOWN", 0),
    ("LEGACY", 900),
    ("PROTO2", 998),
    ("PROTO3", 999),
    ("2023", 1000),
    ("2024", 1001),
    ("2026", 1002),
    ("UNSTABLE", 9999),
    ("1_TEST_ONLY", 1),
    ("2_TEST_ONLY", 2),
    ("99997_TEST_ONLY", 99997),
    ("99998_TEST_ONLY", 99998),
    ("99999_TEST_ONLY", 99999),
    ("MAX", i32::MAX),
];

impl Edition {
    pub const UNKNOWN: Edition = Edition(0);
    pub const LEGACY: Edition = Edition(900);
    pub const PROTO2: Edition = Edition(998);
    pub const PROTO3: Edition = Edition(999);
    pub const E2023: Edition = Edition(1000);
    pub const E2024: Edition = Edition(1001);
    pub const UNSTABLE: Edition = Edition(9999);
    /// The newest edition protoc 35.1 (and so protogen) compiles.
    pub const LATEST: Edition = Edition::E2024;

    /// The edition `EDITION_<name>` of descriptor.proto.
    pub fn from_name(name: &str) -> Option<Edition> {
        NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, v)| Edition(v))
    }

    /// The name after `EDITION_`, as protoc prints an edition in its
    /// messages (`2023`, `PROTO3`); `None` for a number the enum lacks.
    pub fn name(self) -> Option<&'static str> {
        NAMES.iter().find(|(_, v)| *v == self.0).map(|&(n, _)| n)
    }

    /// The edition of a file with this `syntax` statement value
    /// (`proto2` when there is none).
    pub fn of_syntax(syntax: Option<&str>) -> Edition {
        match syntax {
            Some("proto3") => Edition::PROTO3,
            _ => Edition::PROTO2,
        }
    }

    /// Whether this is a real edition (2023 or later), not proto2 or proto3.
    pub fn is_editions(self) -> bool {
        self >= Edition::E2023
    }
}

/// Prints the name protoc prints: empty for a number the enum lacks, as
/// protoc's `Edition_Name` gives.
impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name().unwrap_or(""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for (name, number) in NAMES {
            let e = Edition::from_name(name).unwrap();
            assert_eq!(e, Edition(number));
            assert_eq!(e.name(), Some(name));
        }
        assert_eq!(Edition::from_name("2025"), None);
        assert_eq!(Edition(1003).name(), None);
        assert_eq!(Edition::E2024.to_string(), "2024");
        assert!(Edition::PROTO3 < Edition::E2023 && Edition::E2023 < Edition::LATEST);
    }
}
