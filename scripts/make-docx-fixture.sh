#!/usr/bin/env bash
# Rebuild fixtures/supplement-brochure.docx from scripts/docx-fixture.fodt with LibreOffice, so
# the fixture is a .docx a real word processor wrote. Needs `soffice` (Debian:
# apt-get install -y --no-install-recommends libreoffice-writer).
#
# The archive holds dates and revision ids, so its bytes change from run to run; its text does
# not. After rebuilding, run `cargo test --test docx --test snapshots` and review the snapshots.
set -euo pipefail

cd "$(dirname "$0")/.."
if ! command -v soffice >/dev/null; then
    echo "make-docx-fixture: soffice not found; install LibreOffice Writer" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp scripts/docx-fixture.fodt "$work/supplement-brochure.fodt"
# A profile of its own: no interference with a running LibreOffice or the user's settings.
soffice --headless --norestore "-env:UserInstallation=file://$work/profile" \
    --convert-to 'docx:MS Word 2007 XML' --outdir "$work" "$work/supplement-brochure.fodt" >&2
cp "$work/supplement-brochure.docx" fixtures/supplement-brochure.docx
echo "wrote fixtures/supplement-brochure.docx ($(soffice --version | head -n 1))"
