#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian/Ubuntu packages needed to build the plugin (default), or
# also everything the full test suite needs (--tests). Does nothing when all
# of them are present already; uses sudo when not run as root.
set -e

BUILD="autoconf automake make gcc pkg-config python3 libcurl4-openssl-dev libjson-c-dev libssl-dev ca-certificates"
TESTS="check python3 openssl curl jq clang libclang-rt-dev valgrind time
       debhelper dpkg-dev fakeroot lintian icinga2-bin icinga2-common monitoring-plugins-basic nagios4-core
       build-essential rpm man-db groff-base debootstrap python3-prometheus-client
       prometheus prometheus-node-exporter
       libmonitoring-plugin-perl"

want="$BUILD"
[ "${1:-}" = "--tests" ] && want="$BUILD $TESTS"

missing=""
for p in $want; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "missing packages:$missing (install them with your package manager)" >&2
	exit 1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing:$missing" >&2
# Services pulled in by the monitoring cores must not start: we only use
# their configuration validators.
if [ -d /usr/sbin ] && [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
	$SUDO chmod +x /usr/sbin/policy-rc.d
	cleanup_policy=1
fi
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
[ -n "${cleanup_policy:-}" ] && $SUDO rm -f /usr/sbin/policy-rc.d
exit 0
