#!/usr/bin/env bash
# Vendor htmx (npm package "htmx.org") into src/kompensation/ui/static/vendor/htmx/ so pages load it from
# our own static files: the Content Security Policy allows scripts from 'self' only, never a CDN.
#
# Usage: scripts/vendor_htmx.sh [VERSION]      (default: the pinned version below)
#
# Needs npm (only to run `npm pack`); nothing is installed. Copies dist/htmx.min.js (source-map comment
# removed), the licence (0BSD) and a VERSION file.
set -euo pipefail

DEFAULT_VERSION="2.0.11"
VERSION="${1:-$DEFAULT_VERSION}"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$REPO_ROOT/src/kompensation/ui/static/vendor/htmx"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

echo "Fetching htmx.org@$VERSION ..."
(cd "$TMP" && npm pack --silent "htmx.org@$VERSION" >/dev/null)
tar -xzf "$TMP"/htmx.org-*.tgz -C "$TMP"
PKG="$TMP/package"
actual_version="$(sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' "$PKG/package.json" | head -n1)"
[[ -f "$PKG/dist/htmx.min.js" ]] || { echo "error: dist/htmx.min.js not found in htmx.org@$actual_version" >&2; exit 1; }

rm -rf "$DEST"
mkdir -p "$DEST"
sed '/^\/\/# sourceMappingURL=/d' "$PKG/dist/htmx.min.js" >"$DEST/htmx.min.js"
cp "$PKG/LICENSE" "$DEST/LICENSE"
printf '%s\n' "$actual_version" >"$DEST/VERSION"
echo "Vendored htmx.org@$actual_version into ${DEST#"$REPO_ROOT"/}"
