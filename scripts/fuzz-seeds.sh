#!/usr/bin/env bash
# Rebuilds the seed corpora of the fuzz targets, fuzz/seeds/<target>/, from
# the fixtures and from what the built protogen binary produces for them.
# Needs target/release/protogen (cargo build --release --locked).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$PWD/target/release/protogen"
[ -x "$bin" ] || { echo "build target/release/protogen first" >&2; exit 1; }
seeds="$PWD/fuzz/seeds"
rm -rf "$seeds"
mkdir -p "$seeds"/{parse,compile,text_format,decode,plugin_request,plugin_response}
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pg() { "$bin" compile "$@"; }

# compile: every second fixture .proto, accepted and rejected (about 145 KB);
# parse: every fourth of the others (about 75 KB), so no file is in both.
i=0
for f in fixtures/ok/*.proto fixtures/err/*.proto; do
    kind="$(basename "$(dirname "$f")")"
    if [ $((i % 2)) -eq 0 ]; then
        cp "$f" "$seeds/compile/${kind}_$(basename "$f")"
    elif [ $((i % 4)) -eq 1 ]; then
        cp "$f" "$seeds/parse/${kind}_$(basename "$f")"
    fi
    i=$((i + 1))
done

# The fixed types the text_format and decode targets read inputs as.
types="-I fixtures/cli/proto shop/catalog.proto shop/legacy.proto"

# text_format: the text format fixtures (good and bad), and a few
# FileDescriptorProtos printed as text.
cp fixtures/cli/messages/*.txtpb fixtures/cli/corpus-messages/*.txtpb "$seeds/text_format/"
# A FileDescriptorSet with one file is a FileDescriptorProto wrapped in one
# length-delimited field 1: strip the tag and length to get the file alone.
fdp() {  # fdp NAME.proto OUT: the FileDescriptorProto of fixtures/ok/NAME.proto
    pg -I fixtures/ok -I fixtures/common --include_source_info -o "$work/set.pb" "$1"
    python3 - "$work/set.pb" "$2" <<'PY'
import sys
b = open(sys.argv[1], "rb").read()
assert b[0] == 0x0a
n, shift, i = 0, 0, 1
while True:
    n |= (b[i] & 0x7f) << shift
    i += 1
    if b[i - 1] < 0x80:
        break
    shift += 7
open(sys.argv[2], "wb").write(b[i:i + n])
PY
}
for name in comments_leading_trailing custom_options_every_target editions_2024_basic \
    groups_proto2 agg_map_field_entries custom_options_aggregate_any; do
    fdp "$name.proto" "$work/$name.bin"
    cp "$work/$name.bin" "$seeds/decode/fdp_$name.bin"
    # shellcheck disable=SC2086
    pg $types --decode=google.protobuf.FileDescriptorProto <"$work/$name.bin" \
        >"$seeds/text_format/fdp_$name.txtpb"
done

# decode: the text format fixtures the types accept, encoded, and the
# FileDescriptorProtos above.
for f in fixtures/cli/messages/item*.txtpb; do
    # shellcheck disable=SC2086
    pg $types --encode=shop.Item <"$f" >"$seeds/decode/$(basename "$f" .txtpb).bin"
done
# shellcheck disable=SC2086
pg $types --encode=shop.legacy.Order <fixtures/cli/messages/order.txtpb >"$seeds/decode/order.bin"

# plugin_request: the requests protoc-style runs send a plugin, captured by
# a plugin that saves its stdin and answers with a response without files
# that supports proto3 optional and editions 2023 to 2024 (supported_features
# 3, minimum_edition 998, maximum_edition 1001, encoded in octal escapes).
cat >"$work/protoc-gen-dump" <<'SH'
#!/bin/sh
cat >"$DUMP_TO"
printf '\020\003\030\346\007\040\351\007'
SH
chmod +x "$work/protoc-gen-dump"
request() {  # request OUT PARAMETER ARGS...: capture the request of one run
    out="$1" param="$2"
    shift 2
    DUMP_TO="$out" pg --plugin=protoc-gen-dump="$work/protoc-gen-dump" \
        --dump_out="$param:$work" "$@"
}
request "$seeds/plugin_request/shop_python.bin" lang=python -I fixtures/cli/proto shop/catalog.proto
request "$seeds/plugin_request/legacy_pyi.bin" lang=pyi -I fixtures/cli/proto shop/legacy.proto
# The one request with descriptor.proto in it (80 KB): custom options.
request "$seeds/plugin_request/opts_python.bin" lang=python -I fixtures/cli/proto opts/record.proto
for name in comments_leading_trailing groups_proto2 editions_2024_basic; do
    request "$seeds/plugin_request/${name}_grpc.bin" lang=grpc_python,grpc_1_0 \
        -I fixtures/ok -I fixtures/common "$name.proto"
    request "$seeds/plugin_request/${name}_python.bin" lang=python \
        -I fixtures/ok -I fixtures/common "$name.proto"
done

# plugin_response: what protogen's own plugin mode answers those requests
# with, and a few responses written as text: chunks continuing a file,
# insertion points (found, missing, inline), an error, names to reject.
for f in "$seeds"/plugin_request/*.bin; do
    "$bin" plugin <"$f" >"$seeds/plugin_response/$(basename "$f")"
done
response() {  # response NAME TEXT
    printf '%s\n' "$2" | pg --encode=google.protobuf.compiler.CodeGeneratorResponse \
        google/protobuf/compiler/plugin.proto >"$seeds/plugin_response/$1.bin"
}
response insertion 'supported_features: 3 minimum_edition: 998 maximum_edition: 1001
file { name: "a_pb2.py" content: "x = 1\n  # @@protoc_insertion_point(module_scope)\ny /* @@protoc_insertion_point(inline) */\n" }
file { content: "more\n" }
file { name: "a_pb2.py" insertion_point: "module_scope" content: "inserted\nlines" }
file { name: "a_pb2.py" insertion_point: "inline" content: "z" }'
response missing_point 'file { name: "b.txt" content: "b" }
file { name: "b.txt" insertion_point: "nowhere" content: "c" }
file { name: "c.txt" insertion_point: "x" content: "d" }'
response twice 'file { name: "d.txt" content: "1" } file { name: "d.txt" content: "2" }'
response escape 'file { name: "../up.txt" content: "" } file { name: "/abs.txt" }'
response unnamed_first 'file { content: "no name" }'
response error 'error: "protoc-gen-x: something went wrong"'
echo "seeds:"
du -sh --apparent-size "$seeds"/* "$seeds"
