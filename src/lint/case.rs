//! The case conversions buf's naming rules compare names against. A name
//! passes a rule when converting it changes nothing.

/// Characters that separate words.
fn is_delimiter(c: char) -> bool {
    matches!(c, '.' | '-' | '_' | ' ' | '\t' | '\n' | '\r')
}

/// Words joined by `_`, case kept. A capital starts a word after a
/// lower-case letter, or before a letter that is not a capital (`HTTPServer`
/// → `HTTP_Server`); digits never start one; runs of delimiters collapse.
fn snake(s: &str) -> String {
    let s = s.trim_matches(is_delimiter);
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        let c = if is_delimiter(c) { '_' } else { c };
        let last = out.chars().last();
        if i == 0 {
            out.push(c);
            continue;
        }
        let next_starts_word = chars
            .get(i + 1)
            .is_some_and(|&n| !n.is_uppercase() && !n.is_ascii_digit() && !is_delimiter(n));
        let prev_lower = chars[i - 1].is_lowercase();
        if c.is_uppercase() && last != Some('_') && (next_starts_word || prev_lower) {
            out.push('_');
            out.push(c);
        } else if !(c == '_' && last == Some('_')) {
            out.push(c);
        }
    }
    out
}

pub fn lower_snake(s: &str) -> String {
    snake(s).to_lowercase()
}

pub fn upper_snake(s: &str) -> String {
    snake(s).to_uppercase()
}

/// Delimiters dropped; the first letter, each letter after a delimiter and
/// each capital kept upper-case, every other letter lower-case.
pub fn pascal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut after_delimiter = true;
    for c in s.trim().chars() {
        if is_delimiter(c) {
            after_delimiter = true;
            continue;
        }
        if after_delimiter || c.is_uppercase() {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        after_delimiter = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        for (input, want) in [
            ("HTTPServer", "http_server"),
            ("fooBAR", "foo_bar"),
            ("foo1Bar", "foo1_bar"),
            ("foo__bar", "foo_bar"),
            ("_foo", "foo"),
            ("Foo.Bar", "foo_bar"),
        ] {
            assert_eq!(lower_snake(input), want, "{input}");
        }
        assert_eq!(upper_snake("FOO2BAR"), "FOO2BAR");
        assert_eq!(upper_snake("V2Status"), "V2_STATUS");
        for (input, want) in [
            ("foo_bar", "FooBar"),
            ("HTTPMethod", "HTTPMethod"),
            ("fooBAR", "FooBAR"),
            ("_Foo", "Foo"),
            ("foo1bar", "Foo1bar"),
        ] {
            assert_eq!(pascal(input), want, "{input}");
        }
    }
}
