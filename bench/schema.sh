#!/usr/bin/env bash
# Benchmark (not a test): protogen's schema checks against buf's (buf
# 1.75.0, from npm, as scripts/test.sh installs it) on all of googleapis as
# a buf v2 workspace:
#   lint      `lint --error-format json` with STANDARD, COMMENTS, UNARY_RPC;
#   breaking  `breaking --against .` (both sides built and compared);
#   format    `format -o DIR` (every file formatted and written).
# Prints wall time and peak memory for each tool, the ratios, and whether
# the outputs are identical. Needs the corpus (PROTOGEN_CORPUS, default
# ../shared/corpus).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${PROTOGEN_CORPUS:-$(cd .. && pwd)/shared/corpus}"
runs="${BENCH_RUNS:-2}"
buf="$PWD/target/tools/npm/node_modules/.bin/buf"
[ -x "$buf" ] || { echo "buf missing: run scripts/test.sh first" >&2; exit 1; }
cargo build --release --locked --quiet
protogen="$PWD/target/release/protogen"
ws="$(mktemp -d)"
trap 'rm -rf "$ws"' EXIT
ln -s "$corpus/googleapis" "$ws/googleapis"
printf 'version: v2\nmodules:\n  - path: googleapis\nlint:\n  use: [STANDARD, COMMENTS, UNARY_RPC]\n' > "$ws/buf.yaml"
# The two files protoc rejects (their imports are not in the corpus).
paths=(--path googleapis/google)
while IFS=$'\t' read -r f _; do
  paths+=(--exclude-path "googleapis/$f")
done < <(grep -v '^#' "$corpus/lists/googleapis.rejected.txt" | grep -v '^$')

# Best of $runs of one tool: "wall_seconds peak_kib"; exit 100 (findings)
# counts as success. $1 names the output (a file, or a directory for -o).
measure() {
  local best_t="" best_m="" out="$1"; shift
  for _ in $(seq "$runs"); do
    rm -rf "$out.d"
    (cd "$ws" && /usr/bin/time -f "%e %M" -o "$ws/time" "$@" >"$out" 2>"$ws/err") || [ $? -eq 100 ] || { cat "$ws/err" >&2; exit 1; }
    read -r t m < <(tail -n 1 "$ws/time")
    if [ -z "$best_t" ] || awk "BEGIN{exit !($t < $best_t)}"; then best_t=$t; fi
    if [ -z "$best_m" ] || [ "$m" -lt "$best_m" ]; then best_m=$m; fi
  done
  echo "$best_t $best_m"
}

echo "googleapis ($(find -L "$ws/googleapis" -name '*.proto' | wc -l) files), best of $runs runs"
printf '%-10s %8s %10s %10s %12s %8s %8s\n' check "buf s" "protogen s" "buf MiB" "protogen MiB" "time x" "mem x"
row() {
  local name="$1"; shift
  read -r bt bm < <(measure "$ws/buf.$name" "$buf" "$@" $(out_flag buf))
  read -r gt gm < <(measure "$ws/protogen.$name" "$protogen" "$@" $(out_flag protogen))
  local what
  if [ "$name" = format ]; then
    diff -r "$ws/buf.$name.d" "$ws/protogen.$name.d" >/dev/null && what="output identical" || what="output DIFFERENT"
  else
    cmp -s "$ws/buf.$name" "$ws/protogen.$name" && what="$(wc -l < "$ws/buf.$name") findings, identical" || what="findings DIFFERENT"
  fi
  printf '%-10s %8.2f %10.2f %10.1f %12.1f %8.2f %8.2f  (%s)\n' "$name" "$bt" "$gt" \
    "$(echo "$bm/1024" | bc -l)" "$(echo "$gm/1024" | bc -l)" "$(echo "$gt/$bt" | bc -l)" "$(echo "$gm/$bm" | bc -l)" "$what"
}
out_flag() { [ "$current" = format ] && echo "-o $ws/$1.format.d" || true; }
current=lint; row lint lint --error-format json "${paths[@]}"
current=breaking; row breaking breaking --against . --error-format json "${paths[@]}"
current=format; row format format "${paths[@]}"
