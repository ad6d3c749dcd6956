//! FIELD_SAME_DEFAULT: a field's default as buf compares and prints it.

use super::compare::field_place;
use super::rules::Cx;
use crate::descriptor::tags::*;
use crate::descriptor::Type;
use crate::lint::rules::quote;
use crate::semantic::model::{Cardinality, Field, FieldKind, Model};

/// A field's default as buf compares it: the declared one, else the zero
/// of its type (an enum's first value).
#[derive(Clone, PartialEq)]
enum Dflt {
    Number(f64, String),
    Text(Vec<u8>, String),
}

fn default_of(m: &Model, f: &Field) -> Option<Dflt> {
    use crate::semantic::model::DefaultValue as D;
    if f.cardinality == Cardinality::Repeated
        || matches!(f.kind, FieldKind::Message(_) | FieldKind::Map { .. })
    {
        return None;
    }
    let float32 = f.descriptor_type() == Type::Float;
    let number = |x: f64| Dflt::Number(x, go_float(x, float32));
    Some(match (&f.default, f.kind) {
        (Some(D::Bool(b)), _) => Dflt::Number(*b as u8 as f64, b.to_string()),
        (Some(D::Int(i)), _) => Dflt::Number(*i as f64, i.to_string()),
        (Some(D::Uint(u)), _) => Dflt::Number(*u as f64, u.to_string()),
        (Some(D::Float(x)), _) => number(*x),
        (Some(D::String(s)), _) => Dflt::Text(s.clone().into_bytes(), quote(s)),
        (Some(D::Bytes(b)), _) => Dflt::Text(b.clone(), bytes_text(b)),
        (Some(D::Enum(v)), _) => enum_default(m, *v),
        (None, FieldKind::Enum(e)) => match m.enum_(e).values.first() {
            Some(&v) => enum_default(m, v),
            None => Dflt::Number(0.0, "0".into()),
        },
        (None, _) => match f.descriptor_type() {
            Type::Bool => Dflt::Number(0.0, "false".into()),
            Type::String => Dflt::Text(Vec::new(), quote("")),
            Type::Bytes => Dflt::Text(Vec::new(), "[]".into()),
            _ => Dflt::Number(0.0, "0".into()),
        },
    })
}

fn enum_default(m: &Model, v: crate::semantic::model::EnumValueId) -> Dflt {
    let value = m.enum_value(v);
    let e = m.enum_(value.enum_);
    Dflt::Number(
        value.number as f64,
        format!("{}.{}", &m[e.name], &m[value.name]),
    )
}

fn bytes_text(b: &[u8]) -> String {
    let parts: Vec<String> = b.iter().map(|x| format!("0x{x:X}")).collect();
    format!("[{}]", parts.join(","))
}

/// A float as Go's `%v` prints it: the shortest digits, in exponent form
/// from 1e6 up or below 1e-4 (`1e+06`).
fn go_float(x: f64, float32: bool) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    let shortest = if float32 {
        format!("{:e}", x as f32)
    } else {
        format!("{x:e}")
    };
    let (mantissa, exp) = shortest.split_once('e').unwrap_or((&shortest, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..6).contains(&exp) {
        if float32 {
            format!("{}", x as f32)
        } else {
            format!("{x}")
        }
    } else {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.abs())
    }
}

pub(super) fn default_value(cx: &mut Cx, p: &Field, c: &Field, desc: &str) {
    let (Some(a), Some(b)) = (
        default_of(&cx.before.model, p),
        default_of(&cx.after.model, c),
    ) else {
        return;
    };
    let zero = |d: &Dflt| match d {
        Dflt::Number(x, _) => *x == 0.0 && x.is_sign_positive(),
        Dflt::Text(t, _) => t.is_empty(),
    };
    if zero(&a) && zero(&b) {
        return;
    }
    let same = match (&a, &b) {
        (Dflt::Text(x, _), Dflt::Text(y, _)) => x == y,
        (Dflt::Number(x, _), Dflt::Number(y, _)) => {
            let either_float = [p, c].iter().any(|f| f.descriptor_type() == Type::Float);
            (x.is_nan() && y.is_nan())
                || if either_float {
                    *x as f32 == *y as f32
                } else {
                    x == y
                }
        }
        _ => false,
    };
    if !same {
        let show = |d: &Dflt| match d {
            Dflt::Number(_, s) | Dflt::Text(_, s) => s.clone(),
        };
        let at = field_place(cx, c, &[FIELD_DEFAULT_VALUE as i32]);
        cx.hit(
            "FIELD_SAME_DEFAULT",
            Some(at),
            Some(p.file),
            format!(
                "{desc} changed default value from {} to {}.",
                show(&a),
                show(&b)
            ),
        );
    }
}
