//! Generative testing: a seeded generator of valid multi-file schemas and a
//! mutator that turns valid text into near misses. Both feed the
//! differential test against protoc in tests/generative.rs.

pub mod emit;
mod fields;
pub mod model;
pub mod mutate;
pub mod rng;
pub mod schema;

use model::Sym;

/// The files of the schema set for `seed`, as (path, text).
pub fn generate(seed: u64) -> Vec<(String, String)> {
    let mut g = schema::Gen::new(seed);
    for (pkg, names) in [(
        "google.protobuf",
        &[
            "Timestamp",
            "Duration",
            "Any",
            "Struct",
            "StringValue",
            "Empty",
        ][..],
    )] {
        g.syms.add_package(pkg);
        for n in names {
            g.syms.add(&format!("{pkg}.{n}"), Sym::Message);
        }
    }
    let nfiles = 1 + g.rng.below(4);
    for idx in 0..nfiles {
        g.gen_file(idx);
    }
    schema::place_declarations(&mut g);
    let mut rng = rng::Rng::new(seed.wrapping_mul(31).wrapping_add(7));
    g.files
        .iter()
        .map(|f| {
            (
                f.path.clone(),
                emit::Emitter::new(&mut rng, &g.syms).file(f),
            )
        })
        .collect()
}
