//! A text emitter for generated code: `$name$` variables (text, or a
//! callback that prints in place), indentation applied at the start of
//! each line (spaces, or tabs for Go), scoped blocks, and a hard error (a
//! panic, caught at the generator boundary) on a variable the template
//! does not get.

pub struct Printer {
    out: String,
    indent: usize,
    at_line_start: bool,
    /// What one indentation level writes.
    unit: String,
}

impl Default for Printer {
    fn default() -> Self {
        Printer::with_indent_width(2)
    }
}

/// The value of a template variable.
pub enum Var<'a> {
    Text(&'a str),
    /// Printed by the callback where the variable stands, at the
    /// indentation in force there.
    Call(&'a dyn Fn(&mut Printer)),
}

impl Printer {
    /// Indents with `width` spaces per level.
    pub fn with_indent_width(width: usize) -> Self {
        Printer {
            out: String::new(),
            indent: 0,
            at_line_start: true,
            unit: " ".repeat(width),
        }
    }

    /// Indents with one tab per level, as gofmt does.
    pub fn with_tabs() -> Self {
        Printer {
            unit: "\t".into(),
            ..Printer::with_indent_width(0)
        }
    }

    /// Prints `template` with each `$name$` replaced by its value in `vars`
    /// (`$$` is a literal `$`).
    pub fn print(&mut self, template: &str, vars: &[(&str, &str)]) {
        let vars: Vec<(&str, Var)> = vars.iter().map(|&(k, v)| (k, Var::Text(v))).collect();
        self.emit(template, &vars);
    }

    /// Prints `template` with each `$name$` replaced by its text or by
    /// what its callback prints.
    pub fn emit(&mut self, template: &str, vars: &[(&str, Var)]) {
        for_each_piece(template, |piece| match piece {
            Piece::Text(text) => self.raw(text),
            Piece::Var(name) => match lookup(vars, name) {
                Var::Text(text) => self.raw(text),
                Var::Call(print) => print(self),
            },
        });
    }

    /// Prints text as it is, indenting each line that has content.
    pub fn raw(&mut self, text: &str) {
        for piece in text.split_inclusive('\n') {
            if self.at_line_start && piece != "\n" {
                for _ in 0..self.indent {
                    self.out.push_str(&self.unit);
                }
            }
            self.out.push_str(piece);
            self.at_line_start = piece.ends_with('\n');
        }
    }

    /// Prints text exactly as it is, indenting nothing.
    pub fn verbatim(&mut self, text: &str) {
        self.out.push_str(text);
        if !text.is_empty() {
            self.at_line_start = text.ends_with('\n');
        }
    }

    /// Prints one line at the current indentation: `text` (whose own line
    /// breaks are kept as they are) and a line break.
    pub fn line(&mut self, text: &str) {
        if self.at_line_start {
            for _ in 0..self.indent {
                self.out.push_str(&self.unit);
            }
        }
        self.out.push_str(text);
        self.out.push('\n');
        self.at_line_start = true;
    }

    pub fn indent(&mut self) {
        self.indent += 1;
    }

    pub fn outdent(&mut self) {
        self.indent = self.indent.saturating_sub(1);
    }

    /// Runs `body` one level deeper; the level closes with the block,
    /// whatever `body` does to the indentation.
    pub fn indented(&mut self, body: impl FnOnce(&mut Printer)) {
        let level = self.indent;
        self.indent += 1;
        body(self);
        self.indent = level;
    }

    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_and_indentation() {
        let mut p = Printer::default();
        p.print("if $cond$:\n", &[("cond", "x")]);
        p.indent();
        p.print("y = $v$  # costs $$1\n\n", &[("v", "1")]);
        p.outdent();
        p.raw("done\n");
        assert_eq!(p.finish(), "if x:\n  y = 1  # costs $1\n\ndone\n");
    }

    #[test]
    fn blocks_callbacks_and_tabs() {
        let mut p = Printer::with_tabs();
        let body = |p: &mut Printer| {
            p.raw("return x\n");
            // An indent opened inside the block closes with it.
            p.indent();
        };
        p.emit("func f() {\n", &[]);
        p.indented(|p| p.emit("$body$", &[("body", Var::Call(&body))]));
        p.raw("}\n");
        assert_eq!(p.finish(), "func f() {\n\treturn x\n}\n");
    }
}

/// A part of a template: literal text, or the name of a variable.
enum Piece<'t> {
    Text(&'t str),
    Var(&'t str),
}

/// Calls `f` on each part of `template` in order (`$$` is the text `$`).
fn for_each_piece<'t>(template: &'t str, mut f: impl FnMut(Piece<'t>)) {
    let mut rest = template;
    while let Some(start) = rest.find('$') {
        f(Piece::Text(&rest[..start]));
        let after = &rest[start + 1..];
        let end = after
            .find('$')
            .unwrap_or_else(|| panic!("unterminated variable in template {template:?}"));
        let name = &after[..end];
        f(if name.is_empty() {
            Piece::Text("$")
        } else {
            Piece::Var(name)
        });
        rest = &after[end + 1..];
    }
    f(Piece::Text(rest));
}

/// The value of variable `name`; a template naming one it does not get is
/// a bug in the generator.
fn lookup<'v, V>(vars: &'v [(&str, V)], name: &str) -> &'v V {
    vars.iter()
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("template variable ${name}$ has no value"))
}

/// `template` with each `$name$` replaced by its value in `vars`, as a
/// string (for emitters that lay lines out themselves).
pub fn substitute(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    for_each_piece(template, |piece| match piece {
        Piece::Text(text) => out.push_str(text),
        Piece::Var(name) => out.push_str(*lookup::<&str>(vars, name)),
    });
    out
}
