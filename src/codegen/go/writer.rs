//! The Go source writer: generated code is written as gofmt's printer
//! would lay it out before alignment (one `\t` per indentation level,
//! `\v`/`\t` ending alignable cells, `\f` ending a line and every
//! alignment section, comment text escaped), with the package names of
//! imports chosen as identifiers from them are used. [`GoWriter::finish`]
//! puts the import block in and aligns the columns, which gives exactly
//! the text protoc-gen-go's reformatting pass prints.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::names::{base, clean_package_name, GoIdent};
use super::tabwriter;
use crate::codegen::printer::substitute;

/// Brackets text the aligner must not interpret.
const ESCAPE: u8 = 0xff;

/// The names Go predeclares; an import may not take one as its name.
const UNIVERSE: [&str; 44] = [
    "any",
    "append",
    "bool",
    "byte",
    "cap",
    "clear",
    "close",
    "comparable",
    "complex",
    "complex128",
    "complex64",
    "copy",
    "delete",
    "error",
    "false",
    "float32",
    "float64",
    "imag",
    "int",
    "int16",
    "int32",
    "int64",
    "int8",
    "iota",
    "len",
    "make",
    "max",
    "min",
    "new",
    "nil",
    "panic",
    "print",
    "println",
    "real",
    "recover",
    "rune",
    "string",
    "true",
    "uint",
    "uint16",
    "uint32",
    "uint64",
    "uint8",
    "uintptr",
];

pub struct GoWriter {
    out: Vec<u8>,
    indent: usize,
    import_path: String,
    package_names: HashMap<String, String>,
    used_names: HashSet<String>,
    imports: BTreeSet<String>,
    last_decl: Option<Decl>,
}

/// The kinds of top-level declaration; gofmt separates two of different
/// kinds (or one with a doc comment) by a blank line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decl {
    Const,
    Var,
    Type,
    Func,
}

/// One element of a multi-line composite literal.
pub enum Element {
    /// `key: value` on one line.
    Pair { key: String, value: String },
    /// An expression on one line, with an optional trailing comment.
    Plain { text: String, comment: String },
    /// `key: Type{` … `}`: a nested multi-line literal.
    Nested {
        head: String,
        elements: Vec<Element>,
    },
    /// A comment on its own line between elements.
    Comment(String),
}

impl GoWriter {
    pub fn new(import_path: &str) -> GoWriter {
        GoWriter {
            out: Vec::with_capacity(1 << 14),
            indent: 0,
            import_path: import_path.to_string(),
            package_names: HashMap::new(),
            used_names: UNIVERSE.iter().map(|s| s.to_string()).collect(),
            imports: BTreeSet::new(),
            last_decl: None,
        }
    }

    /// How code in this file names `ident`: bare when it is declared in
    /// the same package, else qualified by its package's import name
    /// (chosen on first use, a number appended on a clash).
    pub fn q(&mut self, ident: &GoIdent) -> String {
        self.qualify(&ident.import_path.clone(), &ident.name)
    }

    /// [`GoWriter::q`] for a name in the package at `import_path`.
    pub fn qualify(&mut self, import_path: &str, name: &str) -> String {
        if import_path == self.import_path {
            return name.to_string();
        }
        if let Some(pkg) = self.package_names.get(import_path) {
            return format!("{pkg}.{name}");
        }
        let original = clean_package_name(base(import_path));
        let mut pkg = original.clone();
        let mut i = 1;
        while self.used_names.contains(&pkg) {
            pkg = format!("{original}{i}");
            i += 1;
        }
        self.used_names.insert(pkg.clone());
        self.package_names
            .insert(import_path.to_string(), pkg.clone());
        format!("{pkg}.{name}")
    }

    /// Imports a package whether or not a name from it is used (`_`
    /// when none is).
    pub fn import(&mut self, import_path: &str) {
        self.imports.insert(import_path.to_string());
    }

    fn tabs(&mut self) {
        for _ in 0..self.indent {
            self.out.push(b'\t');
        }
    }

    /// A line of code: `text` may hold `\v` and `\t` cell ends.
    pub fn line(&mut self, text: &str) {
        self.line_ending(text, b'\n');
    }

    /// A line ending an alignment section.
    pub fn line_ff(&mut self, text: &str) {
        self.line_ending(text, b'\x0c');
    }

    fn line_ending(&mut self, text: &str, end: u8) {
        if !text.is_empty() {
            self.tabs();
            self.out.extend_from_slice(text.as_bytes());
        }
        self.out.push(end);
    }

    /// A function with an empty body: on one line when the header is
    /// under 100 columns wide, as gofmt keeps it (the bodies of such
    /// functions on consecutive lines align).
    pub fn empty_func(&mut self, header: &str) {
        self.short_func(header, "");
    }

    /// A function whose body is one short statement (or none): on one line
    /// when it fits, as gofmt keeps it.
    pub fn short_func(&mut self, header: &str, statement: &str) {
        if header.len() + statement.len() < 100 {
            if statement.is_empty() {
                self.line(&format!("{header}\u{b}{{}}"));
            } else {
                self.line(&format!("{header}\u{b}{{ {statement} }}"));
            }
        } else {
            self.line(&format!("{header} {{"));
            self.end_section();
            if !statement.is_empty() {
                self.indent();
                self.line_ff(statement);
                self.outdent();
            }
            self.line("}");
        }
    }

    /// An empty line (one at most: gofmt keeps no more).
    pub fn blank(&mut self) {
        let n = self.out.len();
        let ends_blank = n >= 2 && is_break(self.out[n - 1]) && is_break(self.out[n - 2]);
        if n > 0 && !ends_blank {
            self.out.push(b'\n');
        }
    }

    /// Starts a top-level declaration of kind `decl`.
    pub fn decl(&mut self, decl: Decl, has_doc: bool) {
        if let Some(prev) = self.last_decl {
            if prev != decl || has_doc {
                self.blank();
            }
        }
        self.last_decl = Some(decl);
    }

    /// Code, then a trailing `//` comment (on the same line, after a cell
    /// end), then the line end.
    pub fn line_with_comment(&mut self, code: &str, comment: &str, end: u8) {
        self.tabs();
        self.out.extend_from_slice(code.as_bytes());
        self.escaped(comment.replace('\r', "").trim_end_matches([' ', '\t']));
        self.out.push(end);
    }

    /// Comment lines (`//…` each) on their own, at the current indentation.
    pub fn comment_lines<S: AsRef<str>>(&mut self, lines: &[S]) {
        for line in lines {
            self.tabs();
            // Go's scanner drops carriage returns from comments.
            self.escaped(
                line.as_ref()
                    .replace('\r', "")
                    .trim_end_matches([' ', '\t']),
            );
            self.out.push(b'\n');
        }
    }

    fn escaped(&mut self, text: &str) {
        self.out.push(ESCAPE);
        self.out.extend_from_slice(text.as_bytes());
        self.out.push(ESCAPE);
    }

    pub fn indent(&mut self) {
        self.indent += 1;
    }

    pub fn outdent(&mut self) {
        self.indent -= 1;
    }

    /// Lines of a template: each line is written at the current
    /// indentation plus its own leading tabs; empty lines stay empty.
    /// `$name$` takes its value from `vars`.
    pub fn emit(&mut self, template: &str, vars: &[(&str, &str)]) {
        let text = substitute(template, vars);
        let text = text.strip_suffix('\n').unwrap_or(&text);
        for line in text.split('\n') {
            let own = line.len() - line.trim_start_matches('\t').len();
            self.indent += own;
            self.line(&line[own..]);
            self.indent -= own;
        }
    }

    /// The elements of a multi-line composite literal whose opening line
    /// (ending in `{`) was written; writes them one level deeper, laid
    /// out as gofmt lays out a list of expressions (keys aligned in
    /// sections, a section broken where key sizes differ too much).
    pub fn elements(&mut self, elements: &[Element]) {
        // The opening line ends its section.
        self.end_section();
        self.indent += 1;
        let mut size = 0usize;
        let mut lnsum = 0f64;
        let mut count = 0usize;
        let mut after_comment = false;
        let mut first = true;
        for element in elements {
            let prev_size = size;
            size = match element {
                Element::Pair { key, .. } => key.len(),
                Element::Plain { text, .. } => text.len(),
                Element::Nested { .. } => 0,
                Element::Comment(text) => {
                    self.end_section();
                    self.comment_lines(&[text]);
                    after_comment = true;
                    size = prev_size;
                    continue;
                }
            };
            let mut use_ff = true;
            if prev_size > 0 && size > 0 {
                if count == 0 || prev_size <= 40 && size <= 40 {
                    use_ff = false;
                } else {
                    let geomean = (lnsum / count as f64).exp();
                    let ratio = size as f64 / geomean;
                    use_ff = 2.5 * ratio <= 1.0 || 2.5 <= ratio;
                }
            }
            if !first {
                if use_ff {
                    self.end_section();
                }
                if use_ff || after_comment {
                    lnsum = 0.0;
                    count = 0;
                }
            }
            first = false;
            after_comment = false;
            match element {
                Element::Pair { key, value } => self.line(&format!("{key}:\u{b}{value},")),
                Element::Plain { text, comment } if comment.is_empty() => {
                    self.line(&format!("{text},"))
                }
                Element::Plain { text, comment } => {
                    self.line_with_comment(&format!("{text},\t"), comment, b'\n')
                }
                Element::Nested { head, elements } => {
                    self.line(head);
                    self.elements(elements);
                    self.line("},");
                }
                Element::Comment(_) => unreachable!("handled above"),
            }
            if size > 0 {
                lnsum += (size as f64).ln();
                count += 1;
            }
        }
        // The last element ends its section too.
        self.end_section();
        self.indent -= 1;
    }

    /// Turns the newline that ends the text so far into a formfeed.
    pub fn end_section(&mut self) {
        if let Some(last) = self.out.last_mut() {
            if *last == b'\n' {
                *last = b'\x0c';
            }
        }
    }

    /// The finished file: the import block after the package clause (and
    /// its comments), the columns aligned.
    pub fn finish(mut self) -> String {
        let mut imports: Vec<(String, String)> = self
            .package_names
            .iter()
            .map(|(path, name)| (path.clone(), name.clone()))
            .collect();
        for path in std::mem::take(&mut self.imports) {
            if !self.package_names.contains_key(&path) {
                imports.push((path, "_".to_string()));
            }
        }
        imports.sort();
        let mut out = self.out;
        // The file ends with exactly one line end.
        while out.last().is_some_and(|&b| is_break(b)) {
            out.pop();
        }
        out.push(b'\n');
        if !imports.is_empty() {
            let mut block = Vec::new();
            block.extend_from_slice(b"\nimport (\x0c");
            for (path, name) in &imports {
                block.push(b'\t');
                block.extend_from_slice(name.as_bytes());
                block.push(b' ');
                block.push(ESCAPE);
                block.extend_from_slice(super::literal::quote(path.as_bytes()).as_bytes());
                block.push(ESCAPE);
                block.push(b'\n');
            }
            block.extend_from_slice(b")\n");
            let at = package_clause_end(&out);
            out.splice(at..at, block);
        }
        let aligned = tabwriter::align(&out);
        String::from_utf8(aligned).expect("generated Go source is UTF-8")
    }
}

fn is_break(b: u8) -> bool {
    b == b'\n' || b == b'\x0c'
}

/// Where the line after `package NAME` starts.
fn package_clause_end(out: &[u8]) -> usize {
    let mut start = 0;
    for line in out.split(|&b| b == b'\n' || b == b'\x0c') {
        let end = start + line.len() + 1;
        if line.starts_with(b"package ") {
            return end.min(out.len());
        }
        start = end;
    }
    out.len()
}
