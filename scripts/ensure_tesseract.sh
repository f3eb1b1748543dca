#!/usr/bin/env bash
# Tesseract's Swedish (and English) models, which the extractor needs to read scanned PDFs.
# Present: nothing to do. Missing on Debian as root: installed with apt-get. Otherwise: one line
# saying what to run (make carries on; a scan is then refused with the same command in its reason).
set -euo pipefail
for dir in "${TESSDATA_PREFIX:-}" "${TESSDATA_PREFIX:-}/tessdata" /usr/share/tesseract-ocr/5/tessdata \
    /usr/share/tesseract-ocr/4.00/tessdata /usr/share/tessdata /usr/local/share/tessdata; do
    if [ -f "$dir/swe.traineddata" ] && [ -f "$dir/eng.traineddata" ]; then
        exit 0
    fi
done
packages="tesseract-ocr tesseract-ocr-swe tesseract-ocr-eng"
if [ -r /etc/debian_version ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing Tesseract for scanned PDFs: apt-get install -y $packages"
    export DEBIAN_FRONTEND=noninteractive
    # shellcheck disable=SC2086
    apt-get install -y -qq $packages >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq $packages >/dev/null; }
else
    echo "note: scanned PDFs need Tesseract's Swedish model; run: sudo apt-get install -y $packages"
fi
