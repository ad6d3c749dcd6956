//! The syntax tree: what the source says, with a span on every part and the
//! comments protoc would attach to each declaration. Options stay
//! uninterpreted here.

use crate::source::Span;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Comments {
    pub leading: String,
    pub trailing: String,
    pub detached: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Ident {
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct File {
    /// From the first token to the last.
    pub span: Span,
    pub syntax: Option<SyntaxDecl>,
    pub items: Vec<FileItem>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyntaxKind {
    Syntax,
    Edition,
}

#[derive(Clone, Debug)]
pub struct SyntaxDecl {
    pub kind: SyntaxKind,
    pub value: String,
    pub value_span: Span,
    pub span: Span,
    pub comments: Comments,
}

#[derive(Clone, Debug)]
pub enum FileItem {
    Package(Package),
    Import(Import),
    Option(OptionStmt),
    Message(Message),
    Enum(Enum),
    Service(Service),
    Extend(Extend),
    /// A lone `;`.
    Empty,
}

#[derive(Clone, Debug)]
pub struct Package {
    pub name: String,
    pub name_span: Span,
    pub span: Span,
    pub comments: Comments,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportKind {
    Default,
    Public,
    Weak,
    /// edition 2024 `import option`.
    Option,
}

#[derive(Clone, Debug)]
pub struct Import {
    pub kind: ImportKind,
    pub kind_span: Option<Span>,
    pub path: String,
    pub path_span: Span,
    pub span: Span,
    pub comments: Comments,
}

/// An option name part: `foo` or `(foo.bar)`.
#[derive(Clone, Debug)]
pub struct NamePart {
    pub name: String,
    pub is_extension: bool,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum OptionValue {
    Ident(String),
    /// An unsigned integer that fits u64.
    PosInt(u64),
    /// A negative integer that fits i64.
    NegInt(i64),
    Double(f64),
    String(Vec<u8>),
    /// The text of a `{ ... }` value, as protoc records it.
    Aggregate(String),
}

/// One `name = value` assignment, either an `option` statement or inside `[...]`.
#[derive(Clone, Debug)]
pub struct OptionAssign {
    pub name: Vec<NamePart>,
    pub name_span: Span,
    pub value: OptionValue,
    pub value_span: Span,
    /// From `option` (or the name in brackets) to the end of the value or `;`.
    pub span: Span,
    pub comments: Comments,
}

/// An `option ...;` statement, whose location protoc records twice: once for
/// the statement and once for the assignment.
#[derive(Clone, Debug)]
pub struct OptionStmt {
    pub assign: OptionAssign,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visibility {
    Export,
    Local,
}

#[derive(Clone, Debug)]
pub struct Message {
    pub visibility: Option<(Visibility, Span)>,
    pub name: Ident,
    pub body: MessageBody,
    pub span: Span,
    pub comments: Comments,
}

#[derive(Clone, Debug, Default)]
pub struct MessageBody {
    pub items: Vec<MessageItem>,
}

#[derive(Clone, Debug)]
pub enum MessageItem {
    Field(Field),
    Oneof(Oneof),
    Message(Message),
    Enum(Enum),
    Extend(Extend),
    ExtensionRange(ExtensionRange),
    Reserved(Reserved),
    Option(OptionStmt),
    Empty,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Label {
    Optional,
    Required,
    Repeated,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScalarType {
    Double,
    Float,
    Int64,
    Uint64,
    Int32,
    Fixed64,
    Fixed32,
    Bool,
    String,
    Bytes,
    Uint32,
    Sfixed32,
    Sfixed64,
    Sint32,
    Sint64,
}

impl ScalarType {
    /// Type names under edition UNSTABLE, where the fixed-width types took the
    /// plain names and varints are spelled out. `Err` carries the replacement
    /// for an obsolete spelling.
    pub fn from_unstable_name(s: &str) -> Option<Result<ScalarType, &'static str>> {
        use ScalarType::*;
        Some(Ok(match s {
            "int32" => Sfixed32,
            "int64" => Sfixed64,
            "uint32" => Fixed32,
            "uint64" => Fixed64,
            "varint32" => Int32,
            "varint64" => Int64,
            "uvarint32" => Uint32,
            "uvarint64" => Uint64,
            "zigzag32" => Sint32,
            "zigzag64" => Sint64,
            "sint32" => return Some(Err("zigzag32")),
            "sint64" => return Some(Err("zigzag64")),
            "fixed32" => return Some(Err("uint32")),
            "fixed64" => return Some(Err("uint64")),
            "sfixed32" => return Some(Err("int32")),
            "sfixed64" => return Some(Err("int64")),
            other => return ScalarType::from_name(other).map(Ok),
        }))
    }

    pub fn from_name(s: &str) -> Option<ScalarType> {
        use ScalarType::*;
        Some(match s {
            "double" => Double,
            "float" => Float,
            "int64" => Int64,
            "uint64" => Uint64,
            "int32" => Int32,
            "fixed64" => Fixed64,
            "fixed32" => Fixed32,
            "bool" => Bool,
            "string" => String,
            "bytes" => Bytes,
            "uint32" => Uint32,
            "sfixed32" => Sfixed32,
            "sfixed64" => Sfixed64,
            "sint32" => Sint32,
            "sint64" => Sint64,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug)]
pub enum FieldType {
    Scalar(ScalarType),
    /// A message or enum name as written, possibly with a leading dot.
    Named(String),
    Map(Box<MapType>),
    /// `group Name = n { ... }`: the body is the nested message.
    Group,
}

#[derive(Clone, Debug)]
pub struct MapType {
    pub key: FieldType,
    pub key_span: Span,
    pub value: FieldType,
    pub value_span: Span,
}

#[derive(Clone, Debug)]
pub enum FieldOption {
    Default {
        value: OptionValue,
        raw: String,
        span: Span,
        value_span: Span,
    },
    JsonName {
        value: String,
        span: Span,
        value_span: Span,
    },
    Option(OptionAssign),
}

#[derive(Clone, Debug)]
pub struct FieldOptions {
    pub entries: Vec<FieldOption>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Field {
    pub label: Option<(Label, Span)>,
    pub ty: FieldType,
    pub ty_span: Span,
    pub name: Ident,
    pub number: Option<i64>,
    pub number_span: Span,
    pub options: Option<FieldOptions>,
    /// For groups: the body, and the span from the `{` to the `}`.
    pub group_body: Option<(MessageBody, Span)>,
    pub span: Span,
    pub comments: Comments,
}

#[derive(Clone, Debug)]
pub struct Oneof {
    pub name: Ident,
    pub items: Vec<OneofItem>,
    pub span: Span,
    pub comments: Comments,
}

#[derive(Clone, Debug)]
pub enum OneofItem {
    Field(Field),
    Option(OptionStmt),
    Empty,
}

#[derive(Clone, Debug)]
pub struct Extend {
    pub extendee: String,
    pub extendee_span: Span,
    pub fields: Vec<Field>,
    pub span: Span,
    pub comments: Comments,
}

#[derive(Clone, Debug)]
pub struct Range {
    pub start: i64,
    pub start_span: Span,
    /// `None` for a single number; `Some(None)` for `max`.
    pub end: Option<Option<i64>>,
    pub end_span: Span,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct ExtensionRange {
    pub ranges: Vec<Range>,
    pub options: Option<FieldOptions>,
    pub span: Span,
    pub comments: Comments,
}

#[derive(Clone, Debug)]
pub enum ReservedKind {
    Ranges(Vec<Range>),
    Names(Vec<Ident>),
}

#[derive(Clone, Debug)]
pub struct Reserved {
    pub kind: ReservedKind,
    pub span: Span,
    pub comments: Comments,
}

#[derive(Clone, Debug)]
pub struct Enum {
    pub visibility: Option<(Visibility, Span)>,
    pub name: Ident,
    pub items: Vec<EnumItem>,
    pub span: Span,
    pub comments: Comments,
}

#[derive(Clone, Debug)]
pub enum EnumItem {
    Value(EnumValue),
    Option(OptionStmt),
    Reserved(Reserved),
    Empty,
}

#[derive(Clone, Debug)]
pub struct EnumValue {
    pub name: Ident,
    pub number: i64,
    pub number_span: Span,
    pub options: Option<FieldOptions>,
    pub span: Span,
    pub comments: Comments,
}

#[derive(Clone, Debug)]
pub struct Service {
    pub name: Ident,
    pub items: Vec<ServiceItem>,
    pub span: Span,
    pub comments: Comments,
}

#[derive(Clone, Debug)]
pub enum ServiceItem {
    Method(Method),
    Option(OptionStmt),
    Empty,
}

#[derive(Clone, Debug)]
pub struct Method {
    pub name: Ident,
    pub input_stream: Option<Span>,
    pub input: String,
    pub input_span: Span,
    pub output_stream: Option<Span>,
    pub output: String,
    pub output_span: Span,
    /// Whether the method has a `{ ... }` body (which gives it options, even empty).
    pub has_body: bool,
    /// Option statements in the body.
    pub options: Vec<OptionStmt>,
    pub span: Span,
    pub comments: Comments,
}
