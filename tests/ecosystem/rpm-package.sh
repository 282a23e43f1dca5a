#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The RPM spec: rpmspec parses it, and rpmbuild -bb builds a package from a
# release-style tarball of this tree (copy, ./bootstrap when autoreconf is
# there, tar) whose file list is checked: the three plugins
# (check_replication_precheck, check_replication_status,
# check_replication_tasks), their man pages and CheckCommands, and the
# contrib files and scripts. The spec lists every binary, so the build fails
# while plugins/ does not build one, and rpmbuild fails on a file that make
# install puts where the spec does not list it. rpmbuild runs with --nodeps (the build dependencies are
# Red Hat package names) and --nocheck (make check runs the unit tests).
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/ecosystem/tap.sh"

spec=$abs_top_srcdir/contrib/rpm/check_replication_precheck.spec

plan 5
need_tool rpmspec rpmbuild rpm || missing_rest "rpm tools not installed (apt-get install rpm)"
work_dir

if rpmspec -P "$spec" >"$work/parsed" 2>&1; then
	v=$(rpmspec -q --srpm --qf '%{VERSION}' "$spec" 2>/dev/null)
	if [ "$v" = "$PACKAGE_VERSION" ]; then
		ok "rpmspec parses the spec (Version $v)"
	else
		not_ok "rpmspec parses the spec, but Version $v is not $PACKAGE_VERSION"
	fi
else
	not_ok "rpmspec parses the spec"
	diag <"$work/parsed"
fi

# The spec's library floors are configure's: a spec that asks for less
# builds nowhere more, one that asks for more turns away systems that work.
floors=$(sed -n 's/^PKG_CHECK_MODULES(\[[A-Z_]*\], *\[\([a-z0-9_-]*\) >= \([0-9.]*\)\].*/\1 \2/p' \
	"$abs_top_srcdir/configure.ac")
spec_floors=$(sed -n 's/^BuildRequires: *pkgconfig(\([^)]*\)) >= \([0-9.]*\) *$/\1 \2/p' "$spec")
if [ -n "$floors" ] && [ "$(echo "$floors" | sort)" = "$(echo "$spec_floors" | sort)" ]; then
	ok "the spec's BuildRequires floors are configure's: $(echo "$floors" | sed 's/ / >= /' | paste -sd, - | sed 's/,/, /g')"
else
	not_ok "the spec's BuildRequires floors are configure's"
	{ echo "configure.ac:"; echo "$floors"; echo "spec:"; echo "$spec_floors"; } | diag
fi

name=check_replication_precheck-$PACKAGE_VERSION
tree=$work/$name
if sh "$abs_top_srcdir/contrib/copy-source.sh" "$tree" >"$work/build.log" 2>&1 &&
	{ ! need_tool autoreconf || (cd "$tree" && ./bootstrap) >>"$work/build.log" 2>&1; } &&
	tar -C "$work" -czf "$work/$name.tar.gz" "$name" &&
	rpmbuild -bb --nodeps --nocheck \
		--define "_topdir $work/rpmbuild" --define "_sourcedir $work" \
		--define "_tmppath $work/tmp" --define "debug_package %{nil}" \
		"$spec" >>"$work/build.log" 2>&1; then
	rpm=$(ls "$work"/rpmbuild/RPMS/*/check_replication_precheck-"$PACKAGE_VERSION"-*.rpm 2>/dev/null | head -n 1)
fi
if [ -n "${rpm:-}" ]; then
	ok "rpmbuild -bb builds $(basename "$rpm")"
else
	not_ok "rpmbuild -bb builds the package"
	tail -n 40 "$work/build.log" | diag
	missing_rest "no .rpm was built"
fi

rpm -qlp "$rpm" >"$work/files" 2>/dev/null
libdir=$(rpm --eval '%{_libdir}')
datadir=$(rpm --eval '%{_datadir}')
mandir=$(rpm --eval '%{_mandir}')
absent=""
for f in "$libdir/nagios/plugins/check_replication_precheck" \
	"$libdir/nagios/plugins/check_replication_status" \
	"$libdir/nagios/plugins/check_replication_tasks" \
	"$datadir/icinga2/include/plugins-contrib.d/replication-precheck.conf" \
	"$datadir/icinga2/include/plugins-contrib.d/replication-status.conf" \
	"$datadir/icinga2/include/plugins-contrib.d/replication-tasks.conf" \
	"$datadir/check_replication_precheck/icinga2/replication-precheck.conf" \
	"$datadir/check_replication_precheck/icinga2/replication-status.conf" \
	"$datadir/check_replication_precheck/icinga2/replication-tasks.conf" \
	"$datadir/check_replication_precheck/icinga2/replication-tasks-to-icinga2" \
	"$datadir/check_replication_precheck/icinga2/examples/status-services.conf" \
	"$datadir/check_replication_precheck/icinga2/examples/tasks-services.conf" \
	"$datadir/check_replication_precheck/icinga2/examples/tasks-sharding.conf" \
	"$datadir/check_replication_precheck/icinga2/examples/tasks-sharding-zones.conf" \
	"$datadir/check_replication_precheck/icinga2/examples/tasks-director.conf" \
	"$datadir/check_replication_precheck/checkmk/replication_tasks" \
	"$datadir/check_replication_precheck/checkmk/README" \
	"$datadir/check_replication_precheck/nagios/commands.cfg"; do
	grep -qx "$f" "$work/files" || absent="$absent $f"
done
grep -q "^$mandir/man1/check_replication_precheck\.1" "$work/files" || absent="$absent man1/check_replication_precheck"
grep -q "^$mandir/man1/check_replication_status\.1" "$work/files" || absent="$absent man1/check_replication_status"
grep -q "^$mandir/man1/check_replication_tasks\.1" "$work/files" || absent="$absent man1/check_replication_tasks"
grep -q "^$datadir/licenses/check_replication_precheck[^/]*/COPYING$" "$work/files" || absent="$absent licenses/COPYING"
if [ -z "$absent" ]; then
	ok "RPM holds the three plugins in $libdir/nagios/plugins, their CheckCommands in plugins-contrib.d, their man pages and the contrib configs and scripts"
else
	not_ok "RPM file list: missing$absent"
	diag <"$work/files"
fi
if grep -vE "^(/usr/lib/\.build-id|$libdir/nagios|$datadir/icinga2|$datadir/check_replication_precheck|$mandir/man1/check_replication_(precheck|status|tasks)\.1|$datadir/doc/check_replication_precheck|$datadir/licenses/check_replication_precheck)" \
	"$work/files" >"$work/unexpected"; then
	not_ok "no unexpected files in the RPM"
	diag <"$work/unexpected"
else
	ok "no unexpected files in the RPM ($(wc -l <"$work/files") entries)"
fi
