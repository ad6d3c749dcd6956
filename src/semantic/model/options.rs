//! The options of each kind of entity, typed: the fields descriptor.proto
//! defines, decoded once, with the encoded message kept for custom options
//! (extensions), which [`Encoded`] reads by field number.

use crate::descriptor::wire::{self, Reader};

/// An encoded options message, for options the typed fields do not cover.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Encoded(pub Vec<u8>);

impl Encoded {
    /// Every occurrence of field `number`: (wire type, payload bytes; for a
    /// varint, its encoding).
    pub fn occurrences(&self, number: u32) -> Vec<(u32, &[u8])> {
        let mut out = Vec::new();
        let mut r = Reader::new(&self.0);
        while let Some((n, wt, v)) = r.field() {
            if n == number {
                out.push((wt, v));
            }
        }
        out
    }

    /// The last varint value of field `number`.
    pub fn varint(&self, number: u32) -> Option<u64> {
        wire::find_varint(&self.0, number)
    }

    /// The last length-delimited value of field `number`.
    pub fn bytes(&self, number: u32) -> Option<&[u8]> {
        wire::find_bytes(&self.0, number)
    }

    /// The last string value of field `number`.
    pub fn string(&self, number: u32) -> Option<String> {
        wire::find_string(&self.0, number)
    }

    /// Every occurrence of field `number` as varints, packed or not.
    pub fn varints(&self, number: u32) -> Vec<u64> {
        wire::find_varints(&self.0, number)
    }
}

number_enum!(OptimizeMode { Speed = 1, CodeSize = 2, LiteRuntime = 3 });
number_enum!(CType { String = 0, Cord = 1, StringPiece = 2 });
number_enum!(JsType { Normal = 0, String = 1, Number = 2 });
number_enum!(Retention { Unknown = 0, Runtime = 1, Source = 2 });
number_enum!(TargetType {
    Unknown = 0,
    File = 1,
    ExtensionRange = 2,
    Message = 3,
    Field = 4,
    Oneof = 5,
    Enum = 6,
    EnumEntry = 7,
    Service = 8,
    Method = 9,
});
number_enum!(IdempotencyLevel { Unknown = 0, NoSideEffects = 1, Idempotent = 2 });

/// Decodes one typed field from the encoded options.
trait Decode: Sized {
    fn decode(raw: &Encoded, number: u32) -> Option<Self>;
}

impl Decode for bool {
    fn decode(raw: &Encoded, number: u32) -> Option<bool> {
        raw.varint(number).map(|v| v != 0)
    }
}

impl Decode for String {
    fn decode(raw: &Encoded, number: u32) -> Option<String> {
        raw.string(number)
    }
}

macro_rules! decode_enum {
    ($($t:ty),*) => {$(
        impl Decode for $t {
            fn decode(raw: &Encoded, number: u32) -> Option<$t> {
                raw.varint(number).map(<$t>::from)
            }
        }
    )*};
}

decode_enum!(OptimizeMode, CType, JsType, Retention, IdempotencyLevel);

/// An options message: each listed field of descriptor.proto, typed
/// (`None` when not set), and the whole message encoded.
macro_rules! options_message {
    ($(#[$doc:meta])* $name:ident { $($field:ident: $t:ty = $n:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq, Eq)]
        pub struct $name {
            $(pub $field: Option<$t>,)*
            /// The encoded message, custom options included.
            pub encoded: Encoded,
            /// Whether the descriptor has the options message at all (it
            /// may be present and empty).
            pub present: bool,
        }

        impl $name {
            pub fn decode(bytes: Option<&[u8]>) -> $name {
                let encoded = Encoded(bytes.unwrap_or(&[]).to_vec());
                $name {
                    $($field: <$t as Decode>::decode(&encoded, $n),)*
                    encoded,
                    present: bytes.is_some(),
                }
            }
        }
    };
}

options_message!(FileOptions {
    java_package: String = 1,
    java_outer_classname: String = 8,
    optimize_for: OptimizeMode = 9,
    java_multiple_files: bool = 10,
    go_package: String = 11,
    cc_generic_services: bool = 16,
    java_generic_services: bool = 17,
    py_generic_services: bool = 18,
    java_generate_equals_and_hash: bool = 20,
    deprecated: bool = 23,
    java_string_check_utf8: bool = 27,
    cc_enable_arenas: bool = 31,
    objc_class_prefix: String = 36,
    csharp_namespace: String = 37,
    swift_prefix: String = 39,
    php_class_prefix: String = 40,
    php_namespace: String = 41,
    php_metadata_namespace: String = 44,
    ruby_package: String = 45,
});

options_message!(MessageOptions {
    message_set_wire_format: bool = 1,
    no_standard_descriptor_accessor: bool = 2,
    deprecated: bool = 3,
    map_entry: bool = 7,
    deprecated_legacy_json_field_conflicts: bool = 11,
});

options_message!(FieldOptions {
    ctype: CType = 1,
    packed: bool = 2,
    deprecated: bool = 3,
    lazy: bool = 5,
    jstype: JsType = 6,
    weak: bool = 10,
    unverified_lazy: bool = 15,
    debug_redact: bool = 16,
    retention: Retention = 17,
});

impl FieldOptions {
    /// `targets`, in the order written.
    pub fn targets(&self) -> Vec<TargetType> {
        self.encoded
            .varints(19)
            .into_iter()
            .map(TargetType::from)
            .collect()
    }
}

options_message!(OneofOptions {});

options_message!(EnumOptions {
    allow_alias: bool = 2,
    deprecated: bool = 3,
    deprecated_legacy_json_field_conflicts: bool = 6,
});

options_message!(EnumValueOptions {
    deprecated: bool = 1,
    debug_redact: bool = 3,
});

options_message!(ServiceOptions {
    deprecated: bool = 33,
});

options_message!(MethodOptions {
    deprecated: bool = 33,
    idempotency_level: IdempotencyLevel = 34,
});

macro_rules! deprecatable {
    ($($name:ident),*) => {$(
        impl $name {
            /// Whether `deprecated = true` is set.
            pub fn is_deprecated(&self) -> bool {
                self.deprecated == Some(true)
            }
        }
    )*};
}

deprecatable!(
    FileOptions,
    MessageOptions,
    FieldOptions,
    EnumOptions,
    EnumValueOptions,
    ServiceOptions,
    MethodOptions
);
