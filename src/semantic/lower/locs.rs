//! A file's source locations, stored compactly: every path in one buffer,
//! each location a slice of it with its span, and the comments (which few
//! locations have) beside them.

use std::sync::Arc;

use crate::source::Span;
use crate::syntax::ast::Comments;

/// The source locations of one file, in the order they were recorded.
#[derive(Clone, Debug, Default)]
pub struct Locs {
    /// The paths of all locations, one after another.
    paths: Vec<i32>,
    items: Vec<Item>,
    /// The comments of the locations that have any, by location index,
    /// in increasing index order.
    comments: Vec<(u32, Arc<Comments>)>,
}

/// One location: its path is `paths[start..start + len]`. Indices fit in
/// `u32` as source offsets do: a path has at most one element per token.
#[derive(Clone, Copy, Debug)]
struct Item {
    start: u32,
    len: u32,
    span: Span,
}

/// One location as read.
#[derive(Clone, Copy, Debug)]
pub struct Loc<'a> {
    pub path: &'a [i32],
    pub span: Span,
    pub comments: Option<&'a Arc<Comments>>,
}

impl Locs {
    /// Records a location whose path is `path` followed by `more`; returns
    /// its index.
    pub fn push(
        &mut self,
        path: &[i32],
        more: &[i32],
        span: Span,
        comments: Option<Arc<Comments>>,
    ) -> usize {
        let index = self.items.len();
        let start = self.paths.len() as u32;
        self.paths.extend_from_slice(path);
        self.paths.extend_from_slice(more);
        self.items.push(Item {
            start,
            len: (path.len() + more.len()) as u32,
            span,
        });
        if let Some(c) = comments {
            self.comments.push((index as u32, c));
        }
        index
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn path_of(&self, item: &Item) -> &[i32] {
        &self.paths[item.start as usize..(item.start + item.len) as usize]
    }

    /// The path of location `i`.
    pub fn path(&self, i: usize) -> &[i32] {
        self.path_of(&self.items[i])
    }

    /// Every location in order, with its comments.
    pub fn iter(&self) -> impl Iterator<Item = Loc<'_>> + '_ {
        let mut comments = self.comments.iter().peekable();
        self.items.iter().enumerate().map(move |(i, item)| {
            let c = comments
                .next_if(|(at, _)| *at as usize == i)
                .map(|(_, c)| c);
            Loc {
                path: self.path_of(item),
                span: item.span,
                comments: c,
            }
        })
    }

    /// The locations that have comments: (path, comments), in order.
    pub fn with_comments(&self) -> impl Iterator<Item = (&[i32], &Arc<Comments>)> + '_ {
        self.comments
            .iter()
            .map(|(i, c)| (self.path(*i as usize), c))
    }

    /// Gives location `i` the path `path`, in place when it fits.
    pub fn rename(&mut self, i: usize, path: &[i32]) {
        let item = &mut self.items[i];
        if path.len() <= item.len as usize {
            let start = item.start as usize;
            self.paths[start..start + path.len()].copy_from_slice(path);
        } else {
            item.start = self.paths.len() as u32;
            self.paths.extend_from_slice(path);
        }
        item.len = path.len() as u32;
    }

    /// Only the locations that have comments.
    pub fn comments_only(&self) -> Locs {
        let mut out = Locs::default();
        for &(i, ref c) in &self.comments {
            let item = &self.items[i as usize];
            out.push(self.path_of(item), &[], item.span, Some(c.clone()));
        }
        out.fit();
        out
    }

    /// Moves the locations into allocations of their exact size, for
    /// locations kept for the rest of the compilation.
    pub fn fit(&mut self) {
        super::fit(&mut self.paths);
        super::fit(&mut self.items);
        super::fit(&mut self.comments);
    }

    /// These locations without those whose path `drop` rejects.
    pub fn without(&self, mut drop: impl FnMut(&[i32]) -> bool) -> Locs {
        let mut out = Locs::default();
        for l in self.iter() {
            if !drop(l.path) {
                out.push(l.path, &[], l.span, l.comments.cloned());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(a: usize) -> Span {
        Span::new(a, a + 1)
    }

    #[test]
    fn paths_spans_and_comments_read_back_in_order() {
        let mut locs = Locs::default();
        let c = Arc::new(Comments {
            leading: " lead\n".into(),
            ..Default::default()
        });
        assert_eq!(locs.push(&[], &[], span(0), None), 0);
        assert_eq!(locs.push(&[4, 0], &[], span(1), Some(c.clone())), 1);
        assert_eq!(locs.push(&[4, 0], &[1], span(2), None), 2);
        let read: Vec<_> = locs
            .iter()
            .map(|l| (l.path.to_vec(), l.span.start, l.comments.is_some()))
            .collect();
        assert_eq!(
            read,
            vec![
                (vec![], 0, false),
                (vec![4, 0], 1, true),
                (vec![4, 0, 1], 2, false)
            ]
        );
        let commented: Vec<_> = locs.with_comments().map(|(p, _)| p.to_vec()).collect();
        assert_eq!(commented, vec![vec![4, 0]]);
    }

    #[test]
    fn renaming_keeps_the_other_locations() {
        let mut locs = Locs::default();
        locs.push(&[4, 0, 7], &[], span(0), None);
        locs.push(&[4, 0, 2], &[0], span(1), None);
        // Shorter: in place; longer: appended.
        locs.rename(0, &[4, 0]);
        assert_eq!(locs.path(0), &[4, 0]);
        assert_eq!(locs.path(1), &[4, 0, 2, 0]);
        locs.rename(1, &[4, 0, 7, 50000, 1, 2]);
        assert_eq!(locs.path(0), &[4, 0]);
        assert_eq!(locs.path(1), &[4, 0, 7, 50000, 1, 2]);
    }

    #[test]
    fn filtered_copies_keep_comments() {
        let mut locs = Locs::default();
        let c = Arc::new(Comments::default());
        locs.push(&[4, 0], &[], span(0), Some(c.clone()));
        locs.push(&[4, 0, 7], &[], span(1), Some(c));
        locs.push(&[4, 1], &[], span(2), None);
        let commented: Vec<_> = locs
            .comments_only()
            .iter()
            .map(|l| l.path.to_vec())
            .collect();
        assert_eq!(commented, vec![vec![4, 0], vec![4, 0, 7]]);
        let kept = locs.without(|p| p.starts_with(&[4, 0, 7]));
        let read: Vec<_> = kept
            .iter()
            .map(|l| (l.path.to_vec(), l.comments.is_some()))
            .collect();
        assert_eq!(read, vec![(vec![4, 0], true), (vec![4, 1], false)]);
    }
}
