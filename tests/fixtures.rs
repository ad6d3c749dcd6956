//! Snapshots over fixtures/: each valid file's descriptor as text, each
//! invalid file's diagnostics, plus invariants checked on every fixture
//! (no panic, deterministic output).

mod common;

use protogen::descriptor::text::to_text;
use protogen::diagnostics::{render_gcc, render_human};
use protogen::driver::compile;
use protogen::driver::Invocation;
use protogen::semantic::export::{export_file, ExportOptions};

fn args(kind: &str, name: &str) -> Invocation {
    Invocation {
        proto_path: vec![
            (String::new(), format!("fixtures/{kind}")),
            (String::new(), "fixtures/common".into()),
        ],
        include_source_info: true,
        inputs: vec![name.to_string()],
        ..Default::default()
    }
}

/// Compiles one fixture; the descriptor set when it compiled.
fn run(kind: &str, name: &str) -> (protogen::driver::Outcome, Option<Vec<u8>>) {
    let inv = args(kind, name);
    let out = compile(&inv, &Default::default());
    let set = out.descriptor_set(&inv);
    (out, set)
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn ok_fixtures() {
    std::env::set_current_dir(common::repo()).unwrap();
    insta::glob!("../fixtures", "ok/*.proto", |path| {
        let name = file_name(path);
        let (out, set) = run("ok", &name);
        let c = &out.compilation;
        let diags: Vec<String> = c.diags.iter().map(|d| render_gcc(d, &c.sources)).collect();
        let Some(bytes) = set else {
            // Parity with protoc is the differential test's concern; record what happened.
            insta::assert_snapshot!(format!("REJECTED\n{}", diags.join("\n")));
            return;
        };
        // The same input gives the same bytes.
        let again = run("ok", &name).1.unwrap();
        assert_eq!(bytes, again, "{name}: output not deterministic");
        let root = c.roots[0].unwrap();
        let fd = export_file(
            &c.pool,
            &c.sources,
            root,
            ExportOptions {
                include_json_name: true,
                ..Default::default()
            },
        );
        let mut text = to_text(&fd);
        if !diags.is_empty() {
            text.push_str("\n# diagnostics\n");
            text.push_str(&diags.join("\n"));
        }
        insta::assert_snapshot!(text);
    });
}

#[test]
fn err_fixtures() {
    std::env::set_current_dir(common::repo()).unwrap();
    insta::glob!("../fixtures", "err/*.proto", |path| {
        let name = file_name(path);
        let (out, set) = run("err", &name);
        let c = &out.compilation;
        let msgs: Vec<String> = c.diags.iter().map(|d| render_gcc(d, &c.sources)).collect();
        if set.is_none() {
            assert!(
                c.has_errors() || !out.setup_errors.is_empty(),
                "{name}: no output but no error"
            );
        }
        // Every diagnostic positioned in a file lies within it.
        for d in &c.diags {
            if let (Some(src), Some(span)) = (d.source, d.span) {
                assert!(
                    span.start <= span.end && span.end as usize <= c.sources[src].text.len(),
                    "{name}: span out of bounds"
                );
            }
        }
        let verdict = if set.is_some() {
            "ACCEPTED"
        } else {
            "rejected"
        };
        // The labelled report a user sees, follow-on errors left out as the
        // human format leaves them out.
        let human: Vec<String> = c
            .diags
            .iter()
            .filter(|d| !d.follow_on)
            .map(|d| render_human(d, &c.sources, false).trim_end().to_string())
            .collect();
        insta::assert_snapshot!(format!(
            "{verdict}\n{}\n\n# human\n{}",
            msgs.join("\n"),
            human.join("\n")
        ));
    });
}
