#!/usr/bin/env bash
# Renders a PDF to PNG pages to look at (not used by the tests; needs Debian's poppler-utils:
# apt-get install -y poppler-utils). Without an argument it renders the documents the unit
# test builds: the seed 案件申込書, a long one, one with 別紙資料, a 庁議資料 packet.
#   scripts/render-pdf.sh                 -> tmp/render/seed-1.png, long-1.png …
#   scripts/render-pdf.sh R8-001.pdf out  -> out/R8-001-1.png …
set -euo pipefail
cd "$(dirname "$0")/.."
out="${2:-tmp/render}"
mkdir -p "$out"
command -v pdftoppm >/dev/null || { echo "pdftoppm not found: apt-get install -y poppler-utils" >&2; exit 2; }
if [ $# -ge 1 ]; then
  pdfs=("$1")
else
  CHOGI_PDF_OUT="$(cd "$out" && pwd)" npx jest test/unit/requestPdf.test.ts >/dev/null
  pdfs=("$out"/seed.pdf "$out"/long.pdf "$out"/attachments.pdf "$out"/packet.pdf)
fi
for pdf in "${pdfs[@]}"; do
  echo "== $pdf" >&2
  pdffonts "$pdf" >&2
  pdftoppm -png -r "${DPI:-80}" "$pdf" "$out/$(basename "$pdf" .pdf)"
done
ls "$out"/*.png
