# Shared by the bench scripts (sourced, not run): paths, tool checks, the release build, a
# temporary work folder removed on exit, and the median of timed runs.

here="$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
shared="${SHARED:-$root/../shared}"
runs="${RUNS:-9}"

need_tools() { # install-hint tool...
  local hint="$1"
  shift
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing; $hint" >&2; exit 2; }
  done
}

# Build healthlint (sets `hl`) and make the work folder (sets `work`).
build_and_prepare() {
  cargo build --release --quiet --manifest-path "$root/Cargo.toml"
  hl="$root/target/release/healthlint"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
}

median_seconds() { # command...
  hyperfine --style none --warmup 1 --runs "$runs" -i --export-json "$work/h.json" -- "$*" >/dev/null 2>&1
  python3 -c 'import json,statistics,sys; r=json.load(open(sys.argv[1]))["results"][0]["times"]; print(f"{statistics.median(r):.3f}")' "$work/h.json"
}

# Time several commands in turns (one run of each per round, after a warm-up round), so that
# a machine that slows down or speeds up during the run weighs on all of them alike. Prints, per
# command, the median seconds and the median over rounds of its time divided by the first
# command's in the same round.
interleaved_medians() { # command...
  python3 - "$runs" "$@" <<'PY'
import statistics, subprocess, sys, time
runs, commands = int(sys.argv[1]), sys.argv[2:]
def once(command):
    start = time.perf_counter()
    subprocess.run(command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start
for command in commands:
    once(command)
rounds = [[once(c) for c in commands] for _ in range(runs)]
for i in range(len(commands)):
    seconds = statistics.median(r[i] for r in rounds)
    ratio = statistics.median(r[i] / r[0] for r in rounds)
    print(f"{seconds:.3f} {ratio:.2f}")
PY
}
