#!/usr/bin/env bash
# Coverage-guided fuzzing (cargo-fuzz, libFuzzer) of every target in fuzz/:
#   scripts/fuzz.sh [SECONDS_PER_TARGET [TARGET...]]   (default 60, all targets)
#   FUZZ_RUNS=N scripts/fuzz.sh 0 [TARGET...]           (N executions each)
#   FUZZ_FORK=K ...                 (K worker processes per target, libFuzzer's
#                                    -fork; executions are counted over all)
# Installs cargo-fuzz under target/tools, builds the targets, replays the
# saved reproducers of fuzz/regressions/, then fuzzes each target for the
# given time from its seeds (fuzz/seeds/<target>) and the corpus earlier
# runs grew (fuzz/corpus/<target>, not committed). Prints the executions
# per target; exits non-zero if any target crashed, with the crash file
# (fuzz/artifacts/<target>/crash-*) named in the output. See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
shift || true
targets=(parse compile text_format decode plugin_request plugin_response)
if [ $# -gt 0 ]; then
    targets=("$@")
fi
# A run ends after FUZZ_RUNS executions if that is set, else after $secs.
if [ -n "${FUZZ_RUNS:-}" ]; then
    limit=(-runs="$FUZZ_RUNS")
    what="$FUZZ_RUNS executions"
else
    limit=(-max_total_time="$secs")
    what="${secs}s"
fi

tools="$PWD/target/tools"
if [ ! -x "$tools/bin/cargo-fuzz" ]; then
    cargo install --locked cargo-fuzz --version 0.13.2 --root "$tools"
fi
export PATH="$tools/bin:$PATH"
# cargo-fuzz passes nightly-only compiler flags (-Z...); RUSTC_BOOTSTRAP lets
# a stable toolchain accept them, and changes nothing on nightly.
export RUSTC_BOOTSTRAP=1
# No sanitizer: protogen has no unsafe code, so AddressSanitizer would only
# slow the targets down; panics, overflow checks and debug assertions (on
# in cargo-fuzz builds) and stack overflows are what the targets find.
fuzz_flags=(-s none)

nice cargo fuzz build "${fuzz_flags[@]}"

logs="$PWD/target/fuzz-logs"
mkdir -p "$logs"
failed=()
summary=()
for t in "${targets[@]}"; do
    # Every saved reproducer runs once first: each must pass now.
    shopt -s nullglob
    saved=(fuzz/regressions/"$t"/*)
    shopt -u nullglob
    if [ ${#saved[@]} -gt 0 ]; then
        if ! nice cargo fuzz run "${fuzz_flags[@]}" "$t" "${saved[@]}" >"$logs/$t.regressions.log" 2>&1; then
            tail -n 40 "$logs/$t.regressions.log"
            echo "$t: a saved reproducer fails again (log: $logs/$t.regressions.log)"
            failed+=("$t (regression)")
        fi
    fi
    mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
    echo "== $t: fuzzing for $what"
    # One process per target (-j 1), or FUZZ_FORK workers; a unit running
    # over 30 s counts as a hang.
    if [ -n "${FUZZ_FORK:-}" ]; then
        workers=(-fork="$FUZZ_FORK")
    else
        workers=()
    fi
    status=0
    nice cargo fuzz run "${fuzz_flags[@]}" -j 1 "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
        "${limit[@]}" "${workers[@]}" -timeout=30 -print_final_stats=1 \
        >"$logs/$t.log" 2>&1 || status=$?
    if [ -n "${FUZZ_FORK:-}" ]; then
        # The parent's status lines ("#N: cov: ...") count every worker's runs.
        execs="$(sed -n 's/^#\([0-9]*\): cov:.*/\1/p' "$logs/$t.log" | tail -n 1)"
    else
        execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$t.log" | tail -n 1)"
    fi
    took="$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\2/p' "$logs/$t.log" | tail -n 1)"
    summary+=("$(printf '%-16s %12s executions in %ss' "$t" "${execs:-?}" "${took:-$secs}")")
    if [ "$status" -ne 0 ]; then
        # libFuzzer's report: the panic message, the backtrace and the
        # "Test unit written to fuzz/artifacts/..." line.
        tail -n 60 "$logs/$t.log"
        echo "$t: CRASHED (exit $status; log: $logs/$t.log)"
        grep -h "Test unit written to" "$logs/$t.log" || true
        failed+=("$t")
    fi
done

echo
echo "executions per target:"
printf '  %s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
    echo "FAILED: ${failed[*]}"
    exit 1
fi
echo "no crashes"
