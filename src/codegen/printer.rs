//! A text emitter for generated code: `$name$` variables, indentation
//! applied at the start of each line, and a hard error (a panic, caught at
//! the generator boundary) on a variable the template does not get.

pub struct Printer {
    out: String,
    indent: usize,
    at_line_start: bool,
    /// Spaces per indentation level.
    width: usize,
}

impl Default for Printer {
    fn default() -> Self {
        Printer::with_indent_width(2)
    }
}

impl Printer {
    pub fn with_indent_width(width: usize) -> Self {
        Printer {
            out: String::new(),
            indent: 0,
            at_line_start: true,
            width,
        }
    }

    /// Prints `template` with each `$name$` replaced by its value in `vars`
    /// (`$$` is a literal `$`).
    pub fn print(&mut self, template: &str, vars: &[(&str, &str)]) {
        let mut rest = template;
        while let Some(start) = rest.find('$') {
            self.raw(&rest[..start]);
            let after = &rest[start + 1..];
            let end = after
                .find('$')
                .unwrap_or_else(|| panic!("unterminated variable in template {template:?}"));
            let name = &after[..end];
            if name.is_empty() {
                self.raw("$");
            } else {
                let value = vars
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| *v)
                    .unwrap_or_else(|| panic!("template variable ${name}$ has no value"));
                self.raw(value);
            }
            rest = &after[end + 1..];
        }
        self.raw(rest);
    }

    /// Prints text as it is, indenting each line that has content.
    pub fn raw(&mut self, text: &str) {
        for piece in text.split_inclusive('\n') {
            if self.at_line_start && piece != "\n" {
                for _ in 0..self.indent * self.width {
                    self.out.push(' ');
                }
            }
            self.out.push_str(piece);
            self.at_line_start = piece.ends_with('\n');
        }
    }

    pub fn indent(&mut self) {
        self.indent += 1;
    }

    pub fn outdent(&mut self) {
        self.indent = self.indent.saturating_sub(1);
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
}
