//! The parameters of `--go_out` and `--go-grpc_out`, read as the Go
//! plugins' shared option parser reads them: `paths`, `module`,
//! `M<file>=<import path>[;<package name>]`, `annotate_code`,
//! `default_api_level`, `apilevelM<file>=<level>`, and each plugin's own
//! flags.

use std::collections::HashMap;

use super::names::split_go_package;
use crate::semantic::model::features::ApiLevel;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PathType {
    /// Output under the Go import path (the default).
    #[default]
    Import,
    /// Output beside the .proto file's own path.
    SourceRelative,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ApiLevelParam {
    #[default]
    Unspecified,
    Level(ApiLevel),
}

/// The options both Go generators read.
#[derive(Clone, Debug, Default)]
pub struct Params {
    pub paths: PathType,
    pub module: String,
    pub annotate_code: bool,
    pub default_api_level: ApiLevelParam,
    /// `M` options: file name to import path, and to package name.
    pub import_paths: HashMap<String, String>,
    pub package_names: HashMap<String, String>,
    pub api_levels: HashMap<String, ApiLevel>,
    /// The plugin's own flags, in order, for it to read.
    pub flags: Vec<(String, String)>,
}

impl Params {
    /// Reads `parameter`; `flag` takes each plugin-specific option (name,
    /// value) and says why it is refused, as Go's flag package does.
    pub fn parse(
        parameter: &str,
        mut flag: impl FnMut(&str, &str) -> Result<(), String>,
    ) -> Result<Params, String> {
        let mut p = Params::default();
        for item in parameter.split(',') {
            let (name, value) = match item.find('=') {
                Some(i) => (&item[..i], &item[i + 1..]),
                None => (item, ""),
            };
            match name {
                "" => {}
                "module" => p.module = value.to_string(),
                "paths" => {
                    p.paths = match value {
                        "import" => PathType::Import,
                        "source_relative" => PathType::SourceRelative,
                        _ => {
                            return Err(format!(
                                "unknown path type {}: want \"import\" or \"source_relative\"",
                                go_quote(value)
                            ))
                        }
                    }
                }
                "annotate_code" => {
                    p.annotate_code = match value {
                        "true" | "" => true,
                        "false" => false,
                        _ => {
                            return Err(format!(
                                "bad value for parameter {}: want \"true\" or \"false\"",
                                go_quote(name)
                            ))
                        }
                    }
                }
                "default_api_level" => {
                    p.default_api_level = ApiLevelParam::Level(api_level(value, name)?);
                }
                _ if name.starts_with('M') => {
                    let (imp, pkg) = split_go_package(value);
                    if !pkg.is_empty() {
                        p.package_names
                            .insert(name[1..].to_string(), pkg.to_string());
                    }
                    if !imp.is_empty() {
                        p.import_paths
                            .insert(name[1..].to_string(), imp.to_string());
                    }
                }
                _ if name.starts_with("apilevelM") => {
                    let level = api_level(value, name)?;
                    p.api_levels
                        .insert(name["apilevelM".len()..].to_string(), level);
                }
                _ => {
                    flag(name, value)?;
                    p.flags.push((name.to_string(), value.to_string()));
                }
            }
        }
        if !p.module.is_empty() && p.paths == PathType::SourceRelative {
            return Err("cannot use module= with paths=source_relative".into());
        }
        Ok(p)
    }
}

fn api_level(value: &str, param: &str) -> Result<ApiLevel, String> {
    match value {
        "API_OPEN" => Ok(ApiLevel::Open),
        "API_HYBRID" => Ok(ApiLevel::Hybrid),
        "API_OPAQUE" => Ok(ApiLevel::Opaque),
        _ => Err(format!(
            "unknown API level {} for parameter {}: want \"API_OPEN\", \"API_HYBRID\" or \"API_OPAQUE\"",
            go_quote(value),
            go_quote(param)
        )),
    }
}

/// A boolean flag's value as Go's `strconv.ParseBool` reads it.
pub fn parse_bool(value: &str) -> Result<bool, String> {
    match value {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Ok(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Ok(false),
        _ => Err("parse error".into()),
    }
}

/// A Go string literal for `s`, as `strconv.Quote` writes it.
pub fn go_quote(s: &str) -> String {
    super::literal::quote(s.as_bytes())
}
