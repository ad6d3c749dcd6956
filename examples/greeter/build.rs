// The messages and gRPC code of the greeter, compiled by protogen: the
// tonic-prost-build builder's calls, with protogen in its place.
fn main() -> std::io::Result<()> {
    protogen::build::tonic::configure()
        .include_file("protos.rs")
        .compile_protos(&["proto/greet/v1/greeter.proto"], &["proto"])
}
