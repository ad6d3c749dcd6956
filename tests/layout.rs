//! The shape of the code: modules depend one way (no import circle between
//! the top-level modules, nor between the stages of `semantic`), and no
//! source file grows past the size a reader can hold.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The longest a source file may be, in lines.
const MAX_LINES: usize = 850;

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The unit a file belongs to: its top-level module, or for `semantic`
/// its stage (`semantic::check`, ...; `semantic` itself for its root).
fn unit_of(rel: &Path) -> String {
    let parts: Vec<String> = rel
        .with_extension("")
        .iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    match parts.as_slice() {
        [top, stage, ..] if top == "semantic" && stage != "mod" => format!("semantic::{stage}"),
        [top, ..] => top.clone(),
        [] => String::new(),
    }
}

/// The unit a `crate::a::b` path names.
fn unit_of_path(a: &str, b: Option<&str>, units: &BTreeSet<String>) -> String {
    if a == "semantic" {
        if let Some(b) = b {
            let stage = format!("semantic::{b}");
            if units.contains(&stage) {
                return stage;
            }
        }
    }
    a.to_string()
}

fn edges(src: &Path) -> (BTreeMap<String, BTreeSet<String>>, Vec<(PathBuf, usize)>) {
    let mut files = Vec::new();
    sources(src, &mut files);
    let units: BTreeSet<String> = files
        .iter()
        .map(|f| unit_of(f.strip_prefix(src).unwrap()))
        .collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut long = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let lines = text.lines().count();
        if lines > MAX_LINES {
            long.push((f.clone(), lines));
        }
        let unit = unit_of(f.strip_prefix(src).unwrap());
        let mut rest = text.as_str();
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let ident = |s: &str| -> String {
                s.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect()
            };
            let a = ident(rest);
            let after = &rest[a.len()..];
            let b = after.strip_prefix("::").map(ident);
            let target = unit_of_path(&a, b.as_deref(), &units);
            if units.contains(&target) && target != unit {
                graph.entry(unit.clone()).or_default().insert(target);
            }
        }
    }
    (graph, long)
}

/// A dependency circle, if there is one, as the units along it.
fn circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        stack.push(n.to_string());
        for m in graph.get(n).into_iter().flatten() {
            match state.get(m.as_str()) {
                Some(1) => {
                    let at = stack.iter().position(|s| s == m).unwrap();
                    let mut c = stack[at..].to_vec();
                    c.push(m.clone());
                    return Some(c);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(m, graph, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in graph.keys() {
        if !state.contains_key(n) {
            if let Some(c) = visit(n, graph, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn modules_depend_one_way_and_files_stay_short() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (graph, long) = edges(&src);
    assert!(
        graph.contains_key("semantic::check") && graph.contains_key("driver"),
        "the module graph was read: {graph:?}"
    );
    if let Some(c) = circle(&graph) {
        panic!("import circle: {}", c.join(" -> "));
    }
    assert!(long.is_empty(), "files over {MAX_LINES} lines: {long:?}");
}

#[test]
fn a_circle_is_found() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    assert_eq!(circle(&g), None);
    g.entry("c".into()).or_default().insert("a".into());
    assert_eq!(circle(&g).unwrap(), ["a", "b", "c", "a"]);
}
