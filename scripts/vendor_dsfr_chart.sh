#!/bin/sh
# Refreshes the vendored official DSFR charts (static/vendor/dsfr-chart/) from the npm registry:
# the whole-library build (every web component: line-chart, bar-chart, gauge-chart, pie-chart,
# map-chart…, one Vue runtime for all), its stylesheet and its licence.
# Needs Node.js' npm only when run; Tremplin itself serves the committed files.
#   sh scripts/vendor_dsfr_chart.sh [version]
set -eu
VERSION="${1:-2.0.4}"
DEST="$(dirname "$0")/../static/vendor/dsfr-chart"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "@gouvfr/dsfr-chart@$VERSION" >/dev/null && tar xzf gouvfr-dsfr-chart-*.tgz)
mkdir -p "$DEST"
cp "$WORK/package/dist/DSFRChart/DSFRChart.js" "$WORK/package/dist/DSFRChart/DSFRChart.css" \
   "$WORK/package/LICENSE" "$DEST/"
echo "$VERSION" > "$DEST/VERSION"
echo "DSFR Chart $VERSION copied to $DEST"
