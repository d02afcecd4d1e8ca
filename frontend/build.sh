#!/usr/bin/env bash
# Rebuilds TrustPortal's front-end assets from the npm package govuk-frontend.
#
#   wwwroot/css/site.css                      <- sass src/site.scss (compressed, no source map)
#   wwwroot/lib/govuk-frontend/govuk-frontend.min.js
#   wwwroot/lib/govuk-frontend/assets/        <- dist/govuk/assets minus fonts and crown images
#   wwwroot/lib/govuk-frontend/LICENSE.txt
#
# The outputs are committed so that `dotnet run` needs no npm. Run from
# anywhere: ./frontend/build.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
wwwroot="$(cd "$here/../src/TrustPortal.Web/wwwroot" && pwd)"
gf="$here/node_modules/govuk-frontend"
dist="$gf/dist/govuk"
lib="$wwwroot/lib/govuk-frontend"
css="$wwwroot/css/site.css"

fail() { echo "build.sh: $*" >&2; exit 1; }

cd "$here"

# 1. Exact versions from package-lock.json. No package here needs an install
#    script (sass's optional @parcel/watcher is only used by `sass --watch`).
npm ci --ignore-scripts --no-audit --no-fund

version="$(node -p 'require("govuk-frontend/package.json").version')"
[[ "$version" == "6.6.0" ]] || fail "expected govuk-frontend 6.6.0, got $version"

# 2. src/site.scss lists the components one by one (to leave out the crown in
#    the footer) and src/_footer-without-crown.scss copies the footer styles.
#    Stop if upstream changed either, so an upgrade re-syncs them on purpose.
sha256sum --quiet -c - <<EOF || fail "govuk-frontend's component list or footer changed: re-sync src/site.scss and src/_footer-without-crown.scss, then update these hashes"
ba8e58a09c4858111cfd6cfc8b426cd828a4bea4ea4850825ade36c0f0c75e8c  $dist/components/_index.scss
56dd6a5b5ea04cba29237f2264a1487a8230eb22b4b0c6f54a408e521706c309  $dist/components/footer/_mixin.scss
b3316813db2c28397f6494cb937dc34d3b49680f166ad5c6ac207eec46ec89b2  $dist/index.scss
EOF

# 3. Start from scratch.
rm -rf "$lib"
rm -f "$css" "$css.map"
mkdir -p "$lib" "$(dirname "$css")"

# 4. CSS.
npx --no-install sass --pkg-importer=node --style=compressed --no-source-map \
  src/site.scss "$css"

# 5. GOV.UK Frontend JavaScript (ES module). Its source map is not shipped, so
#    drop the trailing sourceMappingURL comment (it would only cause a 404).
sed -e 's|//# sourceMappingURL=govuk-frontend\.min\.js\.map$||' \
  "$dist/govuk-frontend.min.js" > "$lib/govuk-frontend.min.js"

# 6. Assets, without fonts (we use Arial) and without the crown.
cp -R "$dist/assets" "$lib/assets"
rm -rf "$lib/assets/fonts"
find "$lib/assets" -iname '*crown*' -delete
# The GOV.UK favicons, app icons, mask icon and Open Graph image all show the
# crown, and govuk-crest.svg is the Royal Arms (checked by eye in 6.6.0). They
# are GOV.UK's identity, not a trust's: remove them.
rm -f "$lib/assets/images/favicon.ico" \
      "$lib/assets/images/favicon.svg" \
      "$lib/assets/images/govuk-crest.svg" \
      "$lib/assets/images/govuk-opengraph-image.png" \
      "$lib/assets/images"/govuk-icon-*
# manifest.json lists those icons: drop it if it names any file we removed.
if [[ -f "$lib/assets/manifest.json" ]]; then
  node -e '
    const fs = require("fs"), path = require("path");
    const dir = process.argv[1];
    const m = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
    const missing = (m.icons || []).some(i => !fs.existsSync(path.join(dir, i.src)));
    const crown = /crown/i.test(JSON.stringify(m));
    if (missing || crown) fs.unlinkSync(path.join(dir, "manifest.json"));
  ' "$lib/assets"
fi
find "$lib/assets" -depth -type d -empty -delete

# 7. Licence. The npm package does not ship its LICENSE.txt; prefer it if a
#    later version does, otherwise use the copy from the upstream repository.
if [[ -f "$gf/LICENSE.txt" ]]; then
  cp "$gf/LICENSE.txt" "$lib/LICENSE.txt"
else
  cp "$here/licenses/govuk-frontend-LICENSE.txt" "$lib/LICENSE.txt"
fi

# 8. Checks.
for bad in 'GDS Transport' '@font-face' 'crown' 'crest' 'sourceMappingURL' '/fonts/'; do
  if grep -qiF -- "$bad" "$css"; then fail "site.css contains '$bad'"; fi
done
# Every url() in site.css that points into our assets must exist.
{ grep -o 'url([^)]*)' "$css" || true; } | sed -e 's/^url(//' -e 's/)$//' -e 's/^["'\'']//' -e 's/["'\'']$//' \
  | { grep '^/lib/govuk-frontend/assets/' || true; } | while read -r u; do
      [[ -f "$wwwroot$u" ]] || fail "site.css refers to $u, which is not in wwwroot"
    done
grep -q 'export{[^}]*\binitAll\b' "$lib/govuk-frontend.min.js" || fail "govuk-frontend.min.js no longer exports initAll"
# Hand-written files that load the above (not generated here).
grep -qF "from '/lib/govuk-frontend/govuk-frontend.min.js'" "$wwwroot/js/site.js" \
  || fail "wwwroot/js/site.js does not import /lib/govuk-frontend/govuk-frontend.min.js"
[[ -f "$wwwroot/js/supported.js" ]] || fail "wwwroot/js/supported.js is missing"

# Contrast of the status tags and the default brand colour (WCAG AA: 4.5:1).
node -e '
  const css = require("fs").readFileSync(process.argv[1], "utf8");
  const lum = h => { h = h.replace("#", ""); if (h.length === 3) h = [...h].map(c => c + c).join("");
    const [r, g, b] = [0, 2, 4].map(i => { const c = parseInt(h.substr(i, 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const rows = [];
  for (const m of css.matchAll(/\.(app-rag--[a-z-]+|app-tag--example)\{color:(#[0-9a-f]+);background-color:(#[0-9a-f]+)/g))
    rows.push([m[1], m[2], m[3]]);
  const brand = css.match(/--app-brand-colour, ?(#[0-9a-f]+)\)/);
  if (brand) rows.push(["app-brand-header", "#fff", brand[1]]);
  if (rows.length < 7) { console.error("contrast check: expected 7 colour pairs, found " + rows.length); process.exit(1); }
  let bad = false;
  for (const [n, fg, bg] of rows) { const r = ratio(fg, bg); if (r < 4.5) bad = true;
    console.log(`  ${n.padEnd(22)} ${fg} on ${bg}  ${r.toFixed(2)}:1`); }
  if (bad) { console.error("contrast below 4.5:1"); process.exit(1); }
' "$css"

echo "Built:"
(cd "$wwwroot" && find css/site.css lib/govuk-frontend -type f -exec ls -l {} + | awk '{print "  " $5 "\t" $9}')
du -sb "$wwwroot/css" "$wwwroot/lib" | sed "s|$wwwroot/||"
