#!/usr/bin/env bash
# Renders a PDF to PNG pages to look at (not used by the tests; needs Debian's poppler-utils:
# apt-get install -y poppler-utils). Without an argument it renders the seed 案件申込書 as
# the unit test builds it.
#   scripts/render-pdf.sh                 -> tmp/render/seed-1.png …
#   scripts/render-pdf.sh R8-001.pdf out  -> out/R8-001-1.png …
set -euo pipefail
cd "$(dirname "$0")/.."
out="${2:-tmp/render}"
mkdir -p "$out"
if [ $# -ge 1 ]; then
  pdf="$1"
else
  CHOGI_PDF_OUT="$out" npx jest test/unit/requestPdf.test.ts -t 'seed' >/dev/null
  pdf="$out/seed.pdf"
fi
command -v pdftoppm >/dev/null || { echo "pdftoppm not found: apt-get install -y poppler-utils" >&2; exit 2; }
pdffonts "$pdf" >&2
pdftoppm -png -r "${DPI:-80}" "$pdf" "$out/$(basename "$pdf" .pdf)"
ls "$out"/*.png
