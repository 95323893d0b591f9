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

# shellcheck source=bench/common.sh
source "$(dirname "$0")/common.sh"
markdown="$shared/corpus/medquad"
packages="${PACKAGES:-react-dom@19 @mui/material@7 lodash-es@4 antd@5 @tanstack/react-query@5}"

need_tools "apt-get install npm hyperfine" npm hyperfine python3
[ -d "$markdown" ] || { echo "bench: no Markdown corpus at $markdown (set SHARED)" >&2; exit 2; }

build_and_prepare
echo "installing $packages ..." >&2
# shellcheck disable=SC2086
npm install --prefix "$work/npm" --no-audit --no-fund --ignore-scripts --loglevel=error $packages >/dev/null

find "$work/npm/node_modules" -type f \( -name '*.js' -o -name '*.jsx' -o -name '*.tsx' \) > "$work/components.txt"
find "$markdown" -type f -name '*.md' > "$work/markdown.txt"

megabytes() { # file list
  python3 -c 'import os,sys; print(f"{sum(os.path.getsize(l.strip()) for l in open(sys.argv[1]) if l.strip())/1e6:.1f}")' "$1"
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
