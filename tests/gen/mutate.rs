//! Near-miss variants of valid .proto text: token edits, lexical damage and
//! semantic edits, each one small enough that protoc's verdict and first
//! error are interesting.

use super::rng::Rng;

/// A rough token: its byte range in the text.
fn tokens(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        } else if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                i += 1;
            }
            i = (i + 2).min(b.len());
            continue;
        } else if c.is_ascii_alphanumeric() || c == b'_' {
            while i < b.len()
                && (b[i].is_ascii_alphanumeric()
                    || b[i] == b'_'
                    || (b[i] == b'.' && b.get(i + 1).is_some_and(|d| d.is_ascii_digit())))
            {
                i += 1;
            }
        } else if c == b'"' || c == b'\'' {
            i += 1;
            while i < b.len() && b[i] != c && b[i] != b'\n' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i = (i + 1).min(b.len());
        } else {
            i += 1;
            while i < b.len() && !b[i].is_ascii() {
                i += 1;
            }
        }
        if text.is_char_boundary(start) && text.is_char_boundary(i) {
            out.push((start, i));
        }
    }
    out
}

const REPLACEMENTS: &[&str] = &[
    "message",
    "enum",
    "optional",
    "required",
    "repeated",
    "map",
    "oneof",
    "group",
    "extend",
    "extensions",
    "reserved",
    "service",
    "rpc",
    "stream",
    "returns",
    "option",
    "import",
    "public",
    "weak",
    "package",
    "syntax",
    "edition",
    "export",
    "local",
    "max",
    "to",
    "int32",
    "string",
    "bytes",
    "bool",
    "double",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    ";",
    ",",
    "=",
    ".",
    "-",
    "0",
    "1",
    "19000",
    "536870912",
    "-1",
    "0x",
    "\"x\"",
    "inf",
    "nan",
    "true",
    "Foo",
    "foo",
    "google.protobuf.Any",
    "features",
    "default",
    "json_name",
    "packed",
    "deprecated",
];

const DAMAGE: &[&str] = &[
    "\"unterminated",
    "/* open",
    "\"\\q\"",
    "$",
    "0x",
    "1e",
    "\u{0}",
    "'",
    "\"\\x\"",
    "\"\\u12\"",
    "08",
    "1.2.3",
    "@",
    "\\",
    "\u{7f}",
    "é",
];

/// Whole-statement edits with a known semantic effect.
const SEMANTIC: &[&str] = &[
    "import \"missing/nowhere.proto\";\n",
    "option features.field_presence = IMPLICIT;\n",
    "option java_package = 5;\n",
    "option optimize_for = FAST;\n",
    "option (no.such.option) = 1;\n",
    "option deprecated = \"yes\";\n",
    "message Dup { int32 a = 1; int32 b = 1; }\n",
    "message Dup2 { int32 a_b = 1; int32 aB = 2; }\n",
    "enum NoZero { NO_ZERO_ONE = 1; }\n",
    "message Res { reserved 3; int32 a = 3; }\n",
    "message Req { required int32 r = 1; }\n",
    "message Grp { optional group g = 1 {} }\n",
    "message MapBad { map<float, int32> m = 1; }\n",
    "extend Unknown { optional int32 e = 100; }\n",
    "message Ext { extensions 10 to 5; }\n",
    "message Json { int32 a = 1 [json_name = \"x\"]; int32 b = 2 [json_name = \"x\"]; }\n",
    "service S { rpc M (Missing) returns (Missing); }\n",
    "message Self { Self.Nope a = 1; }\n",
    "enum Alias { option allow_alias = true; ALIAS_A = 0; }\n",
    "message Num { int32 a = 0; }\n",
    "message Num2 { int32 a = 19500; }\n",
    "local message L {}\n",
    "import option \"google/protobuf/descriptor.proto\";\n",
];

pub struct Mutant {
    pub text: String,
    pub what: String,
}

/// One mutation of `text`.
pub fn mutate(text: &str, rng: &mut Rng) -> Mutant {
    let toks = tokens(text);
    let kind = rng.below(10);
    if toks.is_empty() {
        return Mutant {
            text: format!("{text}message"),
            what: "append".into(),
        };
    }
    let (s, e) = toks[rng.below(toks.len())];
    let tok = &text[s..e];
    let splice = |a: usize, b: usize, with: &str| format!("{}{}{}", &text[..a], with, &text[b..]);
    match kind {
        0 => Mutant {
            text: splice(s, e, ""),
            what: format!("delete {tok:?}"),
        },
        1 => Mutant {
            text: splice(s, e, &format!("{tok} {tok}")),
            what: format!("duplicate {tok:?}"),
        },
        2 => {
            let (s2, e2) = toks[rng.below(toks.len())];
            if e <= s2 || e2 <= s {
                let (a, b) = if s < s2 {
                    ((s, e), (s2, e2))
                } else {
                    ((s2, e2), (s, e))
                };
                let t = format!(
                    "{}{}{}{}{}",
                    &text[..a.0],
                    &text[b.0..b.1],
                    &text[a.1..b.0],
                    &text[a.0..a.1],
                    &text[b.1..]
                );
                Mutant {
                    text: t,
                    what: format!("swap {:?} and {:?}", &text[a.0..a.1], &text[b.0..b.1]),
                }
            } else {
                Mutant {
                    text: splice(s, e, ""),
                    what: format!("delete {tok:?}"),
                }
            }
        }
        3 | 4 => {
            let r = REPLACEMENTS[rng.below(REPLACEMENTS.len())];
            Mutant {
                text: splice(s, e, r),
                what: format!("replace {tok:?} with {r:?}"),
            }
        }
        5 => {
            // Another token of the same file: names and numbers reused.
            let (s2, e2) = toks[rng.below(toks.len())];
            let r = &text[s2..e2];
            Mutant {
                text: splice(s, e, r),
                what: format!("replace {tok:?} with {r:?}"),
            }
        }
        6 => {
            let d = DAMAGE[rng.below(DAMAGE.len())];
            Mutant {
                text: splice(s, s, d),
                what: format!("insert {d:?}"),
            }
        }
        7 if tok.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) => {
            let r = format!("{tok}X");
            Mutant {
                text: splice(s, e, &r),
                what: format!("rename {tok:?}"),
            }
        }
        7 | 8 => {
            // A statement at the start of a line after the header.
            let stmt = SEMANTIC[rng.below(SEMANTIC.len())];
            let lines: Vec<usize> = text.match_indices('\n').map(|(i, _)| i + 1).collect();
            let at = if lines.is_empty() {
                text.len()
            } else {
                lines[lines.len() / 3 + rng.below(lines.len() - lines.len() / 3)]
            };
            Mutant {
                text: splice(at, at, stmt),
                what: format!("insert {stmt:?}"),
            }
        }
        _ => {
            // Change a number to another number of the file (duplicates, reserved).
            let nums: Vec<(usize, usize)> = toks
                .iter()
                .copied()
                .filter(|&(a, b)| text[a..b].bytes().all(|c| c.is_ascii_digit()))
                .collect();
            if nums.len() < 2 {
                return Mutant {
                    text: splice(s, e, ""),
                    what: format!("delete {tok:?}"),
                };
            }
            let (a, b) = nums[rng.below(nums.len())];
            let (c, d) = nums[rng.below(nums.len())];
            let r = text[c..d].to_string();
            Mutant {
                text: splice(a, b, &r),
                what: format!("renumber {:?} to {r:?}", &text[a..b]),
            }
        }
    }
}
