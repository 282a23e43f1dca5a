#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every option of each plugin is documented everywhere, and nothing else:
# for check_replication_precheck, check_replication_status and
# check_replication_tasks, the options of the built binary's --help (each one probed: the binary must know it,
# with the kind of argument --help shows) against the plugin's man page and
# its Icinga 2 CheckCommand; the man page and the CheckCommand also against
# each other, which needs no binary. Also: version strings agree, and the
# man pages render without warnings.
#
# The option list comes from --help, not from C source: the common options
# and each plugin's own live in different files. A binary that is missing
# fails the checks that need it; they are never skipped.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/ecosystem/tap.sh"

# Options a CheckCommand must not carry: they do not run a check (help,
# version); they would put a secret into the process list and the Icinga 2
# API (token, secret-key: the CheckCommands pass file paths instead,
# --token-file, --secret-key-file); or they are for cron, node_exporter and
# Checkmk, not for Icinga 2, which reads the Monitoring Plugins output
# (output-format, output-file, service-name); or they print a configuration
# instead of a judgement, for an import job (discover, of the tasks plugin).
icinga_exempt=" help version token secret-key output-format output-file service-name discover "

plan 34
work_dir

# Reports the difference of two sorted lists as diagnostics; true when the
# first has nothing the second lacks.
subset() {
	comm -23 "$1" "$2" >"$work/diff"
	[ -s "$work/diff" ] || return 0
	echo "$3" | diag
	sed 's/^/    /' "$work/diff" | diag
	return 1
}

# From text, the options named in it: "--long" as "long", "-x" as "-x".
# (Only called on lines that define options.)
names_of() {
	grep -oE -- '(^|[^A-Za-z0-9-])--?[A-Za-z0-9][A-Za-z0-9-]*' |
		sed -E 's/^[^-]*//; s/^--//' | sort -u
}

# pairs < definition lines: "x long" for each line that names exactly one
# short and one long option ("-U, --url=URL").
pairs() {
	while IFS= read -r line; do
		printf '%s\n' "$line" | names_of >"$work/one"
		s=$(grep -c '^-' "$work/one")
		l=$(grep -vc '^-' "$work/one")
		if [ "$s" -eq 1 ] && [ "$l" -eq 1 ]; then
			echo "$(grep '^-' "$work/one" | cut -c2) $(grep -v '^-' "$work/one")"
		fi
	done
}

# to_long MAP: short options that have a long form count as that long form.
to_long() {
	while read -r o; do
		case $o in
		-?) l=$(awk -v c="${o#-}" '$1 == c { print $2; exit }' "$1")
		    echo "${l:-$o}" ;;
		*) echo "$o" ;;
		esac
	done | sort -u
}

# run_probe BINARY ARGS...: the first output line of a run that cannot do
# anything (no target, no task), stdin closed.
run_probe() {
	bin=$1
	shift
	if need_tool timeout; then
		timeout 10 "$bin" "$@" </dev/null 2>&1 | head -n 1
	else
		"$bin" "$@" </dev/null 2>&1 | head -n 1
	fi
}

# kind_of_help OPTION HELPFILE: required, optional or none, as the
# definition line of --help shows it ("--url=URL", "--extra-opts=[...]").
kind_of_help() {
	awk -v o="--$1" '
		/^  ?-/ {
			n = split($0, w, /[ ,]+/)
			for (i = 1; i <= n; i++) {
				if (w[i] == o) { print "none"; exit }
				if (index(w[i], o "=[") == 1 || index(w[i], o "[=") == 1) { print "optional"; exit }
				if (index(w[i], o "=") == 1) { print "required"; exit }
			}
		}' "$2"
}

# kind_of_man OPTION MANPAGE: the same from the man page's entry
# (".BR \-\-url =\fIURL", ".BR \-\-extra\-opts [=[...]]", ".B \-\-insecure").
kind_of_man() {
	awk 'prev == ".TP" { print } { prev = $1 }' "$2" |
		sed -E 's/\\f(\[[^]]*\]|\(..|.)//g; s/\\-/-/g; s/\\[&%]//g; s/"//g' |
		awk -v o="--$1" '{
			n = split($0, w, /[ ,]+/)
			for (i = 1; i <= n; i++) {
				if (w[i] != o && index(w[i], o "=") != 1) continue
				rest = substr(w[i], length(o) + 1)
				if (rest == "" && i < n) rest = w[i + 1]
				if (rest ~ /^\[=/ || rest ~ /^=\[/) print "optional"
				else if (rest ~ /^=/) print "required"
				else print "none"
				exit
			}
		}'
}

# entry_says WORD OPTION FILE KIND: the entry of OPTION in --help (KIND help)
# or in the man page (KIND man) contains WORD (case-insensitive; in the man
# page at the start of a line or after a semicolon: "; repeatable", not
# "repeatable options add up").
entry_says() {
	if [ "$4" = help ]; then
		awk -v o="--$2" -v w="$1" '
			/^  ?-/ && hit { exit }
			/^  ?-/ && $0 ~ ("(^|[^a-z-])" o "([^a-z-]|$)") { hit = 1; next }
			hit && tolower($0) ~ w { found = 1 }
			END { exit !found }' "$3"
	else
		sed -E 's/\\-/-/g' "$3" | awk -v o="--$2" -v w="$1" '
			/^\.(TP|SS|SH|PP)/ { if (hit) exit; tp = ($1 == ".TP"); next }
			tp && !hit && $0 ~ ("(^|[^a-z-])" o "([^a-z-=]|=|$)") { hit = 1; tp = 0; next }
			{ tp = 0 }
			hit && tolower($0) ~ ("(^|; *)" w) { found = 1 }
			END { exit !found }'
	fi
}

# doc_plugin NAME BINARY MANPAGE CHECKCOMMAND-FILE PREFIX: 11 results.
doc_plugin() {
	name=$1 bin=$2 manpage=$3 command_conf=$4 prefix=$5
	w=$work/$name
	mkdir -p "$w"
	have_bin=no
	[ -x "$bin" ] && have_bin=yes

	# --- man page entries (the lines after .TP, roff escapes removed) ---
	awk 'prev == ".TP" { print } { prev = $1 }' "$manpage" |
		sed -E 's/\\f(\[[^]]*\]|\(..|.)//g; s/\\-/-/g; s/\\[&%]//g' >"$w/man-lines"

	# --- --help ----------------------------------------------------------
	if [ $have_bin = yes ]; then
		"$bin" --help >"$w/help" 2>&1
		rc=$?
		grep -E '^ {1,2}-' "$w/help" >"$w/help-lines"
	else
		rc=none
		: >"$w/help"
		: >"$w/help-lines"
	fi
	# Short to long, from --help and the man page (the man page alone when
	# there is no binary).
	{ pairs <"$w/help-lines"; pairs <"$w/man-lines"; } | sort -u >"$w/map"
	names_of <"$w/help-lines" | to_long "$w/map" >"$w/help-opts"
	names_of <"$w/man-lines" | to_long "$w/map" >"$w/man-opts"
	n_help=$(wc -l <"$w/help-opts")
	if [ $have_bin = no ]; then
		not_ok "$name --help exits 3 and lists the options: $bin not built"
	elif [ "$rc" -eq 3 ] && grep -q '^Usage:' "$w/help" && [ "$n_help" -ge 10 ] &&
		grep -qx replication-id "$w/help-opts"; then
		ok "$name --help exits 3 and lists $n_help options"
	else
		not_ok "$name --help exits 3 and lists the options (exit $rc, $n_help options)"
		head -n 20 "$w/help" | diag
	fi

	if [ $have_bin = no ]; then
		not_ok "$name --version exits 3: $bin not built"
	else
		"$bin" --version >"$w/version" 2>&1
		rc=$?
		if [ $rc -eq 3 ] && grep -q "^$name $PACKAGE_VERSION " "$w/version"; then
			ok "$name --version exits 3 and prints version $PACKAGE_VERSION"
		else
			not_ok "$name --version exits 3 and prints version $PACKAGE_VERSION (exit $rc)"
			diag <"$w/version"
		fi
	fi

	# --- every --help option is real: the binary's parser knows it ------
	# "--name" alone: a required value is missing; "--name=x": a flag takes
	# none; anything else is an optional value. A made-up option is refused.
	: >"$w/kinds"
	if [ $have_bin = no ]; then
		not_ok "$name: every --help option is an option of the binary: $bin not built"
	else
		bad=""
		while read -r o; do
			case $o in
			-?) out=$(run_probe "$bin" "$o")
			    case $out in *"unknown option"* | *"unknown or ambiguous"*) bad="$bad $o:unknown" ;; esac
			    echo "$o none" >>"$w/kinds"
			    continue ;;
			esac
			out=$(run_probe "$bin" "--$o")
			case $out in
			*"unknown option"* | *"unknown or ambiguous"*) bad="$bad $o:unknown"; continue ;;
			*"needs a value"* | *"requires an argument"*) kind=required ;;
			*)
				out=$(run_probe "$bin" "--$o=x")
				case $out in
				*"takes no value"* | *"doesn't allow an argument"*) kind=none ;;
				*) kind=optional ;;
				esac ;;
			esac
			echo "$o $kind" >>"$w/kinds"
			hk=$(kind_of_help "$o" "$w/help")
			[ "$hk" = "$kind" ] || bad="$bad $o:binary-$kind-help-${hk:-?}"
		done <"$w/help-opts"
		out=$(run_probe "$bin" --no-such-option-xyz)
		case $out in
		*"unknown option"* | *"unknown or ambiguous"*) ;;
		*) bad="$bad negative-control:--no-such-option-xyz-accepted" ;;
		esac
		if [ -z "$bad" ] && [ -s "$w/kinds" ]; then
			ok "$name: the binary knows every --help option, with the argument --help shows ($(wc -l <"$w/kinds") probed, and refuses a made-up one)"
		else
			not_ok "$name: the binary knows every --help option, with the argument --help shows"
			echo "problems:$bad" | diag
		fi
	fi

	# --- man page ---------------------------------------------------------
	if [ $have_bin = no ]; then
		not_ok "$name: every --help option has a man page entry: $bin not built"
		not_ok "$name: every man page entry is a --help option: $bin not built"
	else
		bad=""
		while read -r o kind; do
			case $o in -?) continue ;; esac
			grep -qx -- "$o" "$w/man-opts" || continue
			mk=$(kind_of_man "$o" "$manpage")
			[ "$mk" = "$kind" ] || bad="$bad $o:binary-$kind-man-${mk:-?}"
		done <"$w/kinds"
		if subset "$w/help-opts" "$w/man-opts" "missing from $(basename "$manpage"):" && [ -z "$bad" ]; then
			ok "$name: every --help option has a man page entry, with the same kind of argument"
		else
			not_ok "$name: every --help option has a man page entry, with the same kind of argument"
			[ -n "$bad" ] && echo "argument kinds:$bad" | diag
		fi
		check "$name: every man page entry is a --help option" \
			subset "$w/man-opts" "$w/help-opts" "in $(basename "$manpage") but not in --help:"
	fi

	# --- Icinga 2 CheckCommand -------------------------------------------
	# One line per argument: key, then the attributes it sets.
	awk '
		/^[ \t]*arguments[ \t]*=[ \t]*\{/ { on = 1; next }
		on && depth == 0 && /^[ \t]*\}/ { exit }
		on && depth == 0 && match($0, /"[^"]+"[ \t]*=[ \t]*\{/) {
			key = substr($0, RSTART + 1); sub(/".*/, "", key)
			attrs = ""; depth = 1; next
		}
		on && depth > 0 {
			if ($0 ~ /^[ \t]*value[ \t]*=/) attrs = attrs " value"
			if ($0 ~ /^[ \t]*set_if[ \t]*=/) attrs = attrs " set_if"
			if ($0 ~ /^[ \t]*description[ \t]*=[ \t]*"[^"]/) attrs = attrs " description"
			if ($0 ~ /^[ \t]*repeat_key[ \t]*=[ \t]*true/) attrs = attrs " repeat_key"
			if ($0 ~ /^[ \t]*skip_key[ \t]*=[ \t]*true/) attrs = attrs " skip_key"
			if ($0 ~ /^[ \t]*\}/) { print key attrs; depth = 0 }
		}' "$command_conf" >"$w/icinga-args"
	cut -d' ' -f1 "$w/icinga-args" | names_of | to_long "$w/map" >"$w/icinga-opts"
	exempt_list=$(echo $icinga_exempt | tr ' ' '\n')
	grep -vxF "$exempt_list" "$w/help-opts" >"$w/help-icinga"
	grep -vxF "$exempt_list" "$w/man-opts" >"$w/man-icinga"
	conf=$(basename "$command_conf")
	if [ $have_bin = no ]; then
		not_ok "$name: every --help option is a CheckCommand argument: $bin not built"
		not_ok "$name: every CheckCommand argument is a --help option: $bin not built"
	else
		check "$name: every --help option is an argument of $conf (except${icinga_exempt% })" \
			subset "$w/help-icinga" "$w/icinga-opts" "missing from contrib/icinga2/$conf:"
		check "$name: every argument of $conf is a --help option" \
			subset "$w/icinga-opts" "$w/help-icinga" "in the CheckCommand but not in --help (or exempt):"
	fi
	# Needs no binary: the man page and the CheckCommand against each other.
	if subset "$w/man-icinga" "$w/icinga-opts" "in $(basename "$manpage") but not in $conf:" &&
		subset "$w/icinga-opts" "$w/man-icinga" "in $conf but not in $(basename "$manpage"):" &&
		[ -s "$w/icinga-opts" ]; then
		ok "$name: $conf has exactly the man page's options (except${icinga_exempt% }; $(wc -l <"$w/icinga-opts") arguments)"
	else
		not_ok "$name: $conf has exactly the man page's options (except${icinga_exempt% })"
	fi

	# Flags use set_if, options with a value use value, repeatable options
	# use repeat_key, every argument has a description, and the custom
	# variables are <prefix>_* (or the host's address). The kind of
	# argument and "repeatable" come from the binary and --help, or from
	# the man page when there is no binary.
	bad=""
	while read -r key attrs; do
		long=$(echo "$key" | names_of | to_long "$w/map")
		if [ $have_bin = yes ]; then
			arg=$(awk -v n="$long" '$1 == n { print $2 }' "$w/kinds")
			src=help
			entry=$w/help
		else
			arg=$(kind_of_man "$long" "$manpage")
			src=man
			entry=$manpage
		fi
		case $long in -?) arg=none ;; esac   # -4, -6
		[ -z "$arg" ] && { bad="$bad $key:unknown-option"; continue; }
		case " $attrs " in *" description "*) ;; *) bad="$bad $key:no-description" ;; esac
		case $arg in
		none)
			case " $attrs " in *" set_if "*) ;; *) bad="$bad $key:flag-without-set_if" ;; esac
			case " $attrs " in *" value "*) bad="$bad $key:flag-with-value" ;; esac ;;
		*)
			case " $attrs " in *" value "*) ;; *) bad="$bad $key:no-value" ;; esac
			if entry_says repeatable "$long" "$entry" $src; then
				case " $attrs " in *" repeat_key "*) ;; *) bad="$bad $key:repeatable-without-repeat_key" ;; esac
			fi ;;
		esac
	done <"$w/icinga-args"
	grep -oE '\$[A-Za-z0-9_.]+\$' "$command_conf" | sort -u |
		grep -vE "^\\\$(${prefix}_[a-z0-9_]+|address)\\\$\$" >"$w/bad-macros"
	how=""
	[ $have_bin = no ] && how=" (argument kinds from the man page: no binary)"
	if [ -z "$bad" ] && [ ! -s "$w/bad-macros" ] && [ -s "$w/icinga-args" ]; then
		ok "$name: $conf: set_if for flags, repeat_key for repeatables, descriptions, ${prefix}_* variables$how"
	else
		not_ok "$name: $conf: set_if for flags, repeat_key for repeatables, descriptions, ${prefix}_* variables$how"
		{ echo "problems:$bad"; echo "other macros:"; cat "$w/bad-macros"; } | diag
	fi
	if grep -q "vars.${prefix}_hostname[ \t]*=[ \t]*\"\\\$address\\\$\"" "$command_conf" &&
		grep -q '"-H"' "$command_conf"; then
		ok "$name: $conf: -H defaults to the host's \$address\$"
	else
		not_ok "$name: $conf: -H defaults to the host's \$address\$"
	fi

	# --- man page rendering ------------------------------------------------
	if need_tool man groff; then
		MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$manpage" >/dev/null 2>"$w/man-warnings"
		rc=$?
		if [ $rc -eq 0 ] && [ ! -s "$w/man-warnings" ]; then
			ok "$(basename "$manpage") renders without warnings"
		else
			not_ok "$(basename "$manpage") renders without warnings (exit $rc)"
			diag <"$w/man-warnings"
		fi
	else
		missing "$(basename "$manpage") renders without warnings" "man/groff not installed (apt-get install man-db groff-base)"
	fi
}

doc_plugin check_replication_precheck "$PLUGIN" \
	"$abs_top_srcdir/doc/check_replication_precheck.1" \
	"$abs_top_srcdir/contrib/icinga2/replication-precheck.conf" replication_precheck
doc_plugin check_replication_status "$STATUS_PLUGIN" \
	"$abs_top_srcdir/doc/check_replication_status.1" \
	"$abs_top_srcdir/contrib/icinga2/replication-status.conf" replication_status
doc_plugin check_replication_tasks "$TASKS_PLUGIN" \
	"$abs_top_srcdir/doc/check_replication_tasks.1" \
	"$abs_top_srcdir/contrib/icinga2/replication-tasks.conf" replication_tasks

# --- versions -------------------------------------------------------------
man_v=$(sed -n 's/^\.TH .*"check_replication_precheck \([^"]*\)".*/\1/p' "$abs_top_srcdir/doc/check_replication_precheck.1")
man2_v=$(sed -n 's/^\.TH .*"check_replication_status \([^"]*\)".*/\1/p' "$abs_top_srcdir/doc/check_replication_status.1")
man3_v=$(sed -n 's/^\.TH .*"check_replication_tasks \([^"]*\)".*/\1/p' "$abs_top_srcdir/doc/check_replication_tasks.1")
deb_v=$(sed -n '1s/^[^ ]* (\([^)]*\)).*/\1/p' "$abs_top_srcdir/contrib/debian/changelog")
deb_v=${deb_v#*:}
deb_v=${deb_v%-*}
rpm_v=$(sed -n 's/^Version:[ \t]*//p' "$abs_top_srcdir/contrib/rpm/check_replication_precheck.spec")
if [ "$man_v" = "$PACKAGE_VERSION" ] && [ "$man2_v" = "$PACKAGE_VERSION" ] &&
	[ "$man3_v" = "$PACKAGE_VERSION" ] &&
	[ "$deb_v" = "$PACKAGE_VERSION" ] && [ "$rpm_v" = "$PACKAGE_VERSION" ]; then
	ok "version $PACKAGE_VERSION in configure.ac, the three man pages, debian/changelog and RPM spec"
else
	not_ok "version $PACKAGE_VERSION in configure.ac, man pages ($man_v, $man2_v, $man3_v), debian/changelog ($deb_v) and RPM spec ($rpm_v)"
fi
