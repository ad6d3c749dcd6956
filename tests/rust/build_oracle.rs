//! Runs prost-build / tonic-prost-build (with protoc) and protogen's
//! build API with the same settings, written once for both: the builders
//! are meant to be switched between by changing the crate name.
//!
//! Built without features it runs prost-build alone; with the `tonic`
//! feature, tonic-prost-build (whose default features turn on
//! prost-build's `cleanup-markdown`).
//!
//! Arguments: KIND (prost or tonic), SET (an index into the settings
//! below), the reference's output directory, protogen's output
//! directory, then `-I DIR`s and the .proto files.

use std::path::PathBuf;

/// prost settings sets, for `prost_build::Config` and
/// `protogen::build::Config` alike.
macro_rules! prost_settings {
    ($config:expr, $set:expr, $out:expr) => {{
        let c = $config;
        c.out_dir($out);
        match $set {
            0 => {}
            1 => {
                c.btree_map(["."])
                    .bytes(["."])
                    .enable_type_names()
                    .retain_enum_prefix()
                    .include_file("_includes.rs");
            }
            2 => {
                c.type_attribute(".my", "#[derive(Foo)]")
                    .field_attribute("Outer.a", "#[a]")
                    .enum_attribute(".", "#[e]")
                    .message_attribute("Plain", "#[m]")
                    .skip_debug([".my.pkg"])
                    .disable_comments(["Outer"])
                    .boxed("Inner.back")
                    .compile_well_known_types()
                    .default_package_filename("nopkg")
                    .format(false)
                    .file_descriptor_set_path($out.join("set.binpb"));
            }
            3 => {
                c.extern_path(".my.other.sub", "::leaf_crate")
                    .btree_map(["Outer.m"])
                    .bytes([".my.other.UsesA.data"])
                    .skip_source_info()
                    .type_attribute("Outer.choice", "#[derive(Eq, Hash)]")
                    .field_attribute("Outer.choice.s", "#[s]")
                    .include_file("all_mods.rs")
                    .file_descriptor_set_path($out.join("set.binpb"));
            }
            other => panic!("no prost settings set {other}"),
        }
        c
    }};
}

#[cfg(feature = "tonic")]
/// tonic settings sets, for `tonic_prost_build::configure()` and
/// `protogen::build::tonic::configure()` alike.
macro_rules! tonic_settings {
    ($builder:expr, $set:expr, $out:expr) => {{
        let b = $builder.out_dir($out).emit_rerun_if_changed(false);
        match $set {
            0 => b,
            1 => b
                .build_transport(false)
                .client_attribute(".", "#[derive(Foo)]")
                .server_mod_attribute("greet.v1", "#[cfg(feature = \"server\")]")
                .client_mod_attribute(".greet", "#[x]")
                .server_attribute("Greeter", "#[y]")
                .trait_attribute("Greeter", "#[z]")
                .disable_comments(["greet.v1.Greeter.Hello"])
                .include_file("all.rs"),
            2 => b
                .build_client(false)
                .use_arc_self(true)
                .generate_default_stubs(true)
                .codec_path("crate::MyCodec")
                .extern_path(".my.pkg", "::kitchen")
                .btree_map(".")
                .bytes(".my"),
            3 => b
                .build_server(false)
                .compile_well_known_types(true)
                .disable_comments(["greet.v1.Greeter"])
                .boxed("Inner.back")
                .type_attribute(".", "#[t]")
                .skip_debug(["Plain"]),
            other => panic!("no tonic settings set {other}"),
        }
    }};
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let kind = args[0].as_str();
    let set: usize = args[1].parse().unwrap();
    let reference = PathBuf::from(&args[2]);
    let ours = PathBuf::from(&args[3]);
    let mut includes = Vec::new();
    let mut protos = Vec::new();
    let mut rest = args[4..].iter();
    while let Some(a) = rest.next() {
        if a == "-I" {
            includes.push(rest.next().unwrap().clone());
        } else {
            protos.push(a.clone());
        }
    }
    match kind {
        "prost" => {
            let mut config = prost_build::Config::new();
            prost_settings!(&mut config, set, &reference)
                .compile_protos(&protos, &includes)
                .expect("prost-build");
            let mut config = protogen::build::Config::new();
            prost_settings!(&mut config, set, &ours)
                .compile_protos(&protos, &includes)
                .expect("protogen::build");
        }
        #[cfg(feature = "tonic")]
        "tonic" => {
            tonic_settings!(tonic_prost_build::configure(), set, &reference)
                .compile_protos(&protos, &includes)
                .expect("tonic-prost-build");
            tonic_settings!(protogen::build::tonic::configure(), set, &ours)
                .compile_protos(&protos, &includes)
                .expect("protogen::build::tonic");
        }
        other => panic!("unknown kind {other}"),
    }
}
