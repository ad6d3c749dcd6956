//! Stable diagnostic codes.
//!
//! Every diagnostic names the kind of problem it reports with a code that
//! does not change when its message is reworded: machine-readable output
//! carries it as the finding's type, `--warn` selects warnings by it, and
//! `protogen explain CODE` prints its page (docs/codes/CODE.md: what the
//! rule is, an example that breaks it, and the fix).

macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident = $id:literal;)*) => {
        /// The kind of problem a diagnostic reports.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($(#[$doc])* $name,)*
        }

        impl Code {
            /// Every code, in the order of this table.
            pub const ALL: &'static [Code] = &[$(Code::$name,)*];

            /// The code as it is printed and looked up: `UPPER_SNAKE_CASE`.
            pub fn id(self) -> &'static str {
                match self {
                    $(Code::$name => $id,)*
                }
            }

            /// The explanation `protogen explain` prints.
            pub fn page(self) -> &'static str {
                match self {
                    $(Code::$name => include_str!(concat!("../../docs/codes/", $id, ".md")),)*
                }
            }
        }
    };
}

codes! {
    /// A statement that does not follow the .proto grammar.
    Syntax = "SYNTAX_ERROR";
    /// A statement not ended by `;`.
    MissingSemicolon = "MISSING_SEMICOLON";
    /// A `{` without its `}` before the end of the file.
    UnclosedBlock = "UNCLOSED_BLOCK";
    /// A character that cannot start a token, or text that is not UTF-8.
    InvalidCharacter = "INVALID_CHARACTER";
    /// A malformed numeric literal, or one out of range.
    InvalidNumber = "INVALID_NUMBER";
    /// An unterminated string literal or a bad escape in one.
    InvalidString = "INVALID_STRING";
    /// A block comment without its closing `*/`.
    UnterminatedComment = "UNTERMINATED_COMMENT";
    /// A file without a `syntax` or `edition` statement.
    MissingSyntax = "MISSING_SYNTAX";
    /// A `syntax` or `edition` statement naming one that does not exist.
    UnknownSyntax = "UNKNOWN_SYNTAX";
    /// Declarations nested past the parser's limit.
    NestingTooDeep = "NESTING_TOO_DEEP";
    /// An import or input that is in none of the import paths.
    FileNotFound = "FILE_NOT_FOUND";
    /// Files that import each other, directly or through others.
    ImportCycle = "IMPORT_CYCLE";
    /// The same file imported twice.
    DuplicateImport = "DUPLICATE_IMPORT";
    /// An import nothing in the file uses.
    UnusedImport = "UNUSED_IMPORT";
    /// An import that cannot be used: it had errors, or breaks a rule of imports.
    ImportError = "IMPORT_ERROR";
    /// A type or name that is not defined where it is used.
    UndefinedSymbol = "UNDEFINED_SYMBOL";
    /// A name that resolves to something of the wrong kind (a field where a type was expected).
    WrongKindOfSymbol = "WRONG_KIND_OF_SYMBOL";
    /// Two definitions of the same full name.
    DuplicateSymbol = "DUPLICATE_SYMBOL";
    /// A symbol used outside the file that keeps it `local`.
    NotVisible = "NOT_VISIBLE";
    /// More than one `package` statement.
    DuplicatePackage = "DUPLICATE_PACKAGE";
    /// Enum values that clash in their enclosing scope (C++ scoping).
    EnumValueScope = "ENUM_VALUE_SCOPE";
    /// Enum value names equal once case and the enum prefix are ignored.
    EnumValueNameConflict = "ENUM_VALUE_NAME_CONFLICT";
    /// Two fields of a message with the same JSON name, or an invalid JSON name.
    JsonNameConflict = "JSON_NAME_CONFLICT";
    /// Two fields or extensions with the same number.
    DuplicateFieldNumber = "DUPLICATE_FIELD_NUMBER";
    /// A field or enum value using a reserved number.
    ReservedNumber = "RESERVED_NUMBER";
    /// A field or enum value using a reserved name, or a bad reserved name.
    ReservedName = "RESERVED_NAME";
    /// A field, extension or range number outside what protobuf allows.
    FieldNumberOutOfRange = "FIELD_NUMBER_OUT_OF_RANGE";
    /// Reserved or extension ranges that overlap, or a range whose end is before its start.
    RangeOverlap = "RANGE_OVERLAP";
    /// Two enum values with the same number without `allow_alias`.
    DuplicateEnumNumber = "DUPLICATE_ENUM_NUMBER";
    /// An extension number not inside an extension range of the extended message.
    ExtensionOutOfRange = "EXTENSION_OUT_OF_RANGE";
    /// An extension that breaks the extension declarations of its range.
    ExtensionDeclaration = "EXTENSION_DECLARATION";
    /// A field label (`required`, `optional`, `repeated`) that is missing or not allowed here.
    InvalidLabel = "INVALID_LABEL";
    /// A map field with a key type, label or place that maps do not allow.
    InvalidMap = "INVALID_MAP";
    /// A `default` value that is not allowed or does not fit the field.
    InvalidDefault = "INVALID_DEFAULT";
    /// An open enum whose first value is not zero, or an enum without values.
    EnumZeroValue = "ENUM_ZERO_VALUE";
    /// A oneof without fields.
    EmptyOneof = "EMPTY_ONEOF";
    /// A group where groups are not allowed, or misnamed.
    InvalidGroup = "INVALID_GROUP";
    /// A construct the file's syntax or edition does not allow.
    SyntaxRestriction = "SYNTAX_RESTRICTION";
    /// A feature set to a value, or on an element, that does not allow it.
    InvalidFeature = "INVALID_FEATURE";
    /// A message set that breaks the rules of message sets.
    MessageSet = "MESSAGE_SET";
    /// An option name that does not exist for the element it is set on.
    UnknownOption = "UNKNOWN_OPTION";
    /// An option value of the wrong type or out of range.
    InvalidOptionValue = "INVALID_OPTION_VALUE";
    /// The same option set twice.
    DuplicateOption = "DUPLICATE_OPTION";
    /// An option that exists but may not be set here.
    OptionNotAllowed = "OPTION_NOT_ALLOWED";
    /// An option message missing one of its required fields.
    MissingRequiredOption = "MISSING_REQUIRED_OPTION";
    /// A name that breaks the style `enforce_naming_style` asks for.
    NamingStyle = "NAMING_STYLE";
    /// A command line that cannot run: an unknown flag, a missing input, an input outside every import path.
    CommandLine = "COMMAND_LINE";
    /// A code generator or plugin that failed, or an output that could not be written.
    OutputError = "OUTPUT_ERROR";
    /// A bug in protogen caught before it could crash the process.
    InternalError = "INTERNAL_ERROR";
}

impl Code {
    /// The code with id `id`, ignoring case and accepting `-` for `_`.
    pub fn from_id(id: &str) -> Option<Code> {
        let wanted = id.trim().replace('-', "_").to_ascii_uppercase();
        Code::ALL.iter().copied().find(|c| c.id() == wanted)
    }

    /// The one-line summary: the page's first heading, after `# CODE: `.
    pub fn summary(self) -> &'static str {
        let heading = self.page().lines().next().unwrap_or("");
        let heading = heading.trim_start_matches('#').trim();
        heading
            .strip_prefix(self.id())
            .and_then(|s| s.strip_prefix(':'))
            .unwrap_or(heading)
            .trim()
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}
