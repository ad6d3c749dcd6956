//! Editions features, typed: the core features of `FeatureSet` and the C++,
//! Java and Go language features, resolved on every entity. The defaults
//! of each edition are read from the `edition_defaults` that
//! descriptor.proto and the language feature files publish, as protoc's
//! feature resolver reads them.

use std::sync::OnceLock;

use crate::descriptor::edition::Edition;
use crate::descriptor::tags::{
    EDITION_DEFAULT_EDITION, EDITION_DEFAULT_VALUE, FIELD_OPTIONS_EDITION_DEFAULTS,
};
use crate::descriptor::wire::{self, find_varint, Reader};
use crate::descriptor::{self as d};
use crate::semantic::pool::{field_at, Pool, SymKind};
use crate::source::Resolver;

/// The features the model resolves, as (extension of `FeatureSet`, or
/// empty for a core feature; field name). Their order is the order of
/// [`Features`]' values.
const SPECS: [(&str, &str); 19] = [
    ("", "field_presence"),
    ("", "enum_type"),
    ("", "repeated_field_encoding"),
    ("", "utf8_validation"),
    ("", "message_encoding"),
    ("", "json_format"),
    ("", "enforce_naming_style"),
    ("", "default_symbol_visibility"),
    ("pb.cpp", "legacy_closed_enum"),
    ("pb.cpp", "string_type"),
    ("pb.cpp", "enum_name_uses_string_view"),
    ("pb.java", "legacy_closed_enum"),
    ("pb.java", "utf8_validation"),
    ("pb.java", "large_enum"),
    ("pb.java", "use_old_outer_classname_default"),
    ("pb.java", "nest_in_file_class"),
    ("pb.go", "legacy_unmarshal_json_enum"),
    ("pb.go", "api_level"),
    ("pb.go", "strip_enum_prefix"),
];

/// The files that define the features of [`SPECS`].
const FEATURE_FILES: [&str; 4] = [
    "google/protobuf/descriptor.proto",
    "google/protobuf/cpp_features.proto",
    "google/protobuf/java_features.proto",
    "google/protobuf/go_features.proto",
];

/// Where a feature is encoded in a `FeatureSet`, and its published
/// defaults, oldest edition first.
struct Spec {
    /// The `FeatureSet` extension's number, 0 for a core feature.
    extension: u32,
    field: u32,
    defaults: Vec<(Edition, u64)>,
}

fn specs() -> &'static [Spec] {
    static SPEC_TABLE: OnceLock<Vec<Spec>> = OnceLock::new();
    SPEC_TABLE.get_or_init(|| {
        let resolver = Resolver::new::<&str>(&[]);
        let names: Vec<String> = FEATURE_FILES.iter().map(|s| s.to_string()).collect();
        let compiled = crate::semantic::compile(&resolver, &names);
        assert!(
            !compiled.has_errors(),
            "the bundled feature definitions compile"
        );
        SPECS
            .iter()
            .map(|&(ext, name)| spec(&compiled.pool, ext, name))
            .collect()
    })
}

/// Reads one feature's number and defaults from the pool.
fn spec(pool: &Pool, extension: &str, name: &str) -> Spec {
    let field_of = |full: &str| {
        let sym = pool
            .symbols
            .get(full)
            .unwrap_or_else(|| panic!("{full} is defined"));
        assert!(matches!(sym.kind, SymKind::Field | SymKind::Extension));
        field_at(&pool.files[sym.file].proto, &sym.path)
    };
    let (ext_number, owner) = if extension.is_empty() {
        (0, "google.protobuf.FeatureSet".to_string())
    } else {
        let ext = field_of(extension);
        let ty = ext.type_name.as_deref().unwrap_or("");
        (
            ext.number.unwrap_or(0) as u32,
            ty.trim_start_matches('.').to_string(),
        )
    };
    let field = field_of(&format!("{owner}.{name}"));
    let mut defaults = Vec::new();
    let options = field.options.as_deref().unwrap_or(&[]);
    let mut r = Reader::new(options);
    while let Some((n, wt, bytes)) = r.field() {
        if n != FIELD_OPTIONS_EDITION_DEFAULTS || wt != wire::LEN {
            continue;
        }
        let edition = Edition(find_varint(bytes, EDITION_DEFAULT_EDITION).unwrap_or(0) as i32);
        let text = wire::find_string(bytes, EDITION_DEFAULT_VALUE).unwrap_or_default();
        defaults.push((edition, value_of(pool, field, &text)));
    }
    defaults.sort_by_key(|&(e, _)| e);
    Spec {
        extension: ext_number,
        field: field.number.unwrap_or(0) as u32,
        defaults,
    }
}

/// The last value of a string field in encoded bytes.
/// A default written as text (`"true"`, `"EXPLICIT"`) as the number it encodes.
fn value_of(pool: &Pool, field: &d::FieldDescriptorProto, text: &str) -> u64 {
    match field.r#type {
        Some(d::Type::Bool) => u64::from(text == "true"),
        Some(d::Type::Enum) => {
            let ty = field
                .type_name
                .as_deref()
                .unwrap_or("")
                .trim_start_matches('.');
            let sym = &pool.symbols[ty];
            let e = crate::semantic::pool::enum_at(&pool.files[sym.file].proto, &sym.path);
            e.value
                .iter()
                .find(|v| v.name.as_deref() == Some(text))
                .and_then(|v| v.number)
                .unwrap_or(0) as i64 as u64
        }
        _ => text.parse().unwrap_or(0),
    }
}

/// The features in force on one entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Features {
    /// Each feature's value number; every value the features define fits a
    /// byte, and a larger number reads back as undefined.
    values: [u8; SPECS.len()],
}

impl Features {
    /// The defaults of an edition: for each feature, the published default
    /// of the newest edition not after it.
    pub fn defaults(edition: Edition) -> Features {
        let mut values = [0; SPECS.len()];
        for (v, spec) in values.iter_mut().zip(specs()) {
            *v = spec
                .defaults
                .iter()
                .take_while(|(e, _)| *e <= edition)
                .last()
                .map_or(0, |&(_, x)| byte(x));
        }
        Features { values }
    }

    /// These features overridden by what an encoded `FeatureSet` sets.
    pub fn merged(mut self, feature_set: &[u8]) -> Features {
        if feature_set.is_empty() {
            return self;
        }
        for (v, spec) in self.values.iter_mut().zip(specs()) {
            let found = if spec.extension == 0 {
                find_varint(feature_set, spec.field)
            } else {
                find_varint(
                    &wire::find_message(feature_set, spec.extension).unwrap_or_default(),
                    spec.field,
                )
            };
            if let Some(x) = found {
                *v = byte(x);
            }
        }
        self
    }

    fn get(&self, i: usize) -> u64 {
        u64::from(self.values[i])
    }

    pub(super) fn set_field_presence(&mut self, p: FieldPresence) {
        self.values[0] = byte(p as u64);
    }

    pub(super) fn set_repeated_field_encoding(&mut self, e: RepeatedFieldEncoding) {
        self.values[2] = byte(e as u64);
    }

    pub(super) fn set_message_encoding(&mut self, e: MessageEncoding) {
        self.values[4] = byte(e as u64);
    }

    pub fn field_presence(&self) -> FieldPresence {
        FieldPresence::from(self.get(0))
    }
    pub fn enum_type(&self) -> EnumType {
        EnumType::from(self.get(1))
    }
    pub fn repeated_field_encoding(&self) -> RepeatedFieldEncoding {
        RepeatedFieldEncoding::from(self.get(2))
    }
    pub fn utf8_validation(&self) -> Utf8Validation {
        Utf8Validation::from(self.get(3))
    }
    pub fn message_encoding(&self) -> MessageEncoding {
        MessageEncoding::from(self.get(4))
    }
    pub fn json_format(&self) -> JsonFormat {
        JsonFormat::from(self.get(5))
    }
    pub fn enforce_naming_style(&self) -> EnforceNamingStyle {
        EnforceNamingStyle::from(self.get(6))
    }
    pub fn default_symbol_visibility(&self) -> DefaultSymbolVisibility {
        DefaultSymbolVisibility::from(self.get(7))
    }
    pub fn cpp(&self) -> CppFeatures {
        CppFeatures {
            legacy_closed_enum: self.get(8) != 0,
            string_type: StringType::from(self.get(9)),
            enum_name_uses_string_view: self.get(10) != 0,
        }
    }
    pub fn java(&self) -> JavaFeatures {
        JavaFeatures {
            legacy_closed_enum: self.get(11) != 0,
            utf8_validation: JavaUtf8Validation::from(self.get(12)),
            large_enum: self.get(13) != 0,
            use_old_outer_classname_default: self.get(14) != 0,
            nest_in_file_class: NestInFileClass::from(self.get(15)),
        }
    }
    pub fn go(&self) -> GoFeatures {
        GoFeatures {
            legacy_unmarshal_json_enum: self.get(16) != 0,
            api_level: ApiLevel::from(self.get(17)),
            strip_enum_prefix: StripEnumPrefix::from(self.get(18)),
        }
    }
}

/// A feature value as stored: numbers past a byte (no feature defines
/// one) become 255, which no feature enum defines either.
fn byte(v: u64) -> u8 {
    u8::try_from(v).unwrap_or(u8::MAX)
}

/// The concatenated occurrences of a length-delimited field: one message
/// merged, as the wire format merges repeated occurrences.
/// The `features` a message of options (encoded) sets itself.
pub(super) fn own_feature_set(options: Option<&[u8]>, features_field: u32) -> Vec<u8> {
    options
        .and_then(|o| wire::find_message(o, features_field))
        .unwrap_or_default()
}

number_enum!(FieldPresence { Explicit = 1, Implicit = 2, LegacyRequired = 3 });
number_enum!(EnumType { Open = 1, Closed = 2 });
number_enum!(RepeatedFieldEncoding { Packed = 1, Expanded = 2 });
number_enum!(Utf8Validation { Verify = 2, None = 3 });
number_enum!(MessageEncoding { LengthPrefixed = 1, Delimited = 2 });
number_enum!(JsonFormat { Allow = 1, LegacyBestEffort = 2 });
number_enum!(EnforceNamingStyle { Style2024 = 1, StyleLegacy = 2 });
number_enum!(DefaultSymbolVisibility {
    ExportAll = 1,
    ExportTopLevel = 2,
    LocalAll = 3,
    Strict = 4,
});
number_enum!(StringType { View = 1, Cord = 2, String = 3 });
number_enum!(JavaUtf8Validation { Default = 1, Verify = 2 });
number_enum!(NestInFileClass { No = 1, Yes = 2, Legacy = 3 });
number_enum!(ApiLevel {
    Unspecified = 0,
    Open = 1,
    Hybrid = 2,
    Opaque = 3,
});
number_enum!(StripEnumPrefix {
    Unspecified = 0,
    Keep = 1,
    GenerateBoth = 2,
    Strip = 3,
});

/// `pb.cpp` features.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CppFeatures {
    pub legacy_closed_enum: bool,
    pub string_type: StringType,
    pub enum_name_uses_string_view: bool,
}

/// `pb.java` features.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JavaFeatures {
    pub legacy_closed_enum: bool,
    pub utf8_validation: JavaUtf8Validation,
    pub large_enum: bool,
    pub use_old_outer_classname_default: bool,
    pub nest_in_file_class: NestInFileClass,
}

/// `pb.go` features.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GoFeatures {
    pub legacy_unmarshal_json_enum: bool,
    pub api_level: ApiLevel,
    pub strip_enum_prefix: StripEnumPrefix,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_published_tables() {
        let p2 = Features::defaults(Edition::PROTO2);
        assert_eq!(p2.field_presence(), FieldPresence::Explicit);
        assert_eq!(p2.enum_type(), EnumType::Closed);
        assert_eq!(
            p2.repeated_field_encoding(),
            RepeatedFieldEncoding::Expanded
        );
        assert_eq!(p2.json_format(), JsonFormat::LegacyBestEffort);
        assert!(p2.cpp().legacy_closed_enum);
        let p3 = Features::defaults(Edition::PROTO3);
        assert_eq!(p3.field_presence(), FieldPresence::Implicit);
        assert_eq!(p3.enum_type(), EnumType::Open);
        assert_eq!(p3.repeated_field_encoding(), RepeatedFieldEncoding::Packed);
        assert_eq!(p3.utf8_validation(), Utf8Validation::Verify);
        let e23 = Features::defaults(Edition::E2023);
        assert_eq!(e23.field_presence(), FieldPresence::Explicit);
        assert_eq!(e23.go().api_level, ApiLevel::Unspecified);
        assert_eq!(e23.cpp().string_type, StringType::String);
        let e24 = Features::defaults(Edition::E2024);
        assert_eq!(e24.enforce_naming_style(), EnforceNamingStyle::Style2024);
        assert_eq!(
            e24.default_symbol_visibility(),
            DefaultSymbolVisibility::ExportTopLevel
        );
        assert_eq!(e24.cpp().string_type, StringType::View);
        assert_eq!(e24.go().api_level, ApiLevel::Opaque);
        assert_eq!(e24.go().strip_enum_prefix, StripEnumPrefix::Keep);
    }

    #[test]
    fn a_feature_set_overrides_defaults() {
        // field_presence = IMPLICIT; [pb.go] { api_level: API_OPAQUE }
        let set = [0x08, 0x02, 0xd2, 0x3e, 0x02, 0x10, 0x03];
        let f = Features::defaults(Edition::E2023).merged(&set);
        assert_eq!(f.field_presence(), FieldPresence::Implicit);
        assert_eq!(f.go().api_level, ApiLevel::Opaque);
        assert_eq!(f.enum_type(), EnumType::Open);
    }
}
