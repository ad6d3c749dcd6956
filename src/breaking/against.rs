//! The AGAINST input: a directory (a buf workspace), a FileDescriptorSet
//! (`.binpb`, `.pb`), or a git ref of the enclosing repository
//! (`.git#branch=main`, `#tag=`, `#ref=`, with `subdir=`).

use std::path::{Path, PathBuf};

use super::Image;
use crate::diagnostics::Finding;
use crate::workspace::Workspace;

pub enum Error {
    /// The previous version does not compile: its errors, as findings.
    Compile(Vec<Finding>),
    Failure(String),
}

pub enum Against {
    /// A workspace, with the checkout it was extracted to, removed once
    /// the comparison is done.
    Workspace(Workspace, #[allow(dead_code)] Option<TempDir>),
    Set(crate::descriptor::FileDescriptorSet),
}

/// A directory removed when dropped.
pub struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn open(spec: &str, config: Option<&str>) -> Result<Against, String> {
    if let Some((repo, params)) = git_spec(spec) {
        return checkout(repo, &params, config);
    }
    let path = Path::new(spec);
    if path.is_file() {
        let bytes = std::fs::read(path).map_err(|e| format!("{spec}: {e}"))?;
        let set = crate::descriptor::FileDescriptorSet::decode(&bytes)
            .map_err(|_| format!("against image: {spec}: not a FileDescriptorSet"))?;
        return Ok(Against::Set(set));
    }
    Ok(Against::Workspace(Workspace::open(spec, config)?, None))
}

impl Against {
    /// Whether `--path`/`--exclude-path` (`selected`, on paths as shown)
    /// leave any file of a directory AGAINST; buf fails when none is left.
    /// A git checkout or a descriptor set is taken whole.
    pub fn targets_any(&self, selected: &dyn Fn(&str) -> bool) -> bool {
        match self {
            Against::Workspace(ws, None) => ws
                .modules
                .iter()
                .any(|m| ws.files(m).iter().any(|f| selected(&ws.shown_path(m, f)))),
            _ => true,
        }
    }

    /// The image paired with the input's module `k`: the files `selected`
    /// keeps (of a directory AGAINST) and, with `limit`, only those the
    /// current image has.
    pub fn image(
        &self,
        k: usize,
        limit: Option<&Image>,
        selected: &dyn Fn(&str) -> bool,
    ) -> Result<Image, Error> {
        let keep = |name: &str| {
            limit.map_or(true, |cur| {
                cur.model.files.iter().any(|f| &cur.model[f.name] == name)
            })
        };
        match self {
            Against::Set(set) => {
                if k > 0 {
                    return Err(Error::Failure(format!(
                        "input contained {} images, whereas against contained 1 images",
                        k + 1
                    )));
                }
                let mut set = set.clone();
                set.file.retain(|f| keep(f.name.as_deref().unwrap_or("")));
                Image::of_descriptors(set)
                    .map_err(|e| Error::Failure(format!("against image: {e}")))
            }
            Against::Workspace(ws, checkout) => {
                let module = ws.modules.get(k).ok_or_else(|| {
                    Error::Failure(format!(
                        "input contained {} images, whereas against contained {} images",
                        k + 1,
                        ws.modules.len()
                    ))
                })?;
                let targets: Vec<String> = ws
                    .files(module)
                    .into_iter()
                    .filter(|f| {
                        keep(f) && (checkout.is_some() || selected(&ws.shown_path(module, f)))
                    })
                    .collect();
                Image::of_module(ws, module, &targets).map_err(Error::Compile)
            }
        }
    }
}

/// `path.git#k=v,k=v` (or `path.git` alone): the repository and the
/// parameters.
fn git_spec(spec: &str) -> Option<(&str, Vec<(String, String)>)> {
    let (repo, params) = spec.split_once('#').unwrap_or((spec, ""));
    if !repo.ends_with(".git") {
        return None;
    }
    let params = params
        .split(',')
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Some((repo, params))
}

/// Extracts the ref's tree into a temporary directory.
fn checkout(
    repo: &str,
    params: &[(String, String)],
    config: Option<&str>,
) -> Result<Against, String> {
    let get = |k: &str| {
        params
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let git_ref = get("ref")
        .or(get("tag"))
        .or(get("branch"))
        .unwrap_or("HEAD")
        .to_string();
    let dir = std::env::temp_dir().join(format!(
        "protogen-against-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    ));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let tmp = TempDir(dir.clone());
    let archive = std::process::Command::new("git")
        .arg("--git-dir")
        .arg(repo)
        .args(["archive", "--format=tar", &git_ref])
        .output()
        .map_err(|e| format!("git: {e}"))?;
    if !archive.status.success() {
        return Err(format!(
            "{repo}#{git_ref}: {}",
            String::from_utf8_lossy(&archive.stderr).trim()
        ));
    }
    let mut tar = std::process::Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(&dir)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("tar: {e}"))?;
    {
        use std::io::Write;
        let mut stdin = tar.stdin.take().ok_or("tar: no stdin")?;
        stdin
            .write_all(&archive.stdout)
            .map_err(|e| format!("tar: {e}"))?;
    }
    tar.wait().map_err(|e| format!("tar: {e}"))?;
    let root = match get("subdir") {
        Some(sub) => dir.join(sub),
        None => dir.clone(),
    };
    let ws = Workspace::open(&root.to_string_lossy(), config)?;
    Ok(Against::Workspace(ws, Some(tmp)))
}
