#!/usr/bin/env bash
# Fetch the dashboard's front-end assets from the npm registry (pinned) and copy the files it
# needs, with their licences, into src/polemos/web/static/vendor/. Run by a maintainer when a
# version changes; the vendored files are committed so nothing is fetched at install or run time.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/src/polemos/web/static/vendor"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts leaflet@1.9.4 world-atlas@2.0.2 topojson-client@3.1.0 >/dev/null
NM="$TMP/node_modules"
rm -rf "$DEST"
mkdir -p "$DEST/leaflet/images" "$DEST/topojson-client" "$DEST/world-atlas"
cp "$NM/leaflet/dist/leaflet.js" "$NM/leaflet/dist/leaflet.css" "$NM/leaflet/LICENSE" "$DEST/leaflet/"
cp "$NM"/leaflet/dist/images/*.png "$DEST/leaflet/images/"
cp "$NM/topojson-client/dist/topojson-client.min.js" "$NM/topojson-client/LICENSE" "$DEST/topojson-client/"
cp "$NM/world-atlas/countries-110m.json" "$NM/world-atlas/LICENSE" "$DEST/world-atlas/"
cat > "$DEST/README.md" <<'TXT'
# Vendored front-end assets (do not edit; regenerate with scripts/vendor_assets.sh)

| Package | Version | Licence | Files |
|---|---|---|---|
| leaflet | 1.9.4 | BSD-2-Clause (leaflet/LICENSE) | leaflet.js, leaflet.css, images/*.png |
| topojson-client | 3.1.0 | ISC (topojson-client/LICENSE) | topojson-client.min.js |
| world-atlas | 2.0.2 | ISC (world-atlas/LICENSE); data: Made with Natural Earth (public domain), 1:110m | countries-110m.json |
TXT
echo "vendored into $DEST"
