#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copies the source tree this script belongs to into DEST (created), without
# build directories, VCS data, packaging results or in-tree build products,
# for building packages on a copy. Used by build-deb.sh and the package
# tests.
# usage: contrib/copy-source.sh DEST
set -eu
me=$(basename "$0")
[ $# -eq 1 ] || { echo "usage: $me DEST" >&2; exit 2; }
src=$(cd "$(dirname "$0")/.." && pwd)
dest=$1
# A tree configured in place would break an out-of-tree build of the copy.
if [ -f "$src/config.status" ]; then
	echo "$me: $src is configured in-tree; run 'make distclean' there first" >&2
	exit 1
fi
mkdir -p "$dest"
tar -C "$src" \
	--exclude=./.git --exclude='./_build*' --exclude=./_b --exclude=./_inst \
	--exclude=./debian --exclude=./autom4te.cache \
	--exclude='./check_replication_precheck-*' \
	--exclude='*.deb' --exclude='*.rpm' --exclude='*.o' --exclude='*.a' \
	--exclude='*.work' \
	-cf - . | tar -C "$dest" -xf -
