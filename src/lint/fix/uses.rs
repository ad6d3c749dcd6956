//! Where a file uses an enum value by name: the identifiers that stand as
//! values of custom options and field defaults, alone or inside message
//! values. Each is found by its tokens, with the name of the field it is
//! the value of, so that a name several enums share can be told apart by
//! the fields that have each enum as their type.

use std::ops::Range;

use crate::syntax::lexer::{lex, Token, TokenKind};

/// One identifier used as a value, and the field it sets: the option's or
/// message field's last name, or the field whose `default` it is (empty
/// when not known).
#[derive(Debug, PartialEq, Eq)]
pub struct Use {
    pub range: Range<usize>,
    pub field: String,
}

#[derive(Clone, PartialEq)]
enum Open {
    /// A declaration body, or the `<` of a map type.
    Body,
    /// A message value: `{ ... }` or `< ... >` after `=` or `:`, or after a
    /// field name inside one.
    Message,
    /// A list value inside a message value, of the field named.
    List(String),
    /// Compact options of the field named, or any other bracket.
    Other(String),
}

/// The identifiers of `text` used as values where an enum value can be.
pub fn value_uses(text: &str) -> Vec<Use> {
    let tokens = lex(text).tokens;
    let symbol = |i: usize| match tokens.get(i).map(|t| t.kind) {
        Some(TokenKind::Symbol(c)) => Some(c),
        _ => None,
    };
    let word = |i: usize| &text[tokens[i].span.range()];
    let ident = |i: Option<usize>| {
        i.filter(|&i| tokens.get(i).is_some_and(|t| t.kind == TokenKind::Ident))
            .map_or(String::new(), |i| word(i).to_string())
    };
    // The field name before the `:` at `colon`: `name:` or `[ext.name]:`.
    let field_before = |colon: usize| match colon.checked_sub(1).and_then(symbol) {
        Some(b']') => ident(colon.checked_sub(2)),
        _ => ident(colon.checked_sub(1)),
    };
    let mut open: Vec<Open> = Vec::new();
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(symbol);
        let inside = open.last().cloned();
        let in_message = matches!(inside, Some(Open::Message | Open::List(_)));
        match t.kind {
            TokenKind::Symbol(b'{' | b'<') => {
                open.push(if matches!(prev, Some(b'=' | b':')) || in_message {
                    Open::Message
                } else {
                    Open::Body
                })
            }
            TokenKind::Symbol(b'[') => open.push(match inside {
                Some(Open::Message) if prev == Some(b':') => Open::List(field_before(i - 1)),
                // `name = number [`: the compact options of field `name`.
                _ if i >= 3 && symbol(i - 2) == Some(b'=') => Open::Other(ident(Some(i - 3))),
                _ => Open::Other(String::new()),
            }),
            TokenKind::Symbol(b'}' | b'>' | b']') => {
                open.pop();
            }
            TokenKind::Ident => {
                let field = match &inside {
                    Some(Open::Message) if prev == Some(b':') => Some(field_before(i - 1)),
                    Some(Open::Message) => None,
                    Some(Open::List(field)) if matches!(prev, Some(b'[' | b',')) => {
                        Some(field.clone())
                    }
                    Some(Open::List(_)) => None,
                    _ if prev == Some(b'=') => {
                        let declared = match &inside {
                            Some(Open::Other(field)) => field.as_str(),
                            _ => "",
                        };
                        option_field(text, &tokens[..i - 1], declared)
                    }
                    _ => None,
                };
                if let Some(field) = field {
                    out.push(Use {
                        range: t.span.range(),
                        field,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// For the option name before an `=` (the tokens up to it): the field it
/// sets when its value can be a value of an enum declared in a workspace —
/// a custom option's last name, or for `default` the field `declared` —
/// and `None` for the options of descriptor.proto.
fn option_field(text: &str, before: &[Token], declared: &str) -> Option<String> {
    let mut name = Vec::new();
    for t in before.iter().rev() {
        match t.kind {
            TokenKind::Ident | TokenKind::Symbol(b'.' | b'(' | b')') => {
                name.push(&text[t.span.range()])
            }
            _ => break,
        }
    }
    if name == ["default"] {
        return Some(declared.to_string());
    }
    if !name.contains(&")") {
        return None;
    }
    name.iter()
        .find(|w| !matches!(**w, "." | "(" | ")"))
        .map(|w| w.to_string())
}

#[cfg(test)]
mod tests {
    use super::value_uses;

    #[test]
    fn values_and_their_fields() {
        let text = r#"
syntax = "proto2";
option optimize_for = SPEED;
option (a.b) = ONE;
option (c) = { k: TWO l: [THREE, FOUR] [x.ext]: FIVE m { n: SIX } o < p: SEVEN > };
message M {
  optional E f = 1 [default = EIGHT, (d).e = NINE, deprecated = true];
  map<string, E> g = 2;
  reserved "TEN";
  option features.field_presence = EXPLICIT;
}
enum E { ONE = 1 [(v) = { q: [ELEVEN] }]; }
"#;
        let uses = value_uses(text);
        let found: Vec<(&str, &str)> = uses
            .iter()
            .map(|u| (&text[u.range.clone()], u.field.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("ONE", "b"),
                ("TWO", "k"),
                ("THREE", "l"),
                ("FOUR", "l"),
                ("FIVE", "ext"),
                ("SIX", "n"),
                ("SEVEN", "p"),
                ("EIGHT", "f"),
                ("NINE", "e"),
                ("ELEVEN", "q"),
            ]
        );
    }
}
