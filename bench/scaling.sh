#!/usr/bin/env bash
# Scaling benchmark (not a test): builds each hostile shape at four sizes,
# times protogen (and protoc where it finishes in reasonable time) and prints
# time vs size with the ratio between successive sizes; ~2 means linear.
#
#   bench/scaling.sh [protogen binary]    (default target/release/protogen)
# PROTOC='python3 -m grpc_tools.protoc' to choose the reference; NO_PROTOC=1 to skip it.
set -euo pipefail
cd "$(dirname "$0")/.."
PROTOGEN=${1:-target/release/protogen}
PROTOC=${PROTOC:-python3 -m grpc_tools.protoc}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# gen SHAPE N: writes $WORK/SHAPE_N.proto (and, for imports, a tree of files).
gen() {
  python3 - "$1" "$2" "$WORK" <<'PY'
import os, sys
shape, n, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
H = 'syntax = "proto2";\n'
out = os.path.join(work, '%s_%d.proto' % (shape, n))
if shape == 'dup_numbers':   s = H + 'message M {\n' + ''.join('optional int32 f%d = 1;\n' % i for i in range(n)) + '}\n'
elif shape == 'one_line':    s = H + 'message M {} ' * n + '\n'
elif shape == 'bad_escapes': s = H + 'option java_package = "' + '\\q' * n + '";\n'
elif shape == 'fields':      s = H + 'message M {\n' + ''.join('optional int32 f%d = %d;\n' % (i, i + 20001) for i in range(n)) + '}\n'
elif shape == 'enum_values': s = H + 'enum E {\n' + ''.join('  V%d = %d;\n' % (i, i) for i in range(n)) + '}\n'
elif shape == 'unresolved':  s = H + 'message M {\n' + ''.join('optional T%d f%d = %d;\n' % (i, i, i + 1) for i in range(n)) + '}\n'
elif shape == 'long_ident':  s = H + 'message ' + 'A' * (n * 50) + ' {}\n'
elif shape == 'long_string': s = H + 'option java_package = "' + 'a' * (n * 50) + '";\n'
elif shape == 'nested_open': s = H + 'message M { ' * n
elif shape == 'import_chain':
    d = os.path.join(work, 'chain_%d' % n); os.makedirs(d)
    for i in range(n // 10):
        imp = 'import "c%d.proto";\n' % (i - 1) if i else ''
        open(os.path.join(d, 'c%d.proto' % i), 'w').write('syntax = "proto3";\n' + imp + 'message M%d {}\n' % i)
    s = 'syntax = "proto3";\nimport "c%d.proto";\n' % (n // 10 - 1)
    out = os.path.join(d, 'top.proto')
else: sys.exit('unknown shape ' + shape)
open(out, 'w').write(s)
print(out)
PY
}

# secs CMD...: wall time of CMD in seconds (its output discarded).
secs() {
  local s e
  s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N)
  echo "$e - $s" | bc
}

printf '%-13s %8s %9s %6s %9s %6s %9s %6s\n' shape size gcc ratio human ratio protoc ratio
for shape in dup_numbers one_line bad_escapes unresolved fields enum_values long_ident long_string nested_open import_chain; do
  prev_g=; prev_h=; prev_p=
  for n in 25000 50000 100000 200000; do
    f=$(gen "$shape" "$n"); d=$(dirname "$f"); b=$(basename "$f")
    g=$(secs "$PROTOGEN" compile -I"$d" --error_format=gcc -o /dev/null "$f")
    h=$(secs "$PROTOGEN" compile -I"$d" -o /dev/null "$f")
    p=-
    if [ -z "${NO_PROTOC:-}" ]; then p=$(secs timeout 120 $PROTOC -I"$d" -o /dev/null "$f"); fi
    ratio() { if [ -n "$1" ] && [ "$2" != - ]; then echo "scale=2; $2 / ($1 + 0.001)" | bc; else echo -; fi; }
    printf '%-13s %8d %9.3f %6s %9.3f %6s %9s %6s\n' "$shape" "$n" "$g" "$(ratio "$prev_g" "$g")" \
      "$h" "$(ratio "$prev_h" "$h")" "$p" "$(ratio "$prev_p" "$p")"
    prev_g=$g; prev_h=$h; prev_p=$p
    rm -rf "$d"/*
  done
done
