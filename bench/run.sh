#!/usr/bin/env bash
# Times healthlint against ripgrep on the same files and the same 212 banned-claim patterns
# (../shared/bench), over the corpus (../shared/corpus) at x1, x4 and x16, plus healthlint with
# its default built-in packs. Prints median wall time, MB/s, peak RSS and the ratio to ripgrep.
# The tools run in turns, one run of each per round, and the ratio is the median over rounds of
# the time divided by ripgrep's in the same round: a machine whose speed drifts during the run
# moves both alike.
#
#   bench/run.sh                 # everything (a few minutes on 2 cores)
#   RUNS=3 SCALES="1 4" bench/run.sh
#
# Needs ripgrep, GNU time and python3: `apt-get install ripgrep time python3`.
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

need_tools "apt-get install ripgrep time python3" rg /usr/bin/time python3
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
  commands=("rg -i -c -f $phrases_txt $dir"
    "$hl check --config $work/phrases.toml --format concise --quiet $dir")
  names=("ripgrep phrases.txt" "healthlint phrases.toml")
  if [[ " $default_scales " == *" $n "* ]]; then
    commands+=("$hl check --isolated --format concise --quiet $dir")
    names+=("healthlint default packs")
  fi
  mapfile -t timed < <(interleaved_medians "${commands[@]}")
  for i in "${!commands[@]}"; do
    read -r seconds ratio <<<"${timed[$i]}"
    # shellcheck disable=SC2086 # the command is split into its words on purpose
    rss="$(peak_rss_mb ${commands[$i]})"
    printf '%-6s %-28s %10s %10.0f %10s %10s\n' "x$n" "${names[$i]}" "$seconds" \
      "$(python3 -c "print($mb/$seconds)")" "$rss" "$ratio"
  done
  rm -rf "$dir"
done
echo "($(nproc) cores; corpus $(du -sm --apparent-size "$corpus" | cut -f1) MB; medians of $runs rounds after a warm-up round)"
