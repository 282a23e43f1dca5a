#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the Debian package without touching the source tree: copies the
# tree (or unpacks a release tarball) into a scratch directory, installs
# contrib/debian there as debian/, runs dpkg-buildpackage -us -uc -b and
# moves the .deb, .buildinfo and .changes files to OUTDIR.
#
# usage: contrib/build-deb.sh [-o OUTDIR] [-t TARBALL] [-k] [-- DPKG-BUILDPACKAGE-ARGS]
#   -o OUTDIR   where the results go (default: the current directory)
#   -t TARBALL  build from a `make dist` tarball instead of this tree
#   -k          keep the scratch directory (its path is printed)
# Environment: DEB_BUILD_OPTIONS as usual (e.g. nocheck, parallel=2);
# TMPDIR for the scratch directory.
# Needs: dpkg-dev, debhelper and the Build-Depends of contrib/debian/control.
set -eu

me=$(basename "$0")
src=$(cd "$(dirname "$0")/.." && pwd)
outdir=$(pwd)
tarball=
keep=no

while [ $# -gt 0 ]; do
	case $1 in
	-o) outdir=$2; shift 2 ;;
	-t) tarball=$2; shift 2 ;;
	-k) keep=yes; shift ;;
	--) shift; break ;;
	-h|--help) sed -n '2,14s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "$me: unknown argument '$1' (see --help)" >&2; exit 2 ;;
	esac
done

command -v dpkg-buildpackage >/dev/null 2>&1 || {
	echo "$me: dpkg-buildpackage not found (apt-get install dpkg-dev debhelper)" >&2
	exit 1
}
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
case $tarball in
"" | /*) ;;
*) tarball=$(pwd)/$tarball ;;
esac

scratch=$(mktemp -d "${TMPDIR:-/tmp}/build-deb.XXXXXX")
cleanup() {
	if [ $keep = yes ]; then
		echo "$me: scratch directory kept: $scratch" >&2
	else
		rm -rf "$scratch"
	fi
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

tree=$scratch/check-replication-precheck
if [ -n "$tarball" ]; then
	mkdir "$tree"
	tar -xf "$tarball" -C "$tree" --strip-components=1
else
	sh "$src/contrib/copy-source.sh" "$tree"
fi
rm -rf "$tree/debian"
cp -R "$tree/contrib/debian" "$tree/debian"
chmod +x "$tree/debian/rules"

(cd "$tree" && dpkg-buildpackage -us -uc -b "$@")

found=no
for f in "$scratch"/*.deb "$scratch"/*.buildinfo "$scratch"/*.changes; do
	[ -e "$f" ] || continue
	mv -f "$f" "$outdir/"
	echo "$outdir/$(basename "$f")"
	found=yes
done
[ $found = yes ] || { echo "$me: dpkg-buildpackage produced no files" >&2; exit 1; }
