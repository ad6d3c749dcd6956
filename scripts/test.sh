#!/usr/bin/env bash
# The whole test suite. Installs what the differential tests compare
# against first, and fails without it:
#   - protoc 35.1 (grpcio-tools 1.85.1, PyPI), the reference compiler;
#   - the Python runtimes generated code is run under: protobuf 7.35.1
#     (the version protoc 35.1 generates for) and grpcio 1.85.1;
#   - protoc-gen-mypy (mypy-protobuf 5.1.0, PyPI) and protoc-gen-prost
#     (0.5.0, crates.io, built into target/tools), third-party plugins run
#     by both compilers.
# Set PROTOGEN_CORPUS to a corpus directory (with lists/) to also compare
# every listed corpus file against protoc.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check \
    grpcio-tools==1.85.1 grpcio==1.85.1 protobuf==7.35.1 mypy-protobuf==5.1.0
python3 -m grpc_tools.protoc --version
# pip's console scripts (protoc-gen-mypy) may live outside PATH.
export PATH="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))'):$PATH"
command -v protoc-gen-mypy
if [ ! -x target/tools/bin/protoc-gen-prost ]; then
    # Built in a target directory of its own, so cargo install leaves
    # nothing (such as its rustc probe cache) in this workspace's target/.
    root="$PWD/target/tools"
    build="$(mktemp -d)"
    (cd "$build" && CARGO_TARGET_DIR="$build/target" \
        cargo install --quiet --locked protoc-gen-prost --version 0.5.0 --root "$root" </dev/null)
    rm -rf "$build"
fi
export PROTOGEN_TOOLS_BIN="$PWD/target/tools/bin"
export INSTA_UPDATE=no
cargo test --release --locked
