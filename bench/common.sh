# Shared by the bench scripts (sourced, not run): paths, tool checks, the release build, a
# temporary work folder removed on exit, and the median of timed runs.

here="$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
shared="${SHARED:-$root/../shared}"
runs="${RUNS:-3}"

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
