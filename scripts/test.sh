#!/usr/bin/env bash
# The whole test suite. Installs what the differential tests compare
# against first, and fails without it:
#   - protoc 35.1 (grpcio-tools 1.85.1, PyPI), the reference compiler;
#   - the Python runtimes generated code is run under: protobuf 7.35.1
#     (the version protoc 35.1 generates for) and grpcio 1.85.1;
#   - protoc-gen-mypy (mypy-protobuf 5.1.0, PyPI), protoc-gen-prost,
#     protoc-gen-tonic and protoc-gen-prost-crate
#     (0.5.0, crates.io, built into target/tools), third-party plugins run
#     by both compilers;
#   - protoc-gen-go v1.36.12 and protoc-gen-go-grpc v1.6.2 (Go module
#     proxy, `go install` into target/tools/bin, Go's caches in target/go),
#     the Go plugins the built-in Go generators are compared with;
#   - buf 1.75.0 (npm @bufbuild/buf, into target/tools/npm), the reference
#     for `protogen lint`;
#   - protox 0.9.1 (crates.io, into target/tools), which the benchmark
#     compares one mid-size file with.
# Set PROTOGEN_CORPUS to a corpus directory (with lists/) to also compare
# every listed corpus file against protoc.
set -euo pipefail
cd "$(dirname "$0")/.."
# Python tools live in a virtual environment under target/, never in the
# user's Python; its bin/ goes first on PATH, so `python3` in the tests is it.
venv="$PWD/target/venv"
if [ ! -x "$venv/bin/python3" ]; then
    python3 -m venv "$venv"
fi
export PATH="$venv/bin:$PATH"
export VIRTUAL_ENV="$venv"
python3 -m pip install --quiet --disable-pip-version-check \
    grpcio-tools==1.85.1 grpcio==1.85.1 protobuf==7.35.1 mypy-protobuf==5.1.0
python3 -m grpc_tools.protoc --version
command -v protoc-gen-mypy
# The Rust plugins the built-in generators are compared with, each built
# in a target directory of its own, so cargo install leaves nothing (such
# as its rustc probe cache) in this workspace's target/.
for plugin in protoc-gen-prost protoc-gen-tonic protoc-gen-prost-crate; do
    if [ ! -x "target/tools/bin/$plugin" ]; then
        root="$PWD/target/tools"
        build="$(mktemp -d)"
        (cd "$build" && CARGO_TARGET_DIR="$build/target" \
            cargo install --quiet --locked "$plugin" --version 0.5.0 --root "$root" </dev/null)
        rm -rf "$build"
    fi
done
# protox 0.9.1, the pure-Rust compiler the benchmark compares one file with.
if [ ! -x "target/tools/bin/protox" ]; then
    root="$PWD/target/tools"
    build="$(mktemp -d)"
    (cd "$build" && CARGO_TARGET_DIR="$build/target" \
        cargo install --quiet --locked protox --version 0.9.1 --features bin --root "$root" </dev/null)
    rm -rf "$build"
fi
# The Go plugins, with Go's module and build caches under target/go (never
# the user's GOPATH) and the toolchain on the machine (no download).
export GOPATH="$PWD/target/go/path" GOMODCACHE="$PWD/target/go/path/pkg/mod" \
    GOCACHE="$PWD/target/go/cache" GOFLAGS=-modcacherw GOTOOLCHAIN=local
go version
if [ "$(target/tools/bin/protoc-gen-go --version 2>/dev/null)" != "protoc-gen-go v1.36.12" ]; then
    GOBIN="$PWD/target/tools/bin" go install google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12
fi
if [ "$(target/tools/bin/protoc-gen-go-grpc --version 2>/dev/null)" != "protoc-gen-go-grpc 1.6.2" ]; then
    GOBIN="$PWD/target/tools/bin" go install google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.2
fi
target/tools/bin/protoc-gen-go --version
target/tools/bin/protoc-gen-go-grpc --version
# buf 1.75.0, the reference for `protogen lint`, from npm into target/.
if [ "$(target/tools/npm/node_modules/.bin/buf --version 2>/dev/null)" != "1.75.0" ]; then
    mkdir -p target/tools/npm
    npm install --silent --no-audit --no-fund --prefix target/tools/npm @bufbuild/buf@1.75.0
fi
target/tools/npm/node_modules/.bin/buf --version
export PROTOGEN_TOOLS_BIN="$PWD/target/tools/bin"
export INSTA_UPDATE=no
cargo test --release --locked
