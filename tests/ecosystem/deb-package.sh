#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the .deb with contrib/build-deb.sh (dpkg-buildpackage -us -uc -b on
# a copy of the source tree), checks where its files go (the three plugins,
# check_replication_precheck, check_replication_status and
# check_replication_tasks, their man pages and CheckCommands, the contrib
# files and scripts), runs the packaged plugins and the packaged discovery
# script, and runs lintian: errors fail, warnings are listed.
# DEB_BUILD_OPTIONS defaults to "nocheck" here (make check runs the unit
# tests already); set it to "" to run them inside the package build too.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/ecosystem/tap.sh"

plan 18
need_tool dpkg-buildpackage dpkg-deb dh ||
	missing_rest "dpkg-buildpackage/debhelper not installed (apt-get install dpkg-dev debhelper fakeroot)"
work_dir

DEB_BUILD_OPTIONS=${DEB_BUILD_OPTIONS-nocheck}
export DEB_BUILD_OPTIONS
TMPDIR=$work
export TMPDIR
if sh "$abs_top_srcdir/contrib/build-deb.sh" -o "$work/out" >"$work/build.log" 2>&1; then
	deb=$(ls "$work"/out/check-replication-precheck_*.deb 2>/dev/null | head -n 1)
fi
if [ -n "${deb:-}" ]; then
	ok "contrib/build-deb.sh builds $(basename "$deb")"
else
	not_ok "contrib/build-deb.sh builds the .deb"
	tail -n 40 "$work/build.log" | diag
	missing_rest "no .deb was built"
fi

dpkg-deb -c "$deb" | awk '{ print substr($1, 1, 1), $1, $NF }' >"$work/contents"
# has TYPE MODE-PATTERN PATH: the package holds PATH (d/-/l) with that mode.
has() {
	awk -v t="$1" -v m="$2" -v p="./$3" '$1 == t && $2 ~ m && $3 == p { f = 1 } END { exit !f }' \
		"$work/contents"
}
plugin=usr/lib/nagios/plugins/check_replication_precheck
check "binary in /$plugin, executable" has - '^-rwxr-xr-x$' "$plugin"
check "Icinga 2 CheckCommand in /usr/share/icinga2/include/plugins-contrib.d/" \
	has - '^-rw-r--r--$' usr/share/icinga2/include/plugins-contrib.d/replication-precheck.conf
check "man page /usr/share/man/man1/check_replication_precheck.1.gz" \
	has - '^-rw-r--r--$' usr/share/man/man1/check_replication_precheck.1.gz
status_plugin=usr/lib/nagios/plugins/check_replication_status
check "binary in /$status_plugin, executable" has - '^-rwxr-xr-x$' "$status_plugin"
check "Icinga 2 CheckCommand replication-status.conf in /usr/share/icinga2/include/plugins-contrib.d/" \
	has - '^-rw-r--r--$' usr/share/icinga2/include/plugins-contrib.d/replication-status.conf
check "man page /usr/share/man/man1/check_replication_status.1.gz" \
	has - '^-rw-r--r--$' usr/share/man/man1/check_replication_status.1.gz
tasks_plugin=usr/lib/nagios/plugins/check_replication_tasks
check "binary in /$tasks_plugin, executable" has - '^-rwxr-xr-x$' "$tasks_plugin"
check "Icinga 2 CheckCommand replication-tasks.conf in /usr/share/icinga2/include/plugins-contrib.d/" \
	has - '^-rw-r--r--$' usr/share/icinga2/include/plugins-contrib.d/replication-tasks.conf
check "man page /usr/share/man/man1/check_replication_tasks.1.gz" \
	has - '^-rw-r--r--$' usr/share/man/man1/check_replication_tasks.1.gz

# The contrib files make install puts into $(pkgdatadir).
missing_files=""
for f in icinga2/replication-precheck.conf icinga2/replication-status.conf \
	icinga2/replication-tasks.conf \
	icinga2/examples/services.conf icinga2/examples/status-services.conf \
	icinga2/examples/distributed-zones.conf icinga2/examples/distributed-master.conf \
	icinga2/examples/tasks-services.conf icinga2/examples/tasks-sharding-zones.conf \
	icinga2/examples/tasks-sharding.conf icinga2/examples/tasks-director.conf \
	nagios/commands.cfg nagios/templates.cfg nagios/example-services.cfg checkmk/README; do
	has - '^-rw-r--r--$' "usr/share/check_replication_precheck/$f" || missing_files="$missing_files $f"
done
for f in icinga2/replication-tasks-to-icinga2 checkmk/replication_tasks; do
	has - '^-rwxr-xr-x$' "usr/share/check_replication_precheck/$f" || missing_files="$missing_files $f(executable)"
done
dpkg-deb -e "$deb" "$work/control"
if [ -z "$missing_files" ] && has - '^-rw-r--r--$' etc/nagios-plugins/config/replication-precheck.cfg &&
	grep -qx /etc/nagios-plugins/config/replication-precheck.cfg "$work/control/conffiles"; then
	ok "contrib configs and scripts in /usr/share/check_replication_precheck/, Nagios commands as conffile in /etc/nagios-plugins/config/"
else
	not_ok "contrib configs in /usr/share/check_replication_precheck/, Nagios commands as conffile (missing:$missing_files)"
	diag <"$work/contents"
fi

# Nothing else: no build leftovers, libraries, or files outside these trees.
awk '$1 == "-" { print $3 }' "$work/contents" |
	grep -vE '^\./(usr/lib/nagios/plugins/check_replication_(precheck|status|tasks)|usr/share/icinga2/include/plugins-contrib\.d/replication-(precheck|status|tasks)\.conf|usr/share/man/man1/check_replication_(precheck|status|tasks)\.1\.gz|usr/share/check_replication_precheck/.*\.(conf|cfg)|usr/share/check_replication_precheck/icinga2/replication-tasks-to-icinga2|usr/share/check_replication_precheck/checkmk/(replication_tasks|README)|usr/share/doc/check-replication-precheck/[^/]*|etc/nagios-plugins/config/replication-precheck\.cfg)$' \
	>"$work/unexpected"
if [ -s "$work/unexpected" ]; then
	not_ok "no unexpected files in the package"
	diag <"$work/unexpected"
else
	ok "no unexpected files in the package ($(awk '$1 == "-"' "$work/contents" | wc -l) files)"
fi

version=$(dpkg-deb -f "$deb" Version)
depends=$(dpkg-deb -f "$deb" Depends)
case $depends in
*libcurl*libjson-c* | *libjson-c*libcurl*) deps_ok=yes ;;
*) deps_ok=no ;;
esac
if [ "${version%-*}" = "$PACKAGE_VERSION" ] && [ $deps_ok = yes ]; then
	ok "version $version, Depends: $depends"
else
	not_ok "version $version (configure: $PACKAGE_VERSION), Depends on libcurl and libjson-c: $depends"
fi

# The packaged plugin runs.
dpkg-deb -x "$deb" "$work/root"
out=$("$work/root/$plugin" --version 2>&1)
rc=$?
if [ $rc -eq 3 ] && [ "${out#check_replication_precheck "$PACKAGE_VERSION" }" != "$out" ]; then
	ok "packaged plugin runs: $out"
else
	not_ok "packaged plugin runs (exit $rc): $out"
fi
out=$("$work/root/$status_plugin" --version 2>&1)
rc=$?
if [ $rc -eq 3 ] && [ "${out#check_replication_status "$PACKAGE_VERSION" }" != "$out" ]; then
	ok "packaged status plugin runs: $out"
else
	not_ok "packaged status plugin runs (exit $rc): $out"
fi
out=$("$work/root/$tasks_plugin" --version 2>&1)
rc=$?
if [ $rc -eq 3 ] && [ "${out#check_replication_tasks "$PACKAGE_VERSION" }" != "$out" ]; then
	ok "packaged tasks plugin runs: $out"
else
	not_ok "packaged tasks plugin runs (exit $rc): $out"
fi
# The packaged discovery script turns a --discover array into the rows.
printf '[{"replication_id":"rp-pkg0000001","name":"n","type":"default","status":"running","source_datasource_id":"s","target_datasource_id":"t","multi_active_id":null}]\n' \
	>"$work/discover.json"
if "$work/root/usr/share/check_replication_precheck/icinga2/replication-tasks-to-icinga2" \
	--host h "$work/discover.json" >"$work/rows.json" 2>&1 &&
	grep -q '"rp-pkg0000001": {' "$work/rows.json"; then
	ok "packaged replication-tasks-to-icinga2 runs"
else
	not_ok "packaged replication-tasks-to-icinga2 runs"
	diag <"$work/rows.json"
fi

if need_tool lintian; then
	# As root lintian says it would rather not run; that line is noise.
	lintian --tag-display-limit 0 "$work"/out/*.changes >"$work/lintian.out" 2>&1
	rc=$?
	grep -v 'running with root privileges' "$work/lintian.out" | grep -E '^[EWIPX]:' >"$work/tags"
	errors=$(grep -c '^E:' "$work/tags")
	warnings=$(grep -c '^W:' "$work/tags")
	if [ "$errors" -eq 0 ] && [ $rc -eq 0 ]; then
		ok "lintian: no errors ($warnings warnings)"
	else
		not_ok "lintian: $errors errors, $warnings warnings (exit $rc)"
	fi
	grep -v 'running with root privileges' "$work/lintian.out" | diag
else
	missing "lintian: no errors" "lintian not installed (apt-get install lintian)"
fi
