#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# What README, HACKING and doc/*.md say, checked against the code: the
# checks are in readme-copy.py beside this file (TAP). Without python3 they
# cannot run: "not ok", or a skip with ECOSYSTEM_ALLOW_SKIP=1 (tap.sh).
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/ecosystem/tap.sh"
py=${PYTHON3:-python3}
case $py in no | "") py=python3 ;; esac
if ! need_tool "$py"; then
	plan 1
	missing "README, HACKING and doc/*.md against the code" "python3 not found"
	exit 0
fi
exec "$py" "$abs_top_srcdir/tests/ecosystem/readme-copy.py"
