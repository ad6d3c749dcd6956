//! The text of doc comment paragraphs and list items as gofmt prints it.
//!
//! The text is printed as written, except that ``` `` ``` becomes `“` and
//! `''` becomes `”`. Runs of three or more backquotes are left alone, and so
//! are URLs (`http://…` and other known schemes). Explicit links, `[text]`
//! for a link definition `[text]: url` of the comment or a doc link such as
//! `[io.Reader]`, split the text: each piece is converted on its own, which
//! can end a URL early and changes how backquote runs are skipped. So the
//! exact rules for recognizing links and URLs matter for the output.

/// A link definition `[text]: url`.
pub(super) struct LinkDef<'a> {
    pub text: &'a str,
    pub url: &'a str,
    /// Some `[text]` in a paragraph or list refers to it.
    pub used: bool,
}

/// Parses `[text]: url` where the URL starts with a known scheme and `://`.
pub(super) fn parse_link_def(line: &str) -> Option<LinkDef<'_>> {
    if !line.starts_with('[') {
        return None;
    }
    let i = line.find("]:")?;
    let b = line.as_bytes();
    if i + 3 >= b.len() || (b[i + 2] != b' ' && b[i + 2] != b'\t') {
        return None;
    }
    let url = line[i + 3..].trim();
    let scheme = url.find("://")?;
    if !is_scheme(&url.as_bytes()[..scheme]) {
        return None;
    }
    Some(LinkDef {
        text: &line[1..i],
        url,
        used: false,
    })
}

/// Prints paragraph text, indenting every line after the first, and marks
/// the link definitions it uses.
pub(super) fn linked_text(text: &str, links: &mut [LinkDef], indent: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::new();
    let mut wrote = 0;
    let mut start = None;
    // The bracketed text, with newlines and tabs as spaces. A second "["
    // moves the start but does not reset it.
    let mut key = Vec::new();
    for i in 0..b.len() {
        let c = match b[i] {
            b'\n' | b'\t' => b' ',
            c => c,
        };
        if c == b'[' {
            start = Some(i);
        } else if c == b']' {
            if let Some(s) = start {
                let inner = &text[s + 1..i];
                let is_link = match links.iter_mut().find(|def| def.text.as_bytes() == key) {
                    Some(def) => {
                        def.used = true;
                        true
                    }
                    None => is_doc_link(inner, &text[..s], &text[i + 1..]),
                };
                if is_link {
                    out.push_str(&plain_text(&text[wrote..s], true));
                    out.push('[');
                    out.push_str(&plain_text(inner, false));
                    out.push(']');
                    wrote = i + 1;
                }
            }
            start = None;
            key.clear();
        }
        if start.is_some_and(|s| s != i) {
            key.push(c);
        }
    }
    out.push_str(&plain_text(&text[wrote..], true));
    out.replace('\n', &format!("\n{indent}"))
}

/// Converts ``` `` ``` to `“` and `''` to `”`. Runs of three or more
/// backquotes are left alone. With `auto_link`, URLs are left alone too;
/// URLs are only recognized where no identifier is in progress.
fn plain_text(s: &str, auto_link: bool) -> String {
    let b = s.as_bytes();
    let mut out = String::new();
    let mut wrote = 0;
    let mut i = 0;
    while i < b.len() {
        let t = &b[i..];
        if auto_link {
            if let Some(n) = auto_url(t) {
                i += n;
                continue;
            }
            let n = ident_len(s, i);
            if n > 0 {
                i += n;
                continue;
            }
        }
        if t.starts_with(b"``") {
            if t.len() >= 3 && t[2] == b'`' {
                // gofmt skips the rest of the run by testing the byte at
                // `t[i]`, with `i` counted from the start of `s` rather than
                // of the run. Where the run does not start `s`, that misses
                // the run, and its remaining backquotes are scanned again.
                i += 3;
                while i < t.len() && t[i] == b'`' {
                    i += 1;
                }
                continue;
            }
            out.push_str(&s[wrote..i]);
            out.push('“');
            i += 2;
            wrote = i;
        } else if t.starts_with(b"''") {
            out.push_str(&s[wrote..i]);
            out.push('”');
            i += 2;
            wrote = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&s[wrote..]);
    out
}

/// The length of the URL at the start of `s`, if any: a known scheme,
/// `://`, a host, and a path with balanced brackets that does not end in
/// `.,:;?!`.
fn auto_url(s: &[u8]) -> Option<usize> {
    let colon = (3..=6).find(|&i| i < s.len() && s[i] == b':')?;
    if s.len() < 7 || !s[colon..].starts_with(b"://") || !is_scheme(&s[..colon]) {
        return None;
    }
    let mut i = colon + 3;
    if i >= s.len() || !is_host(s[i]) || is_url_punct(s[i]) {
        return None;
    }
    i += 1;
    let mut end = i;
    while i < s.len() && is_host(s[i]) {
        if !is_url_punct(s[i]) {
            end = i + 1;
        }
        i += 1;
    }
    i = end;
    let mut closers = Vec::new();
    while i < s.len() {
        let c = s[i];
        if !is_url_punct(c) {
            if !is_path(c) {
                break;
            }
            match c {
                b'(' => closers.push(b')'),
                b'{' => closers.push(b'}'),
                b'[' => closers.push(b']'),
                b')' | b'}' | b']' => {
                    if closers.last() != Some(&c) {
                        break;
                    }
                    closers.pop();
                }
                _ => {}
            }
            if closers.is_empty() {
                end = i + 1;
            }
        }
        i += 1;
    }
    Some(end)
}

fn is_scheme(s: &[u8]) -> bool {
    matches!(
        s,
        b"file" | b"ftp" | b"gopher" | b"http" | b"https" | b"mailto" | b"nntp"
    )
}

fn is_host(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"_@-.[]:".contains(&c)
}

/// Punctuation allowed inside a URL but not at its end.
fn is_url_punct(c: u8) -> bool {
    b".,:;?!".contains(&c)
}

fn is_path(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"$'()*+&#=@~_/-[]{}%".contains(&c)
}

/// The byte length of the identifier (`[\pL_][\pL_0-9]*`, digits ASCII
/// only) at byte `i` of `s`; 0 if there is none. `i` may fall inside a
/// character, which is then no letter.
fn ident_len(s: &str, i: usize) -> usize {
    let b = s.as_bytes();
    let mut n = i;
    while n < b.len() {
        let c = b[n];
        if c.is_ascii() {
            if c.is_ascii_alphabetic() || c == b'_' || (n > i && c.is_ascii_digit()) {
                n += 1;
                continue;
            }
            break;
        }
        match s.get(n..).and_then(|rest| rest.chars().next()) {
            Some(ch) if go_is_letter(ch) => n += ch.len_utf8(),
            _ => break,
        }
    }
    n - i
}

/// Whether `[text]` is a doc link. With no knowledge of the package being
/// documented, only links into other packages count: `[pkg]`, `[pkg.Name]`
/// or `[pkg.Recv.Name]` (optionally starting with `*`), where `pkg` is a
/// full import path containing a slash or a one-element standard library
/// path such as `io`. The brackets must be preceded and followed by
/// punctuation, white space or the ends of the text.
fn is_doc_link(text: &str, before: &str, after: &str) -> bool {
    let delimits = |c: char| go_is_punct(c) || matches!(c, ' ' | '\t' | '\n');
    if before.chars().next_back().is_some_and(|c| !delimits(c))
        || after.chars().next().is_some_and(|c| !delimits(c))
    {
        return false;
    }
    let text = text.strip_prefix('*').unwrap_or(text);
    let mut pkg = text;
    if let Some(before_name) = split_doc_name(text) {
        pkg = split_doc_name(before_name).unwrap_or(before_name);
    }
    if pkg.is_empty() {
        // A symbol of the current package, which is unknown here.
        return false;
    }
    if pkg.contains('/') {
        valid_import_path(pkg)
    } else {
        STD_PKGS.binary_search(&pkg).is_ok()
    }
}

/// For `before.Name` (or just `Name`), where `Name` is an exported
/// identifier, returns `before` (or "").
fn split_doc_name(text: &str) -> Option<&str> {
    let dot = text.rfind('.');
    let name = &text[dot.map_or(0, |d| d + 1)..];
    let exported = !name.is_empty()
        && ident_len(name, 0) == name.len()
        && name.chars().next().is_some_and(char::is_uppercase);
    exported.then(|| dot.map_or("", |d| &text[..d]))
}

/// Whether `path` is a valid Go import path (module path syntax).
fn valid_import_path(path: &str) -> bool {
    if path.is_empty() || path.starts_with('-') || path.contains("//") || path.ends_with('/') {
        return false;
    }
    path.split('/').all(|elem| {
        !elem.is_empty()
            && !elem.starts_with('.')
            && !elem.ends_with('.')
            && elem
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || b"-.~_+".contains(&c))
    })
}

/// The standard library packages whose import path has one element.
const STD_PKGS: &[&str] = &[
    "bufio", "bytes", "cmp", "context", "crypto", "embed", "encoding", "errors", "expvar", "flag",
    "fmt", "hash", "html", "image", "io", "iter", "log", "maps", "math", "mime", "net", "os",
    "path", "plugin", "reflect", "regexp", "runtime", "slices", "sort", "strconv", "strings",
    "structs", "sync", "syscall", "testing", "time", "unicode", "unique", "unsafe", "weak",
];

// ---------------------------------------------------------------------------
// Unicode classes as gofmt (Go 1.26, Unicode 15.0) sees them.

/// Go's `unicode.IsPunct` (category P).
fn go_is_punct(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation() && !"$+<=>^`|~".contains(c);
    }
    in_ranges(PUNCT, c)
}

/// Go's `unicode.IsLetter` (category L).
pub(super) fn go_is_letter(c: char) -> bool {
    c.is_alphabetic() && !c.is_numeric() && !not_letter_or_digit(c)
}

/// Go's `unicode.IsDigit` (category Nd).
pub(super) fn go_is_digit(c: char) -> bool {
    c.is_numeric() && !c.is_alphabetic() && !not_letter_or_digit(c)
}

/// Whether Go (Unicode 15.0) classifies `c` as neither letter nor digit
/// although Rust calls it alphabetic but not numeric, or numeric but not
/// alphabetic. Rust's `is_alphabetic` (the Alphabetic property) also holds
/// for letter numbers (Nl, set apart above by `is_numeric`), vowel signs
/// and other combining marks, and circled letters; `is_numeric` also holds
/// for Nl and No (superscripts, fractions, circled numbers); and Rust knows
/// characters added after Unicode 15.0. The table's ranges may span
/// characters that Rust calls neither alphabetic nor numeric. With it,
/// `go_is_letter` and `go_is_digit` agree with Go 1.26 on every code point
/// under Rust 1.95 (Unicode 17); a later Rust may know characters that the
/// table does not list.
fn not_letter_or_digit(c: char) -> bool {
    in_ranges(NOT_LETTER_OR_DIGIT, c)
}

/// Whether `c` lies in one of the inclusive ranges given as ascending
/// start/end pairs: the first value not below `c` must be a range end, or a
/// range start equal to `c`.
fn in_ranges(ranges: &[u32], c: char) -> bool {
    let i = ranges.partition_point(|&x| x < c as u32);
    i % 2 == 1 || ranges.get(i) == Some(&(c as u32))
}

/// See [`not_letter_or_digit`]; ranges for [`in_ranges`].
const NOT_LETTER_OR_DIGIT: &[u32] = &[
    0x00B2, 0x00B3, 0x00B9, 0x00B9, 0x00BC, 0x00BE, 0x0345, 0x036F, 0x05B0, 0x05C7, 0x0610, 0x061A,
    0x064B, 0x065F, 0x0670, 0x0670, 0x06D6, 0x06E4, 0x06E7, 0x06ED, 0x0711, 0x0711, 0x0730, 0x073F,
    0x07A6, 0x07B0, 0x0816, 0x0817, 0x081B, 0x0823, 0x0825, 0x0827, 0x0829, 0x082C, 0x088F, 0x0897,
    0x08D4, 0x0903, 0x093A, 0x093B, 0x093E, 0x094F, 0x0955, 0x0957, 0x0962, 0x0963, 0x0981, 0x0983,
    0x09BE, 0x09CC, 0x09D7, 0x09D7, 0x09E2, 0x09E3, 0x09F4, 0x09F9, 0x0A01, 0x0A03, 0x0A3E, 0x0A51,
    0x0A70, 0x0A71, 0x0A75, 0x0A83, 0x0ABE, 0x0ACC, 0x0AE2, 0x0AE3, 0x0AFA, 0x0B03, 0x0B3E, 0x0B57,
    0x0B62, 0x0B63, 0x0B72, 0x0B82, 0x0BBE, 0x0BCC, 0x0BD7, 0x0BD7, 0x0BF0, 0x0C04, 0x0C3E, 0x0C56,
    0x0C5C, 0x0C5C, 0x0C62, 0x0C63, 0x0C78, 0x0C7E, 0x0C81, 0x0C83, 0x0CBE, 0x0CDC, 0x0CE2, 0x0CE3,
    0x0CF3, 0x0D03, 0x0D3E, 0x0D4C, 0x0D57, 0x0D5E, 0x0D62, 0x0D63, 0x0D70, 0x0D78, 0x0D81, 0x0D83,
    0x0DCF, 0x0DDF, 0x0DF2, 0x0DF3, 0x0E31, 0x0E31, 0x0E34, 0x0E3A, 0x0E4D, 0x0E4D, 0x0EB1, 0x0EB1,
    0x0EB4, 0x0EBC, 0x0ECD, 0x0ECD, 0x0F2A, 0x0F33, 0x0F71, 0x0F83, 0x0F8D, 0x0FBC, 0x102B, 0x103E,
    0x1056, 0x1059, 0x105E, 0x1060, 0x1062, 0x1064, 0x1067, 0x106D, 0x1071, 0x1074, 0x1082, 0x108D,
    0x108F, 0x108F, 0x109A, 0x109D, 0x1369, 0x137C, 0x1712, 0x1713, 0x1732, 0x1733, 0x1752, 0x1753,
    0x1772, 0x1773, 0x17B6, 0x17C8, 0x17F0, 0x17F9, 0x1885, 0x1886, 0x18A9, 0x18A9, 0x1920, 0x1938,
    0x19DA, 0x19DA, 0x1A17, 0x1A1B, 0x1A55, 0x1A74, 0x1ABF, 0x1B04, 0x1B35, 0x1B43, 0x1B80, 0x1B82,
    0x1BA1, 0x1BAD, 0x1BE7, 0x1BF1, 0x1C24, 0x1C36, 0x1C89, 0x1C8A, 0x1DD3, 0x1DF4, 0x2070, 0x2070,
    0x2074, 0x2079, 0x2080, 0x2089, 0x2150, 0x215F, 0x2189, 0x2793, 0x2CFD, 0x2CFD, 0x2DE0, 0x2DFF,
    0x3192, 0x3195, 0x3220, 0x32BF, 0xA674, 0xA67B, 0xA69E, 0xA69F, 0xA7CB, 0xA7CF, 0xA7D2, 0xA7D2,
    0xA7D4, 0xA7D4, 0xA7DA, 0xA7F1, 0xA802, 0xA802, 0xA80B, 0xA80B, 0xA823, 0xA835, 0xA880, 0xA881,
    0xA8B4, 0xA8C5, 0xA8FF, 0xA8FF, 0xA926, 0xA92A, 0xA947, 0xA952, 0xA980, 0xA983, 0xA9B4, 0xA9BF,
    0xA9E5, 0xA9E5, 0xAA29, 0xAA36, 0xAA43, 0xAA43, 0xAA4C, 0xAA4D, 0xAA7B, 0xAA7D, 0xAAB0, 0xAAB0,
    0xAAB2, 0xAAB4, 0xAAB7, 0xAAB8, 0xAABE, 0xAABE, 0xAAEB, 0xAAEF, 0xAAF5, 0xAAF5, 0xABE3, 0xABEA,
    0xFB1E, 0xFB1E, 0x10107, 0x1018B, 0x102E1, 0x102FB, 0x10320, 0x10323, 0x10376, 0x1037A,
    0x105C0, 0x105F3, 0x10858, 0x1085F, 0x10879, 0x1087F, 0x108A7, 0x108AF, 0x108FB, 0x108FF,
    0x10916, 0x1091B, 0x10940, 0x10959, 0x109BC, 0x109BD, 0x109C0, 0x109FF, 0x10A01, 0x10A0F,
    0x10A40, 0x10A48, 0x10A7D, 0x10A7E, 0x10A9D, 0x10A9F, 0x10AEB, 0x10AEF, 0x10B58, 0x10B5F,
    0x10B78, 0x10B7F, 0x10BA9, 0x10BAF, 0x10CFA, 0x10CFF, 0x10D24, 0x10D27, 0x10D40, 0x10E7E,
    0x10EAB, 0x10EAC, 0x10EC2, 0x10EFC, 0x10F1D, 0x10F26, 0x10F51, 0x10F54, 0x10FC5, 0x10FCB,
    0x11000, 0x11002, 0x11038, 0x11065, 0x11073, 0x11074, 0x11080, 0x11082, 0x110B0, 0x110C2,
    0x11100, 0x11102, 0x11127, 0x11132, 0x11145, 0x11146, 0x11180, 0x11182, 0x111B3, 0x111BF,
    0x111CE, 0x111CF, 0x111E1, 0x111F4, 0x1122C, 0x1123E, 0x11241, 0x11241, 0x112DF, 0x112E8,
    0x11300, 0x11303, 0x1133E, 0x1134C, 0x11357, 0x11357, 0x11362, 0x113D3, 0x11435, 0x11445,
    0x114B0, 0x114C1, 0x115AF, 0x115BE, 0x115DC, 0x115DD, 0x11630, 0x11640, 0x116AB, 0x116B5,
    0x116D0, 0x116E3, 0x1171D, 0x1172A, 0x1173A, 0x1173B, 0x1182C, 0x11838, 0x118EA, 0x118F2,
    0x11930, 0x1193C, 0x11940, 0x11940, 0x11942, 0x11942, 0x119D1, 0x119DF, 0x119E4, 0x119E4,
    0x11A01, 0x11A0A, 0x11A35, 0x11A39, 0x11A3B, 0x11A3E, 0x11A51, 0x11A5B, 0x11A8A, 0x11A97,
    0x11B60, 0x11BF9, 0x11C2F, 0x11C3E, 0x11C5A, 0x11C6C, 0x11C92, 0x11CB6, 0x11D31, 0x11D43,
    0x11D47, 0x11D47, 0x11D8A, 0x11D96, 0x11DB0, 0x11DE9, 0x11EF3, 0x11F01, 0x11F03, 0x11F03,
    0x11F34, 0x11F40, 0x11FC0, 0x11FD4, 0x13460, 0x143FA, 0x16100, 0x16139, 0x16B5B, 0x16B61,
    0x16D40, 0x16D79, 0x16E80, 0x16ED3, 0x16F4F, 0x16F4F, 0x16F51, 0x16F92, 0x16FF0, 0x16FF3,
    0x187F8, 0x187FF, 0x18CFF, 0x18CFF, 0x18D09, 0x18DF2, 0x1BC9E, 0x1D378, 0x1E000, 0x1E02A,
    0x1E08F, 0x1E08F, 0x1E5D0, 0x1E6FF, 0x1E8C7, 0x1E8CF, 0x1E947, 0x1E947, 0x1EC71, 0x1ED3D,
    0x1F100, 0x1F189, 0x2B73A, 0x2B73F, 0x2CEA2, 0x2CEAD, 0x2EBF0, 0x2EE5D, 0x323B0, 0x33479,
];

/// The characters above ASCII in Unicode 15.0 category P, as ranges for
/// [`in_ranges`].
const PUNCT: &[u32] = &[
    0x00A1, 0x00A1, 0x00A7, 0x00A7, 0x00AB, 0x00AB, 0x00B6, 0x00B7, 0x00BB, 0x00BB, 0x00BF, 0x00BF,
    0x037E, 0x037E, 0x0387, 0x0387, 0x055A, 0x055F, 0x0589, 0x058A, 0x05BE, 0x05BE, 0x05C0, 0x05C0,
    0x05C3, 0x05C3, 0x05C6, 0x05C6, 0x05F3, 0x05F4, 0x0609, 0x060A, 0x060C, 0x060D, 0x061B, 0x061B,
    0x061D, 0x061F, 0x066A, 0x066D, 0x06D4, 0x06D4, 0x0700, 0x070D, 0x07F7, 0x07F9, 0x0830, 0x083E,
    0x085E, 0x085E, 0x0964, 0x0965, 0x0970, 0x0970, 0x09FD, 0x09FD, 0x0A76, 0x0A76, 0x0AF0, 0x0AF0,
    0x0C77, 0x0C77, 0x0C84, 0x0C84, 0x0DF4, 0x0DF4, 0x0E4F, 0x0E4F, 0x0E5A, 0x0E5B, 0x0F04, 0x0F12,
    0x0F14, 0x0F14, 0x0F3A, 0x0F3D, 0x0F85, 0x0F85, 0x0FD0, 0x0FD4, 0x0FD9, 0x0FDA, 0x104A, 0x104F,
    0x10FB, 0x10FB, 0x1360, 0x1368, 0x1400, 0x1400, 0x166E, 0x166E, 0x169B, 0x169C, 0x16EB, 0x16ED,
    0x1735, 0x1736, 0x17D4, 0x17D6, 0x17D8, 0x17DA, 0x1800, 0x180A, 0x1944, 0x1945, 0x1A1E, 0x1A1F,
    0x1AA0, 0x1AA6, 0x1AA8, 0x1AAD, 0x1B5A, 0x1B60, 0x1B7D, 0x1B7E, 0x1BFC, 0x1BFF, 0x1C3B, 0x1C3F,
    0x1C7E, 0x1C7F, 0x1CC0, 0x1CC7, 0x1CD3, 0x1CD3, 0x2010, 0x2027, 0x2030, 0x2043, 0x2045, 0x2051,
    0x2053, 0x205E, 0x207D, 0x207E, 0x208D, 0x208E, 0x2308, 0x230B, 0x2329, 0x232A, 0x2768, 0x2775,
    0x27C5, 0x27C6, 0x27E6, 0x27EF, 0x2983, 0x2998, 0x29D8, 0x29DB, 0x29FC, 0x29FD, 0x2CF9, 0x2CFC,
    0x2CFE, 0x2CFF, 0x2D70, 0x2D70, 0x2E00, 0x2E2E, 0x2E30, 0x2E4F, 0x2E52, 0x2E5D, 0x3001, 0x3003,
    0x3008, 0x3011, 0x3014, 0x301F, 0x3030, 0x3030, 0x303D, 0x303D, 0x30A0, 0x30A0, 0x30FB, 0x30FB,
    0xA4FE, 0xA4FF, 0xA60D, 0xA60F, 0xA673, 0xA673, 0xA67E, 0xA67E, 0xA6F2, 0xA6F7, 0xA874, 0xA877,
    0xA8CE, 0xA8CF, 0xA8F8, 0xA8FA, 0xA8FC, 0xA8FC, 0xA92E, 0xA92F, 0xA95F, 0xA95F, 0xA9C1, 0xA9CD,
    0xA9DE, 0xA9DF, 0xAA5C, 0xAA5F, 0xAADE, 0xAADF, 0xAAF0, 0xAAF1, 0xABEB, 0xABEB, 0xFD3E, 0xFD3F,
    0xFE10, 0xFE19, 0xFE30, 0xFE52, 0xFE54, 0xFE61, 0xFE63, 0xFE63, 0xFE68, 0xFE68, 0xFE6A, 0xFE6B,
    0xFF01, 0xFF03, 0xFF05, 0xFF0A, 0xFF0C, 0xFF0F, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF20, 0xFF3B, 0xFF3D,
    0xFF3F, 0xFF3F, 0xFF5B, 0xFF5B, 0xFF5D, 0xFF5D, 0xFF5F, 0xFF65, 0x10100, 0x10102, 0x1039F,
    0x1039F, 0x103D0, 0x103D0, 0x1056F, 0x1056F, 0x10857, 0x10857, 0x1091F, 0x1091F, 0x1093F,
    0x1093F, 0x10A50, 0x10A58, 0x10A7F, 0x10A7F, 0x10AF0, 0x10AF6, 0x10B39, 0x10B3F, 0x10B99,
    0x10B9C, 0x10EAD, 0x10EAD, 0x10F55, 0x10F59, 0x10F86, 0x10F89, 0x11047, 0x1104D, 0x110BB,
    0x110BC, 0x110BE, 0x110C1, 0x11140, 0x11143, 0x11174, 0x11175, 0x111C5, 0x111C8, 0x111CD,
    0x111CD, 0x111DB, 0x111DB, 0x111DD, 0x111DF, 0x11238, 0x1123D, 0x112A9, 0x112A9, 0x1144B,
    0x1144F, 0x1145A, 0x1145B, 0x1145D, 0x1145D, 0x114C6, 0x114C6, 0x115C1, 0x115D7, 0x11641,
    0x11643, 0x11660, 0x1166C, 0x116B9, 0x116B9, 0x1173C, 0x1173E, 0x1183B, 0x1183B, 0x11944,
    0x11946, 0x119E2, 0x119E2, 0x11A3F, 0x11A46, 0x11A9A, 0x11A9C, 0x11A9E, 0x11AA2, 0x11B00,
    0x11B09, 0x11C41, 0x11C45, 0x11C70, 0x11C71, 0x11EF7, 0x11EF8, 0x11F43, 0x11F4F, 0x11FFF,
    0x11FFF, 0x12470, 0x12474, 0x12FF1, 0x12FF2, 0x16A6E, 0x16A6F, 0x16AF5, 0x16AF5, 0x16B37,
    0x16B3B, 0x16B44, 0x16B44, 0x16E97, 0x16E9A, 0x16FE2, 0x16FE2, 0x1BC9F, 0x1BC9F, 0x1DA87,
    0x1DA8B, 0x1E95E, 0x1E95F,
];
