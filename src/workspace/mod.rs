//! A buf workspace: the directory given as INPUT, its buf.yaml (v1 or v2,
//! or none: one module at the root) and the .proto files of each module.
//! Lint, breaking-change detection and formatting read their inputs and
//! configuration from here.

mod config;

use std::path::{Path, PathBuf};

pub use config::{BreakingConfig, LintConfig, Version};

/// One module: a directory of .proto files, which is also an import root.
#[derive(Debug)]
pub struct Module {
    /// Relative to the workspace root; `.` for the root itself.
    pub path: String,
    /// Module-relative directories left out.
    pub excludes: Vec<String>,
    pub lint: LintConfig,
    pub breaking: BreakingConfig,
}

#[derive(Debug)]
pub struct Workspace {
    /// The INPUT as the user gave it, prefixed to every path shown.
    pub input: String,
    pub root: PathBuf,
    pub version: Version,
    pub modules: Vec<Module>,
}

impl Workspace {
    /// Reads the workspace at `input`; `config` (a file name or inline YAML
    /// or JSON) stands in for its buf.yaml.
    pub fn open(input: &str, config: Option<&str>) -> Result<Workspace, String> {
        let root = PathBuf::from(input);
        if !root.is_dir() {
            return Err(format!("{input}: not a directory"));
        }
        let read =
            |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
        let text = match config {
            Some(c) if Path::new(c).is_file() => Some(read(Path::new(c))?),
            Some(c) => Some(c.to_string()),
            None => ["buf.yaml", "buf.yml"]
                .iter()
                .map(|n| root.join(n))
                .find(|p| p.is_file())
                .map(|p| read(&p))
                .transpose()?,
        };
        // protogen.toml stands in for a buf.yaml only where there is none.
        let toml = root.join("protogen.toml");
        // Nor does a v1 buf.work.yaml, whose directories are the modules.
        let work = ["buf.work.yaml", "buf.work.yml"]
            .iter()
            .map(|n| root.join(n))
            .find(|p| p.is_file());
        let parsed = match (text, work) {
            (Some(t), _) => Some(config::parse(&t)?),
            (None, _) if toml.is_file() => Some(config::parse_toml(&read(&toml)?)?),
            (None, Some(work)) => Some(config::parse_work(&root, &read(&work)?)?),
            (None, None) => None,
        };
        let (version, modules) = match parsed {
            Some(p) => p,
            None => (
                Version::V1,
                vec![Module {
                    path: ".".into(),
                    excludes: Vec::new(),
                    lint: LintConfig::defaults(Version::V1),
                    breaking: BreakingConfig::default(),
                }],
            ),
        };
        for m in &modules {
            if !root.join(&m.path).is_dir() {
                return Err(format!("module directory {:?} does not exist", m.path));
            }
        }
        Ok(Workspace {
            input: input.to_string(),
            root,
            version,
            modules,
        })
    }

    /// The module's .proto files, module-relative with `/`, sorted.
    pub fn files(&self, module: &Module) -> Vec<String> {
        let dir = self.root.join(&module.path);
        let mut out = Vec::new();
        walk(&dir, "", &module.excludes, &mut out);
        out.sort();
        out
    }

    /// The directory of a module, for the import roots.
    pub fn module_dir(&self, module: &Module) -> PathBuf {
        if module.path == "." {
            self.root.clone()
        } else {
            self.root.join(&module.path)
        }
    }

    /// Compiles `files` (module-relative names) with every module as an
    /// import root, as buf builds a workspace module.
    pub fn compile(&self, files: &[String]) -> crate::semantic::Compilation {
        self.compile_over(files, std::collections::HashMap::new())
    }

    /// As `compile`, with `texts` read in place of the files at those disk
    /// paths.
    pub fn compile_over(
        &self,
        files: &[String],
        texts: std::collections::HashMap<PathBuf, String>,
    ) -> crate::semantic::Compilation {
        let roots: Vec<(String, String)> = self
            .modules
            .iter()
            .map(|m| {
                (
                    String::new(),
                    self.module_dir(m).to_string_lossy().into_owned(),
                )
            })
            .collect();
        let resolver = crate::source::Resolver::from_pairs(&roots).with_overlay(texts);
        crate::semantic::compile(&resolver, files)
    }

    /// A module file's path as buf shows it: the INPUT, the module's path
    /// and the file's, joined.
    pub fn shown_path(&self, module: &Module, file: &str) -> String {
        let mut parts = Vec::new();
        for p in [self.input.as_str(), module.path.as_str()] {
            let p = p.trim_end_matches('/');
            if !p.is_empty() && p != "." {
                parts.push(p.strip_prefix("./").unwrap_or(p));
            }
        }
        parts.push(file);
        parts.join("/")
    }
}

fn walk(dir: &Path, rel: &str, excludes: &[String], out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        let Ok(kind) = e.file_type() else { continue };
        if kind.is_dir() {
            if !excludes.iter().any(|x| x.trim_end_matches('/') == path) {
                walk(&e.path(), &path, excludes, out);
            }
        } else if name.ends_with(".proto") {
            out.push(path);
        }
    }
}

/// Whether module-relative `path` is `dir` or lies under it.
pub fn under(path: &str, dir: &str) -> bool {
    let dir = dir.trim_end_matches('/');
    dir == "." || path == dir || path.strip_prefix(dir).is_some_and(|r| r.starts_with('/'))
}

/// The rules a `lint:` or `breaking:` section selects: `default` when
/// `use` is empty, else every rule `use` names (ids or categories, each
/// expanded by `known`, which refuses ids it does not know), less those
/// `except` names and those in `dropped`. The ids of `ignore_only` must be
/// known too. buf fails when no rule is left.
pub fn select_rules<'c>(
    use_: &[String],
    except: &[String],
    ignore_only: impl IntoIterator<Item = &'c String>,
    default: Vec<&'static str>,
    dropped: &[&str],
    known: impl Fn(&str) -> Result<Vec<&'static str>, String>,
) -> Result<std::collections::BTreeSet<&'static str>, String> {
    let mut enabled = std::collections::BTreeSet::new();
    if use_.iter().all(|u| u.is_empty()) {
        enabled.extend(default);
    }
    for id in use_.iter().filter(|u| !u.is_empty()) {
        enabled.extend(known(id)?);
    }
    for id in except {
        for r in known(id)? {
            enabled.remove(r);
        }
    }
    for id in ignore_only {
        known(id)?;
    }
    enabled.retain(|r| !dropped.contains(r));
    if enabled.is_empty() {
        return Err(NO_RULES.into());
    }
    Ok(enabled)
}

/// buf's warnings (on standard error) for the deprecated ids each module's
/// `lint:` or `breaking:` section (`section` gives its `use`, `except` and
/// `ignore_only` ids) names: rules first, then categories, each sorted;
/// each warning once. `deprecated` gives an id's kind (`Rule` or
/// `Category`) and the ids that replace it.
pub fn deprecation_warnings<'w>(
    ws: &'w Workspace,
    section: impl Fn(&'w Module) -> Vec<&'w String>,
    deprecated: impl Fn(&str) -> Option<(&'static str, Vec<&'static str>)>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for module in &ws.modules {
        let mut found = std::collections::BTreeMap::new();
        for id in section(module) {
            if let Some((kind, by)) = deprecated(id) {
                found.insert((kind != "Rule", id.as_str()), (kind, by));
            }
        }
        for w in deprecation_text(found) {
            if !out.contains(&w) {
                out.push(w);
            }
        }
    }
    out
}

fn deprecation_text(
    found: std::collections::BTreeMap<(bool, &str), (&str, Vec<&str>)>,
) -> Vec<String> {
    found
        .into_iter()
        .map(|((_, id), (kind, by))| {
            let replaced = match by.len() {
                0 => String::new(),
                1 => format!(" It has been replaced by {} {}.", kind.to_lowercase(), by[0]),
                _ => format!(
                    " It has been replaced by {}s {}.",
                    kind.to_lowercase(),
                    by.join(", ")
                ),
            };
            let callout = if id == "DEFAULT" {
                "\n\n\tThe concept of a default rule has been introduced. A default rule is a rule that will be run\n\tif no rules are explicitly configured in your buf.yaml. Run buf config ls-lint-rules or\n\tbuf config ls-breaking-rules to see which rules are defaults. With this introduction, having a category\n\talso named DEFAULT is confusing, as while it happens that all the rules in the DEFAULT category\n\tare also default rules, the name has become overloaded.\n"
            } else {
                ""
            };
            format!(
                "\x1b[33mWARN\x1b[0m\t{kind} {id} referenced in your buf.yaml is deprecated.{replaced}{callout}\n\tAs with all buf changes, this change is backwards-compatible: {id} will continue to work.\n\tWe recommend replacing {id} in your buf.yaml, but no action is immediately necessary."
            )
        })
        .collect()
}

/// buf's failure when `use` and `except` leave no rule.
pub const NO_RULES: &str = "it looks like you have found a bug in buf. Please file an issue at https://github.com/bufbuild/buf/issues and provide the command you ran, as well as the following message: resultRules was empty";
