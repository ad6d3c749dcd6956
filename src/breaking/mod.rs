//! `protogen breaking`: buf's breaking-change rules between the workspace
//! at INPUT and a previous version of it (a directory, a FileDescriptorSet
//! or a git ref), with buf's rule ids, configuration and output.

mod against;
mod compare;
mod defaults;
mod features;
pub mod rules;

use std::collections::{BTreeSet, HashMap};

use crate::diagnostics::{Finding, Place, Severity};
use crate::lint::{compile_findings, locations_of, sort_findings, Locations};
use crate::semantic::export::{export_file, ExportOptions};
use crate::semantic::model::{FileId, Model};
use crate::workspace::{under, BreakingConfig, Module, Version, Workspace};

/// One side of the comparison: every file of a module's build, imports
/// included.
pub struct Image {
    pub model: Model,
    /// By file id: the file's path as shown, whether it is an import, and
    /// (when the side has source information) its locations.
    pub files: Vec<ImageFile>,
}

pub struct ImageFile {
    pub shown: String,
    pub import: bool,
    /// An import that is a file of another module of the workspace, whose
    /// own comparison reports it.
    pub elsewhere: bool,
    pub locations: Locations,
    /// The text, for a file compiled from source.
    pub source: Option<crate::source::SourceFile>,
}

impl Image {
    /// The image of one workspace module, or its compile errors.
    pub fn of_module(
        ws: &Workspace,
        module: &Module,
        targets: &[String],
    ) -> Result<Image, Vec<Finding>> {
        let c = ws.compile(targets);
        if c.has_errors() {
            return Err(compile_findings(&c));
        }
        let pool_roots: Vec<usize> = c.roots.iter().flatten().copied().collect();
        let model = Model::from_compilation(&c, &pool_roots).map_err(|e| {
            vec![Finding {
                place: Place::default(),
                kind: "COMPILE".into(),
                message: e,
                severity: Severity::Error,
                help: None,
                related: Vec::new(),
            }]
        })?;
        let opts = ExportOptions {
            include_imports: false,
            include_source_info: true,
            retain_options: true,
            include_json_name: true,
        };
        let by_name: HashMap<&str, usize> = c
            .pool
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name.as_str(), i))
            .collect();
        let others: std::collections::HashSet<String> = ws
            .modules
            .iter()
            .filter(|m| m.path != module.path)
            .flat_map(|m| ws.files(m))
            .collect();
        let files = model
            .files
            .iter()
            .map(|f| {
                let name = &model[f.name];
                let target = targets.iter().any(|t| t == name);
                let source = by_name
                    .get(name)
                    .and_then(|&p| c.pool.files[p].source)
                    .map(|s| c.sources[s].clone());
                let locations = by_name
                    .get(name)
                    .filter(|_| target)
                    .map(|&p| locations_of(&export_file(&c.pool, &c.sources, p, opts)))
                    .unwrap_or_default();
                ImageFile {
                    shown: if target {
                        ws.shown_path(module, name)
                    } else {
                        name.to_string()
                    },
                    import: !target,
                    elsewhere: !target && others.contains(name),
                    locations,
                    source,
                }
            })
            .collect();
        Ok(Image { model, files })
    }

    /// An image read from a FileDescriptorSet: every file a target, shown
    /// by its name.
    pub fn of_descriptors(set: crate::descriptor::FileDescriptorSet) -> Result<Image, String> {
        let model = Model::from_descriptors(set.file.clone())?;
        let files = set
            .file
            .iter()
            .map(|fd| ImageFile {
                shown: fd.name.clone().unwrap_or_default(),
                import: false,
                elsewhere: false,
                locations: locations_of(fd),
                source: None,
            })
            .collect();
        Ok(Image { model, files })
    }

    pub fn file(&self, f: FileId) -> &ImageFile {
        &self.files[f.index()]
    }
}

/// The command line of `protogen breaking`.
pub struct Options<'a> {
    pub input: &'a str,
    pub against: &'a str,
    pub config: Option<&'a str>,
    pub against_config: Option<&'a str>,
    pub paths: &'a [String],
    pub exclude_paths: &'a [String],
    pub exclude_imports: bool,
    pub limit_to_input_files: bool,
}

const NOTHING_TARGETED: &str = "no .proto files were targeted. This can occur if no .proto files are found in your input, --path points to files that do not exist, or --exclude-path excludes all files.";

/// Compares INPUT with AGAINST; the findings sorted as buf prints them.
pub fn breaking(opts: &Options) -> Result<Vec<Finding>, String> {
    let ws = Workspace::open(opts.input, opts.config)?;
    let previous = against::open(opts.against, opts.against_config)?;
    let mut findings = Vec::new();
    let selected = |shown: &str| {
        (opts.paths.is_empty() || opts.paths.iter().any(|p| under(shown, p)))
            && !opts.exclude_paths.iter().any(|p| under(shown, p))
    };
    if !previous.targets_any(&selected) {
        return Err(NOTHING_TARGETED.into());
    }
    for (k, module) in ws.modules.iter().enumerate() {
        let enabled = enabled_rules(&module.breaking, ws.version)?;
        let targets: Vec<String> = ws
            .files(module)
            .into_iter()
            .filter(|f| selected(&ws.shown_path(module, f)))
            .collect();
        let current = match Image::of_module(&ws, module, &targets) {
            Ok(image) => image,
            Err(errors) => {
                findings.extend(errors);
                continue;
            }
        };
        let limit = opts.limit_to_input_files.then_some(&current);
        let before = match previous.image(k, limit, &selected) {
            Ok(image) => image,
            Err(against::Error::Compile(errors)) => {
                findings.extend(errors);
                continue;
            }
            Err(against::Error::Failure(e)) => return Err(e),
        };
        let hits = rules::run(&before, &current, &enabled);
        for hit in hits {
            if let Some(f) = finding(&before, &current, &module.breaking, opts, &hit) {
                findings.push(f);
            }
        }
    }
    sort_findings(&mut findings);
    Ok(findings)
}

/// A rule's finding, unless the configuration drops it.
fn finding(
    before: &Image,
    current: &Image,
    cfg: &BreakingConfig,
    opts: &Options,
    hit: &rules::Hit,
) -> Option<Finding> {
    let sides = [
        hit.current.as_ref().map(|(f, _)| (current, *f)),
        hit.previous.map(|f| (before, f)),
    ];
    for (image, f) in sides.into_iter().flatten() {
        let file = image.file(f);
        let name = &image.model[image.model.file(f).name];
        if (opts.exclude_imports && file.import) || file.elsewhere {
            return None;
        }
        let rule_ignored = cfg.ignore_only.iter().any(|(id, paths)| {
            expand(id).contains(&hit.rule) && paths.iter().any(|p| under(name, p))
        });
        if cfg.ignore.iter().any(|p| under(name, p)) || rule_ignored {
            return None;
        }
        let package = &image.model[image.model.file(f).package];
        if cfg.ignore_unstable_packages && crate::lint::rules::is_unstable_package(package) {
            return None;
        }
    }
    let place = match hit.current {
        None => Place::default(),
        Some((f, ref path)) => {
            let file = current.file(f);
            let span = path
                .as_ref()
                .and_then(|p| file.locations.get(p))
                .map(|(s, _)| &s[..]);
            let (mut a, mut b, c, d) = match span {
                Some(&[a, b, c]) => (a, b, a, c),
                Some(&[a, b, c, d]) => (a, b, c, d),
                _ => (0, 0, 0, 0),
            };
            // buf's span of a pseudo-option (`default`, `json_name`) starts
            // at its name, protoc's at its value.
            let pseudo = matches!(path.as_deref().and_then(|p| p.last()), Some(7 | 10));
            if span.is_some()
                && pseudo
                && matches!(hit.rule, "FIELD_SAME_DEFAULT" | "FIELD_SAME_JSON_NAME")
            {
                if let Some((l, col)) = file
                    .source
                    .as_ref()
                    .and_then(|s| option_name_start(s, a, b))
                {
                    (a, b) = (l, col);
                }
            }
            Place {
                path: file.shown.clone(),
                start_line: a as u32 + 1,
                start_column: b as u32 + 1,
                end_line: c as u32 + 1,
                end_column: d as u32 + 1,
            }
        }
    };
    Some(Finding {
        place,
        kind: hit.rule.to_string(),
        message: hit.message.clone(),
        severity: Severity::Error,
        help: None,
        related: Vec::new(),
    })
}

/// The rules a rule or category id names (a deprecated rule: the rules
/// that replace it).
fn expand(id: &str) -> Vec<&'static str> {
    if let Some((_, replacements, _)) = rules::DEPRECATED.iter().find(|(d, ..)| *d == id) {
        return replacements.to_vec();
    }
    rules::RULES
        .iter()
        .filter(|r| r.id == id || r.categories.contains(&id))
        .map(|r| r.id)
        .collect()
}

/// buf's warnings for the deprecated rule ids the modules' `breaking:`
/// sections name.
pub fn deprecation_warnings(ws: &Workspace) -> Vec<String> {
    fn section(m: &Module) -> Vec<&String> {
        let cfg = &m.breaking;
        let ids = cfg.use_.iter().chain(&cfg.except);
        ids.chain(cfg.ignore_only.keys()).collect()
    }
    crate::workspace::deprecation_warnings(ws, section, |id| {
        rules::DEPRECATED
            .iter()
            .find(|(d, _, v1_only)| *d == id && (!v1_only || ws.version == Version::V1))
            .map(|(_, by, _)| ("Rule", by.to_vec()))
    })
}

/// The rules a module's `use` and `except` enable (default: FILE).
fn enabled_rules(cfg: &BreakingConfig, version: Version) -> Result<BTreeSet<&'static str>, String> {
    let known = |id: &str| -> Result<Vec<&'static str>, String> {
        let found = expand(id);
        let v2_only = rules::V2_ONLY.contains(&id);
        let deprecated = rules::DEPRECATED
            .iter()
            .find(|(d, ..)| *d == id)
            .map(|&(_, _, v1_only)| !v1_only || version == Version::V1);
        if deprecated == Some(true) {
            return Ok(found);
        }
        if found.is_empty() || deprecated == Some(false) || (v2_only && version == Version::V1) {
            Err(format!(
                "{} is not a known rule or category ID",
                crate::lint::rules::quote(id)
            ))
        } else {
            Ok(found)
        }
    };
    let dropped: &[&str] = if version == Version::V1 {
        rules::V2_ONLY
    } else {
        &[]
    };
    crate::workspace::select_rules(
        &cfg.use_,
        &cfg.except,
        cfg.ignore_only.keys(),
        expand("FILE"),
        dropped,
        known,
    )
}

/// The start of the option name before the value at zero-based `line`,
/// `col` (protoc's columns): back over `=` and blanks to the name.
fn option_name_start(src: &crate::source::SourceFile, line: i32, col: i32) -> Option<(i32, i32)> {
    let text = src.text.as_bytes();
    let line_start = if line == 0 {
        0
    } else {
        memchr::memchr_iter(b'\n', text).nth(line as usize - 1)? + 1
    };
    let at = (line_start as u32..text.len() as u32)
        .take_while(|&o| src.line_col(o).0 == line as u32)
        .find(|&o| src.line_col(o) == (line as u32, col as u32))? as usize;
    let mut i = at;
    let skip_blanks = |i: &mut usize| {
        while *i > 0 && text[*i - 1].is_ascii_whitespace() {
            *i -= 1;
        }
    };
    skip_blanks(&mut i);
    if i == 0 || text[i - 1] != b'=' {
        return None;
    }
    i -= 1;
    skip_blanks(&mut i);
    let end = i;
    while i > 0 && (text[i - 1].is_ascii_alphanumeric() || text[i - 1] == b'_') {
        i -= 1;
    }
    if i == end {
        return None;
    }
    let (l, c) = src.line_col(i as u32);
    Some((l as i32, c as i32))
}
