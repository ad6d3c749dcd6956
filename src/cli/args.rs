//! protoc's command line, read the way protoc reads it.
//!
//! protoc's flags cannot be described to an ordinary argument parser: any
//! `--NAME_out` and `--NAME_opt` is a flag, values follow `=` or come in the
//! next argument, and one-letter flags glue their value on (`-Isrc`). This
//! module turns such a command line into an [`Invocation`], printing what
//! protoc prints for a malformed one.

use crate::driver::{ErrorFormat, Invocation, Mode, OutputDirective};

/// The result of reading a command line.
#[derive(Debug)]
pub enum Parsed {
    /// Run the compiler. `notes` are printed to stderr first.
    Run(Invocation, Vec<String>),
    /// Stop now: print `stdout` and `stderr`, exit with `code`.
    Exit {
        code: i32,
        stdout: String,
        stderr: String,
    },
}

const DEFAULT_DIRECT_DEPENDENCIES_VIOLATION_MSG: &str =
    "File is imported but not declared in --direct_dependencies: %s";
const DEFAULT_OPTION_DEPENDENCIES_VIOLATION_MSG: &str =
    "File is option imported but not declared in --option_dependencies: %s";

/// Flags that never take a value.
const BOOLEAN_FLAGS: &[&str] = &[
    "-h",
    "--help",
    "--disallow_services",
    "--include_imports",
    "--include_source_info",
    "--retain_options",
    "--version",
    "--decode_raw",
    "--notices",
    "--experimental_editions",
    "--print_free_field_numbers",
    "--experimental_allow_proto3_optional",
    "--deterministic_output",
    "--unsafe_allow_out_dir_escape",
    "--fatal_warnings",
    "--enable_codegen_trace",
    "--verbose",
];

/// Splits one argument into flag name and value; `true` when the value is
/// the next argument.
fn split_argument(arg: &str) -> (String, String, bool) {
    if !arg.starts_with('-') || arg == "-" {
        // A file name ("-" included: it then fails to be found).
        return (String::new(), arg.to_string(), false);
    }
    if arg.starts_with("--") {
        if let Some((name, value)) = arg.split_once('=') {
            return (name.to_string(), value.to_string(), false);
        }
        let wants = !BOOLEAN_FLAGS.contains(&arg);
        return (arg.to_string(), String::new(), wants);
    }
    // One dash: a one-letter name, and any further characters are the value.
    let mut chars = arg.char_indices().skip(1);
    let split = chars.nth(1).map(|(i, _)| i).unwrap_or(arg.len());
    let (name, value) = arg.split_at(split);
    let wants = value.is_empty() && !BOOLEAN_FLAGS.contains(&name);
    (name.to_string(), value.to_string(), wants)
}

/// Expands `@FILE` arguments (one argument per line) in place.
pub fn expand_argsfiles(args: &[String]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for a in args {
        if let Some(path) = a.strip_prefix('@') {
            let text =
                std::fs::read(path).map_err(|_| format!("Failed to open argument file: {path}"))?;
            let text = String::from_utf8_lossy(&text);
            let mut lines: Vec<&str> = text.split('\n').collect();
            // A final newline ends the last line; it does not start another.
            if lines.last() == Some(&"") {
                lines.pop();
            }
            out.extend(lines.into_iter().map(|l| l.to_string()));
        } else {
            out.push(a.clone());
        }
    }
    Ok(out)
}

struct Reader {
    inv: Invocation,
    notes: Vec<String>,
    program: String,
}

enum Step {
    Continue,
    Exit(i32, String, String),
}

fn fail(msg: impl Into<String>) -> Step {
    let mut m = msg.into();
    m.push('\n');
    Step::Exit(1, String::new(), m)
}

/// Reads protoc's command line (`args` excludes the program name).
pub fn parse(program: &str, args: &[String], default_format: ErrorFormat) -> Parsed {
    let args = match expand_argsfiles(args) {
        Ok(a) => a,
        Err(e) => return exit(1, String::new(), format!("{e}\n")),
    };
    if args.is_empty() {
        return exit(0, help_text(program), String::new());
    }
    let mut r = Reader {
        inv: Invocation {
            error_format: default_format,
            direct_dependencies_violation_msg: DEFAULT_DIRECT_DEPENDENCIES_VIOLATION_MSG.into(),
            option_dependencies_violation_msg: DEFAULT_OPTION_DEPENDENCIES_VIOLATION_MSG.into(),
            ..Default::default()
        },
        notes: Vec::new(),
        program: program.to_string(),
    };
    let mut i = 0;
    while i < args.len() {
        let (name, mut value, wants_next) = split_argument(&args[i]);
        if wants_next {
            if i + 1 == args.len() || args[i + 1].starts_with('-') {
                let mut msg = format!("Missing value for flag: {name}\n");
                if name == "--decode" {
                    msg.push_str("To decode an unknown message, use --decode_raw.\n");
                }
                return exit(1, String::new(), msg);
            }
            i += 1;
            value = args[i].clone();
        }
        match r.interpret(&name, value) {
            Step::Continue => {}
            Step::Exit(code, out, err) => return exit(code, out, err),
        }
        i += 1;
    }
    r.finish()
}

fn exit(code: i32, stdout: String, stderr: String) -> Parsed {
    Parsed::Exit {
        code,
        stdout,
        stderr,
    }
}

fn split_list(value: &str, seps: &[char]) -> Vec<String> {
    value
        .split(|c| seps.contains(&c))
        .filter(|s| !s.is_empty())
        .map(|s| s.to_string())
        .collect()
}

impl Reader {
    fn interpret(&mut self, name: &str, value: String) -> Step {
        let inv = &mut self.inv;
        match name {
            "" => {
                if value.is_empty() {
                    return fail(format!(
                        "{}: an empty string is not a valid input file name.",
                        self.program
                    ));
                }
                inv.inputs.push(value);
            }
            "-I" | "--proto_path" => {
                for part in split_list(&value, &[':']) {
                    let (mut virt, mut disk) = match part.split_once('=') {
                        Some((v, d)) => (v.to_string(), d.to_string()),
                        None => (String::new(), part.clone()),
                    };
                    if disk.is_empty() {
                        return fail(
                            "--proto_path passed empty directory name.  (Use \".\" for current directory.)",
                        );
                    }
                    if !std::path::Path::new(&disk).exists() {
                        // The whole entry may be a directory whose name holds '='.
                        if std::path::Path::new(&part).exists() {
                            virt = String::new();
                            disk = part.clone();
                        } else {
                            self.notes
                                .push(format!("{disk}: warning: directory does not exist."));
                        }
                    }
                    inv.proto_path.push((virt, disk));
                }
            }
            "--direct_dependencies" | "--option_dependencies" => {
                let direct = name == "--direct_dependencies";
                let slot = if direct {
                    &mut inv.direct_dependencies
                } else {
                    &mut inv.option_dependencies
                };
                if slot.is_some() {
                    let what = if direct { "direct" } else { "option" };
                    return fail(format!(
                        "{name} may only be passed once. To specify multiple {what} dependencies, pass them all as a single parameter separated by ':'."
                    ));
                }
                *slot = Some(split_list(&value, &[':']).into_iter().collect());
            }
            "--direct_dependencies_violation_msg" => inv.direct_dependencies_violation_msg = value,
            "--option_dependencies_violation_msg" => inv.option_dependencies_violation_msg = value,
            "--descriptor_set_in" => {
                if !inv.descriptor_set_in.is_empty() {
                    return fail(format!("{name} may only be passed once. To specify multiple descriptor sets, pass them all as a single parameter separated by ':'."));
                }
                if value.is_empty() {
                    return fail(format!("{name} requires a non-empty value."));
                }
                if inv.dependency_out.is_some() {
                    return fail(format!("{name} cannot be used with --dependency_out."));
                }
                inv.descriptor_set_in = split_list(&value, &[':']);
            }
            "-o" | "--descriptor_set_out" => {
                if inv.descriptor_set_out.is_some() {
                    return fail(format!("{name} may only be passed once."));
                }
                if value.is_empty() {
                    return fail(format!("{name} requires a non-empty value."));
                }
                if inv.mode != Mode::Compile {
                    return fail(
                        "Cannot use --encode or --decode and generate descriptors at the same time.",
                    );
                }
                inv.descriptor_set_out = Some(value);
            }
            "--dependency_out" => {
                if inv.dependency_out.is_some() {
                    return fail(format!("{name} may only be passed once."));
                }
                if value.is_empty() {
                    return fail(format!("{name} requires a non-empty value."));
                }
                if !inv.descriptor_set_in.is_empty() {
                    return fail(format!("{name} cannot be used with --descriptor_set_in."));
                }
                inv.dependency_out = Some(value);
            }
            "--include_imports"
            | "--include_source_info"
            | "--retain_options"
            | "--fatal_warnings" => {
                let slot = match name {
                    "--include_imports" => &mut inv.include_imports,
                    "--include_source_info" => &mut inv.include_source_info,
                    "--retain_options" => &mut inv.retain_options,
                    _ => &mut inv.fatal_warnings,
                };
                if *slot {
                    return fail(format!("{name} may only be passed once."));
                }
                *slot = true;
            }
            "-h" | "--help" => return Step::Exit(0, help_text(&self.program), String::new()),
            "--version" => return Step::Exit(0, format!("{}\n", version_line()), String::new()),
            "--notices" => return Step::Exit(0, notices_text(), String::new()),
            "--disallow_services" => inv.disallow_services = true,
            "--unsafe_allow_out_dir_escape" => inv.unsafe_allow_out_dir_escape = true,
            "--experimental_allow_proto3_optional" | "--enable_codegen_trace" => {}
            "--experimental_editions" => inv.experimental_editions = true,
            "--encode" | "--decode" | "--decode_raw" => {
                if inv.mode != Mode::Compile {
                    return fail("Only one of --encode and --decode can be specified.");
                }
                if !inv.outputs.is_empty() || inv.descriptor_set_out.is_some() {
                    return fail(format!(
                        "Cannot use {name} and generate code or descriptors at the same time."
                    ));
                }
                if value.is_empty() && name != "--decode_raw" {
                    let mut m = format!("Type name for {name} cannot be blank.");
                    if name == "--decode" {
                        m.push_str("\nTo decode an unknown message, use --decode_raw.");
                    }
                    return fail(m);
                }
                if !value.is_empty() && name == "--decode_raw" {
                    return fail("--decode_raw does not take a parameter.");
                }
                inv.mode = match name {
                    "--encode" => Mode::Encode(value),
                    "--decode" => Mode::Decode(value),
                    _ => Mode::DecodeRaw,
                };
            }
            "--deterministic_output" => inv.deterministic_output = true,
            "--error_format" => {
                inv.error_format = match ErrorFormat::from_name(&value) {
                    Some(f) => f,
                    None => return fail(format!("Unknown error format: {value}")),
                }
            }
            "--warn" => match crate::driver::reporter::WarnFilter::parse(&value) {
                Ok(w) => inv.warn = w,
                Err(e) => return fail(e),
            },
            "--verbose" => inv.verbose = true,
            "--plugin" => {
                let (plugin, path) = match value.split_once('=') {
                    Some((n, p)) => (n.to_string(), p.to_string()),
                    None => (
                        value.rsplit('/').next().unwrap_or(&value).to_string(),
                        value.clone(),
                    ),
                };
                inv.plugins.insert(plugin, path);
            }
            "--print_free_field_numbers" => {
                if inv.mode != Mode::Compile {
                    return fail(format!("Cannot use {name} and use --encode, --decode or print other info at the same time."));
                }
                if !inv.outputs.is_empty() || inv.descriptor_set_out.is_some() {
                    return fail(format!(
                        "Cannot use {name} and generate code or descriptors at the same time."
                    ));
                }
                inv.mode = Mode::PrintFreeFields;
            }
            _ => return self.generator_flag(name, value),
        }
        Step::Continue
    }

    /// `--NAME_out` and `--NAME_opt`, for built-in generators and plugins alike.
    fn generator_flag(&mut self, name: &str, value: String) -> Step {
        let inv = &mut self.inv;
        if let Some(generator) = name.strip_prefix("--").and_then(|n| n.strip_suffix("_out")) {
            if inv.mode != Mode::Compile {
                return fail("Cannot use --encode, --decode or print .proto info and generate code at the same time.");
            }
            let (parameter, location) = match value.split_once(':') {
                Some((p, l)) if !is_windows_absolute(&value) => (p.to_string(), l.to_string()),
                _ => (String::new(), value),
            };
            inv.outputs.push(OutputDirective {
                flag: name.to_string(),
                name: canonical_generator(generator).to_string(),
                parameter,
                location,
            });
            return Step::Continue;
        }
        if let Some(generator) = name.strip_prefix("--").and_then(|n| n.strip_suffix("_opt")) {
            let params = inv
                .generator_options
                .entry(canonical_generator(generator).to_string())
                .or_default();
            if !params.is_empty() {
                params.push(',');
            }
            params.push_str(&value);
            return Step::Continue;
        }
        fail(format!("Unknown flag: {name}"))
    }

    fn finish(mut self) -> Parsed {
        let inv = &mut self.inv;
        // A plugin's --NAME_opt needs a --NAME_out (protoc lets --cpp_opt, and
        // the options of its built-in generators, stand alone).
        let mut unknown = String::new();
        for name in inv.generator_options.keys() {
            let has_out = inv.outputs.iter().any(|o| &o.name == name);
            let registered = inv.plugins.contains_key(&format!("protoc-gen-{name}"));
            let builtin = crate::codegen::builtin(name).is_some_and(|g| !g.yields_to_plugin());
            if !has_out && !registered && !builtin && name != "cpp" {
                unknown.push_str(&format!("Unknown flag: --{name}_opt\n"));
            }
        }
        if !unknown.is_empty() {
            return exit(1, String::new(), unknown);
        }
        if inv.proto_path.is_empty() && inv.descriptor_set_in.is_empty() {
            inv.proto_path.push((String::new(), ".".into()));
        }
        let missing_inputs = match &inv.mode {
            Mode::Compile => inv.inputs.is_empty(),
            Mode::DecodeRaw => {
                if !inv.inputs.is_empty() || !inv.descriptor_set_in.is_empty() {
                    return exit(
                        1,
                        String::new(),
                        "When using --decode_raw, no input files should be given.\n".into(),
                    );
                }
                false
            }
            _ => inv.inputs.is_empty() && inv.descriptor_set_in.is_empty(),
        };
        let err = |m: &str| exit(1, String::new(), format!("{m}\n"));
        if missing_inputs {
            return err("Missing input file.");
        }
        if inv.mode == Mode::Compile && inv.outputs.is_empty() && inv.descriptor_set_out.is_none() {
            return err("Missing output directives.");
        }
        if inv.mode != Mode::Compile && inv.dependency_out.is_some() {
            return err("Can only use --dependency_out=FILE when generating code.");
        }
        if !matches!(inv.mode, Mode::Encode(_)) && inv.deterministic_output {
            return err("Can only use --deterministic_output with --encode.");
        }
        if inv.dependency_out.is_some() && inv.inputs.len() > 1 {
            return err("Can only process one input file when using --dependency_out=FILE.");
        }
        if inv.descriptor_set_out.is_none() {
            for (set, flag) in [
                (inv.include_imports, "--include_imports"),
                (inv.include_source_info, "--include_source_info"),
                (inv.retain_options, "--retain_options"),
            ] {
                if set {
                    self.notes.push(format!(
                        "{flag} only makes sense when combined with --descriptor_set_out."
                    ));
                }
            }
        }
        Parsed::Run(self.inv, self.notes)
    }
}

/// grpcio-tools spells its gRPC generator two ways; both name one generator.
fn canonical_generator(name: &str) -> &str {
    match name {
        "python-grpc" => "grpc_python",
        n => n,
    }
}

fn is_windows_absolute(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && (b[2] == b'/' || b[2] == b'\\')
}

/// The version protogen reports as a protoc: the protoc release whose
/// output it reproduces.
pub fn version_line() -> String {
    format!("libprotoc 35.1 (protogen {})", env!("CARGO_PKG_VERSION"))
}

fn notices_text() -> String {
    "protogen is licensed under the Apache License 2.0. It bundles the .proto files \
of the protobuf well-known types (Copyright Google Inc., BSD-3-Clause license).\n"
        .to_string()
}

/// The usage text of `protogen compile` (and of protogen run as `protoc`).
pub fn help_text(program: &str) -> String {
    let flags: &[(&str, &str)] = &[
        ("-IPATH, --proto_path=PATH", "Directory to search for imports (repeatable; searched in order; `VIRTUAL=DIR` maps a prefix; ':' separates several). Default: the current directory. The well-known types are built in."),
        ("--version", "Print the version and exit."),
        ("-h, --help", "Print this text and exit."),
        ("--encode=MESSAGE_TYPE", "Read a text-format MESSAGE_TYPE on stdin and write its binary encoding to stdout."),
        ("--deterministic_output", "With --encode, write map entries sorted by key."),
        ("--decode=MESSAGE_TYPE", "Read a binary MESSAGE_TYPE on stdin and write it in text format to stdout."),
        ("--decode_raw", "Read any binary message on stdin and write its fields by number. Takes no PROTO_FILES."),
        ("--descriptor_set_in=FILES", "FileDescriptorSets (':'-separated) to take files from when they are not found under a --proto_path; the first occurrence of a file wins."),
        ("-oFILE, --descriptor_set_out=FILE", "Write a FileDescriptorSet of the input files to FILE."),
        ("--include_imports", "With --descriptor_set_out, include every dependency too."),
        ("--include_source_info", "With --descriptor_set_out, keep SourceCodeInfo (locations and comments)."),
        ("--retain_options", "With --descriptor_set_out, keep options of source retention."),
        ("--dependency_out=FILE", "Write a make-format dependency file listing the outputs and every input file they depend on."),
        ("--error_format=FORMAT", "human (labelled reports), gcc (protoc's file:line:col: message), msvs, json (one object per line, buf's fields), github-actions (workflow annotations), sarif (SARIF 2.1.0), junit or gitlab-code-quality."),
        ("--warn=LIST", "Which warnings to report: a comma-separated list of all, none, CODE (report it) and -CODE (hide it), applied in order; a list that starts with a CODE reports only the codes it names. `protogen explain` lists the codes."),
        ("--verbose", "Print every diagnostic in full (the human format otherwise prints unused imports one line each)."),
        ("--fatal_warnings", "Exit non-zero if a warning was reported (warnings hidden by --warn do not count)."),
        ("--print_free_field_numbers", "Print the field numbers each message leaves free (extension and reserved ranges count as used)."),
        ("--direct_dependencies=A:B", "The only files the inputs may import."),
        ("--option_dependencies=A:B", "The only files the inputs may `import option`."),
        ("--unsafe_allow_out_dir_escape", "Let generated file names contain \"..\"."),
        ("--plugin=EXECUTABLE", "A plugin program; NAME=PATH maps protoc-gen-NAME to PATH. Otherwise plugins are found on PATH."),
        ("--NAME_out=[PARAMS:]OUT", "Run generator NAME (built in, or the plugin protoc-gen-NAME) writing to directory OUT, or to an archive when OUT ends in .zip, .jar or .srcjar."),
        ("--NAME_opt=PARAMS", "Parameters for generator NAME, joined with commas."),
        ("@FILE", "Read further arguments from FILE, one per line, without shell expansion."),
    ];
    let mut s = format!("Usage: {program} [OPTION] PROTO_FILES\nParse PROTO_FILES and generate output based on the options given:\n");
    for (flag, text) in flags {
        s.push_str(&format!("  {flag}\n"));
        s.push_str(&wrap(text));
    }
    s.push_str("Built-in generators (any other NAME runs the plugin protoc-gen-NAME):\n");
    for g in crate::codegen::builtins() {
        s.push_str(&format!("  --{}_out\n", g.name()));
        s.push_str(&wrap(g.help()));
    }
    s
}

/// Help text wrapped to the width of `help_text`, indented.
fn wrap(text: &str) -> String {
    let mut s = String::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.len() + word.len() + 1 > 66 {
            s.push_str(&format!("      {line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    s.push_str(&format!("      {line}\n"));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Parsed {
        let v: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        parse("protoc", &v, ErrorFormat::Gcc)
    }

    fn invocation(args: &[&str]) -> Invocation {
        match run(args) {
            Parsed::Run(inv, _) => inv,
            Parsed::Exit { stderr, .. } => panic!("unexpected exit: {stderr}"),
        }
    }

    fn stderr_of(args: &[&str]) -> String {
        match run(args) {
            Parsed::Exit { stderr, .. } => stderr,
            Parsed::Run(..) => panic!("expected an error"),
        }
    }

    #[test]
    fn both_spellings_of_values() {
        let a = invocation(&["-Isrc", "--proto_path", "lib", "-o", "x.pb", "a.proto"]);
        let b = invocation(&["-I", "src", "--proto_path=lib", "-ox.pb", "a.proto"]);
        for inv in [a, b] {
            assert_eq!(
                inv.proto_path,
                vec![(String::new(), "src".into()), (String::new(), "lib".into())]
            );
            assert_eq!(inv.descriptor_set_out.as_deref(), Some("x.pb"));
            assert_eq!(inv.inputs, vec!["a.proto".to_string()]);
        }
    }

    #[test]
    fn output_directives_and_options() {
        let inv = invocation(&[
            "--foo_out=a=1,b:out/dir",
            "--foo_opt=c",
            "--foo_opt",
            "d=2",
            "--python-grpc_out",
            "gen",
            "x.proto",
        ]);
        assert_eq!(inv.outputs.len(), 2);
        assert_eq!(inv.outputs[0].name, "foo");
        assert_eq!(inv.outputs[0].parameter, "a=1,b");
        assert_eq!(inv.outputs[0].location, "out/dir");
        assert_eq!(inv.outputs[1].name, "grpc_python");
        assert_eq!(inv.outputs[1].location, "gen");
        assert_eq!(inv.generator_options["foo"], "c,d=2");
    }

    #[test]
    fn protoc_messages_for_malformed_lines() {
        assert_eq!(
            stderr_of(&["--decode"]),
            "Missing value for flag: --decode\nTo decode an unknown message, use --decode_raw.\n"
        );
        assert_eq!(stderr_of(&["--bogus", "x"]), "Unknown flag: --bogus\n");
        assert_eq!(stderr_of(&["x.proto"]), "Missing output directives.\n");
        assert_eq!(
            stderr_of(&["-o", "a", "-o", "b", "x.proto"]),
            "-o may only be passed once.\n"
        );
        assert_eq!(
            stderr_of(&["--x_opt=1", "--y_out=o", "a.proto"]),
            "Unknown flag: --x_opt\n"
        );
        assert_eq!(
            stderr_of(&["--decode_raw", "a.proto"]),
            "When using --decode_raw, no input files should be given.\n"
        );
        assert_eq!(
            stderr_of(&["--deterministic_output", "-o", "x", "a.proto"]),
            "Can only use --deterministic_output with --encode.\n"
        );
    }

    #[test]
    fn plugin_names() {
        let inv = invocation(&[
            "--plugin=/usr/bin/protoc-gen-x",
            "--plugin=protoc-gen-y=./y",
            "--x_out=o",
            "a.proto",
        ]);
        assert_eq!(inv.plugins["protoc-gen-x"], "/usr/bin/protoc-gen-x");
        assert_eq!(inv.plugins["protoc-gen-y"], "./y");
    }
}
