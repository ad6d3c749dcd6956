//! Generated files held in memory until every generator has succeeded, then
//! written to a directory or an archive: the one place protogen writes
//! generated code.

use std::collections::BTreeMap;
use std::path::Path;

use crate::descriptor::plugin::ResponseFile;

/// The files bound for one output location, shared by every generator that
/// writes there (so one can insert into another's file).
#[derive(Default, Debug)]
pub struct OutputDir {
    files: BTreeMap<String, Vec<u8>>,
    /// Problems with what the generators asked for; the location is not written.
    errors: Vec<String>,
}

/// Where one run of chunks goes.
enum Target {
    New(String),
    Insert { file: String, point: String },
}

impl OutputDir {
    /// Adds the files of a generator's response. Consecutive chunks without
    /// a name continue the file before them.
    /// Takes a response's files, their contents moved, not copied.
    pub fn add_response(
        &mut self,
        files: Vec<ResponseFile>,
        generator: &str,
    ) -> Result<(), String> {
        let mut current: Option<(Target, Vec<u8>)> = None;
        for f in files {
            let name = f.name.unwrap_or_default();
            let content = f.content.unwrap_or_default();
            let point = f.insertion_point.unwrap_or_default();
            if !point.is_empty() || !name.is_empty() {
                if let Some((t, data)) = current.take() {
                    self.commit(t, data);
                }
                let target = if point.is_empty() {
                    Target::New(name)
                } else {
                    Target::Insert { file: name, point }
                };
                current = Some((target, content));
            } else if let Some((_, data)) = &mut current {
                data.extend_from_slice(&content);
            } else {
                return Err(format!(
                    "{generator}: First file chunk returned by plugin did not specify a file name."
                ));
            }
        }
        if let Some((t, data)) = current {
            self.commit(t, data);
        }
        Ok(())
    }

    fn commit(&mut self, target: Target, data: Vec<u8>) {
        match target {
            Target::New(name) => {
                if self.files.contains_key(&name) {
                    self.errors
                        .push(format!("{name}: Tried to write the same file twice."));
                } else {
                    self.files.insert(name, data);
                }
            }
            Target::Insert { file, point } => {
                if let Err(e) = self.insert(&file, &point, data) {
                    self.errors.push(e);
                }
            }
        }
    }

    /// Inserts `data` at `@@protoc_insertion_point(POINT)` in `file`: before
    /// the line holding the marker, indented as that line is, or right
    /// before an inline `/* @@protoc_insertion_point(POINT) */`.
    fn insert(&mut self, file: &str, point: &str, mut data: Vec<u8>) -> Result<(), String> {
        if data.last().is_some_and(|&b| b != b'\n') {
            data.push(b'\n');
        }
        let Some(target) = self.files.get_mut(file) else {
            return Err(format!(
                "{file}: Tried to insert into file that doesn't exist."
            ));
        };
        let marker = format!("@@protoc_insertion_point({point})");
        let Some(found) = find(target, marker.as_bytes()) else {
            return Err(format!("{file}: insertion point \"{point}\" not found."));
        };
        let pos = if found > 3 && &target[found - 3..found - 1] == b"/*" {
            found - 3
        } else {
            target[..found]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1)
        };
        let indent_len = target[pos..]
            .iter()
            .position(|&b| b != b' ' && b != b'\t')
            .unwrap_or(target.len() - pos);
        let indent = target[pos..pos + indent_len].to_vec();
        let mut block = Vec::with_capacity(data.len());
        for line in data.split_inclusive(|&b| b == b'\n') {
            block.extend_from_slice(&indent);
            block.extend_from_slice(line);
        }
        target.splice(pos..pos, block);
        Ok(())
    }

    /// Names of the files, in the order they are written.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(|s| s.as_str())
    }

    pub fn add_jar_manifest(&mut self) {
        self.files
            .entry("META-INF/MANIFEST.MF".into())
            .or_insert_with(|| b"Manifest-Version: 1.0\nCreated-By: 1.6.0 (protoc)\n\n".to_vec());
    }

    /// Checks everything that can fail before any byte is written: errors
    /// from the generators, and names that would land outside the location.
    pub fn validate(&self, allow_escape: bool) -> Result<(), String> {
        if !self.errors.is_empty() {
            return Err(self.errors.join("\n"));
        }
        if allow_escape {
            return Ok(());
        }
        for name in self.files.keys() {
            if name.contains("..") {
                return Err(format!(
                    "Output file names must never have a relative path. ({name}). Use --unsafe_allow_out_dir_escape to disable this error if intentional."
                ));
            }
            if name.starts_with('/') || name.starts_with('\\') {
                return Err(format!(
                    "Output file names must be relative to the output location. ({name}). Use --unsafe_allow_out_dir_escape to disable this error if intentional."
                ));
            }
        }
        Ok(())
    }

    /// Writes every file under the directory `prefix` (which must exist),
    /// creating subdirectories as needed.
    pub fn write_to_disk(&self, prefix: &str) -> Result<(), String> {
        missing_directory(prefix)?;
        for (name, data) in &self.files {
            let path = format!("{prefix}{name}");
            if let Some(parent) = Path::new(&path).parent() {
                std::fs::create_dir_all(parent).map_err(|e| {
                    format!(
                        "{name}: while trying to create directory {}: {e}",
                        parent.display()
                    )
                })?;
            }
            std::fs::write(&path, data).map_err(|e| format!("{path}: {e}"))?;
        }
        Ok(())
    }

    /// Writes every file into the ZIP archive `path`.
    pub fn write_to_zip(&self, path: &str) -> Result<(), String> {
        let bytes = super::zip::archive(self.files.iter().map(|(n, d)| (n.as_str(), d.as_slice())));
        std::fs::write(path, bytes).map_err(|e| format!("{path}: {e}"))
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, point: &str, content: &str) -> ResponseFile {
        ResponseFile {
            name: (!name.is_empty()).then(|| name.to_string()),
            insertion_point: (!point.is_empty()).then(|| point.to_string()),
            content: Some(content.as_bytes().to_vec()),
            generated_code_info: None,
        }
    }

    #[test]
    fn insertion_points_and_chunks() {
        let mut dir = OutputDir::default();
        dir.add_response(
            vec![
                file("a.txt", "", "head\n  // @@protoc_insertion_point(body)\n"),
                file("", "", "tail /* @@protoc_insertion_point(inline) */\n"),
                file("a.txt", "body", "one\ntwo"),
                file("a.txt", "inline", "x"),
            ],
            "gen",
        )
        .unwrap();
        let a = String::from_utf8(dir.files["a.txt"].clone()).unwrap();
        assert_eq!(
            a,
            "head\n  one\n  two\n  // @@protoc_insertion_point(body)\ntail x\n/* @@protoc_insertion_point(inline) */\n"
        );
    }

    #[test]
    fn refused_outputs() {
        let mut dir = OutputDir::default();
        assert!(dir.add_response(vec![file("", "", "x")], "gen").is_err());
        dir.add_response(vec![file("a", "", ""), file("a", "", "")], "gen")
            .unwrap();
        assert!(dir
            .validate(false)
            .unwrap_err()
            .contains("Tried to write the same file twice"));
        let mut dir = OutputDir::default();
        dir.add_response(vec![file("../x", "", "")], "gen").unwrap();
        assert!(dir.validate(false).is_err());
        assert!(dir.validate(true).is_ok());
        let mut dir = OutputDir::default();
        dir.add_response(vec![file("a", "nowhere", "")], "gen")
            .unwrap();
        assert!(dir.validate(false).is_err());
    }
}

/// The error for an output directory that does not exist.
pub fn missing_directory(prefix: &str) -> Result<(), String> {
    if !prefix.is_empty() && !Path::new(prefix).exists() {
        return Err(format!("{prefix}: No such file or directory"));
    }
    Ok(())
}
