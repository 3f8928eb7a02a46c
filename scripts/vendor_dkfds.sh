#!/usr/bin/env bash
# Vendor the built assets of DKFDS (Det Fælles Designsystem, npm package "dkfds")
# into src/kompensation/static/dkfds/ so Django can serve them without Node.
#
# Usage: scripts/vendor_dkfds.sh [VERSION]      (default: the pinned version below)
#
# Needs npm (only to run `npm pack`); nothing is installed. Copies only what a
# page needs, using the default theme ("dkfds", not -borgerdk / -virkdk):
#   css/dkfds.min.css       built CSS (sourceMappingURL comment removed; maps not vendored)
#   js/dkfds.min.js         built JS  (sourceMappingURL comment removed)
#   fonts/... img/...       exactly the files the CSS references via url(...),
#                           at the same relative paths (../fonts, ../img)
#   img/all-svg-icons.svg   icon sprite for <svg><use href="...#icon-name"></use></svg>
#   fonts/IBMPlexSans/LICENSE-OFL.txt   the font licence (SIL OFL 1.1)
#   LICENSE                 the package licence text (MIT + OFL-1.1 + Apache-2.0)
#   VERSION                 the vendored version
# Fails if any url(...) in the copied CSS does not resolve to a copied file.
set -euo pipefail

DEFAULT_VERSION="11.2.0"
VERSION="${1:-$DEFAULT_VERSION}"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$REPO_ROOT/src/kompensation/static/dkfds"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

echo "Fetching dkfds@$VERSION ..."
(cd "$TMP" && npm pack --silent "dkfds@$VERSION" >/dev/null)
tarball="$(ls "$TMP"/dkfds-*.tgz)"
tar -xzf "$tarball" -C "$TMP"
PKG="$TMP/package"
DIST="$PKG/dist"

actual_version="$(sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' "$PKG/package.json" | head -n1)"

for f in css/dkfds.min.css js/dkfds.min.js img/all-svg-icons.svg; do
  [[ -f "$DIST/$f" ]] || { echo "error: $f not found in dkfds@$actual_version" >&2; exit 1; }
done

rm -rf "$DEST"
mkdir -p "$DEST/css" "$DEST/js" "$DEST/img" "$DEST/fonts/IBMPlexSans"

# Built CSS/JS, without the trailing source-map comment (the .map files are not vendored,
# and a dangling sourceMappingURL breaks ManifestStaticFilesStorage).
sed '/^\/\*# sourceMappingURL=.*\*\/$/d' "$DIST/css/dkfds.min.css" >"$DEST/css/dkfds.min.css"
sed '/^\/\/# sourceMappingURL=/d' "$DIST/js/dkfds.min.js" >"$DEST/js/dkfds.min.js"

# List the relative url(...) targets of a CSS file (no data:, http(s):, //, or #fragments).
css_urls() {
  grep -o 'url([^)]*)' "$1" |
    sed -e 's/^url(//' -e 's/)$//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' \
        -e "s/^[\"']//" -e "s/[\"']$//" -e 's/[?#].*$//' |
    grep -v -E '^(data:|[a-zA-Z]+://|//|$)' |
    sort -u
}

# Copy every file the CSS references, keeping its path relative to css/.
copied=0
while IFS= read -r rel; do
  src="$(realpath -m "$DIST/css/$rel")"
  case "$src" in "$DIST"/*) ;; *) echo "error: url($rel) leaves dist/" >&2; exit 1 ;; esac
  [[ -f "$src" ]] || { echo "error: url($rel) missing in the package itself" >&2; exit 1; }
  dst="$DEST/${src#"$DIST"/}"
  mkdir -p "$(dirname "$dst")"
  cp "$src" "$dst"
  copied=$((copied + 1))
done < <(css_urls "$DEST/css/dkfds.min.css")

cp "$DIST/img/all-svg-icons.svg" "$DEST/img/all-svg-icons.svg"
cp "$DIST/fonts/IBMPlexSans/complete/woff2/license.txt" "$DEST/fonts/IBMPlexSans/LICENSE-OFL.txt"
cp "$PKG/LICENSE.md" "$DEST/LICENSE"
printf '%s\n' "$actual_version" >"$DEST/VERSION"

# Verify: every url(...) in the vendored CSS resolves to a vendored file.
missing=0
while IFS= read -r rel; do
  if [[ ! -f "$DEST/css/$rel" ]]; then
    echo "missing: url($rel)" >&2
    missing=$((missing + 1))
  fi
done < <(css_urls "$DEST/css/dkfds.min.css")
if ((missing > 0)); then
  echo "error: $missing url(...) reference(s) in dkfds.min.css do not resolve" >&2
  exit 1
fi

echo "Vendored dkfds@$actual_version into ${DEST#"$REPO_ROOT"/}: $copied referenced files + css/js/sprite/licences"
du -sh "$DEST" | cut -f1 | sed 's/^/Total size: /'
