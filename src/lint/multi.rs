//! The rules over a module's files together: packages and directories,
//! options shared by a package, request and response types, import cycles
//! between packages and stable packages importing unstable ones.

use std::collections::{BTreeMap, BTreeSet};

use super::rules::{dir_of, package_stability, quote, Stability};
use super::Lint;
use crate::descriptor::tags::*;
use crate::semantic::model::FileId;

/// Files of one directory must share a package.
pub(super) fn directory_rules(lint: &mut Lint, files: &[FileId]) {
    let model = lint.model;
    let mut by_dir: BTreeMap<String, Vec<FileId>> = BTreeMap::new();
    for &f in files {
        by_dir
            .entry(dir_of(&model[model.file(f).name]))
            .or_default()
            .push(f);
    }
    for (dir, group) in by_dir {
        let packages: BTreeSet<&str> = group
            .iter()
            .map(|&f| &model[model.file(f).package])
            .collect();
        if packages.len() < 2 {
            continue;
        }
        let named: Vec<&str> = packages.iter().copied().filter(|p| !p.is_empty()).collect();
        let joined = quote(&named.join(","));
        let prefix = match (packages.contains(""), named.len()) {
            (false, _) => format!("Multiple packages {joined}"),
            (true, 1) => format!("Package {joined} and file with no package"),
            (true, _) => format!("Multiple packages {joined} and file with no package"),
        };
        for &f in &group {
            lint.hit(
                f,
                Some(vec![FILE_PACKAGE as i32]),
                "DIRECTORY_SAME_PACKAGE",
                format!("{prefix} detected within directory {}.", quote(&dir)),
            );
        }
    }
}

/// Files of one package must sit in one directory and agree on the
/// language options.
pub(super) fn package_rules(lint: &mut Lint, files: &[FileId]) {
    let model = lint.model;
    let mut by_package: BTreeMap<&str, Vec<FileId>> = BTreeMap::new();
    for &f in files {
        by_package
            .entry(&model[model.file(f).package])
            .or_default()
            .push(f);
    }
    for (package, group) in by_package {
        let dirs: BTreeSet<String> = group
            .iter()
            .map(|&f| dir_of(&model[model.file(f).name]))
            .collect();
        if dirs.len() > 1 {
            let joined: Vec<&str> = dirs.iter().map(|s| s.as_str()).collect();
            for &f in &group {
                lint.hit(
                    f,
                    Some(vec![FILE_PACKAGE as i32]),
                    "PACKAGE_SAME_DIRECTORY",
                    format!(
                        "Multiple directories {} contain files with package {}.",
                        quote(&joined.join(",")),
                        quote(package)
                    ),
                );
            }
        }
        for (rule, option, tag, get) in SAME_OPTIONS {
            let values: BTreeSet<String> = group
                .iter()
                .map(|&f| get(&model.file(f).options).unwrap_or_default())
                .collect();
            if values.len() < 2 {
                continue;
            }
            let named: Vec<&str> = values
                .iter()
                .map(|s| s.as_str())
                .filter(|v| !v.is_empty())
                .collect();
            let message = if values.contains("") {
                format!(
                    "Files in package {} have both values {} and no value for option {} and all values must be equal.",
                    quote(package),
                    quote(&named.join(",")),
                    quote(option)
                )
            } else {
                format!(
                    "Files in package {} have multiple values {} for option {} and all values must be equal.",
                    quote(package),
                    quote(&named.join(",")),
                    quote(option)
                )
            };
            for &f in &group {
                let path = vec![FILE_OPTIONS as i32, tag as i32];
                let set = get(&model.file(f).options).is_some();
                lint.hit(f, set.then_some(path), rule, message.clone());
            }
        }
    }
}

/// How a file option's value is read for the PACKAGE_SAME_* rules.
pub(super) type OptionValue = fn(&crate::semantic::model::options::FileOptions) -> Option<String>;

/// The file options files of a package must agree on: the rule, the
/// option's name, its field number and its value.
pub(super) const SAME_OPTIONS: [(&str, &str, u32, OptionValue); 7] = [
    (
        "PACKAGE_SAME_CSHARP_NAMESPACE",
        "csharp_namespace",
        FILE_OPTIONS_CSHARP_NAMESPACE,
        |o| o.csharp_namespace.clone(),
    ),
    (
        "PACKAGE_SAME_GO_PACKAGE",
        "go_package",
        FILE_OPTIONS_GO_PACKAGE,
        |o| o.go_package.clone(),
    ),
    (
        "PACKAGE_SAME_JAVA_MULTIPLE_FILES",
        "java_multiple_files",
        FILE_OPTIONS_JAVA_MULTIPLE_FILES,
        |o| o.java_multiple_files.map(|b| b.to_string()),
    ),
    (
        "PACKAGE_SAME_JAVA_PACKAGE",
        "java_package",
        FILE_OPTIONS_JAVA_PACKAGE,
        |o| o.java_package.clone(),
    ),
    (
        "PACKAGE_SAME_PHP_NAMESPACE",
        "php_namespace",
        FILE_OPTIONS_PHP_NAMESPACE,
        |o| o.php_namespace.clone(),
    ),
    (
        "PACKAGE_SAME_RUBY_PACKAGE",
        "ruby_package",
        FILE_OPTIONS_RUBY_PACKAGE,
        |o| o.ruby_package.clone(),
    ),
    (
        "PACKAGE_SAME_SWIFT_PREFIX",
        "swift_prefix",
        FILE_OPTIONS_SWIFT_PREFIX,
        |o| o.swift_prefix.clone(),
    ),
];

/// Request and response types used by one RPC only.
pub(super) fn rpc_unique(lint: &mut Lint, files: &[FileId]) {
    let model = lint.model;
    let opts = lint.options.clone();
    const EMPTY: &str = "google.protobuf.Empty";
    // (file, path, method name, input, output)
    let mut methods = Vec::new();
    for &f in files {
        for (i, &s) in model.file(f).services.iter().enumerate() {
            for (j, &m) in model.service(s).methods.iter().enumerate() {
                let method = model.method(m);
                methods.push((
                    f,
                    vec![
                        FILE_SERVICE as i32,
                        i as i32,
                        SERVICE_METHOD as i32,
                        j as i32,
                    ],
                    &model[method.name],
                    &model[model.message(method.input).full_name],
                    &model[model.message(method.output).full_name],
                ));
            }
        }
    }
    let both_empty_allowed = opts.allow_empty_requests && opts.allow_empty_responses;
    for (f, path, name, input, output) in &methods {
        if !opts.allow_same_request_response
            && input == output
            && !(*input == EMPTY && both_empty_allowed)
        {
            lint.hit(
                *f,
                Some(path.clone()),
                "RPC_REQUEST_RESPONSE_UNIQUE",
                format!(
                    "RPC {} has the same type {} for the request and response.",
                    quote(name),
                    quote(input)
                ),
            );
        }
    }
    let mut users: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (k, (_, _, _, input, output)) in methods.iter().enumerate() {
        users.entry(input).or_default().push(k);
        if output != input {
            users.entry(output).or_default().push(k);
        }
    }
    for (ty, ks) in users {
        if ks.len() < 2 {
            continue;
        }
        if ty == EMPTY && (opts.allow_empty_requests || opts.allow_empty_responses) {
            if both_empty_allowed {
                continue;
            }
            let reqs: Vec<usize> = ks
                .iter()
                .copied()
                .filter(|&k| methods[k].3 == EMPTY)
                .collect();
            let resps: Vec<usize> = ks
                .iter()
                .copied()
                .filter(|&k| methods[k].4 == EMPTY)
                .collect();
            if !opts.allow_empty_requests && reqs.len() > 1 {
                for k in reqs {
                    let (f, path, ..) = &methods[k];
                    lint.hit(
                        *f,
                        Some(path.clone()),
                        "RPC_REQUEST_RESPONSE_UNIQUE",
                        format!("{} is used as the request for multiple RPCs.", quote(ty)),
                    );
                }
            }
            if !opts.allow_empty_responses && resps.len() > 1 {
                for k in resps {
                    let (f, path, ..) = &methods[k];
                    lint.hit(
                        *f,
                        Some(path.clone()),
                        "RPC_REQUEST_RESPONSE_UNIQUE",
                        format!("{} is used as the response for multiple RPCs.", quote(ty)),
                    );
                }
            }
            continue;
        }
        for k in ks {
            let (f, path, ..) = &methods[k];
            lint.hit(
                *f,
                Some(path.clone()),
                "RPC_REQUEST_RESPONSE_UNIQUE",
                format!(
                    "{} is used as the request or response type for multiple RPCs.",
                    quote(ty)
                ),
            );
        }
    }
}

/// Packages must not import each other in a cycle. The import graph spans
/// every file of the model, dependencies included.
pub(super) fn import_cycles(lint: &mut Lint, files: &[FileId]) {
    let model = lint.model;
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for f in &model.files {
        let from = &model[f.package];
        for imp in &f.imports {
            let to = &model[model.file(imp.file).package];
            if !from.is_empty() && !to.is_empty() && from != to {
                graph.entry(from).or_default().insert(to);
            }
        }
    }
    fn find<'a>(
        graph: &BTreeMap<&'a str, BTreeSet<&'a str>>,
        at: &'a str,
        path: &mut Vec<&'a str>,
    ) -> bool {
        if at == path[0] {
            path.push(at);
            return true;
        }
        if path.contains(&at) {
            return false;
        }
        path.push(at);
        for &next in graph.get(at).into_iter().flatten() {
            if find(graph, next, path) {
                return true;
            }
        }
        path.pop();
        false
    }
    for &f in files {
        let file = model.file(f);
        let from = &model[file.package];
        for (i, imp) in file.imports.iter().enumerate() {
            let to = &model[model.file(imp.file).package];
            if from.is_empty() || to.is_empty() || from == to {
                continue;
            }
            let mut path = vec![from];
            if find(&graph, to, &mut path) {
                lint.hit(
                    f,
                    Some(vec![FILE_DEPENDENCY as i32, i as i32]),
                    "PACKAGE_NO_IMPORT_CYCLE",
                    format!("Package import cycle: {}", path.join(" -> ")),
                );
            }
        }
    }
}

/// A stable package must not import an unstable one of the same module.
pub(super) fn stable_imports(lint: &mut Lint, files: &[FileId]) {
    let model = lint.model;
    for &f in files {
        let file = model.file(f);
        let package = &model[file.package];
        if package_stability(package) != Some(Stability::Stable) {
            continue;
        }
        for (i, imp) in file.imports.iter().enumerate() {
            if !files.contains(&imp.file) {
                continue;
            }
            let target = model.file(imp.file);
            let imported = &model[target.package];
            if matches!(package_stability(imported), Some(s) if s != Stability::Stable) {
                lint.hit(f, Some(vec![FILE_DEPENDENCY as i32, i as i32]), "STABLE_PACKAGE_NO_IMPORT_UNSTABLE", format!(
                    "This file is in stable package {}, so it should not depend on {} from unstable package {}.",
                    quote(package),
                    quote(&model[target.name]),
                    quote(imported)
                ));
            }
        }
    }
}
