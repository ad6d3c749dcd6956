//! Field numbers of descriptor.proto, the one table every path and encoder uses.

pub const FILE_DESCRIPTOR_SET_FILE: u32 = 1;

pub const FILE_NAME: u32 = 1;
pub const FILE_PACKAGE: u32 = 2;
pub const FILE_DEPENDENCY: u32 = 3;
pub const FILE_MESSAGE_TYPE: u32 = 4;
pub const FILE_ENUM_TYPE: u32 = 5;
pub const FILE_SERVICE: u32 = 6;
pub const FILE_EXTENSION: u32 = 7;
pub const FILE_OPTIONS: u32 = 8;
pub const FILE_SOURCE_CODE_INFO: u32 = 9;
pub const FILE_PUBLIC_DEPENDENCY: u32 = 10;
pub const FILE_WEAK_DEPENDENCY: u32 = 11;
pub const FILE_SYNTAX: u32 = 12;
pub const FILE_EDITION: u32 = 14;
pub const FILE_OPTION_DEPENDENCY: u32 = 15;

pub const MSG_NAME: u32 = 1;
pub const MSG_FIELD: u32 = 2;
pub const MSG_NESTED_TYPE: u32 = 3;
pub const MSG_ENUM_TYPE: u32 = 4;
pub const MSG_EXTENSION_RANGE: u32 = 5;
pub const MSG_EXTENSION: u32 = 6;
pub const MSG_OPTIONS: u32 = 7;
pub const MSG_ONEOF_DECL: u32 = 8;
pub const MSG_RESERVED_RANGE: u32 = 9;
pub const MSG_RESERVED_NAME: u32 = 10;
pub const MSG_VISIBILITY: u32 = 11;

pub const EXT_RANGE_START: u32 = 1;
pub const EXT_RANGE_END: u32 = 2;
pub const EXT_RANGE_OPTIONS: u32 = 3;

pub const RESERVED_START: u32 = 1;
pub const RESERVED_END: u32 = 2;

pub const FIELD_NAME: u32 = 1;
pub const FIELD_EXTENDEE: u32 = 2;
pub const FIELD_NUMBER: u32 = 3;
pub const FIELD_LABEL: u32 = 4;
pub const FIELD_TYPE: u32 = 5;
pub const FIELD_TYPE_NAME: u32 = 6;
pub const FIELD_DEFAULT_VALUE: u32 = 7;
pub const FIELD_OPTIONS: u32 = 8;
pub const FIELD_ONEOF_INDEX: u32 = 9;
pub const FIELD_JSON_NAME: u32 = 10;
pub const FIELD_PROTO3_OPTIONAL: u32 = 17;

pub const ONEOF_NAME: u32 = 1;
pub const ONEOF_OPTIONS: u32 = 2;

pub const ENUM_NAME: u32 = 1;
pub const ENUM_VALUE: u32 = 2;
pub const ENUM_OPTIONS: u32 = 3;
pub const ENUM_RESERVED_RANGE: u32 = 4;
pub const ENUM_RESERVED_NAME: u32 = 5;
pub const ENUM_VISIBILITY: u32 = 6;

pub const ENUM_VALUE_NAME: u32 = 1;
pub const ENUM_VALUE_NUMBER: u32 = 2;
pub const ENUM_VALUE_OPTIONS: u32 = 3;

pub const SERVICE_NAME: u32 = 1;
pub const SERVICE_METHOD: u32 = 2;
pub const SERVICE_OPTIONS: u32 = 3;

pub const METHOD_NAME: u32 = 1;
pub const METHOD_INPUT_TYPE: u32 = 2;
pub const METHOD_OUTPUT_TYPE: u32 = 3;
pub const METHOD_OPTIONS: u32 = 4;
pub const METHOD_CLIENT_STREAMING: u32 = 5;
pub const METHOD_SERVER_STREAMING: u32 = 6;

/// `uninterpreted_option` in every options message.
pub const OPTIONS_UNINTERPRETED: u32 = 999;
pub const UNINTERPRETED_NAME: u32 = 2;

/// Field numbers of option fields the compiler itself reads.
pub const MESSAGE_OPTIONS_MESSAGE_SET_WIRE_FORMAT: u32 = 1;
pub const MESSAGE_OPTIONS_MAP_ENTRY: u32 = 7;
pub const FIELD_OPTIONS_PACKED: u32 = 2;
pub const FIELD_OPTIONS_RETENTION: u32 = 17;
pub const ENUM_VALUE_OPTIONS_DEBUG_REDACT: u32 = 3;
pub const FILE_OPTIONS_PY_GENERIC_SERVICES: u32 = 18;
pub const FILE_OPTIONS_JAVA_PACKAGE: u32 = 1;
pub const FILE_OPTIONS_JAVA_MULTIPLE_FILES: u32 = 10;
pub const FILE_OPTIONS_GO_PACKAGE: u32 = 11;
pub const FILE_OPTIONS_CSHARP_NAMESPACE: u32 = 37;
pub const FILE_OPTIONS_SWIFT_PREFIX: u32 = 39;
pub const FILE_OPTIONS_PHP_NAMESPACE: u32 = 41;
pub const FILE_OPTIONS_RUBY_PACKAGE: u32 = 45;
pub const FILE_OPTIONS_JAVA_OUTER_CLASSNAME: u32 = 8;
pub const FILE_OPTIONS_CC_GENERIC_SERVICES: u32 = 16;
pub const FILE_OPTIONS_JAVA_GENERIC_SERVICES: u32 = 17;
pub const FILE_OPTIONS_CC_ENABLE_ARENAS: u32 = 31;
pub const FILE_OPTIONS_OBJC_CLASS_PREFIX: u32 = 36;
pub const FILE_OPTIONS_PHP_CLASS_PREFIX: u32 = 40;
pub const FILE_OPTIONS_PHP_METADATA_NAMESPACE: u32 = 44;
/// `FieldOptions.OptionRetention.RETENTION_SOURCE`.
pub const RETENTION_SOURCE: u64 = 2;
pub const MESSAGE_OPTIONS_LEGACY_JSON_CONFLICTS: u32 = 11;
pub const ENUM_OPTIONS_LEGACY_JSON_CONFLICTS: u32 = 6;
pub const ENUM_OPTIONS_ALLOW_ALIAS: u32 = 2;
pub const FIELD_OPTIONS_TARGETS: u32 = 19;
pub const FIELD_OPTIONS_FEATURE_SUPPORT: u32 = 22;
pub const ENUM_VALUE_OPTIONS_FEATURE_SUPPORT: u32 = 4;
/// `FieldOptions.FeatureSupport`.
pub const FEATURE_SUPPORT_EDITION_INTRODUCED: u32 = 1;
pub const FEATURE_SUPPORT_EDITION_DEPRECATED: u32 = 2;
pub const FEATURE_SUPPORT_DEPRECATION_WARNING: u32 = 3;
pub const FEATURE_SUPPORT_EDITION_REMOVED: u32 = 4;
pub const FEATURE_SUPPORT_REMOVAL_ERROR: u32 = 5;
pub const FILE_OPTIONS_OPTIMIZE_FOR: u32 = 9;
/// `FileOptions.OptimizeMode.LITE_RUNTIME`.
pub const OPTIMIZE_LITE_RUNTIME: u64 = 3;

pub const SOURCE_CODE_INFO_LOCATION: u32 = 1;
pub const LOCATION_PATH: u32 = 1;
pub const LOCATION_SPAN: u32 = 2;
pub const LOCATION_LEADING_COMMENTS: u32 = 3;
pub const LOCATION_TRAILING_COMMENTS: u32 = 4;
pub const LOCATION_LEADING_DETACHED_COMMENTS: u32 = 6;

// FieldOptions.EditionDefault, the published default of a feature.
pub const FIELD_OPTIONS_EDITION_DEFAULTS: u32 = 20;
pub const EDITION_DEFAULT_EDITION: u32 = 3;
pub const EDITION_DEFAULT_VALUE: u32 = 2;

/// `features` in each options message.
pub const FILE_OPTIONS_FEATURES: u32 = 50;
pub const MESSAGE_OPTIONS_FEATURES: u32 = 12;
pub const FIELD_OPTIONS_FEATURES: u32 = 21;
pub const ONEOF_OPTIONS_FEATURES: u32 = 1;
pub const ENUM_OPTIONS_FEATURES: u32 = 7;
pub const ENUM_VALUE_OPTIONS_FEATURES: u32 = 2;
pub const SERVICE_OPTIONS_FEATURES: u32 = 34;
pub const METHOD_OPTIONS_FEATURES: u32 = 35;
pub const EXT_RANGE_OPTIONS_FEATURES: u32 = 50;
