#!/usr/bin/env bash
# Component reading speed: healthlint with its default packs over the .js, .jsx and .tsx files of
# widely used npm packages (installed into a temporary folder), next to the same run over the
# Markdown of ../shared/corpus/medquad. Prints files, MB, median wall time and MB/s of each, and
# how many scripts did not parse.
#
#   bench/components.sh
#   PACKAGES="react-dom @mui/material" RUNS=5 bench/components.sh
#
# Needs npm (the npm registry) and hyperfine: `apt-get install npm hyperfine`.
# Not part of `cargo test`: timings belong here, never in tests.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
shared="${SHARED:-$root/../shared}"
markdown="$shared/corpus/medquad"
runs="${RUNS:-3}"
packages="${PACKAGES:-react-dom@19 @mui/material@7 lodash-es@4 antd@5 @tanstack/react-query@5}"

for tool in npm hyperfine python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing; apt-get install npm hyperfine" >&2; exit 2; }
done
[ -d "$markdown" ] || { echo "bench: no Markdown corpus at $markdown (set SHARED)" >&2; exit 2; }

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
hl="$root/target/release/healthlint"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "installing $packages ..." >&2
# shellcheck disable=SC2086
npm install --prefix "$work/npm" --no-audit --no-fund --ignore-scripts --loglevel=error $packages >/dev/null

find "$work/npm/node_modules" -type f \( -name '*.js' -o -name '*.jsx' -o -name '*.tsx' \) > "$work/components.txt"
find "$markdown" -type f -name '*.md' > "$work/markdown.txt"

megabytes() { # file list
  python3 -c 'import os,sys; print(f"{sum(os.path.getsize(l.strip()) for l in open(sys.argv[1]) if l.strip())/1e6:.1f}")' "$1"
}

median_seconds() { # command...
  hyperfine --style none --warmup 1 --runs "$runs" -i --export-json "$work/h.json" -- "$*" >/dev/null 2>&1
  python3 -c 'import json,statistics,sys; r=json.load(open(sys.argv[1]))["results"][0]["times"]; print(f"{statistics.median(r):.3f}")' "$work/h.json"
}

printf '%-34s %8s %8s %10s %8s\n' corpus files MB "median s" "MB/s"
for name in components markdown; do
  list="$work/$name.txt"
  files="$(wc -l < "$list")"
  mb="$(megabytes "$list")"
  s="$(median_seconds "$hl check --isolated --exit-zero --quiet --format concise --files-from $list")"
  rate="$(python3 -c "print(f'{$mb / $s:.1f}')")"
  label="$name"
  [ "$name" = components ] && label="components (.js .jsx .tsx)"
  [ "$name" = markdown ] && label="markdown (medquad)"
  printf '%-34s %8s %8s %10s %8s\n' "$label" "$files" "$mb" "$s" "$rate"
done

unparsed="$("$hl" check --isolated --exit-zero --quiet --format concise --files-from "$work/components.txt" 2>&1 >/dev/null | grep -c 'cannot be parsed' || true)"
echo "scripts that did not parse completely: $unparsed of $(wc -l < "$work/components.txt")"
