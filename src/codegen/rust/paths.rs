//! The matcher behind every path-valued prost option (`btree_map`,
//! `bytes`, `boxed`, `type_attribute`, ...): a rule names a fully
//! qualified path (`.pkg.Msg.field`), a suffix of one (`Msg.field`,
//! `field`), a package or message prefix (`.pkg`), or everything (`.`).

/// Rules in the order given, each with its value.
#[derive(Clone, Debug)]
pub struct PathMap<T> {
    rules: Vec<(String, T)>,
}

impl<T> Default for PathMap<T> {
    fn default() -> Self {
        PathMap { rules: Vec::new() }
    }
}

impl<T> PathMap<T> {
    pub fn insert(&mut self, rule: impl Into<String>, value: T) {
        self.rules.push((rule.into(), value));
    }

    /// The values of every rule that matches `path`, in the order given.
    pub fn all<'a>(&'a self, path: &str) -> impl Iterator<Item = &'a T> + 'a {
        let candidates: Vec<String> = candidates(path).map(str::to_string).collect();
        self.rules
            .iter()
            .filter(move |(rule, _)| candidates.iter().any(|c| c == rule))
            .map(|(_, v)| v)
    }

    /// The values of every rule that matches the field `field` of `path`.
    pub fn all_field<'a>(&'a self, path: &str, field: &str) -> impl Iterator<Item = &'a T> + 'a {
        self.all(&format!("{path}.{field}"))
    }

    /// The value of the most specific rule for `path`: the whole path,
    /// then its suffixes from the longest, its prefixes from the longest,
    /// and last `.`; among equal rules the first given.
    pub fn best(&self, path: &str) -> Option<&T> {
        candidates(path).find_map(|c| self.rules.iter().find(|(r, _)| r == c).map(|(_, v)| v))
    }

    /// [`best`](Self::best) for the field `field` of `path`.
    pub fn best_field(&self, path: &str, field: &str) -> Option<&T> {
        self.best(&format!("{path}.{field}"))
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// What a rule may be to match `path`, most specific first.
fn candidates(path: &str) -> impl Iterator<Item = &str> {
    let suffixes = std::iter::successors(Some(path), |p| {
        p.split_once('.')
            .map(|(_, rest)| rest)
            .filter(|r| !r.is_empty())
    })
    .skip(1);
    let prefixes = std::iter::successors(Some(path), |p| {
        p.rsplit_once('.')
            .map(|(head, _)| head)
            .filter(|h| !h.is_empty())
    })
    .skip(1);
    std::iter::once(path)
        .chain(suffixes)
        .chain(prefixes)
        .chain(std::iter::once("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_most_specific_first() {
        let all: Vec<&str> = candidates(".a.b.c").collect();
        assert_eq!(all, [".a.b.c", "a.b.c", "b.c", "c", ".a.b", ".a", "."]);
    }

    #[test]
    fn best_and_all() {
        let mut m = PathMap::default();
        m.insert(".", 1);
        m.insert("Msg.f", 2);
        m.insert(".pkg", 3);
        assert_eq!(m.best_field(".pkg.Msg", "f"), Some(&2));
        assert_eq!(m.best_field(".pkg.Msg", "g"), Some(&3));
        assert_eq!(m.best(".other.X"), Some(&1));
        let all: Vec<_> = m.all_field(".pkg.Msg", "f").collect();
        assert_eq!(all, [&1, &2, &3]);
    }
}
