//! Import-name resolution over `-I` roots, with protoc's rules.

#[path = "bundled.rs"]
mod bundled;

use std::path::{Path, PathBuf};

/// The text of a bundled well-known file, by import name.
pub fn bundled_file(name: &str) -> Option<&'static str> {
    bundled::BUNDLED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
}

/// One `-I` entry: `DIR`, or protoc's `VIRTUAL=DIR` mapping.
#[derive(Clone, Debug)]
struct Root {
    virtual_prefix: String,
    disk: PathBuf,
}

/// What reading a file by import name gave.
pub enum Found {
    Disk { text: String, path: String },
    Bundled(&'static str),
}

#[derive(Clone, Debug, Default)]
pub struct Resolver {
    roots: Vec<Root>,
    /// Texts read in place of the files at these disk paths.
    overlay: std::sync::Arc<std::collections::HashMap<PathBuf, String>>,
}

impl Resolver {
    pub fn new<S: AsRef<str>>(proto_paths: &[S]) -> Resolver {
        let mut roots = Vec::new();
        for p in proto_paths {
            // protoc splits each -I value on the platform path separator.
            for part in p.as_ref().split(':') {
                if part.is_empty() {
                    continue;
                }
                let (virt, disk) = match part.split_once('=') {
                    Some((v, d)) => (v.trim_end_matches('/').to_string(), d),
                    None => (String::new(), part),
                };
                roots.push(Root {
                    virtual_prefix: virt,
                    disk: PathBuf::from(disk),
                });
            }
        }
        Resolver {
            roots,
            ..Resolver::default()
        }
    }

    /// Roots from (virtual prefix, disk directory) pairs, as protoc's `-I` gives them.
    pub fn from_pairs(pairs: &[(String, String)]) -> Resolver {
        let roots = pairs
            .iter()
            .map(|(v, d)| Root {
                virtual_prefix: v.trim_end_matches('/').to_string(),
                disk: PathBuf::from(d),
            })
            .collect();
        Resolver {
            roots,
            ..Resolver::default()
        }
    }

    /// The same roots, with `texts` read in place of the files at those
    /// disk paths (which must exist).
    pub fn with_overlay(mut self, texts: std::collections::HashMap<PathBuf, String>) -> Resolver {
        self.overlay = std::sync::Arc::new(texts);
        self
    }

    /// The disk path of a file found under a root, as protoc names it in
    /// dependency files; `None` for bundled files and files not found.
    pub fn disk_path(&self, name: &str) -> Option<String> {
        self.candidates(name)
            .find(|(path, _)| path.is_file() && std::fs::File::open(path).is_ok())
            .map(|(_, shown)| shown)
    }

    /// Where each root would hold `name`: (disk path, path as protoc prints it).
    fn candidates<'a>(&'a self, name: &'a str) -> impl Iterator<Item = (PathBuf, String)> + 'a {
        self.roots.iter().filter_map(move |root| {
            let rest = strip_virtual(name, &root.virtual_prefix)?;
            let path = if rest.is_empty() {
                root.disk.clone()
            } else {
                root.disk.join(rest)
            };
            Some((path, display(&root.disk, rest)))
        })
    }

    /// For an import found under no root: a directory under one of the
    /// roots (a few levels down) that holds it, as the `-I` to add. The
    /// search is bounded, so it stays quick in a large tree.
    pub fn root_that_would_find(&self, name: &str) -> Option<String> {
        const MAX_DEPTH: usize = 3;
        const MAX_DIRS: usize = 2000;
        let mut seen = 0;
        for root in self.roots.iter().filter(|r| r.virtual_prefix.is_empty()) {
            let mut level = vec![root.disk.clone()];
            for _ in 0..MAX_DEPTH {
                let mut next = Vec::new();
                for dir in &level {
                    let Ok(entries) = std::fs::read_dir(dir) else {
                        continue;
                    };
                    for e in entries.flatten() {
                        seen += 1;
                        if seen > MAX_DIRS {
                            return None;
                        }
                        let path = e.path();
                        if !e.file_type().is_ok_and(|t| t.is_dir()) {
                            continue;
                        }
                        if path.join(name).is_file() {
                            return Some(
                                path.to_string_lossy().trim_start_matches("./").to_string(),
                            );
                        }
                        next.push(path);
                    }
                }
                level = next;
            }
        }
        None
    }

    /// The import paths as given, for messages.
    pub fn root_names(&self) -> Vec<String> {
        self.roots
            .iter()
            .map(|r| {
                let disk = r.disk.to_string_lossy();
                if r.virtual_prefix.is_empty() {
                    disk.into_owned()
                } else {
                    format!("{}={disk}", r.virtual_prefix)
                }
            })
            .collect()
    }

    /// Finds a file by its import name: each root in order, then the bundled files.
    pub fn find(&self, name: &str) -> Option<Found> {
        for (path, shown) in self.candidates(name) {
            if let Some(text) = self.overlay.get(&path) {
                return Some(Found::Disk {
                    text: text.clone(),
                    path: shown,
                });
            }
            if path.is_file() {
                if let Ok(text) = std::fs::read(&path) {
                    return Some(Found::Disk {
                        text: String::from_utf8(text)
                            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
                        path: shown,
                    });
                }
            }
        }
        bundled_file(name).map(Found::Bundled)
    }

    /// Whether [`Resolver::find`] finds `name`, without reading it.
    pub fn has(&self, name: &str) -> bool {
        self.candidates(name).any(|(path, _)| {
            self.overlay.contains_key(&path)
                || (path.is_file() && std::fs::File::open(&path).is_ok())
        }) || bundled_file(name).is_some()
    }

    /// Maps a file named on the command line to its import name, as protoc does:
    /// a path that exists on disk must lie under a root; otherwise the
    /// argument is taken as an import name already.
    pub fn input_to_import_name(&self, arg: &str) -> Result<String, String> {
        let as_disk = Path::new(arg);
        if !as_disk.exists() {
            if self.has(arg) {
                return Ok(arg.to_string());
            }
            return Err(format!(
                "Could not make proto path relative: {arg}: No such file or directory"
            ));
        }
        let normalized = normalize(arg);
        for root in &self.roots {
            let disk = normalize(&root.disk.to_string_lossy());
            let rest = if disk.is_empty() || disk == "." {
                (!normalized.starts_with('/')).then_some(normalized.as_str())
            } else if normalized == disk {
                // The root itself.
                Some("")
            } else {
                normalized
                    .strip_prefix(disk.as_str())
                    .and_then(|r| r.strip_prefix('/'))
            };
            if let Some(rest) = rest {
                if as_disk.is_dir() {
                    return Err(format!(
                        "Could not map to virtual file: {arg}: Input file is a directory."
                    ));
                }
                let virt = match (root.virtual_prefix.as_str(), rest) {
                    ("", rest) => rest.to_string(),
                    (prefix, "") => prefix.to_string(),
                    (prefix, rest) => format!("{prefix}/{rest}"),
                };
                return Ok(virt);
            }
        }
        if self.has(arg) {
            return Ok(arg.to_string());
        }
        Err(format!(
            "{arg}: File does not reside within any path specified using --proto_path (or -I).  You must specify a --proto_path which encompasses this file.  Note that the proto_path must be an exact prefix of the .proto file names -- protoc is too dumb to figure out when two paths (e.g. absolute and relative) are equivalent (it's harder than you think)."
        ))
    }
}

fn strip_virtual<'a>(name: &'a str, prefix: &str) -> Option<&'a str> {
    if prefix.is_empty() {
        // A root without a prefix holds relative names only.
        return (!name.starts_with('/')).then_some(name);
    }
    let rest = name.strip_prefix(prefix)?;
    if rest.is_empty() {
        Some(rest)
    } else {
        rest.strip_prefix('/')
    }
}

/// Canonical form protoc compares paths in: `.` segments and doubled slashes removed.
fn normalize(p: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if p.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

/// The disk path of a found file, as protoc prints it in messages.
fn display(root: &Path, rest: &str) -> String {
    let r = root.to_string_lossy();
    if r.is_empty() || r == "." {
        rest.to_string()
    } else if r.ends_with('/') {
        format!("{r}{rest}")
    } else {
        format!("{r}/{rest}")
    }
}
