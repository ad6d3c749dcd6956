//! buf.yaml, versions v1 and v2: the modules and their lint settings.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Module;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    V1,
    V2,
}

/// A module's `lint:` settings, paths relative to the module.
#[derive(Clone, Debug)]
pub struct LintConfig {
    pub use_: Vec<String>,
    pub except: Vec<String>,
    pub ignore: Vec<String>,
    pub ignore_only: BTreeMap<String, Vec<String>>,
    pub enum_zero_value_suffix: String,
    pub service_suffix: String,
    pub allow_same_request_response: bool,
    pub allow_empty_requests: bool,
    pub allow_empty_responses: bool,
    /// Whether `// buf:lint:ignore ID` comments are honoured: v2 unless
    /// `disallow_comment_ignores`, v1 only with `allow_comment_ignores`.
    pub comment_ignores: bool,
}

impl LintConfig {
    pub fn defaults(version: Version) -> LintConfig {
        LintConfig {
            use_: Vec::new(),
            except: Vec::new(),
            ignore: Vec::new(),
            ignore_only: BTreeMap::new(),
            enum_zero_value_suffix: "_UNSPECIFIED".into(),
            service_suffix: "Service".into(),
            allow_same_request_response: false,
            allow_empty_requests: false,
            allow_empty_responses: false,
            comment_ignores: version == Version::V2,
        }
    }
}

/// A module's `breaking:` settings, paths relative to the module.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreakingConfig {
    #[serde(default, rename = "use")]
    pub use_: Vec<String>,
    #[serde(default)]
    pub except: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub ignore_only: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub ignore_unstable_packages: bool,
    #[serde(default)]
    pub disable_builtin: bool,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLint {
    #[serde(default, rename = "use")]
    use_: Vec<String>,
    #[serde(default)]
    except: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    ignore_only: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    enum_zero_value_suffix: String,
    #[serde(default)]
    service_suffix: String,
    #[serde(default)]
    rpc_allow_same_request_response: bool,
    #[serde(default)]
    rpc_allow_google_protobuf_empty_requests: bool,
    #[serde(default)]
    rpc_allow_google_protobuf_empty_responses: bool,
    allow_comment_ignores: Option<bool>,
    disallow_comment_ignores: Option<bool>,
    #[serde(default)]
    disable_builtin: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModule {
    path: String,
    #[serde(default)]
    excludes: Vec<String>,
    lint: Option<RawLint>,
    breaking: Option<BreakingConfig>,
    #[allow(dead_code)]
    name: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBuild {
    #[serde(default)]
    excludes: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct RawConfig {
    version: String,
    name: Option<String>,
    deps: Option<serde_yaml_ng::Value>,
    build: Option<RawBuild>,
    modules: Option<Vec<RawModule>>,
    lint: Option<RawLint>,
    breaking: Option<BreakingConfig>,
    plugins: Option<serde_yaml_ng::Value>,
    policies: Option<serde_yaml_ng::Value>,
}

/// Reads a buf.yaml (YAML, or JSON, which is YAML too).
pub fn parse(text: &str) -> Result<(Version, Vec<Module>), String> {
    let raw: RawConfig = serde_yaml_ng::from_str(text).map_err(|e| {
        let message = e.to_string();
        let unknown = message
            .split_once("unknown field `")
            .and_then(|(_, rest)| rest.split_once('`'))
            .map(|(field, _)| field);
        match (unknown, e.location()) {
            (Some(field), Some(at)) => unknown_field(at.line(), field),
            _ => format!("decode buf.yaml: {message}"),
        }
    })?;
    from_raw(raw, text)
}

/// A `protogen.toml`: buf.yaml's keys, in TOML.
pub fn parse_toml(text: &str) -> Result<(Version, Vec<Module>), String> {
    let raw: RawConfig = toml::from_str(text)
        .map_err(|e| format!("decode protogen.toml: {}", e.to_string().trim_end()))?;
    from_raw(raw, text)
}

/// A v1 buf.work.yaml: the directories that are modules.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWork {
    version: String,
    #[serde(default)]
    directories: Vec<String>,
}

/// Reads a buf.work.yaml at `root`: each directory it lists is a module,
/// configured by its own buf.yaml (v1), or by v1's defaults without one.
pub fn parse_work(root: &std::path::Path, text: &str) -> Result<(Version, Vec<Module>), String> {
    let raw: RawWork =
        serde_yaml_ng::from_str(text).map_err(|e| format!("decode buf.work.yaml: {e}"))?;
    if raw.version != "v1" {
        return Err(format!(
            "decode buf.work.yaml: unknown file version: {:?}",
            raw.version
        ));
    }
    let mut modules = Vec::new();
    for dir in &raw.directories {
        let path = clean(dir);
        let config = ["buf.yaml", "buf.yml"]
            .iter()
            .map(|n| root.join(&path).join(n))
            .find(|p| p.is_file());
        let module = match config {
            Some(file) => {
                let text = std::fs::read_to_string(&file)
                    .map_err(|e| format!("{}: {e}", file.display()))?;
                match parse(&text)? {
                    (Version::V1, mut found) if found.len() == 1 => found.remove(0),
                    _ => {
                        return Err(format!(
                            "{}: a directory of buf.work.yaml needs a v1 buf.yaml",
                            file.display()
                        ))
                    }
                }
            }
            None => Module {
                path: String::new(),
                excludes: Vec::new(),
                lint: LintConfig::defaults(Version::V1),
                breaking: BreakingConfig::default(),
            },
        };
        modules.push(Module { path, ..module });
    }
    if modules.is_empty() {
        return Err("buf.work.yaml lists no directories".into());
    }
    Ok((Version::V1, modules))
}

fn from_raw(raw: RawConfig, text: &str) -> Result<(Version, Vec<Module>), String> {
    let version = match raw.version.as_str() {
        "v1" | "v1beta1" => Version::V1,
        "v2" => Version::V2,
        v => return Err(format!("decode buf.yaml: unknown file version: {v:?}")),
    };
    let top = raw
        .lint
        .map(|l| lint_config(l, version))
        .transpose()
        .map_err(|field| unknown_field(line_of(text, &field), &field))?;
    let top_breaking = raw.breaking.map(clean_breaking);
    let modules = match (version, raw.modules) {
        (Version::V2, Some(modules)) if !modules.is_empty() => modules
            .into_iter()
            .map(|m| {
                let path = clean(&m.path);
                let lint = match m.lint {
                    Some(l) => lint_config(l, version)
                        .map_err(|field| unknown_field(line_of(text, &field), &field))?,
                    None => match &top {
                        Some(t) => relative_to_module(t, &path),
                        None => LintConfig::defaults(version),
                    },
                };
                let breaking = match m.breaking {
                    Some(b) => clean_breaking(b),
                    None => top_breaking
                        .as_ref()
                        .map(|b| breaking_relative_to_module(b, &path))
                        .unwrap_or_default(),
                };
                Ok(Module {
                    excludes: m.excludes.iter().map(|x| strip_module(x, &path)).collect(),
                    path,
                    lint,
                    breaking,
                })
            })
            .collect::<Result<Vec<_>, String>>()?,
        _ => vec![Module {
            path: ".".into(),
            excludes: raw.build.map(|b| b.excludes).unwrap_or_default(),
            lint: top.unwrap_or_else(|| LintConfig::defaults(version)),
            breaking: top_breaking.unwrap_or_default(),
        }],
    };
    Ok((version, modules))
}

/// buf's error for a key its configuration version does not have.
fn unknown_field(line: usize, field: &str) -> String {
    format!("decode buf.yaml: yaml: unmarshal errors:\n  line {line}: field {field} not found")
}

/// The 1-based line where `key:` is first written.
fn line_of(text: &str, key: &str) -> usize {
    let key = format!("{key}:");
    text.lines()
        .position(|l| l.trim_start().starts_with(&key))
        .map_or(1, |i| i + 1)
}

/// A `lint:` block; `Err` names a key this version does not have.
fn lint_config(raw: RawLint, version: Version) -> Result<LintConfig, String> {
    let defaults = LintConfig::defaults(version);
    let comment_ignores = match version {
        Version::V1 => {
            if raw.disallow_comment_ignores.is_some() {
                return Err("disallow_comment_ignores".into());
            }
            raw.allow_comment_ignores.unwrap_or(false)
        }
        Version::V2 => {
            if raw.allow_comment_ignores.is_some() {
                return Err("allow_comment_ignores".into());
            }
            !raw.disallow_comment_ignores.unwrap_or(false)
        }
    };
    let _ = raw.disable_builtin;
    let or_default = |s: String, d: &str| if s.is_empty() { d.to_string() } else { s };
    Ok(LintConfig {
        use_: raw.use_,
        except: raw.except,
        ignore: raw.ignore.iter().map(|p| clean(p)).collect(),
        ignore_only: raw
            .ignore_only
            .into_iter()
            .map(|(k, v)| (k, v.iter().map(|p| clean(p)).collect()))
            .collect(),
        enum_zero_value_suffix: or_default(
            raw.enum_zero_value_suffix,
            &defaults.enum_zero_value_suffix,
        ),
        service_suffix: or_default(raw.service_suffix, &defaults.service_suffix),
        allow_same_request_response: raw.rpc_allow_same_request_response,
        allow_empty_requests: raw.rpc_allow_google_protobuf_empty_requests,
        allow_empty_responses: raw.rpc_allow_google_protobuf_empty_responses,
        comment_ignores,
    })
}

/// Top-level v2 `ignore` and `ignore_only` paths seen from one module:
/// those outside it dropped, the rest made relative to it.
fn paths_in_module(
    ignore: &[String],
    ignore_only: &BTreeMap<String, Vec<String>>,
    module: &str,
) -> (Vec<String>, BTreeMap<String, Vec<String>>) {
    let keep = |paths: &[String]| -> Vec<String> {
        paths
            .iter()
            .filter(|p| super::under(p, module))
            .map(|p| strip_module(p, module))
            .collect()
    };
    let only = ignore_only
        .iter()
        .map(|(k, v)| (k.clone(), keep(v)))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    (keep(ignore), only)
}

fn relative_to_module(top: &LintConfig, module: &str) -> LintConfig {
    let (ignore, ignore_only) = paths_in_module(&top.ignore, &top.ignore_only, module);
    LintConfig {
        ignore,
        ignore_only,
        ..top.clone()
    }
}

fn breaking_relative_to_module(top: &BreakingConfig, module: &str) -> BreakingConfig {
    let (ignore, ignore_only) = paths_in_module(&top.ignore, &top.ignore_only, module);
    BreakingConfig {
        ignore,
        ignore_only,
        ..top.clone()
    }
}

fn clean_breaking(mut b: BreakingConfig) -> BreakingConfig {
    b.ignore = b.ignore.iter().map(|p| clean(p)).collect();
    b.ignore_only = b
        .ignore_only
        .into_iter()
        .map(|(k, v)| (k, v.iter().map(|p| clean(p)).collect()))
        .collect();
    b
}

fn strip_module(path: &str, module: &str) -> String {
    if module == "." {
        return clean(path);
    }
    let p = clean(path);
    match p.strip_prefix(module) {
        Some("") => ".".into(),
        Some(rest) if rest.starts_with('/') => rest[1..].to_string(),
        _ => p,
    }
}

/// A path with `./` prefixes and trailing slashes removed.
fn clean(path: &str) -> String {
    let mut p = path.trim();
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    let p = p.trim_end_matches('/');
    if p.is_empty() {
        ".".into()
    } else {
        p.to_string()
    }
}
