#!/usr/bin/env bash
# Benchmark (not a test): protogen against protoc 35.1 compiling every listed
# googleapis file in one invocation, with --include_imports, then also with
# --include_source_info; then generating Python for all of them
# (--python_out, --pyi_out and --grpc_python_out; protoc with grpcio-tools'
# generator) and Rust (--prost_out, then with --tonic_out; protoc with
# protoc-gen-prost and protoc-gen-tonic) and Go (--go_out --go-grpc_out;
# protoc with protoc-gen-go v1.36.12 and protoc-gen-go-grpc v1.6.2).
# Prints wall time, peak memory and the ratios.
# Needs the corpus (PROTOGEN_CORPUS, default ../shared/corpus) and grpcio-tools.
set -euo pipefail
cd "$(dirname "$0")/.."
# protoc and grpcio-tools from the virtual environment scripts/test.sh makes.
[ -x target/venv/bin/python3 ] || { echo "target/venv missing: run scripts/test.sh first" >&2; exit 1; }
export PATH="$PWD/target/venv/bin:$PATH"
corpus="${PROTOGEN_CORPUS:-$(cd .. && pwd)/shared/corpus}"
runs="${BENCH_RUNS:-3}"
cargo build --release --locked --quiet
protogen="$(pwd)/target/release/protogen"
list="$corpus/lists/googleapis.txt"
mapfile -t files < <(grep -v '^#' "$list" | grep -v '^$')
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# Best of $runs: "wall_seconds peak_kib".
measure() {
  local best_t="" best_m=""
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$out/time" "$@" >/dev/null 2>"$out/err" || { cat "$out/err" >&2; exit 1; }
    read -r t m < "$out/time"
    if [ -z "$best_t" ] || awk "BEGIN{exit !($t < $best_t)}"; then best_t=$t; fi
    if [ -z "$best_m" ] || [ "$m" -lt "$best_m" ]; then best_m=$m; fi
  done
  echo "$best_t $best_m"
}

echo "googleapis: ${#files[@]} files, best of $runs runs (Rust rows: ${BENCH_RUST_RUNS:-1})"
printf '%-46s %10s %10s %12s %12s %8s %8s\n' mode "protoc s" "protogen s" "protoc MiB" "protogen MiB" "time x" "mem x"
for mode in "--include_imports" "--include_imports --include_source_info"; do
  cd "$corpus"
  read -r pt pm < <(measure python3 -m grpc_tools.protoc -I googleapis -I protobuf $mode -o "$out/ref.pb" "${files[@]}")
  read -r gt gm < <(measure "$protogen" compile -I googleapis -I protobuf $mode -o "$out/out.pb" "${files[@]}")
  cd - >/dev/null
  cmp -s "$out/ref.pb" "$out/out.pb" && same=identical || same=DIFFERENT
  printf '%-46s %10.2f %10.2f %12.1f %12.1f %8.2f %8.2f  (%s output)\n' "$mode" "$pt" "$gt" \
    "$(echo "$pm/1024" | bc -l)" "$(echo "$gm/1024" | bc -l)" "$(echo "$gt/$pt" | bc -l)" "$(echo "$gm/$pm" | bc -l)" "$same"
done

# One generation row: "gen_row LABEL 'REFERENCE FLAGS' 'PROTOGEN FLAGS'", each
# with OUT for its own output directory.
gen_row() {
  local label=$1 ref_flags=${2//OUT/$out/ref-gen} gen_flags=${3//OUT/$out/gen-gen}
  rm -rf "$out/ref-gen" "$out/gen-gen"
  mkdir -p "$out/ref-gen" "$out/gen-gen"
  cd "$corpus"
  # shellcheck disable=SC2086
  read -r pt pm < <(measure python3 -m grpc_tools.protoc -I googleapis -I protobuf $ref_flags "${files[@]}")
  # shellcheck disable=SC2086
  read -r gt gm < <(measure "$protogen" compile -I googleapis -I protobuf $gen_flags "${files[@]}")
  cd - >/dev/null
  diff -rq "$out/ref-gen" "$out/gen-gen" >/dev/null && same=identical || same=DIFFERENT
  printf '%-46s %10.2f %10.2f %12.1f %12.1f %8.2f %8.2f  (%s output)\n' "$label" "$pt" "$gt" \
    "$(echo "$pm/1024" | bc -l)" "$(echo "$gm/1024" | bc -l)" "$(echo "$gt/$pt" | bc -l)" "$(echo "$gm/$pm" | bc -l)" "$same"
}

py="--python_out=OUT --pyi_out=OUT --grpc_python_out=OUT"
gen_row "--python_out --pyi_out --grpc_python_out" "$py" "$py"
# Rust: protoc running protoc-gen-prost and protoc-gen-tonic 0.5.0
# (installed by scripts/test.sh), against protogen's built-in generators.
# The reference's peak is the largest of protoc's and the plugins'.
tools="$PWD/target/tools/bin"
for p in protoc-gen-prost protoc-gen-tonic; do
  [ -x "$tools/$p" ] || { echo "$tools/$p missing: run scripts/test.sh first" >&2; exit 1; }
done
# The Rust rows take one run each unless BENCH_RUST_RUNS says otherwise
# (protoc with the plugins takes half a minute to a minute a run).
runs="${BENCH_RUST_RUNS:-1}"
gen_row "--prost_out" "--plugin=protoc-gen-prost=$tools/protoc-gen-prost --prost_out=OUT" "--prost_out=OUT"
gen_row "--prost_out --tonic_out" \
  "--plugin=protoc-gen-prost=$tools/protoc-gen-prost --plugin=protoc-gen-tonic=$tools/protoc-gen-tonic --prost_out=OUT --tonic_out=OUT" \
  "--prost_out=OUT --tonic_out=OUT"

# Go: protoc running protoc-gen-go and protoc-gen-go-grpc (installed by
# scripts/test.sh), against protogen's built-in generators.
for p in protoc-gen-go protoc-gen-go-grpc; do
  [ -x "$tools/$p" ] || { echo "$tools/$p missing: run scripts/test.sh first" >&2; exit 1; }
done
# The few files without a go_package get an import path from an M option.
m=""
for f in "${files[@]}"; do
  grep -q '^option go_package' "$corpus/googleapis/$f" || m="$m,M$f=example.com/gen/$(dirname "$f")"
done
go="--go_out=${m#,}:OUT --go-grpc_out=${m#,}:OUT"
gen_row "--go_out --go-grpc_out" \
  "--plugin=protoc-gen-go=$tools/protoc-gen-go --plugin=protoc-gen-go-grpc=$tools/protoc-gen-go-grpc $go" "$go"

# One mid-size file with its imports (google/cloud/scheduler/v1/
# cloudscheduler.proto, the well-known types each tool's own): protoc,
# protox 0.9.1 (installed by scripts/test.sh) and protogen, each run
# BENCH_FILE_RUNS times (default 50) in turn; the mean wall time per run
# (a run takes milliseconds, below /usr/bin/time's resolution) and the
# peak memory of one run. protox reads no -I protobuf: it cannot parse
# that descriptor.proto (an extension range with options).
[ -x "$tools/protox" ] || { echo "$tools/protox missing: run scripts/test.sh first" >&2; exit 1; }
n="${BENCH_FILE_RUNS:-50}"
one=google/cloud/scheduler/v1/cloudscheduler.proto
# "mean_ms peak_kib" of N runs of a command.
per_run() {
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$n"); do "$@" >/dev/null 2>&1 || { "$@"; exit 1; }; done
  end=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$out/time" "$@" >/dev/null 2>&1
  echo "$(echo "($end - $start) / $n / 1000000" | bc -l) $(cat "$out/time")"
}
cd "$corpus"
read -r pt pm < <(per_run python3 -m grpc_tools.protoc -I googleapis --include_imports -o "$out/ref.pb" "$one")
read -r xt xm < <(per_run "$tools/protox" -I googleapis --include_imports -o "$out/protox.pb" "$one")
read -r gt gm < <(per_run "$protogen" compile -I googleapis --include_imports -o "$out/out.pb" "$one")
cd - >/dev/null
same=identical
cmp -s "$out/ref.pb" "$out/out.pb" || same=DIFFERENT
echo
echo "$one --include_imports, mean of $n runs (protogen's output $same to protoc's)"
printf '%-10s %10s %12s\n' tool "ms a run" "peak MiB"
for row in "protoc $pt $pm" "protox $xt $xm" "protogen $gt $gm"; do
  read -r name t m <<<"$row"
  printf '%-10s %10.2f %12.1f\n' "$name" "$t" "$(echo "$m/1024" | bc -l)"
done
printf 'protogen / protox: time %.2f, memory %.2f\n' "$(echo "$gt/$xt" | bc -l)" "$(echo "$gm/$xm" | bc -l)"
