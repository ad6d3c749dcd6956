//! Textual conventions protoc uses in descriptors: number formatting,
//! byte escaping, JSON names and map entry names.

/// Shortest of `%.15g` / `%.17g` that reads back as the same double
/// (protoc's `SimpleDtoa`).
pub fn simple_dtoa(v: f64) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let s = format_g(v, 15);
    if s.parse::<f64>().ok() == Some(v) {
        s
    } else {
        format_g(v, 17)
    }
}

/// Shortest of `%.6g`..`%.9g` that reads back as the same float (`SimpleFtoa`).
pub fn simple_ftoa(v: f32) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let s = format_g(v as f64, 6);
    if s.parse::<f32>().ok() == Some(v) {
        s
    } else {
        format_g(v as f64, 9)
    }
}

/// C's `%.{prec}g`.
pub fn format_g(v: f64, prec: usize) -> String {
    if v == 0.0 {
        return if v.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    let prec = prec.max(1);
    let sci = format!("{:.*e}", prec - 1, v);
    let (mant, exp) = sci.split_once('e').unwrap();
    let exp: i32 = exp.parse().unwrap();
    if exp < -4 || exp >= prec as i32 {
        let mant = trim_zeros(mant);
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mant}e{sign}{:02}", exp.abs())
    } else {
        let decimals = (prec as i32 - 1 - exp).max(0) as usize;
        trim_zeros(&format!("{:.*}", decimals, v)).to_string()
    }
}

fn trim_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// C-style escaping of bytes, as protoc writes `bytes` defaults (`CEscape`):
/// unprintable bytes as three-digit octal escapes.
pub fn c_escape(b: &[u8]) -> String {
    escape(b, false)
}

/// C-style escaping with hex escapes (`\x1f`), as protoc's `CHexEscape`
/// writes serialized descriptors into generated Python.
pub fn c_hex_escape(b: &[u8]) -> String {
    escape(b, true)
}

fn escape(b: &[u8], hex: bool) -> String {
    let mut out = String::with_capacity(b.len() * 2);
    // A hex digit right after a hex escape is escaped too, so it cannot
    // join the escape.
    let mut last_hex = false;
    for &c in b {
        let escaped_hex = match c {
            b'\n' => {
                out.push_str("\\n");
                false
            }
            b'\r' => {
                out.push_str("\\r");
                false
            }
            b'\t' => {
                out.push_str("\\t");
                false
            }
            b'"' | b'\'' | b'\\' => {
                out.push('\\');
                out.push(c as char);
                false
            }
            _ if hex && (!(0x20..0x7f).contains(&c) || (last_hex && c.is_ascii_hexdigit())) => {
                out.push_str(&format!("\\x{c:02x}"));
                true
            }
            0x20..=0x7e => {
                out.push(c as char);
                false
            }
            _ => {
                out.push_str(&format!("\\{c:03o}"));
                false
            }
        };
        last_hex = escaped_hex;
    }
    out
}

/// The default JSON name of a field: underscores removed, the letter after
/// each capitalized.
pub fn json_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The name of the synthesized entry message of a map field.
pub fn map_entry_name(field: &str) -> String {
    let mut out = String::with_capacity(field.len() + 5);
    let mut cap = true;
    for c in field.chars() {
        if c == '_' {
            cap = true;
        } else if cap {
            out.push(c.to_ascii_uppercase());
            cap = false;
        } else {
            out.push(c);
        }
    }
    out.push_str("Entry");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dtoa_matches_printf() {
        assert_eq!(simple_dtoa(1e10), "10000000000");
        assert_eq!(simple_dtoa(1e15), "1e+15");
        assert_eq!(simple_dtoa(0.1), "0.1");
        assert_eq!(simple_dtoa(1.5e-5), "1.5e-05");
        assert_eq!(simple_dtoa(-2.0), "-2");
        assert_eq!(simple_dtoa(1.0 / 3.0), "0.33333333333333331");
        assert_eq!(simple_ftoa(0.1f32), "0.1");
    }

    #[test]
    fn names() {
        assert_eq!(json_name("foo_bar_baz"), "fooBarBaz");
        assert_eq!(json_name("_foo__bar_"), "FooBar");
        assert_eq!(map_entry_name("my_map"), "MyMapEntry");
        assert_eq!(c_escape(b"a\x01\"\n"), "a\\001\\\"\\n");
        // After a hex escape a hex digit is escaped too; other bytes are not.
        assert_eq!(c_hex_escape(b"\x12\x34g\n'"), "\\x12\\x34g\\n\\'");
    }
}
