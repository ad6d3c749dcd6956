//! Default values: checked against the field type and written as protoc writes them.

use super::*;

impl Lowerer {
    pub(super) fn default_value(
        &mut self,
        ty: &FieldType,
        value: &OptionValue,
        raw: &str,
        span: Span,
    ) -> Option<String> {
        use ScalarType as S;
        let neg = raw.starts_with('-');
        // protoc reports default-value errors at the number, after any sign.
        let span = if neg {
            Span {
                start: span.start + 1,
                end: span.end,
            }
        } else {
            span
        };
        let expect_int = "Expected integer for field default value.";
        match ty {
            FieldType::Scalar(s) => {
                let s = *s;
                match s {
                    S::Int32 | S::Sint32 | S::Sfixed32 | S::Int64 | S::Sint64 | S::Sfixed64 => {
                        let max: i128 = if matches!(s, S::Int32 | S::Sint32 | S::Sfixed32) {
                            i32::MAX as i128
                        } else {
                            i64::MAX as i128
                        };
                        let v: i128 = match value {
                            OptionValue::PosInt(v) => *v as i128,
                            OptionValue::NegInt(v) if *v == 0 || neg => -(v.unsigned_abs() as i128),
                            OptionValue::Double(_)
                                if raw
                                    .trim_start_matches('-')
                                    .chars()
                                    .all(|c| c.is_ascii_alphanumeric()) =>
                            {
                                self.error(Code::InvalidNumber, span, "Integer out of range.");
                                return None;
                            }
                            _ => {
                                self.error(Code::InvalidDefault, span, expect_int);
                                return None;
                            }
                        };
                        if v > max || v < -max - 1 {
                            self.error(Code::InvalidNumber, span, "Integer out of range.");
                            return None;
                        }
                        Some(v.to_string())
                    }
                    S::Uint32 | S::Uint64 | S::Fixed32 | S::Fixed64 => {
                        let max: u64 = if matches!(s, S::Uint32 | S::Fixed32) {
                            u32::MAX as u64
                        } else {
                            u64::MAX
                        };
                        if neg {
                            self.error(
                                Code::InvalidDefault,
                                span,
                                "Unsigned field can't have negative default value.",
                            );
                        }
                        match value {
                            OptionValue::PosInt(v) if *v <= max => Some(v.to_string()),
                            OptionValue::NegInt(v) if v.unsigned_abs() <= max => {
                                Some(v.unsigned_abs().to_string())
                            }
                            OptionValue::PosInt(_) | OptionValue::NegInt(_) => {
                                self.error(Code::InvalidNumber, span, "Integer out of range.");
                                None
                            }
                            // Digits too large for any integer were read as a float.
                            OptionValue::Double(_)
                                if raw
                                    .trim_start_matches('-')
                                    .chars()
                                    .all(|c| c.is_ascii_alphanumeric()) =>
                            {
                                self.error(Code::InvalidNumber, span, "Integer out of range.");
                                None
                            }
                            _ => {
                                self.error(Code::InvalidDefault, span, expect_int);
                                None
                            }
                        }
                    }
                    S::Float | S::Double => {
                        let v = match value {
                            OptionValue::PosInt(v) => *v as f64,
                            OptionValue::NegInt(v) => v.unsigned_abs() as f64,
                            OptionValue::Double(v) => v.abs(),
                            OptionValue::Ident(i) if i.trim_start_matches('-') == "inf" => {
                                f64::INFINITY
                            }
                            OptionValue::Ident(i) if i.trim_start_matches('-') == "nan" => f64::NAN,
                            _ => {
                                self.error(Code::InvalidDefault, span, "Expected number.");
                                return None;
                            }
                        };
                        // protoc writes the parsed value back out, at the field's precision.
                        let v = if v.is_nan() {
                            f64::NAN
                        } else if neg {
                            -v
                        } else {
                            v
                        };
                        Some(if s == S::Float {
                            simple_ftoa(v as f32)
                        } else {
                            simple_dtoa(v)
                        })
                    }
                    S::Bool => match value {
                        OptionValue::Ident(v) if v == "true" || v == "false" => Some(v.clone()),
                        _ => {
                            self.error(
                                Code::InvalidDefault,
                                span,
                                "Expected \"true\" or \"false\".",
                            );
                            None
                        }
                    },
                    S::String => match value {
                        OptionValue::String(b) => Some(String::from_utf8_lossy(b).into_owned()),
                        _ => {
                            self.error(
                                Code::InvalidDefault,
                                span,
                                "Expected string for field default value.",
                            );
                            None
                        }
                    },
                    S::Bytes => match value {
                        OptionValue::String(b) => Some(c_escape(b)),
                        _ => {
                            self.error(Code::InvalidDefault, span, "Expected string.");
                            None
                        }
                    },
                }
            }
            FieldType::Group => {
                self.error(
                    Code::InvalidDefault,
                    span,
                    "Messages can't have default values.",
                );
                None
            }
            FieldType::Named(_) | FieldType::Map(_) => Some(raw.to_string()),
        }
    }
}
