//! `protogen lint`: buf's lint rules over a buf workspace, with buf's rule
//! ids, categories, configuration, ignore comments and output.

mod case;
pub mod fix;
mod multi;
pub mod rules;

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::descriptor as d;
use crate::diagnostics::{Finding, Place, Severity};
use crate::semantic::export::{export_file, ExportOptions};
use crate::semantic::model::{FileId, Model};
use crate::semantic::Compilation;
use crate::workspace::{under, LintConfig, Module, Version, Workspace};

/// The settings rules read.
#[derive(Clone, Debug)]
pub struct Options {
    pub enum_zero_value_suffix: String,
    pub service_suffix: String,
    pub allow_same_request_response: bool,
    pub allow_empty_requests: bool,
    pub allow_empty_responses: bool,
}

/// What a rule found: a file, the source path of the place (none: the
/// file as a whole), the rule and its message.
pub struct Hit {
    pub file: FileId,
    pub path: Option<Vec<i32>>,
    pub rule: &'static str,
    pub message: String,
}

/// The first source location of each path of a file: its span and leading
/// comment.
pub type Locations = HashMap<Vec<i32>, (Vec<i32>, Option<String>)>;

/// The state rules run against: the model, the module's files and what
/// they found so far.
pub struct Lint<'m> {
    pub model: &'m Model,
    pub files: Vec<FileId>,
    pub unused: HashSet<(FileId, usize)>,
    pub options: Options,
    locations: HashMap<FileId, Locations>,
    pub hits: Vec<Hit>,
}

impl Lint<'_> {
    pub fn hit(
        &mut self,
        file: FileId,
        path: Option<Vec<i32>>,
        rule: &'static str,
        message: String,
    ) {
        self.hits.push(Hit {
            file,
            path,
            rule,
            message,
        });
    }

    pub fn has_location(&self, file: FileId, path: &[i32]) -> bool {
        self.locations
            .get(&file)
            .is_some_and(|l| l.contains_key(path))
    }

    /// The COMMENT_* rules: a declaration with a location needs a leading
    /// comment with a line that is not an ignore directive.
    pub fn comment(
        &mut self,
        file: FileId,
        path: &[i32],
        rule: &'static str,
        kind: &str,
        name: &str,
    ) {
        let Some((_, leading)) = self.locations.get(&file).and_then(|l| l.get(path)) else {
            return;
        };
        let documented = leading.as_deref().is_some_and(|c| {
            c.split('\n')
                .map(str::trim)
                .any(|l| !l.is_empty() && !l.starts_with("buf:lint:ignore"))
        });
        if !documented {
            self.hit(
                file,
                Some(path.to_vec()),
                rule,
                format!(
                    "{kind} {} should have a non-empty comment for documentation.",
                    rules::quote(name)
                ),
            );
        }
    }
}

/// Why lint could not run: a configuration or input error (exit 1).
pub type Failure = String;

/// Lints every module of the workspace; the findings sorted and
/// de-duplicated as buf prints them.
pub fn lint(
    ws: &Workspace,
    paths: &[String],
    exclude_paths: &[String],
) -> Result<Vec<Finding>, Failure> {
    let mut findings = Vec::new();
    each_module(ws, paths, exclude_paths, |_, _, _, linted| {
        findings.extend(linted.findings)
    })?;
    sort_findings(&mut findings);
    Ok(findings)
}

/// Applies the fixes `fix` knows for the findings lint reports (see
/// `fix::Plan`); what it changed and what it leaves to the user.
pub fn fix(
    ws: &Workspace,
    paths: &[String],
    exclude_paths: &[String],
) -> Result<fix::Fixed, Failure> {
    let mut plan = fix::Plan::default();
    each_module(ws, paths, exclude_paths, |module, c, model, linted| {
        if !c.has_errors() {
            plan.add(ws, module, c, model, &linted)
        }
    })?;
    plan.apply(ws)
}

/// What linting one module gave: the findings and the hits they report,
/// in the same order, with each file's source locations.
pub struct Linted {
    pub findings: Vec<Finding>,
    pub hits: Vec<Hit>,
    pub locations: HashMap<FileId, Locations>,
}

/// Lints each module that has selected files, and hands `each` the
/// compilation, its model (when it compiled) and what lint reported.
fn each_module(
    ws: &Workspace,
    paths: &[String],
    exclude_paths: &[String],
    mut each: impl FnMut(&Module, &Compilation, &Model, Linted),
) -> Result<(), Failure> {
    for module in &ws.modules {
        let enabled = enabled_rules(&module.lint, ws.version)?;
        let selected = |shown: &str| {
            (paths.is_empty() || paths.iter().any(|p| under(shown, p)))
                && !exclude_paths.iter().any(|p| under(shown, p))
        };
        let files: Vec<String> = ws
            .files(module)
            .into_iter()
            .filter(|f| selected(&ws.shown_path(module, f)))
            .collect();
        if files.is_empty() {
            continue;
        }
        let c = ws.compile(&files);
        if c.has_errors() {
            let linted = Linted {
                findings: compile_findings(&c),
                hits: Vec::new(),
                locations: HashMap::new(),
            };
            each(module, &c, &Model::default(), linted);
            continue;
        }
        let pool_roots: Vec<usize> = c.roots.iter().flatten().copied().collect();
        let model = Model::from_compilation(&c, &pool_roots)?;
        let linted = lint_module(ws, module, &c, &model, &pool_roots, &enabled);
        each(module, &c, &model, linted);
    }
    Ok(())
}

/// buf's order: by path, position, type and message; repeats dropped.
pub fn sort_findings(findings: &mut Vec<Finding>) {
    let key = |f: &Finding| {
        let p = &f.place;
        (
            p.path.clone(),
            p.start_line,
            p.start_column,
            f.kind.clone(),
            f.message.clone(),
            p.end_line,
            p.end_column,
        )
    };
    findings.sort_by_key(key);
    findings.dedup();
}

pub fn compile_findings(c: &Compilation) -> Vec<Finding> {
    c.diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let mut f = Finding::from_diagnostic(d, &c.sources);
            f.kind = "COMPILE".into();
            f.help = None;
            f.related.clear();
            f
        })
        .collect()
}

fn lint_module(
    ws: &Workspace,
    module: &Module,
    c: &Compilation,
    model: &Model,
    pool_roots: &[usize],
    enabled: &BTreeSet<&'static str>,
) -> Linted {
    let opts = ExportOptions {
        include_imports: false,
        include_source_info: true,
        retain_options: true,
        include_json_name: true,
    };
    let mut locations = HashMap::new();
    let mut files = Vec::new();
    let mut by_pool = HashMap::new();
    for &p in pool_roots {
        let fd = export_file(&c.pool, &c.sources, p, opts);
        let Some(f) = model.file_by_name(&c.pool.files[p].name) else {
            continue;
        };
        locations.insert(f, locations_of(&fd));
        files.push(f);
        by_pool.insert(p, f);
    }
    let unused = c
        .unused_imports
        .iter()
        .filter_map(|&(p, i)| by_pool.get(&p).map(|&f| (f, i)))
        .collect();
    let cfg = &module.lint;
    let mut lint = Lint {
        model,
        files,
        unused,
        options: Options {
            enum_zero_value_suffix: cfg.enum_zero_value_suffix.clone(),
            service_suffix: cfg.service_suffix.clone(),
            allow_same_request_response: cfg.allow_same_request_response,
            allow_empty_requests: cfg.allow_empty_requests,
            allow_empty_responses: cfg.allow_empty_responses,
        },
        locations,
        hits: Vec::new(),
    };
    rules::run(&mut lint);
    let mut out = Vec::new();
    let mut reported = Vec::new();
    for hit in std::mem::take(&mut lint.hits) {
        if !enabled.contains(hit.rule) {
            continue;
        }
        let name = &model[model.file(hit.file).name];
        if ignored_by_config(cfg, name, hit.rule) {
            continue;
        }
        let locs = &lint.locations[&hit.file];
        let span = hit.path.as_ref().and_then(|p| locs.get(p)).map(|(s, _)| s);
        if cfg.comment_ignores && span.is_some() {
            let path = hit.path.as_deref().unwrap_or(&[]);
            if ignored_by_comment(locs, path, hit.rule) {
                continue;
            }
        }
        let place = match span.map(|s| &s[..]) {
            Some(&[a, b, c]) => place(ws, module, name, a, b, a, c),
            Some(&[a, b, c, d]) => place(ws, module, name, a, b, c, d),
            _ => Place {
                path: ws.shown_path(module, name),
                start_line: 1,
                start_column: 1,
                end_line: 1,
                end_column: 1,
            },
        };
        out.push(Finding {
            place,
            kind: hit.rule.to_string(),
            message: hit.message.clone(),
            severity: Severity::Error,
            help: None,
            related: Vec::new(),
        });
        reported.push(hit);
    }
    Linted {
        findings: out,
        hits: reported,
        locations: lint.locations,
    }
}

pub fn place(ws: &Workspace, module: &Module, name: &str, a: i32, b: i32, c: i32, d: i32) -> Place {
    Place {
        path: ws.shown_path(module, name),
        start_line: a as u32 + 1,
        start_column: b as u32 + 1,
        end_line: c as u32 + 1,
        end_column: d as u32 + 1,
    }
}

pub fn locations_of(fd: &d::FileDescriptorProto) -> Locations {
    let mut out = Locations::new();
    if let Some(info) = &fd.source_code_info {
        for l in &info.location {
            out.entry(l.path.clone())
                .or_insert_with(|| (l.span.clone(), l.leading_comments.clone()));
        }
    }
    out
}

/// `ignore` and `ignore_only` of the configuration.
fn ignored_by_config(cfg: &LintConfig, file: &str, rule: &str) -> bool {
    cfg.ignore.iter().any(|p| under(file, p))
        || cfg.ignore_only.iter().any(|(id, paths)| {
            expand(id, Version::V2).contains(&rule) && paths.iter().any(|p| under(file, p))
        })
}

/// Whether the leading comment of the place or of a declaration around it
/// has a line `buf:lint:ignore RULE`.
fn ignored_by_comment(locs: &Locations, path: &[i32], rule: &str) -> bool {
    let directive = format!("buf:lint:ignore {rule}");
    declaration_paths(path).iter().any(|p| {
        locs.get(p)
            .and_then(|(_, c)| c.as_deref())
            .is_some_and(|c| {
                c.split('\n')
                    .map(str::trim)
                    .any(|l| l.starts_with(&directive))
            })
    })
}

/// The paths of the declarations that contain the place at `path` (and
/// the place itself).
fn declaration_paths(path: &[i32]) -> Vec<Vec<i32>> {
    use crate::descriptor::tags::*;
    let mut out = Vec::new();
    let mut push = |n: usize| {
        if n <= path.len() {
            out.push(path[..n].to_vec());
        }
    };
    let mut i = 0;
    // What the element at path[..i] is: 0 file, 1 message, 2 enum, 3 service.
    let mut kind = 0;
    while i + 1 < path.len() {
        let (tag, next) = (path[i] as u32, i + 2);
        match (kind, tag) {
            (0, FILE_MESSAGE_TYPE) | (1, MSG_NESTED_TYPE) => {
                push(next);
                kind = 1;
            }
            (0, FILE_ENUM_TYPE) | (1, MSG_ENUM_TYPE) => {
                push(next);
                kind = 2;
            }
            (0, FILE_SERVICE) => {
                push(next);
                kind = 3;
            }
            (0, FILE_EXTENSION) | (1, MSG_EXTENSION) => {
                push(i + 1);
                push(next);
                break;
            }
            (1, MSG_RESERVED_RANGE) | (1, MSG_EXTENSION_RANGE) => {
                push(i + 1);
                push(next);
                break;
            }
            (1, MSG_RESERVED_NAME) => {
                push(i + 1);
                break;
            }
            (1, MSG_FIELD) | (1, MSG_ONEOF_DECL) | (2, ENUM_VALUE) | (3, SERVICE_METHOD) => {
                push(next);
                break;
            }
            _ => break,
        }
        i = next;
    }
    out.push(path.to_vec());
    out
}

/// The rules a rule or category id names, for a configuration version.
fn expand(id: &str, version: Version) -> Vec<&'static str> {
    rules::RULES
        .iter()
        .filter(|r| {
            let cats = match version {
                Version::V1 => r.v1,
                Version::V2 => r.v2,
            };
            cats.is_some_and(|c| r.id == id || c.contains(&id))
        })
        .map(|r| r.id)
        .collect()
}

/// buf's warnings for the deprecated ids the modules' `lint:` sections
/// name: the DEFAULT category of v1 (now STANDARD) and rules that check
/// nothing any more.
pub fn deprecation_warnings(ws: &Workspace) -> Vec<String> {
    fn section(m: &Module) -> Vec<&String> {
        let cfg = &m.lint;
        let ids = cfg.use_.iter().chain(&cfg.except);
        ids.chain(cfg.ignore_only.keys()).collect()
    }
    crate::workspace::deprecation_warnings(ws, section, |id| match id {
        "DEFAULT" if ws.version == Version::V1 => Some(("Category", vec!["STANDARD"])),
        _ if rules::DEPRECATED.contains(&id) => Some(("Rule", Vec::new())),
        _ => None,
    })
}

/// The rules a module's `use` and `except` enable.
pub fn enabled_rules(
    cfg: &LintConfig,
    version: Version,
) -> Result<BTreeSet<&'static str>, Failure> {
    let known = |id: &str| -> Result<Vec<&'static str>, Failure> {
        let rules = expand(id, version);
        if rules.is_empty() {
            Err(format!(
                "{} is not a known rule or category ID",
                rules::quote(id)
            ))
        } else {
            Ok(rules)
        }
    };
    crate::workspace::select_rules(
        &cfg.use_,
        &cfg.except,
        cfg.ignore_only.keys(),
        expand("STANDARD", version),
        rules::DEPRECATED,
        known,
    )
}

/// `--error-format config-ignore-yaml`: a v1 `lint.ignore_only` block
/// listing, for each rule with findings, the files it found them in.
pub fn config_ignore_yaml(findings: &[Finding]) -> String {
    let mut by_rule: std::collections::BTreeMap<&str, BTreeSet<&str>> = Default::default();
    for f in findings {
        by_rule.entry(&f.kind).or_default().insert(&f.place.path);
    }
    let mut out = String::from("version: v1\nlint:\n  ignore_only:\n");
    for (rule, paths) in by_rule {
        out.push_str(&format!("    {rule}:\n"));
        for p in paths {
            out.push_str(&format!("      - {p}\n"));
        }
    }
    out
}
