#!/usr/bin/env bash
# Runs this repository's pre-commit hook, through the pre-commit framework (from PyPI), on a
# temporary repository holding one article with a violation and one without: the hook must fail
# and name the violation. Takes a few minutes, as pre-commit builds healthlint with cargo.
#
#   scripts/pre-commit-try.sh
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet pre-commit
export PRE_COMMIT_HOME="$work/cache"

mkdir "$work/site"
cd "$work/site"
git init --quiet
git config user.email "writer@example.com"
git config user.name "Writer"
cat > bad.md <<'MD'
# Turmeric gummies

Our turmeric gummies cure arthritis in a week.
MD
cat > good.md <<'MD'
# Turmeric

Turmeric is a spice. Talk to your doctor before taking supplements; this article does not
replace professional medical advice.
MD
git add bad.md good.md

set +e
"$work/venv/bin/pre-commit" try-repo "$repo" healthlint --files bad.md good.md > "$work/out.txt" 2>&1
status=$?
set -e
cat "$work/out.txt"
if [ "$status" -eq 0 ]; then
  echo "FAIL: the hook passed an article that claims to cure arthritis" >&2
  exit 1
fi
if ! grep -q "us-fda-ftc/disease-claim" "$work/out.txt"; then
  echo "FAIL: the hook failed without naming us-fda-ftc/disease-claim" >&2
  exit 1
fi
echo "OK: the pre-commit hook failed on bad.md and named the violation (exit $status)"
