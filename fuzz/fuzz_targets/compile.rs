//! One file compiled end to end through the driver, as `protogen compile
//! -I DIR -I fixtures/common --include_source_info -o OUT case.proto` does:
//! parse, lower, resolve, options, checks and export with source info. A
//! panic (the driver turns it into an "internal error" diagnostic) or a
//! diagnostic outside its source is a crash.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use protogen::cli::Invocation;

/// A directory of this process's own, holding the one input file.
fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("protogen-fuzz-compile-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("creating the fuzz input directory");
        d
    })
}

fuzz_target!(|data: &[u8]| {
    let dir = dir();
    std::fs::write(dir.join("case.proto"), data).expect("writing the fuzz input");
    let inv = Invocation {
        proto_path: vec![
            (String::new(), dir.display().to_string()),
            (
                String::new(),
                protogen_fuzz::repo().join("fixtures/common").display().to_string(),
            ),
        ],
        include_source_info: true,
        include_imports: true,
        inputs: vec!["case.proto".into()],
        ..Default::default()
    };
    let out = protogen::driver::compile(&inv, &Default::default());
    protogen_fuzz::check_diagnostics(&out.compilation);
    let set = out.descriptor_set(&inv);
    assert!(
        set.is_some() || out.compilation.has_errors() || !out.setup_errors.is_empty(),
        "no descriptor set, yet no error"
    );
});
