//! `protogen lint --fix`: the fixes that follow mechanically from a
//! finding, applied to the workspace's files.
//!
//! - ENUM_VALUE_PREFIX, ENUM_ZERO_VALUE_SUFFIX and
//!   ENUM_VALUE_UPPER_SNAKE_CASE rename the value, and every use of the old
//!   name as a value (in option values and field defaults) across the
//!   workspace. The wire format is unchanged; JSON and generated code see
//!   the new name.
//! - PACKAGE_SAME_* give every file of the package the value most of its
//!   files give the option (a tie goes to the first file's), adding the
//!   option where it is missing.
//! - PACKAGE_DIRECTORY_MATCH and FILE_LOWER_SNAKE_CASE are reported as the
//!   moves that would satisfy them: a move changes every import of the file.
//!
//! The fixed files are compiled before anything is written; when a module
//! that compiled no longer does, nothing is written.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;

mod uses;

use crate::descriptor::tags::*;
use crate::lint::case::{lower_snake, upper_snake};
use crate::lint::multi::SAME_OPTIONS;
use crate::lint::rules::{all_enums, dir_of};
use crate::lint::{Failure, Linted, Locations};
use crate::semantic::check::conflict_key;
use crate::semantic::model::{EnumId, EnumValueId, FieldKind, FileId, Model};
use crate::semantic::Compilation;
use crate::source::SourceFile;
use crate::workspace::{Module, Workspace};

const PREFIX: &str = "ENUM_VALUE_PREFIX";
const ZERO_SUFFIX: &str = "ENUM_ZERO_VALUE_SUFFIX";
const UPPER_SNAKE: &str = "ENUM_VALUE_UPPER_SNAKE_CASE";
const DIRECTORY: &str = "PACKAGE_DIRECTORY_MATCH";
const FILE_NAME: &str = "FILE_LOWER_SNAKE_CASE";

/// What `--fix` did and what it leaves to the user.
#[derive(Debug, Default)]
pub struct Fixed {
    /// Findings the edits resolve.
    pub findings: usize,
    /// The files rewritten, as shown.
    pub files: Vec<String>,
    /// Files to move, which `--fix` does not do itself.
    pub moves: Vec<Move>,
    /// Fixes not applied, each with its reason.
    pub skipped: Vec<String>,
}

/// A file that belongs elsewhere: where it is and where it would satisfy
/// the rules, both as shown, and how many files import it.
#[derive(Debug)]
pub struct Move {
    pub from: String,
    pub to: String,
    pub rules: Vec<&'static str>,
    pub importers: usize,
}

/// One replacement of a byte range of a file's text.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Edit {
    range: Range<usize>,
    text: String,
}

/// A fix not made: where (a file and a byte offset before the edits) and why.
struct Skip {
    disk: PathBuf,
    shown: String,
    offset: usize,
    why: String,
}

/// An enum value to rename, with the edit of its declaration.
struct Rename {
    /// The value's enum, by full name.
    enum_: String,
    old: String,
    new: String,
    disk: PathBuf,
    declaration: Edit,
    /// The findings the new name resolves.
    resolves: usize,
    /// The file as shown, for messages.
    shown: String,
}

/// The fixes gathered over the modules, applied together.
#[derive(Default)]
pub struct Plan {
    renames: Vec<Rename>,
    edits: BTreeMap<PathBuf, Vec<Edit>>,
    /// Every enum value seen, by full name: its name and its enum's full name.
    values: HashMap<String, (String, String)>,
    /// The enums that fields of each name have as their type.
    enum_fields: HashMap<String, HashSet<String>>,
    findings: usize,
    moves: Vec<Move>,
    skipped: Vec<Skip>,
}

/// A value lint reported: its file, source path and rules.
type Reported<'a> = (&'a FileAt<'a>, &'a [i32], &'a BTreeSet<&'static str>);

/// One linted file: its model id, source, disk path and locations.
struct FileAt<'a> {
    id: FileId,
    source: &'a SourceFile,
    disk: PathBuf,
    shown: String,
    locations: &'a Locations,
}

impl FileAt<'_> {
    /// The byte range of a source location's span.
    fn range(&self, path: &[i32]) -> Option<Range<usize>> {
        let (span, _) = self.locations.get(path)?;
        let (l0, c0, l1, c1) = match span[..] {
            [a, b, c] => (a, b, a, c),
            [a, b, c, d] => (a, b, c, d),
            _ => return None,
        };
        let start = self.source.offset(l0 as u32, c0 as u32);
        let end = self.source.offset(l1 as u32, c1 as u32);
        Some(start..end)
    }

    /// A fix not made at a source location.
    fn skip(&self, path: &[i32], why: String) -> Skip {
        Skip {
            disk: self.disk.clone(),
            shown: self.shown.clone(),
            offset: self.range(path).map_or(0, |r| r.start),
            why,
        }
    }
}

impl Plan {
    /// Gathers the fixes for what lint reported in one module.
    pub fn add(
        &mut self,
        ws: &Workspace,
        module: &Module,
        c: &Compilation,
        model: &Model,
        linted: &Linted,
    ) {
        for v in &model.enum_values {
            let enum_ = model[model.enum_(v.enum_).full_name].to_string();
            self.values.insert(
                model[v.full_name].to_string(),
                (model[v.name].to_string(), enum_),
            );
        }
        for f in model.fields.iter().chain(&model.extensions) {
            if let FieldKind::Enum(e) = f.kind {
                self.enum_fields
                    .entry(model[f.name].to_string())
                    .or_default()
                    .insert(model[model.enum_(e).full_name].to_string());
            }
        }
        let dir = ws.module_dir(module);
        let sources: HashMap<&str, &SourceFile> =
            c.sources.iter().map(|s| (s.name.as_str(), s)).collect();
        let mut files: BTreeMap<FileId, FileAt> = BTreeMap::new();
        for (&id, locations) in &linted.locations {
            let name = &model[model.file(id).name];
            let Some(&source) = sources.get(name) else {
                continue;
            };
            files.insert(
                id,
                FileAt {
                    id,
                    source,
                    disk: dir.join(name),
                    shown: ws.shown_path(module, name),
                    locations,
                },
            );
        }
        // The rules each place was reported for.
        let mut at_values: BTreeMap<(FileId, Vec<i32>), BTreeSet<&'static str>> = BTreeMap::new();
        let mut at_files: BTreeMap<FileId, BTreeSet<&'static str>> = BTreeMap::new();
        for hit in &linted.hits {
            match hit.rule {
                PREFIX | ZERO_SUFFIX | UPPER_SNAKE => {
                    if let Some(path) = &hit.path {
                        at_values
                            .entry((hit.file, path.clone()))
                            .or_default()
                            .insert(hit.rule);
                    }
                }
                DIRECTORY | FILE_NAME => {
                    at_files.entry(hit.file).or_default().insert(hit.rule);
                }
                _ => {}
            }
        }
        self.plan_renames(
            model,
            &files,
            &at_values,
            &module.lint.enum_zero_value_suffix,
        );
        self.plan_options(model, &files, &linted.hits);
        self.plan_moves(ws, module, model, &files, at_files);
    }

    /// The place each file reported for its directory or name would
    /// satisfy the rules at.
    fn plan_moves(
        &mut self,
        ws: &Workspace,
        module: &Module,
        model: &Model,
        files: &BTreeMap<FileId, FileAt>,
        at_files: BTreeMap<FileId, BTreeSet<&'static str>>,
    ) {
        for (f, rules) in at_files {
            let Some(file) = files.get(&f) else { continue };
            let name = &model[model.file(f).name];
            let package = &model[model.file(f).package];
            let base = name.rsplit('/').next().unwrap_or(name);
            let mut to_dir = dir_of(name);
            let mut to_base = base.to_string();
            if rules.contains(DIRECTORY) {
                to_dir = package.replace('.', "/");
            }
            if rules.contains(FILE_NAME) {
                let (stem, ext) = base
                    .rsplit_once('.')
                    .map_or((base, ""), |(s, _)| (s, &base[s.len()..]));
                to_base = format!("{}{ext}", lower_snake(stem));
            }
            let to = if to_dir == "." {
                to_base
            } else {
                format!("{to_dir}/{to_base}")
            };
            let importers = model
                .files
                .iter()
                .filter(|g| g.imports.iter().any(|i| i.file == f))
                .count();
            self.moves.push(Move {
                from: file.shown.clone(),
                to: ws.shown_path(module, &to),
                rules: rules.into_iter().collect(),
                importers,
            });
        }
    }

    /// The new names of the enum values reported, where they are free:
    /// not another symbol's, and not clashing with another value of the
    /// enum once its name is stripped as a prefix (protoc's rule).
    fn plan_renames(
        &mut self,
        model: &Model,
        files: &BTreeMap<FileId, FileAt>,
        at_values: &BTreeMap<(FileId, Vec<i32>), BTreeSet<&'static str>>,
        suffix: &str,
    ) {
        let mut reported: BTreeMap<EnumId, BTreeMap<EnumValueId, Reported>> = BTreeMap::new();
        for &f in files.keys() {
            for e in all_enums(model, f) {
                let en = model.enum_(e);
                for (j, &v) in en.values.iter().enumerate() {
                    let path = [&en.origin.path[..], &[ENUM_VALUE as i32, j as i32, 1]].concat();
                    if let Some((key, rules)) = at_values.get_key_value(&(f, path)) {
                        reported
                            .entry(e)
                            .or_default()
                            .insert(v, (&files[&f], &key.1[..], rules));
                    }
                }
            }
        }
        let mut taken: HashSet<String> = model
            .enum_values
            .iter()
            .map(|v| model[v.full_name].to_string())
            .chain(
                model
                    .messages
                    .iter()
                    .map(|m| model[m.full_name].to_string()),
            )
            .chain(model.enums.iter().map(|e| model[e.full_name].to_string()))
            .collect();
        for (e, values) in reported {
            let en = model.enum_(e);
            let enum_name = &model[en.name];
            let prefix = format!("{}_", upper_snake(enum_name));
            let mut proposed: BTreeMap<EnumValueId, (String, usize)> = BTreeMap::new();
            let mut claimed: HashMap<String, &str> = HashMap::new();
            for (&v, &(file, path, rules)) in &values {
                let value = model.enum_value(v);
                let old = &model[value.name];
                let new = new_name(old, &prefix, suffix, rules);
                let resolves = rules
                    .iter()
                    .filter(|&&r| match r {
                        UPPER_SNAKE => upper_snake(&new) == new,
                        PREFIX => new.starts_with(&prefix),
                        _ => new.ends_with(suffix),
                    })
                    .count();
                if new == *old || resolves == 0 {
                    continue;
                }
                let full = &model[value.full_name];
                let full_new = format!("{}{new}", &full[..full.len() - old.len()]);
                let why = if taken.contains(&full_new) {
                    format!("{full_new:?} is taken")
                } else if let Some(other) = claimed.get(&full_new) {
                    format!("{other:?} would be renamed {new:?} too")
                } else {
                    claimed.insert(full_new, old);
                    proposed.insert(v, (new, resolves));
                    continue;
                };
                self.skipped
                    .push(file.skip(path, format!("enum value {old:?} not renamed: {why}")));
            }
            // Drop renames that clash with another value until none does.
            let clash = |proposed: &BTreeMap<EnumValueId, (String, usize)>| {
                let name = |v: EnumValueId| {
                    proposed
                        .get(&v)
                        .map_or(&model[model.enum_value(v).name], |(n, _)| n.as_str())
                };
                proposed.keys().find_map(|&v| {
                    let key = conflict_key(enum_name, name(v));
                    en.values
                        .iter()
                        .find(|&&w| {
                            w != v
                                && model.enum_value(w).number != model.enum_value(v).number
                                && conflict_key(enum_name, name(w)) == key
                        })
                        .map(|&w| (v, name(w).to_string()))
                })
            };
            while let Some((v, other)) = clash(&proposed) {
                let (new, _) = proposed.remove(&v).unwrap_or_default();
                let (file, path, _) = values[&v];
                self.skipped.push(file.skip(
                    path,
                    format!(
                        "enum value {:?} not renamed: {new:?} would clash with {other:?} once {enum_name:?} is stripped",
                        &model[model.enum_value(v).name],
                    ),
                ));
            }
            for (v, (new, resolves)) in proposed {
                let (file, path, _) = values[&v];
                let value = model.enum_value(v);
                let old = model[value.name].to_string();
                let Some(range) = file.range(path) else {
                    continue;
                };
                if file.source.text.get(range.clone()) != Some(old.as_str()) {
                    continue;
                }
                let full = &model[value.full_name];
                taken.insert(format!("{}{new}", &full[..full.len() - old.len()]));
                self.renames.push(Rename {
                    enum_: model[en.full_name].to_string(),
                    old,
                    new: new.clone(),
                    disk: file.disk.clone(),
                    declaration: Edit { range, text: new },
                    resolves,
                    shown: file.shown.clone(),
                });
            }
        }
    }

    /// The same value of each PACKAGE_SAME_* option in every file of a
    /// package whose files were reported for it.
    fn plan_options(
        &mut self,
        model: &Model,
        files: &BTreeMap<FileId, FileAt>,
        hits: &[crate::lint::Hit],
    ) {
        let mut by_package: BTreeMap<&str, Vec<&FileAt>> = BTreeMap::new();
        for file in files.values() {
            by_package
                .entry(&model[model.file(file.id).package])
                .or_default()
                .push(file);
        }
        let mut reported_at: HashMap<(&str, FileId), usize> = HashMap::new();
        for h in hits {
            *reported_at.entry((h.rule, h.file)).or_default() += 1;
        }
        for (rule, option, tag, get) in SAME_OPTIONS {
            for group in by_package.values() {
                let reported: usize = group
                    .iter()
                    .filter_map(|f| reported_at.get(&(rule, f.id)))
                    .sum();
                if reported == 0 {
                    continue;
                }
                let values: Vec<Option<String>> = group
                    .iter()
                    .map(|f| get(&model.file(f.id).options))
                    .collect();
                // The most common value; ties go to the first file's.
                let mut counts: Vec<(&String, usize)> = Vec::new();
                for v in values.iter().flatten() {
                    match counts.iter_mut().find(|(c, _)| *c == v) {
                        Some((_, n)) => *n += 1,
                        None => counts.push((v, 1)),
                    }
                }
                let mut best: Option<(&String, usize)> = None;
                for &(v, n) in &counts {
                    if !matches!(best, Some((_, most)) if most >= n) {
                        best = Some((v, n));
                    }
                }
                let Some((target, _)) = best else {
                    continue;
                };
                let literal = if tag == FILE_OPTIONS_JAVA_MULTIPLE_FILES {
                    target.clone()
                } else {
                    format!("\"{}\"", crate::semantic::text::c_escape(target.as_bytes()))
                };
                let statement = format!("option {option} = {literal};");
                for (file, value) in group.iter().zip(&values) {
                    if value.as_ref() == Some(target) {
                        continue;
                    }
                    let edit = match value {
                        Some(_) => {
                            file.range(&[FILE_OPTIONS as i32, tag as i32])
                                .map(|range| Edit {
                                    range,
                                    text: statement.clone(),
                                })
                        }
                        None => Some(insertion(file, &statement)),
                    };
                    let Some(edit) = edit else { continue };
                    self.edits.entry(file.disk.clone()).or_default().push(edit);
                }
                self.findings += reported;
            }
        }
    }

    /// Finds the uses of the renamed values, checks that every module that
    /// compiled still does, and writes the files.
    pub fn apply(mut self, ws: &Workspace) -> Result<Fixed, Failure> {
        let mut texts: HashMap<PathBuf, String> = HashMap::new();
        let mut sources = Vec::new();
        for module in &ws.modules {
            let dir = ws.module_dir(module);
            for name in ws.files(module) {
                let disk = dir.join(&name);
                let bytes = std::fs::read(&disk).map_err(|e| format!("{}: {e}", disk.display()))?;
                // A file that is not UTF-8 is neither searched nor edited;
                // the compile of the fixed files tells if it had to be.
                if let Ok(text) = String::from_utf8(bytes) {
                    sources.push((disk, ws.shown_path(module, &name), text));
                }
            }
        }
        self.rename_uses(&sources);
        for r in &self.renames {
            self.edits
                .entry(r.disk.clone())
                .or_default()
                .push(r.declaration.clone());
            self.findings += r.resolves;
        }
        let mut fixed = Fixed {
            findings: self.findings,
            moves: std::mem::take(&mut self.moves),
            ..Fixed::default()
        };
        let mut after: HashMap<&PathBuf, SourceFile> = HashMap::new();
        for (disk, shown, text) in &sources {
            let Some(edits) = self.edits.get_mut(disk) else {
                continue;
            };
            edits.sort_by_key(|e| (e.range.start, e.range.end));
            edits.dedup();
            let mut out = String::with_capacity(text.len());
            let mut at = 0;
            for e in edits.iter() {
                if e.range.start < at {
                    continue;
                }
                out.push_str(&text[at..e.range.start]);
                out.push_str(&e.text);
                at = e.range.end;
            }
            out.push_str(&text[at..]);
            if self.skipped.iter().any(|k| k.disk == *disk) {
                after.insert(
                    disk,
                    SourceFile::new(String::new(), String::new(), out.as_str().into()),
                );
            }
            if out != *text {
                texts.insert(disk.clone(), out);
                fixed.files.push(shown.clone());
            }
        }
        // Each fix not made, at its place in the fixed file.
        let mut skipped: Vec<(&str, u32, u32, &str)> = self
            .skipped
            .iter()
            .map(|k| {
                let edits = self.edits.get(&k.disk).map_or(&[][..], |e| &e[..]);
                let offset = shifted(edits, k.offset);
                let (line, col) = after
                    .get(&k.disk)
                    .map_or((0, 0), |f| f.line_col(offset as u32));
                (k.shown.as_str(), line + 1, col + 1, k.why.as_str())
            })
            .collect();
        skipped.sort();
        fixed.skipped = skipped
            .into_iter()
            .map(|(path, line, col, why)| format!("{path}:{line}:{col}: {why}"))
            .collect();
        if texts.is_empty() {
            return Ok(fixed);
        }
        for module in &ws.modules {
            let names = ws.files(module);
            let after = ws.compile_over(&names, texts.clone());
            if after.has_errors() && !ws.compile(&names).has_errors() {
                let first = crate::lint::compile_findings(&after)
                    .into_iter()
                    .next()
                    .map(|f| {
                        let p = f.place;
                        format!(
                            "{}:{}:{}:{}",
                            p.path, p.start_line, p.start_column, f.message
                        )
                    })
                    .unwrap_or_default();
                return Err(format!(
                    "--fix: the fixed files would not compile, so none was written: {first}"
                ));
            }
        }
        for (disk, text) in &texts {
            let path = disk.to_string_lossy();
            crate::driver::write_file(&path, text.as_bytes())
                .map_err(|e| format!("{path}: {e}"))?;
        }
        Ok(fixed)
    }

    /// Adds the edits of every use of a renamed value's name in the
    /// workspace. Where enums share the name, the field the value is given
    /// to decides, when only one of those enums is the type of fields of
    /// that name; a rename whose name is used where that does not decide
    /// is not made.
    fn rename_uses(&mut self, sources: &[(PathBuf, String, String)]) {
        let mut enums_with: HashMap<&str, BTreeSet<&str>> = HashMap::new();
        for (name, enum_) in self.values.values() {
            enums_with.entry(name).or_default().insert(enum_);
        }
        let renamed: HashMap<(&str, &str), &str> = self
            .renames
            .iter()
            .map(|r| ((r.enum_.as_str(), r.old.as_str()), r.new.as_str()))
            .collect();
        let no_fields = HashSet::new();
        let mut edits: Vec<(PathBuf, &str, Edit)> = Vec::new();
        let mut ambiguous: BTreeSet<String> = BTreeSet::new();
        for (disk, _, text) in sources {
            for u in uses::value_uses(text) {
                let word = &text[u.range.clone()];
                let Some(enums) = enums_with.get(word) else {
                    continue;
                };
                if !enums.iter().any(|e| renamed.contains_key(&(*e, word))) {
                    continue;
                }
                let typed = self.enum_fields.get(&u.field).unwrap_or(&no_fields);
                let chosen: Vec<&str> = if enums.len() == 1 {
                    enums.iter().copied().collect()
                } else {
                    enums
                        .iter()
                        .copied()
                        .filter(|e| typed.contains(*e))
                        .collect()
                };
                match chosen[..] {
                    [e] => {
                        if let Some(new) = renamed.get(&(e, word)) {
                            edits.push((
                                disk.clone(),
                                word,
                                Edit {
                                    range: u.range,
                                    text: new.to_string(),
                                },
                            ));
                        }
                    }
                    _ => {
                        ambiguous.insert(word.to_string());
                    }
                }
            }
        }
        self.renames.retain(|r| {
            if ambiguous.contains(&r.old) {
                self.skipped.push(Skip {
                    disk: r.disk.clone(),
                    shown: r.shown.clone(),
                    offset: r.declaration.range.start,
                    why: format!(
                        "enum value {:?} not renamed: a use of the name could mean a value of another enum",
                        r.old
                    ),
                });
                return false;
            }
            true
        });
        for (disk, old, edit) in edits {
            if !ambiguous.contains(old) {
                self.edits.entry(disk).or_default().push(edit);
            }
        }
    }
}

/// Where a byte offset of a file's text is once `edits` (sorted, as
/// applied) are made.
fn shifted(edits: &[Edit], offset: usize) -> usize {
    let mut at = 0;
    let mut out = offset;
    for e in edits {
        if e.range.start < at || e.range.end > offset {
            continue;
        }
        out = out + e.text.len() - e.range.len();
        at = e.range.end;
    }
    out
}

/// The name that satisfies the rules a value was reported for: UPPER_SNAKE
/// case, the enum's prefix, and for the zero value the prefix and the
/// suffix alone (or the suffix added, when the prefix is not asked for).
fn new_name(old: &str, prefix: &str, suffix: &str, rules: &BTreeSet<&str>) -> String {
    let mut new = old.to_string();
    if rules.contains(UPPER_SNAKE) {
        new = upper_snake(&new);
    }
    if rules.contains(ZERO_SUFFIX) {
        if rules.contains(PREFIX) || new.starts_with(prefix) {
            format!("{prefix}{}", suffix.trim_start_matches('_'))
        } else {
            format!("{new}{suffix}")
        }
    } else if rules.contains(PREFIX) {
        format!("{prefix}{new}")
    } else {
        new
    }
}

/// Where a missing file option goes: on a line of its own after the last
/// of the file's syntax, package and option statements.
fn insertion(file: &FileAt, statement: &str) -> Edit {
    let anchor = file
        .locations
        .iter()
        .filter(|(p, _)| match p[..] {
            [t] => [FILE_SYNTAX, FILE_EDITION, FILE_PACKAGE].contains(&(t as u32)),
            [t, _] => t == FILE_OPTIONS as i32,
            _ => false,
        })
        .map(|(_, (span, _))| if span.len() == 4 { span[2] } else { span[0] })
        .max();
    let text = &file.source.text;
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    match anchor {
        Some(line) => {
            let mut end = file.source.line_range(line as usize).end;
            if text[..end].ends_with('\r') {
                end -= 1;
            }
            Edit {
                range: end..end,
                text: format!("{newline}{statement}"),
            }
        }
        None => Edit {
            range: 0..0,
            text: format!("{statement}{newline}"),
        },
    }
}
