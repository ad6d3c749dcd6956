//! Malformed input never crashes the compiler: every fixture, cut short and
//! corrupted in many ways, compiles to diagnostics or output, never to an
//! internal error.

mod common;

use protogen::driver::compile;
use protogen::driver::Invocation;

/// A small deterministic generator, so failures reproduce.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn variants(text: &[u8], rng: &mut Lcg) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let n = text.len();
    for k in 1..=4 {
        out.push(text[..n * k / 5].to_vec());
    }
    const JUNK: &[&[u8]] = &[
        b"{", b"}", b";", b"\"", b"/*", b"=", b"[", b"]", b"(", b"<", b"-", b".", b"\xff", b"0x",
        b"1e", b"'", b"\\",
    ];
    for _ in 0..12 {
        let mut v = text.to_vec();
        let at = rng.below(n);
        match rng.below(3) {
            0 => {
                let len = rng.below(8).min(n - at);
                v.drain(at..at + len);
            }
            1 => {
                let junk = JUNK[rng.below(JUNK.len())];
                v.splice(at..at, junk.iter().copied());
            }
            _ => {
                if at < v.len() {
                    v[at] = b" {};=[]()<>\"'./-0aZ"[rng.below(19)];
                }
            }
        }
        out.push(v);
    }
    out
}

#[test]
fn corrupted_fixtures_never_crash() {
    let repo = common::repo();
    let dir = std::env::temp_dir().join(format!("protogen-robust-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut rng = Lcg(0x5eed);
    let mut count = 0;
    for kind in ["ok", "err"] {
        let mut names: Vec<_> = std::fs::read_dir(repo.join("fixtures").join(kind))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        names.sort();
        for path in names
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "proto"))
        {
            let text = std::fs::read(&path).unwrap();
            for v in variants(&text, &mut rng) {
                let file = dir.join("case.proto");
                std::fs::write(&file, &v).unwrap();
                let args = Invocation {
                    proto_path: vec![
                        (String::new(), dir.display().to_string()),
                        (
                            String::new(),
                            repo.join("fixtures/common").display().to_string(),
                        ),
                    ],
                    include_source_info: true,
                    inputs: vec!["case.proto".into()],
                    ..Default::default()
                };
                let out = compile(&args, &Default::default());
                let set = out.descriptor_set(&args);
                let c = &out.compilation;
                for d in &c.diags {
                    assert!(
                        !d.message.starts_with("internal error"),
                        "{} (variant {count}): {}\n--- input ---\n{}",
                        path.display(),
                        d.message,
                        String::from_utf8_lossy(&v)
                    );
                    if let (Some(src), Some(span)) = (d.source, d.span) {
                        assert!(
                            span.start <= span.end
                                && span.end as usize <= c.sources[src].text.len()
                        );
                    }
                }
                assert!(set.is_some() || c.has_errors() || !out.setup_errors.is_empty());
                count += 1;
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!("{count} corrupted inputs compiled without a crash");
}

/// Found by the parse fuzz target: a backslash as the last byte of an
/// unterminated string gave a lexer error ending past the input.
#[test]
fn backslash_at_end_of_input_stays_in_bounds() {
    for text in ["syntax = \"proto2\";\noption x = \"\\x7g\\", "\"\\", "'a\\"] {
        let lexed = protogen::syntax::lexer::lex(text);
        assert!(!lexed.errors.is_empty(), "{text:?}: no error");
        for e in &lexed.errors {
            assert!(
                e.span.start <= e.span.end && e.span.end as usize <= text.len(),
                "{text:?}: error span {:?} outside a {}-byte input",
                e.span,
                text.len()
            );
        }
    }
}

/// The built-in generators write the same bytes on one thread and on
/// many (`PROTOGEN_THREADS`), for every generator over the Rust and Python
/// fixtures.
#[test]
fn generated_files_do_not_depend_on_the_thread_count() {
    let dir = common::repo().join("fixtures/codegen/prost/shapes");
    let files = proto_files(&dir);
    let flags = [
        "--prost_out=OUT".to_string(),
        "--tonic_out=OUT".to_string(),
        "--python_out=OUT".to_string(),
        "--pyi_out=OUT".to_string(),
        "--grpc_python_out=OUT".to_string(),
    ];
    let mut runs = Vec::new();
    for threads in ["1", "2", "7"] {
        let mut cmd = common::protogen();
        cmd.env("PROTOGEN_THREADS", threads);
        let tag = format!("threads{threads}");
        runs.push(common::codegen::generate(
            cmd,
            &dir,
            &[".".into()],
            &files,
            &flags,
            &tag,
        ));
    }
    assert!(runs[0].len() > 20, "{:?}", runs[0].keys());
    for run in &runs[1..] {
        assert_eq!(
            common::codegen::differences(&runs[0], run),
            Vec::<String>::new()
        );
    }
}

/// Found by the plugin_request fuzz target: a request whose source
/// locations name a nested message the descriptor does not have (its
/// path's `nested_type` tag mutated) made the span lookup for an error
/// index past the file's messages. The request is answered.
#[test]
fn locations_of_missing_messages_are_ignored() {
    let bytes = std::fs::read(
        common::repo().join("fuzz/regressions/plugin_request/location_of_a_missing_nested_message"),
    )
    .unwrap();
    let response = protogen::plugin::guest::respond(None, &bytes);
    let error = response.error.unwrap_or_default();
    assert!(
        !error.contains("internal error"),
        "an internal error: {error}"
    );
    assert!(!error.is_empty() || !response.file.is_empty());
}

/// The names of the .proto files directly in `dir`, sorted.
fn proto_files(dir: &std::path::Path) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".proto"))
        .collect();
    files.sort();
    files
}

/// A compilation reports and writes the same on one thread and on many
/// (`PROTOGEN_THREADS`; other threads read files ahead of the compiler,
/// export runs in parallel): the Rust fixtures in one command line, which
/// compile, then all valid fixtures (which clash with each other) and all
/// invalid ones, whose diagnostics must come in the same order.
#[test]
fn compilations_do_not_depend_on_the_thread_count() {
    let repo = common::repo();
    for (dir, compiles) in [
        ("fixtures/codegen/prost/shapes", true),
        ("fixtures/ok", false),
        ("fixtures/err", false),
    ] {
        let files = proto_files(&repo.join(dir));
        let out = std::env::temp_dir().join(format!("protogen-threads-{}", std::process::id()));
        let mut runs = Vec::new();
        for threads in ["1", "2", "7"] {
            let set = out.with_extension(format!("{threads}.pb"));
            let result = common::protogen()
                .current_dir(&repo)
                .env("PROTOGEN_THREADS", threads)
                .args(["--include_imports", "--include_source_info"])
                .arg(format!("-I{dir}"))
                .arg("-Ifixtures/common")
                .arg(format!("--descriptor_set_out={}", set.display()))
                .args(&files)
                .output()
                .unwrap();
            let written = std::fs::read(&set).ok();
            let _ = std::fs::remove_file(&set);
            runs.push((result.status.code(), result.stderr, written));
        }
        let (status, stderr, written) = &runs[0];
        if compiles {
            assert!(
                written.as_ref().is_some_and(|w| w.len() > 10_000),
                "{dir}: {}",
                String::from_utf8_lossy(stderr)
            );
        } else {
            assert_eq!(*status, Some(1), "{dir}");
            assert!(stderr.len() > 10_000 && written.is_none(), "{dir}");
        }
        for run in &runs[1..] {
            assert_eq!(run.0, *status, "{dir}: exit status");
            assert!(
                run.1 == *stderr,
                "{dir}: diagnostics differ:\n{}",
                String::from_utf8_lossy(&run.1)
            );
            assert!(run.2 == *written, "{dir}: descriptor sets differ");
        }
    }
}

/// Without source information or generators, each file's locations are
/// freed once it is compiled; a diagnostic that needs a position in a file
/// compiled earlier (a symbol defined twice, say) makes the compilation
/// start again keeping them. The diagnostics are the same as with source
/// information asked for: all valid fixtures in one command line (which
/// clash with each other across files) and all invalid ones, in both
/// report formats.
#[test]
fn diagnostics_do_not_depend_on_kept_locations() {
    let repo = common::repo();
    let out_dir = common::scratch("kept-locations");
    for dir in ["fixtures/ok", "fixtures/err"] {
        let files = proto_files(&repo.join(dir));
        for format in ["--error_format=gcc", "--error_format=human"] {
            // Every location kept (source information), the comments only
            // (a built-in generator's run, the compilation then freed), or
            // none (a descriptor set alone).
            let run = |keep: &str| {
                let mut cmd = common::protogen();
                cmd.current_dir(&repo)
                    .arg(format)
                    .arg(format!("-I{dir}"))
                    .arg("-Ifixtures/common");
                match keep {
                    "all" => {
                        cmd.args(["--include_imports", "--include_source_info", "-o/dev/null"])
                    }
                    "comments" => cmd.arg(format!("--python_out={}", out_dir.display())),
                    _ => cmd.args(["--include_imports", "-o/dev/null"]),
                };
                let out = cmd.args(&files).output().unwrap();
                (
                    out.status.code(),
                    String::from_utf8_lossy(&out.stderr).into_owned(),
                )
            };
            let (kept_status, kept) = run("all");
            assert_eq!(kept_status, Some(1), "{dir}");
            assert!(kept.contains("already defined"), "{dir}: {kept}");
            for keep in ["comments", "none"] {
                let (freed_status, freed) = run(keep);
                assert_eq!(freed_status, kept_status, "{dir} {format} {keep}");
                assert!(
                    freed == kept,
                    "{dir} {format} {keep}: diagnostics differ:\n{freed}"
                );
            }
        }
    }
}

/// The compiler frees a compiled file's text unless a diagnostic points
/// into it; a diagnostic that comes to point there later (a clash with a
/// declaration in an imported file, say) has the compilation redone. Each
/// invalid fixture, compiled alone, reports exactly what a compilation
/// keeping every text reports, excerpts included, and every diagnostic
/// points into a file whose text is there.
#[test]
fn diagnostics_do_not_depend_on_kept_texts() {
    use protogen::semantic::{compile_reading, compile_with_sets, Positions};
    let repo = common::repo();
    let roots: Vec<String> = ["fixtures/err", "fixtures/common"]
        .iter()
        .map(|d| repo.join(d).display().to_string())
        .collect();
    let resolver = protogen::source::Resolver::new(&roots);
    let render = |c: &protogen::semantic::Compilation| -> String {
        c.diags
            .iter()
            .map(|d| protogen::diagnostics::render_human(d, &c.sources, false))
            .collect()
    };
    let mut across_files = 0;
    for file in proto_files(&repo.join("fixtures/err")) {
        let names = [file.clone()];
        let kept = compile_with_sets(&resolver, None, &names);
        for positions in [Positions::All, Positions::Comments, Positions::None] {
            let freed = compile_reading(&resolver, None, &names, positions);
            for d in &freed.diags {
                for s in d.sources() {
                    assert!(!freed.sources[s].is_released(), "{file}: {d:?}");
                }
            }
            assert_eq!(render(&freed), render(&kept), "{file} {positions:?}");
        }
        // A diagnostic with a label in another file than its own: the
        // compilation that freed texts was redone, so kept them all.
        let into_other_file = kept.diags.iter().any(|d| {
            d.secondary
                .iter()
                .any(|l| d.source.is_some_and(|s| s != l.source))
        });
        let freed = compile_reading(&resolver, None, &names, Positions::None);
        if into_other_file && freed.sources.iter().all(|s| !s.is_released()) {
            across_files += 1;
        }
    }
    // The fixtures include clashes with imported files, which need the redo.
    assert!(across_files > 0, "no fixture needed the redo");
}

/// The checks the command line's path leaves for later find what they
/// would have found in their place: a check error in an imported file
/// fails its importers, a check warning keeps its place among the
/// diagnostics, exactly as in a compilation that runs every check in its
/// place. Either report has the compilation redone (its texts are then
/// all kept); a clean compilation is not redone (its texts are freed).
#[test]
fn checks_left_for_later_match_checks_in_place() {
    use protogen::semantic::{compile_reading, compile_with_sets, Positions};
    let dir = common::scratch("deferred");
    let files = [
        // A check error (a JSON-name clash in proto3), imported below.
        (
            "clash.proto",
            "syntax = \"proto3\";\nmessage M { int32 foo_bar = 1; int32 fooBar = 2; }\n",
        ),
        (
            "user.proto",
            "syntax = \"proto3\";\nimport \"clash.proto\";\nmessage U { M m = 1; }\n",
        ),
        // A check warning: the same clash is a warning under proto2's legacy JSON handling.
        (
            "legacy.proto",
            "syntax = \"proto2\";\nmessage L { optional int32 foo_bar = 1; optional int32 fooBar = 2; }\n",
        ),
        (
            "clean.proto",
            "syntax = \"proto3\";\nmessage C { int32 a = 1; }\nenum E { E_UNSPECIFIED = 0; }\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let resolver = protogen::source::Resolver::new(&[dir.display().to_string()]);
    let render = |c: &protogen::semantic::Compilation| -> String {
        c.diags
            .iter()
            .map(|d| protogen::diagnostics::render_human(d, &c.sources, false))
            .collect()
    };
    let cases: [&[&str]; 4] = [
        &["clean.proto", "user.proto"],
        &["legacy.proto", "clean.proto"],
        &["clean.proto", "legacy.proto", "user.proto", "clash.proto"],
        &["clean.proto"],
    ];
    for names in cases {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let in_place = compile_with_sets(&resolver, None, &names);
        for positions in [Positions::All, Positions::Comments, Positions::None] {
            let later = compile_reading(&resolver, None, &names, positions);
            assert_eq!(render(&later), render(&in_place), "{names:?} {positions:?}");
            assert_eq!(later.roots, in_place.roots, "{names:?} {positions:?}");
            let redone = later.sources.iter().all(|s| !s.is_released());
            assert_eq!(
                redone,
                !in_place.diags.is_empty(),
                "{names:?} {positions:?}"
            );
        }
    }
    // The cases are what they claim: an error in the imported file fails
    // its importer, the warning alone fails nothing, the clean file is clean.
    let c = compile_with_sets(&resolver, None, &["user.proto".to_string()]);
    assert!(c.roots == [None] && c.diags.iter().any(|d| d.message.contains("JSON name")));
    let c = compile_with_sets(&resolver, None, &["legacy.proto".to_string()]);
    assert!(c.roots[0].is_some() && !c.has_errors() && !c.diags.is_empty());
    let c = compile_with_sets(&resolver, None, &["clean.proto".to_string()]);
    assert!(c.diags.is_empty());
}
