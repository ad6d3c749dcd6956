#!/usr/bin/env bash
# The whole test suite. Installs the reference compiler (protoc 35.1, from
# grpcio-tools 1.85.1) first; the differential tests fail without it.
# Set PROTOGEN_CORPUS to a corpus directory (with lists/) to also compare
# every listed corpus file against protoc.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check grpcio-tools==1.85.1
python3 -m grpc_tools.protoc --version
export INSTA_UPDATE=no
cargo test --release --locked
