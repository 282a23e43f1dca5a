#!/bin/sh
# Every option of the plugin is documented everywhere, and nothing else is:
# the option table long_options[] (and short_options) in plugins/options.c
# against the --help text of the built binary, the man page's option
# entries and the Icinga 2 CheckCommand's arguments. Also: version strings
# agree, and the man page renders without warnings.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/ecosystem/tap.sh"

options_c=$abs_top_srcdir/plugins/options.c
manpage=$abs_top_srcdir/doc/check_replication_precheck.1
command_conf=$abs_top_srcdir/contrib/icinga2/replication-precheck.conf

# Options a CheckCommand must not carry: they do not run a check, or (the
# token, the AccessKey secret) would put a secret into the process list and
# the Icinga 2 API; the CheckCommand passes them as file paths
# (--token-file, --secret-key-file).
icinga_exempt=" help version token secret-key "

plan 13
work_dir

# --- the code's option table --------------------------------------------
# "name has_arg short" per line; short is "-" for OPT_* values.
awk '
	/long_options\[\][ \t]*=[ \t]*\{/ { on = 1; next }
	on && /^[ \t]*\};/ { exit }
	on && match($0, /\{[ \t]*"[^"]+"/) {
		name = substr($0, RSTART, RLENGTH); sub(/^\{[ \t]*"/, "", name); sub(/"$/, "", name)
		arg = "none"
		if ($0 ~ /required_argument/) arg = "required"
		else if ($0 ~ /optional_argument/) arg = "optional"
		short = "-"
		if (match($0, /\x27.\x27/)) short = substr($0, RSTART + 1, 1)
		print name, arg, short
	}' "$options_c" >"$work/long"
shorts=$(sed -n 's/.*short_options\[\][ \t]*=[ \t]*"\([^"]*\)".*/\1/p' "$options_c" | tr -d :)
# Short options without a long name (-4, -6).
: >"$work/shortonly"
i=0
while [ $i -lt ${#shorts} ]; do
	c=$(printf '%s' "$shorts" | cut -c$((i + 1)))
	awk -v c="$c" '$3 == c { f = 1 } END { exit !f }' "$work/long" || echo "$c" >>"$work/shortonly"
	i=$((i + 1))
done
cut -d' ' -f1 "$work/long" | sort -u >"$work/code-long"
sort -u "$work/shortonly" >"$work/code-short"

n_long=$(wc -l <"$work/code-long")
if [ "$n_long" -ge 10 ] && grep -qx replication-id "$work/code-long" && [ -n "$shorts" ]; then
	ok "options.c: $n_long long options, short options '$shorts' (short only: $(tr '\n' ' ' <"$work/code-short" | sed 's/ $//'))"
else
	not_ok "options.c: cannot read long_options[]/short_options (found $n_long long options)"
fi

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

# The code's options: long names, plus "-x" for short options without one.
{ cat "$work/code-long"; sed 's/^/-/' "$work/code-short"; } | sort -u >"$work/code-all"

# Short options that have a long form count as that long form.
to_long() {
	while read -r o; do
		case $o in
		-?) l=$(awk -v c="${o#-}" '$3 == c { print $1 }' "$work/long")
		    echo "${l:-$o}" ;;
		*) echo "$o" ;;
		esac
	done | sort -u
}

# --- --help -------------------------------------------------------------
if [ -x "$PLUGIN" ]; then
	"$PLUGIN" --help >"$work/help" 2>&1
	rc=$?
	if [ $rc -eq 3 ] && grep -q '^Usage:' "$work/help"; then
		ok "--help exits 3 and prints the usage"
	else
		not_ok "--help exits 3 and prints the usage (exit $rc)"
	fi
	# Definition lines of the help text start with a blank and a dash.
	grep -E '^ {1,2}-' "$work/help" | names_of | to_long >"$work/help-opts"
	check "every option has an entry in --help" \
		subset "$work/code-all" "$work/help-opts" "missing from --help:"
	check "every --help entry is an option of the code" \
		subset "$work/help-opts" "$work/code-all" "in --help but not in options.c:"
	"$PLUGIN" --version >"$work/version" 2>&1
	rc=$?
	if [ $rc -eq 3 ] && grep -q "^check_replication_precheck $PACKAGE_VERSION " "$work/version"; then
		ok "--version exits 3 and prints version $PACKAGE_VERSION"
	else
		not_ok "--version exits 3 and prints version $PACKAGE_VERSION (exit $rc)"
		diag <"$work/version"
	fi
else
	not_ok "--help exits 3 and prints the usage: $PLUGIN not built"
	not_ok "every option has an entry in --help: $PLUGIN not built"
	not_ok "every --help entry is an option of the code: $PLUGIN not built"
	not_ok "--version exits 3: $PLUGIN not built"
fi

# --- man page -----------------------------------------------------------
# The entries are the lines after .TP; roff escapes removed.
awk 'prev == ".TP" { print } { prev = $1 }' "$manpage" |
	sed -E 's/\\f(\[[^]]*\]|\(..|.)//g; s/\\-/-/g; s/\\[&%]//g' |
	names_of | to_long >"$work/man-opts"
check "every option has an entry in the man page" \
	subset "$work/code-all" "$work/man-opts" "missing from doc/check_replication_precheck.1:"
check "every man page entry is an option of the code" \
	subset "$work/man-opts" "$work/code-all" "in the man page but not in options.c:"

# --- Icinga 2 CheckCommand ----------------------------------------------
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
	}' "$command_conf" >"$work/icinga-args"
cut -d' ' -f1 "$work/icinga-args" | names_of | to_long >"$work/icinga-opts"
grep -vxF "$(echo $icinga_exempt | tr ' ' '\n')" "$work/code-all" >"$work/code-icinga"
check "every option is an argument of the Icinga 2 CheckCommand (except${icinga_exempt% })" \
	subset "$work/code-icinga" "$work/icinga-opts" "missing from contrib/icinga2/replication-precheck.conf:"
check "every CheckCommand argument is an option of the code" \
	subset "$work/icinga-opts" "$work/code-icinga" "in the CheckCommand but not in options.c (or exempt):"

# Flags use set_if, options with a value use value, repeatable options
# (per --help) use repeat_key, every argument has a description, and the
# custom variables are replication_precheck_* (or the host's address).
bad=""
while read -r key attrs; do
	long=$(echo "$key" | names_of | to_long)
	arg=$(awk -v n="$long" '$1 == n { print $2 }' "$work/long")
	[ -z "$arg" ] && arg=none   # -4, -6
	case " $attrs " in *" description "*) ;; *) bad="$bad $key:no-description" ;; esac
	case $arg in
	none)
		case " $attrs " in *" set_if "*) ;; *) bad="$bad $key:flag-without-set_if" ;; esac
		case " $attrs " in *" value "*) bad="$bad $key:flag-with-value" ;; esac ;;
	*)
		case " $attrs " in *" value "*) ;; *) bad="$bad $key:no-value" ;; esac ;;
	esac
	if [ -f "$work/help" ] && awk -v o="--$long" '
		$0 ~ /^  ?-/ && $0 ~ ("(^|[^a-z-])" o "([^a-z-]|$)") { hit = 1; next }
		hit && /^  ?-/ { exit }
		hit && /[Rr]epeatable/ { found = 1 }
		END { exit !found }' "$work/help" && [ "$arg" != none ]; then
		case " $attrs " in *" repeat_key "*) ;; *) bad="$bad $key:repeatable-without-repeat_key" ;; esac
	fi
done <"$work/icinga-args"
grep -oE '\$[A-Za-z0-9_.]+\$' "$command_conf" | sort -u |
	grep -vE '^\$(replication_precheck_[a-z0-9_]+|address)\$$' >"$work/bad-macros"
if [ -z "$bad" ] && [ ! -s "$work/bad-macros" ] && [ -s "$work/icinga-args" ]; then
	ok "CheckCommand arguments: set_if for flags, repeat_key for repeatables, descriptions, replication_precheck_* variables"
else
	not_ok "CheckCommand arguments: set_if for flags, repeat_key for repeatables, descriptions, replication_precheck_* variables"
	{ echo "problems:$bad"; echo "other macros:"; cat "$work/bad-macros"; } | diag
fi
if grep -q 'vars.replication_precheck_hostname[ \t]*=[ \t]*"\$address\$"' "$command_conf" &&
	grep -q '"-H"' "$command_conf"; then
	ok "CheckCommand: -H defaults to the host's \$address\$"
else
	not_ok "CheckCommand: -H defaults to the host's \$address\$"
fi

# --- versions -------------------------------------------------------------
man_v=$(sed -n 's/^\.TH .*"check_replication_precheck \([^"]*\)".*/\1/p' "$manpage")
deb_v=$(sed -n '1s/^[^ ]* (\([^)]*\)).*/\1/p' "$abs_top_srcdir/contrib/debian/changelog")
deb_v=${deb_v#*:}
deb_v=${deb_v%-*}
rpm_v=$(sed -n 's/^Version:[ \t]*//p' "$abs_top_srcdir/contrib/rpm/check_replication_precheck.spec")
if [ "$man_v" = "$PACKAGE_VERSION" ] && [ "$deb_v" = "$PACKAGE_VERSION" ] && [ "$rpm_v" = "$PACKAGE_VERSION" ]; then
	ok "version $PACKAGE_VERSION in configure.ac, man page, debian/changelog and RPM spec"
else
	not_ok "version $PACKAGE_VERSION in configure.ac, man page ($man_v), debian/changelog ($deb_v) and RPM spec ($rpm_v)"
fi

# --- man page rendering -------------------------------------------------
if need_tool man groff; then
	MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$manpage" >/dev/null 2>"$work/man-warnings"
	rc=$?
	if [ $rc -eq 0 ] && [ ! -s "$work/man-warnings" ]; then
		ok "man page renders without warnings"
	else
		not_ok "man page renders without warnings (exit $rc)"
		diag <"$work/man-warnings"
	fi
else
	missing "man page renders without warnings" "man/groff not installed (apt-get install man-db groff-base)"
fi
