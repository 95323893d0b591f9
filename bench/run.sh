#!/usr/bin/env bash
# Times healthlint against ripgrep on the same files and the same 212 banned-claim patterns
# (../shared/bench), over the corpus (../shared/corpus) at x1, x4 and x16, plus healthlint with
# its default built-in packs. Prints median wall time, MB/s, peak RSS and the ratio to ripgrep.
#
#   bench/run.sh                 # everything (a few minutes on 2 cores)
#   RUNS=5 SCALES="1 4" bench/run.sh
#
# Needs ripgrep, hyperfine and GNU time: `apt-get install ripgrep hyperfine time`.
# Not part of `cargo test`: timings belong here, never in tests.
set -euo pipefail

# shellcheck source=bench/common.sh
source "$(dirname "$0")/common.sh"
corpus="$shared/corpus"
phrases_txt="$shared/bench/phrases.txt"
phrases_toml="$shared/bench/phrases.toml"
scales="${SCALES:-1 4 16}"
# The default packs are slower than a phrase list: they run at these scales only.
default_scales="${DEFAULT_SCALES:-1 4}"

need_tools "apt-get install ripgrep hyperfine time" rg hyperfine /usr/bin/time
[ -d "$corpus" ] || { echo "bench: no corpus at $corpus (set SHARED)" >&2; exit 2; }

build_and_prepare
printf 'extends = ["%s"]\n' "$phrases_toml" > "$work/phrases.toml"

# x N: N hard-linked copies of the corpus (same bytes, no extra disk).
make_scale() {
  local n="$1" dir="$work/x$1"
  mkdir -p "$dir"
  for i in $(seq 1 "$n"); do cp -al "$corpus" "$dir/copy$i"; done
  echo "$dir"
}

peak_rss_mb() { # command...
  /usr/bin/time -v "$@" >/dev/null 2>"$work/time.txt" || true
  awk -F: '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$work/time.txt"
}

printf '%-6s %-28s %10s %10s %10s %10s\n' scale tool "median s" "MB/s" "RSS MB" "x ripgrep"
for n in $scales; do
  dir="$(make_scale "$n")"
  mb="$(du -sm --apparent-size "$corpus" | awk -v n="$n" '{print $1 * n}')"
  rg_cmd="rg -i -c -f $phrases_txt $dir"
  rg_s="$(median_seconds "$rg_cmd")"
  rg_rss="$(peak_rss_mb rg -i -c -f "$phrases_txt" "$dir")"
  row() { printf '%-6s %-28s %10s %10.0f %10s %10.2f\n' "x$n" "$1" "$2" "$(python3 -c "print($mb/$2)")" "$3" "$(python3 -c "print($2/$rg_s)")"; }
  row "ripgrep phrases.txt" "$rg_s" "$rg_rss"
  hl_cmd="$hl check --config $work/phrases.toml --format concise --quiet $dir"
  hl_s="$(median_seconds "$hl_cmd")"
  hl_rss="$(peak_rss_mb "$hl" check --config "$work/phrases.toml" --format concise --quiet "$dir")"
  row "healthlint phrases.toml" "$hl_s" "$hl_rss"
  if [[ " $default_scales " == *" $n "* ]]; then
    def_cmd="$hl check --isolated --format concise --quiet $dir"
    def_s="$(median_seconds "$def_cmd")"
    def_rss="$(peak_rss_mb "$hl" check --isolated --format concise --quiet "$dir")"
    row "healthlint default packs" "$def_s" "$def_rss"
  fi
  rm -rf "$dir"
done
echo "($(nproc) cores; corpus $(du -sm --apparent-size "$corpus" | cut -f1) MB; medians of $runs runs after a warm-up)"
