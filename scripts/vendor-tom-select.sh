#!/bin/sh
# Refreshes the vendored Tom Select (static/vendor/tom-select/) from the npm registry.
# Needs Node.js' npm only when run; Tremplin itself serves the committed files.
#   sh scripts/vendor-tom-select.sh [version]
set -eu
VERSION="${1:-2.6.2}"
DEST="$(dirname "$0")/../static/vendor/tom-select"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "tom-select@$VERSION" >/dev/null && tar xzf tom-select-*.tgz)
mkdir -p "$DEST"
cp "$WORK/package/dist/js/tom-select.complete.min.js" "$WORK/package/dist/css/tom-select.min.css" \
   "$WORK/package/LICENSE" "$DEST/"
echo "Tom Select $VERSION copied to $DEST"
