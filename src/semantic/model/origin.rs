//! Where each entity of a file is declared: its source path, span and
//! comments, from the file's source information.

use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use super::{Comments, Origin};
use crate::descriptor as d;
use crate::semantic::lower::Locs;

/// The source locations of a file by path (the first of each path), and
/// for a compiled file the comments the compiler keeps, which the model
/// shares rather than copies.
pub(super) struct Locations<'a> {
    by_path: HashMap<&'a [i32], &'a d::Location>,
    comments: Option<HashMap<&'a [i32], &'a Arc<Comments>>>,
}

impl<'a> Locations<'a> {
    pub fn of(fd: &'a d::FileDescriptorProto, compiled: Option<&'a Locs>) -> Locations<'a> {
        let mut by_path = HashMap::default();
        if let Some(info) = &fd.source_code_info {
            for l in &info.location {
                by_path.entry(l.path.as_slice()).or_insert(l);
            }
        }
        let comments = compiled.map(|locs| {
            let mut map = HashMap::default();
            for (path, c) in locs.with_comments() {
                map.entry(path).or_insert(c);
            }
            map
        });
        Locations { by_path, comments }
    }

    pub fn origin(&self, path: &[i32]) -> Origin {
        let Some(l) = self.by_path.get(path) else {
            return Origin {
                path: path.into(),
                ..Origin::default()
            };
        };
        let span = match l.span[..] {
            [a, b, c] => Some([a, b, a, c]),
            [a, b, c, d] => Some([a, b, c, d]),
            _ => None,
        };
        Origin {
            path: path.into(),
            span,
            comments: match &self.comments {
                Some(shared) => shared.get(path).map(|&c| c.clone()),
                None => (l.leading_comments.is_some()
                    || l.trailing_comments.is_some()
                    || !l.leading_detached_comments.is_empty())
                .then(|| {
                    Arc::new(Comments {
                        leading: l.leading_comments.clone().unwrap_or_default(),
                        trailing: l.trailing_comments.clone().unwrap_or_default(),
                        detached: l.leading_detached_comments.clone(),
                    })
                }),
            },
        }
    }
}
