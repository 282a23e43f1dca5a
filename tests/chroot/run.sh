#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The chroot stages of run-tests: builds the plugin with -Werror in a chroot
# of another Debian release and runs the unit and integration suites and the
# fuzz-corpus replay there, with the expectations of Debian 12. CI runs it
# for bullseye (Debian 11: libcurl 7.74, json-c 0.15, OpenSSL 1.1.1, the
# oldest libraries configure takes) and trixie (Debian 13: libcurl 8,
# json-c 0.18, OpenSSL 3.5), so a verdict or an output that depends on the
# library versions fails CI instead of reaching an operator.
#
# usage: tests/chroot/run.sh SUITE OUTDIR
#   SUITE is a Debian codename debootstrap knows. Leaves the suites'
#   test-suite.log files (and the chroot build's output) under OUTDIR, for
#   run-tests to count. Exit 0 when the build and all three suites passed;
#   anything that keeps the stage from running (not root, no debootstrap,
#   no archive) is a failure, never a skip.
#
# Needs root, debootstrap and chroot(8), and the Debian archive on the first
# run. The chroot is cached in $CHROOT_CACHE (default
# /var/cache/check_replication_precheck), one directory per suite and
# package list, so later runs on the same machine skip debootstrap; it is
# rebuilt when it is older than CHROOT_MAX_AGE days (default 14). Another
# package list's chroot of the same suite is removed once no run has used
# it for that long (branches with different lists share the machine).
# CHROOT_MIRROR overrides the archive (default: the Debian mirror apt uses
# on this machine, else http://deb.debian.org/debian).
set -eu
me=tests/chroot/run.sh
[ $# -eq 2 ] || { echo "usage: $me SUITE OUTDIR" >&2; exit 2; }
SUITE=$1
case $SUITE in
*[!a-z]* | '') echo "$me: '$SUITE' is not a Debian codename" >&2; exit 2 ;;
esac
top=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)

# What the build and the suites need, under the same names on every suite
# CI runs; gcc does not pull libc6-dev in without Recommends, /usr/bin/time
# lets the integration suite assert peak memory as it does on Debian 12,
# and the integration suite reads every perfdata line with
# Monitoring::Plugin (libmonitoring-plugin-perl).
PKGS="autoconf automake make gcc libc6-dev pkgconf libcurl4-openssl-dev libjson-c-dev libssl-dev
      check python3 python3-prometheus-client libmonitoring-plugin-perl openssl curl
      ca-certificates time"
PKGS=$(echo $PKGS | tr ' ' '\n' | sort | tr '\n' ',' | sed 's/,$//')
CACHE=${CHROOT_CACHE:-/var/cache/check_replication_precheck}
MAX_AGE=${CHROOT_MAX_AGE:-14}

fail() { echo "$me: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "needs root (debootstrap, chroot, mount)"
command -v debootstrap >/dev/null 2>&1 ||
	fail "debootstrap not found (contrib/install-build-deps.sh --tests installs it)"
command -v chroot >/dev/null 2>&1 || fail "chroot not found"
[ -f "/usr/share/debootstrap/scripts/$SUITE" ] || fail "debootstrap does not know '$SUITE'"

default_mirror() {
	# The first plain Debian archive in apt's sources (deb822 or one-line),
	# not security, not a third-party repository.
	cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		/etc/apt/sources.list.d/*.sources 2>/dev/null |
		sed -n -e 's/^URIs: *\([^ ]*\).*/\1/p' -e 's/^deb  *\(\[[^]]*\] *\)\{0,1\}\([^ ]*\).*/\2/p' |
		grep -E '^https?://[^ ]*/debian/?$' | head -1
}
MIRROR=${CHROOT_MIRROR:-$(default_mirror)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}

key=$(printf '%s minbase %s\n' "$SUITE" "$PKGS" | sha256sum | cut -c1-12)
root=$CACHE/$SUITE-$key
mkdir -p "$CACHE"

# Refuses to delete a tree while something is mounted inside it: rm -rf
# would go through a bind mount of /dev.
mounted_under() { awk -v r="$1/" 'index($2, r) == 1 { f = 1 } END { exit !f }' /proc/mounts; }
remove_tree() {
	[ -e "$1" ] || return 0
	mounted_under "$1" && fail "$1 has mounts inside; not removing it"
	rm -rf "$1"
}

mounts=""
cleanup() {
	for m in $mounts; do
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
	done
	mounts=""
}
trap cleanup EXIT
trap 'cleanup; exit 1' INT TERM HUP

# One run at a time per cache, whatever the suite: two runs would build the
# same chroot twice or share /build inside it, or remove a chroot the other
# uses, and two builds at once only compete for the same cores.
tl=$(date +%s)
exec 9>"$CACHE/.lock"
flock -w 900 9 || fail "another run holds $CACHE/.lock"

t0=$(date +%s)
for old in "$CACHE/$SUITE"-*; do
	[ -d "$old" ] && [ "$old" != "$root" ] || continue
	# An interrupted build, or a list no run has asked for in MAX_AGE days.
	used=$old/.used
	[ -f "$used" ] || used=$old/.complete
	if [ ! -f "$used" ] || [ -n "$(find "$used" -mtime "+$MAX_AGE")" ]; then
		echo "removing $old (another package list, unused for $MAX_AGE days)"
		remove_tree "$old"
	fi
done
if [ -f "$root/.complete" ] && [ -n "$(find "$root/.complete" -mtime "+$MAX_AGE")" ]; then
	echo "cached chroot $root is older than $MAX_AGE days: rebuilding"
	remove_tree "$root"
fi
if [ -f "$root/.complete" ]; then
	echo "using cached chroot $root (built $(date -u -r "$root/.complete" '+%F %R UTC'))"
else
	# Built next to its final place and renamed, so an interrupted build is
	# never taken for a cached one.
	tmp=$root.tmp
	remove_tree "$tmp"
	echo "building the $SUITE chroot from $MIRROR (debootstrap --variant=minbase)"
	if ! debootstrap --variant=minbase --include="$PKGS" "$SUITE" "$tmp" "$MIRROR" \
		>"$out/debootstrap.log" 2>&1; then
		tail -30 "$out/debootstrap.log"
		[ -f "$tmp/debootstrap/debootstrap.log" ] && tail -30 "$tmp/debootstrap/debootstrap.log"
		fail "debootstrap failed (log: $out/debootstrap.log)"
	fi
	rm -rf "$tmp/var/cache/apt/archives/"*.deb
	touch "$tmp/.complete"
	mv "$tmp" "$root"
fi
touch "$root/.used"
t1=$(date +%s)

# A fresh copy of the source tree on every run; nothing of an earlier run's
# build is reused.
remove_tree "$root/build"
mkdir -p "$root/build"
"$top/contrib/copy-source.sh" "$root/build/src"
cp /etc/hosts "$root/etc/hosts"

mount -t proc proc "$root/proc" && mounts="$root/proc $mounts"
mount --bind /dev "$root/dev" && mounts="$root/dev $mounts"
mount -t tmpfs tmpfs "$root/dev/shm" 2>/dev/null && mounts="$root/dev/shm $mounts"

rc=0
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb \
	chroot "$root" /bin/sh -c '
		set -e
		cd /build/src
		./bootstrap >/build/bootstrap.log 2>&1 || { cat /build/bootstrap.log; exit 1; }
		mkdir _build && cd _build
		../configure -q --enable-werror
		make -s -j2
		echo "built on $(. /etc/os-release && echo "$PRETTY_NAME"):"
		./plugins/check_replication_precheck -V || true   # exits 3, as -V does in Monitoring Plugins
		./plugins/check_replication_status -V || true
		rc=0
		make -C tests/unit -s -j2 -k check || rc=1
		make -C tests/integration -s -k check || rc=1
		make -C tests/fuzz -s -j2 -k check || rc=1
		exit $rc' >"$out/chroot.out" 2>&1 || rc=$?
cleanup

# The counts and the failing cases, as run-tests shows them for Debian 12.
grep -E '^(built on|check_replication_(precheck|status) [0-9])' "$out/chroot.out" || true
for s in unit integration fuzz; do
	mkdir -p "$out/tests/$s"
	for f in "$root/build/src/_build/tests/$s"/*.log; do
		[ -f "$f" ] && cp "$f" "$out/tests/$s/"
	done
done
grep -E '^(FAIL|ERROR|XPASS|# )' "$out/chroot.out" || true
if [ $rc -ne 0 ]; then
	for f in "$out"/tests/*/*.log; do
		case $f in */test-suite.log) continue ;; esac
		grep -q '^not ok' "$f" 2>/dev/null && { echo "--- $f"; grep -A12 '^not ok' "$f" | head -80; }
	done
	ls "$out"/tests/*/test-suite.log >/dev/null 2>&1 || tail -40 "$out/chroot.out"
fi
# A suite that did not run at all (say, Check not found by configure) must
# not pass for one that passed.
for s in unit integration fuzz; do
	total=$(sed -n 's/^# TOTAL: *//p' "$out/tests/$s/test-suite.log" 2>/dev/null)
	[ "${total:-0}" -gt 0 ] || { echo "$me: the $s suite ran no tests" >&2; rc=1; }
done
t2=$(date +%s)
echo "$SUITE stage: waited $((t0 - tl)) s for the cache lock, chroot $((t1 - t0)) s, build and tests $((t2 - t1)) s"
exit $rc
