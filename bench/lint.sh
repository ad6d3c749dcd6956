#!/usr/bin/env bash
# Benchmark (not a test): `protogen lint` against `buf lint` (buf 1.75.0,
# from npm, as scripts/test.sh installs it) on all of googleapis as a buf v2
# workspace, with the STANDARD, COMMENTS and UNARY_RPC rules.
# Prints wall time, peak memory, the ratios, and whether the findings are
# identical. Needs the corpus (PROTOGEN_CORPUS, default ../shared/corpus).
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
args=(lint --error-format json --path googleapis/google)
while IFS=$'\t' read -r f _; do
  args+=(--exclude-path "googleapis/$f")
done < <(grep -v '^#' "$corpus/lists/googleapis.rejected.txt" | grep -v '^$')

# Best of $runs: "wall_seconds peak_kib"; lint exits 100 with findings.
measure() {
  local best_t="" best_m="" out="$1"; shift
  for _ in $(seq "$runs"); do
    (cd "$ws" && /usr/bin/time -f "%e %M" -o "$ws/time" "$@" >"$out" 2>"$ws/err") || [ $? -eq 100 ] || { cat "$ws/err" >&2; exit 1; }
    read -r t m < <(tail -n 1 "$ws/time")
    if [ -z "$best_t" ] || awk "BEGIN{exit !($t < $best_t)}"; then best_t=$t; fi
    if [ -z "$best_m" ] || [ "$m" -lt "$best_m" ]; then best_m=$m; fi
  done
  echo "$best_t $best_m"
}

read -r bt bm < <(measure "$ws/buf.out" "$buf" "${args[@]}")
read -r gt gm < <(measure "$ws/protogen.out" "$protogen" "${args[@]}")
cmp -s "$ws/buf.out" "$ws/protogen.out" && same=identical || same=DIFFERENT
echo "googleapis lint: $(wc -l < "$ws/buf.out") findings, best of $runs runs"
printf '%-20s %8s %10s %10s %12s %8s %8s\n' mode "buf s" "protogen s" "buf MiB" "protogen MiB" "time x" "mem x"
printf '%-20s %8.2f %10.2f %10.1f %12.1f %8.2f %8.2f  (%s findings)\n' "lint" "$bt" "$gt" \
  "$(echo "$bm/1024" | bc -l)" "$(echo "$gm/1024" | bc -l)" "$(echo "$gt/$bt" | bc -l)" "$(echo "$gm/$bm" | bc -l)" "$same"
