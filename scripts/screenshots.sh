#!/usr/bin/env bash
# Remakes the README's "What each person sees" screenshots: each role's landing page and the head's check page, at
# 1280 px (desktop) and 390 px (phone), first screenful, as the role crawl photographs them (RoleCrawlTests), then
# copies them into docs/screenshots.
#
#   bash scripts/screenshots.sh            # build, run the crawl, copy
#   bash scripts/screenshots.sh --copy     # copy what the last run of the browser tests left
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shots="$root/tests/TrustPortal.BrowserTests/bin/Release/net10.0/screenshots"
docs="$root/docs/screenshots"

if [[ "${1:-}" != "--copy" ]]; then
  dotnet build "$root/tests/TrustPortal.BrowserTests" -c Release -v q -nologo
  dotnet test "$root/tests/TrustPortal.BrowserTests" -c Release --no-build --filter "FullyQualifiedName~RoleCrawlTests"
fi

mkdir -p "$docs"
for name in landing-administrator landing-headteacher landing-executive-head landing-trustee landing-staff check-return; do
  for device in desktop phone; do
    file="$name-$device.png"
    [[ -f "$shots/$file" ]] || { echo "screenshots.sh: $shots/$file is missing: run without --copy" >&2; exit 1; }
    cp "$shots/$file" "$docs/$file"
    echo "$docs/$file ($(( $(stat -c %s "$docs/$file") / 1024 )) KB)"
  done
done
