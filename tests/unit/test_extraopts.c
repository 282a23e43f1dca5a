/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_extraopts.c - INI sections to long options, and --extra-opts
 * splicing into argv. */
#include "config.h"
#include "extraopts.h"
#include "strbuf.h"
#include "unit.h"

#include <errno.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#define SECTION "check_replication_precheck"

static char dir[256];
static char err[512];
static strvec args, new_argv, insecure;

static void setup(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/unit-extraopts-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	unsetenv("MP_CONFIG_FILE");
	err[0] = '\0';
}

static void teardown(void)
{
	char cmd[300];
	strvec_free(&args);
	strvec_free(&new_argv);
	strvec_free(&insecure);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	unsetenv("MP_CONFIG_FILE");
}

/* Files go into this test's scratch directory. */
#define write_file(name, ...) ut_write_file(dir, name, __VA_ARGS__)

/* got equals the NULL-terminated want, element by element. */
static void assert_vec(const strvec *got, const char *const *want)
{
	static char g[8192], w[8192];
	size_t n = 0, gl = 0, wl = 0;
	while (want[n])
		n++;
	bool same = got->n == n;
	for (size_t i = 0; same && i < n; i++)
		same = strcmp(got->v[i], want[i]) == 0;
	if (same)
		return;
	g[0] = w[0] = '\0';
	for (size_t i = 0; i < got->n && gl < sizeof g; i++)
		gl += (size_t)snprintf(g + gl, sizeof g - gl, "%s\"%s\"", i ? ", " : "",
		                       ut_escape(got->v[i], strlen(got->v[i])));
	for (size_t i = 0; i < n && wl < sizeof w; i++)
		wl += (size_t)snprintf(w + wl, sizeof w - wl, "%s\"%s\"", i ? ", " : "",
		                       ut_escape(want[i], strlen(want[i])));
	ck_abort_msg("got [%s], want [%s]", g, w);
}

#define VEC(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define EMPTY_VEC ((const char *const[]){ NULL })

static int ini(const char *text, size_t len, const char *section)
{
	return ini_section_args(text, len, section, &args, err, sizeof err);
}

/* ---- ini_section_args ---- */

START_TEST(test_ini_basic)
{
	ck_assert_int_eq(ini(LIT("[" SECTION "]\nurl=https://x.example\nverbose\n"), SECTION), 0);
	assert_vec(&args, VEC("--url=https://x.example", "--verbose"));
}
END_TEST

START_TEST(test_ini_other_sections_ignored)
{
	ck_assert_int_eq(ini(LIT("[other]\nurl=a\n[mine]\nurl=b\n[third]\nurl=c\n"), "mine"), 0);
	assert_vec(&args, VEC("--url=b"));
}
END_TEST

START_TEST(test_ini_repeated_section_merges)
{
	ck_assert_int_eq(ini(LIT("[s]\na=1\n[t]\nb=2\n[s]\nc=3\n"), "s"), 0);
	assert_vec(&args, VEC("--a=1", "--c=3"));
}
END_TEST

START_TEST(test_ini_comments)
{
	ck_assert_int_eq(ini(LIT("# top\n; top\n[s]\n# c1\n; c2\n   # indented\n\t; tabbed\na=1\n#b=2\n"), "s"), 0);
	assert_vec(&args, VEC("--a=1"));
}
END_TEST

START_TEST(test_ini_comment_chars_inside_values)
{
	ck_assert_int_eq(ini(LIT("[s]\ntoken=abc#def ;x\n"), "s"), 0);
	assert_vec(&args, VEC("--token=abc#def ;x"));
}
END_TEST

START_TEST(test_ini_blank_lines_and_crlf)
{
	ck_assert_int_eq(ini(LIT("\r\n[s]\r\n\r\n  \t \r\na = 1\r\nflag\r\n\r\n"), "s"), 0);
	assert_vec(&args, VEC("--a=1", "--flag"));
}
END_TEST

/* Notepad and friends write a UTF-8 byte order mark first. */
START_TEST(test_ini_utf8_bom)
{
	ck_assert_int_eq(ini(LIT("\xef\xbb\xbf[s]\na=1\n"), "s"), 0);
	assert_vec(&args, VEC("--a=1"));
	strvec_free(&args);
	ck_assert_int_eq(ini(LIT("\xef\xbb\xbf# comment\r\n[s]\r\nb = \"x y\"\r\nflag\r\n"), "s"), 0);
	assert_vec(&args, VEC("--b=x y", "--flag"));
	strvec_free(&args);
	/* Only at the very start: elsewhere the bytes belong to the text. */
	ck_assert_int_eq(ini(LIT("[s]\nk=\xef\xbb\xbfv\n"), "s"), 0);
	assert_vec(&args, VEC("--k=\xef\xbb\xbfv"));
	strvec_free(&args);
	ck_assert_int_eq(ini(LIT("\xef\xbb\xbf"), "s"), 1);
}
END_TEST

START_TEST(test_ini_crlf_everywhere)
{
	ck_assert_int_eq(ini(LIT("[other]\r\nx=0\r\n[s]\r\n; c\r\na=\"  q  \"\r\nb=v=w\r\nempty=\r\n[t]\r\ny=1"),
	                     "s"), 0);
	assert_vec(&args, VEC("--a=  q  ", "--b=v=w", "--empty="));
}
END_TEST

START_TEST(test_expand_bom_crlf_file)
{
	const char *a = write_file("bom.ini", LIT("\xef\xbb\xbf[" SECTION "]\r\nurl = https://x.example\r\nverbose\r\n"),
	                           0600);
	char *argv[] = { "prog", fmt("--extra-opts=@%s", a), NULL };
	ck_assert_int_eq(extraopts_expand(2, argv, SECTION, &new_argv, &insecure, err, sizeof err), 0);
	assert_vec(&new_argv, VEC("prog", "--url=https://x.example", "--verbose"));
}
END_TEST

START_TEST(test_ini_whitespace_trimmed)
{
	ck_assert_int_eq(ini(LIT("  [ s ]  \n   key   =   value with  spaces  \t \n\tk2\t\n"), "s"), 0);
	assert_vec(&args, VEC("--key=value with  spaces", "--k2"));
}
END_TEST

START_TEST(test_ini_quoted_values)
{
	ck_assert_int_eq(ini(LIT("[s]\na = \"  padded  \" \nb=\"\"\nc=\"\nd=\"x\ne=x\"\nf='q'\ng=\"in\"side\"\n"), "s"), 0);
	assert_vec(&args, VEC("--a=  padded  ", "--b=", "--c=\"", "--d=\"x", "--e=x\"", "--f='q'", "--g=in\"side"));
}
END_TEST

START_TEST(test_ini_key_alone_and_empty_value)
{
	ck_assert_int_eq(ini(LIT("[s]\nverbose\nempty=\nspaced =  \n"), "s"), 0);
	assert_vec(&args, VEC("--verbose", "--empty=", "--spaced="));
}
END_TEST

START_TEST(test_ini_value_with_equals)
{
	ck_assert_int_eq(ini(LIT("[s]\nmap=a=b=CRITICAL\nheader = X-A: b=c\n"), "s"), 0);
	assert_vec(&args, VEC("--map=a=b=CRITICAL", "--header=X-A: b=c"));
}
END_TEST

START_TEST(test_ini_no_trailing_newline)
{
	ck_assert_int_eq(ini(LIT("[s]\na=1"), "s"), 0);
	assert_vec(&args, VEC("--a=1"));
}
END_TEST

START_TEST(test_ini_text_after_header_ignored)
{
	ck_assert_int_eq(ini(LIT("[s] ; comment\na=1\n"), "s"), 0);
	assert_vec(&args, VEC("--a=1"));
}
END_TEST

START_TEST(test_ini_missing_section)
{
	ck_assert_int_eq(ini(LIT("[other]\na=1\n"), "s"), 1);
	ck_assert_uint_eq(args.n, 0);
	ck_assert_int_eq(ini(LIT(""), "s"), 1);
	ck_assert_int_eq(ini(LIT("a=1\nb=2\n"), "s"), 1);        /* options outside any section */
	ck_assert_int_eq(ini(LIT("[S]\na=1\n"), "s"), 1);        /* names are case-sensitive */
	ck_assert_int_eq(ini(LIT("[ss]\na=1\n"), "s"), 1);
	ck_assert_int_eq(ini(LIT("[s2]\na=1\n"), "s"), 1);
	ck_assert_uint_eq(args.n, 0);
}
END_TEST

START_TEST(test_ini_empty_section_found)
{
	ck_assert_int_eq(ini(LIT("[s]\n[t]\na=1\n"), "s"), 0);
	ck_assert_uint_eq(args.n, 0);
}
END_TEST

START_TEST(test_ini_appends)
{
	strvec_push(&args, xstrdup("--already"));
	ck_assert_int_eq(ini(LIT("[s]\na=1\n"), "s"), 0);
	assert_vec(&args, VEC("--already", "--a=1"));
}
END_TEST

START_TEST(test_ini_header_without_bracket)
{
	ck_assert_int_eq(ini(LIT("[s\na=1\n"), "s"), -1);
	ASSERT_STR(err, "line 1: section header without ']'");
	/* anywhere in the file, even after the wanted section */
	ck_assert_int_eq(ini(LIT("[s]\na=1\n\n[broken\n"), "s"), -1);
	ASSERT_STR(err, "line 4: section header without ']'");
}
END_TEST

START_TEST(test_ini_option_name_missing)
{
	ck_assert_int_eq(ini(LIT("\n\n# c\n[s]\n\n=bad\n"), "s"), -1);
	ASSERT_STR(err, "line 6: option name missing");
	ck_assert_int_eq(ini(LIT("[s]\n   =  x\n"), "s"), -1);
	ASSERT_STR(err, "line 2: option name missing");
	ck_assert_int_eq(ini(LIT("[s]\n=\n"), "s"), -1);
	ASSERT_STR(err, "line 2: option name missing");
}
END_TEST

START_TEST(test_ini_nameless_option_elsewhere_ignored)
{
	/* Only the wanted section is interpreted. */
	ck_assert_int_eq(ini(LIT("[t]\n=value\n[s]\na=1\n"), "s"), 0);
	assert_vec(&args, VEC("--a=1"));
}
END_TEST

START_TEST(test_ini_nul_byte)
{
	ck_assert_int_eq(ini(LIT("[s]\na=x\0y\n"), "s"), -1);
	ASSERT_STR(err, "line 2: NUL byte");
	ck_assert_int_eq(ini(LIT("[s]\na=1\n\0\n"), "s"), -1);
	ASSERT_STR(err, "line 3: NUL byte");
}
END_TEST

START_TEST(test_ini_nul_byte_in_section_name)
{
	/* "[s\0x]" must not be taken for "[s]". */
	int rc = ini(LIT("[s\0x]\na=1\n"), "s");
	ck_assert_int_ne(rc, 0);
	ck_assert_uint_eq(args.n, 0);
}
END_TEST

/* ---- extraopts_default_file ---- */

START_TEST(test_default_file_from_env)
{
	setenv("MP_CONFIG_FILE", "/some/where/plugins.ini", 1);
	ASSERT_STR(extraopts_default_file(), "/some/where/plugins.ini");
}
END_TEST

START_TEST(test_default_file_empty_env_ignored)
{
	setenv("MP_CONFIG_FILE", "", 1);
	const char *f = extraopts_default_file();
	ck_assert(f == NULL || *f == '/');
	ck_assert(f == NULL || access(f, R_OK) == 0);
}
END_TEST

/* ---- extraopts_expand ---- */

#define FILE_A "[" SECTION "]\nurl=https://file.example\ntimeout=5\n[other]\nhostname=h.example\nssl\n"

static int expand(int argc, char **argv)
{
	return extraopts_expand(argc, argv, SECTION, &new_argv, &insecure, err, sizeof err);
}


START_TEST(test_expand_no_extra_opts)
{
	char *argv[] = { "prog", "-v", "--url", "https://x", NULL };
	ck_assert_int_eq(expand(4, argv), 0);
	assert_vec(&new_argv, VEC("prog", "-v", "--url", "https://x"));
	ck_assert_uint_eq(insecure.n, 0);
}
END_TEST

START_TEST(test_expand_inserted_after_argv0)
{
	const char *a = write_file("a.ini", LIT(FILE_A), 0600);
	char *argv[] = { "prog", "-v", fmt("--extra-opts=@%s", a), "-r", "x", NULL };
	ck_assert_int_eq(expand(5, argv), 0);
	assert_vec(&new_argv, VEC("prog", "--url=https://file.example", "--timeout=5", "-v", "-r", "x"));
	ck_assert_uint_eq(insecure.n, 0);
}
END_TEST

START_TEST(test_expand_named_section)
{
	const char *a = write_file("a.ini", LIT(FILE_A), 0600);
	char *argv[] = { "prog", fmt("--extra-opts=other@%s", a), "-r", "x", NULL };
	ck_assert_int_eq(expand(4, argv), 0);
	assert_vec(&new_argv, VEC("prog", "--hostname=h.example", "--ssl", "-r", "x"));
}
END_TEST

START_TEST(test_expand_multiple)
{
	const char *a = write_file("a.ini", LIT(FILE_A), 0600);
	const char *b = write_file("b.ini", LIT("[" SECTION "]\nmap=running=OK\n"), 0600);
	char *argv[] = { "prog", fmt("--extra-opts=other@%s", a), "-v",
	                 fmt("--extra-opts=@%s", b), fmt("--extra-opts=@%s", a), NULL };
	ck_assert_int_eq(expand(5, argv), 0);
	assert_vec(&new_argv, VEC("prog", "--hostname=h.example", "--ssl", "--map=running=OK",
	                          "--url=https://file.example", "--timeout=5", "-v"));
}
END_TEST

START_TEST(test_expand_default_file_from_env)
{
	const char *a = write_file("a.ini", LIT(FILE_A), 0600);
	setenv("MP_CONFIG_FILE", a, 1);
	char *argv[] = { "prog", "--extra-opts", "-v", NULL };
	ck_assert_int_eq(expand(3, argv), 0);
	assert_vec(&new_argv, VEC("prog", "--url=https://file.example", "--timeout=5", "-v"));
	strvec_free(&new_argv);

	char *argv2[] = { "prog", "--extra-opts=", NULL };
	ck_assert_int_eq(expand(2, argv2), 0);
	assert_vec(&new_argv, VEC("prog", "--url=https://file.example", "--timeout=5"));
	strvec_free(&new_argv);

	char *argv3[] = { "prog", "--extra-opts=other", NULL };
	ck_assert_int_eq(expand(2, argv3), 0);
	assert_vec(&new_argv, VEC("prog", "--hostname=h.example", "--ssl"));
}
END_TEST

START_TEST(test_expand_no_default_file)
{
	char *argv[] = { "prog", "--extra-opts", NULL };
	const char *found = extraopts_default_file();
	int rc = expand(2, argv);
	if (found == NULL) {
		ck_assert_int_eq(rc, -1);
		ASSERT_STR(err, "--extra-opts: no options file found (set MP_CONFIG_FILE or use @file)");
		ck_assert_uint_eq(new_argv.n, 0);
	} else {
		/* This machine has a monitoring-plugins.ini: it is the one
		 * read, whatever it holds. */
		ck_assert_msg(rc == 0 || strstr(err, found), "default file %s, yet: %s", found, err);
		ck_assert_msg(!strstr(err, "no options file found"), "default file %s, yet: %s", found,
		              err);
	}
}
END_TEST

START_TEST(test_expand_missing_file)
{
	char *argv[] = { "prog", "-v", "--extra-opts=@/nonexistent/dir/x.ini", NULL };
	ck_assert_int_eq(expand(3, argv), -1);
	ASSERT_STR(err, "cannot open options file /nonexistent/dir/x.ini: No such file or directory");
	ck_assert_uint_eq(new_argv.n, 0);
}
END_TEST

START_TEST(test_expand_missing_section)
{
	char want[700];
	const char *a = write_file("a.ini", LIT(FILE_A), 0600);
	char *argv[] = { "prog", fmt("--extra-opts=nosuch@%s", a), NULL };
	ck_assert_int_eq(expand(2, argv), -1);
	snprintf(want, sizeof want, "section [nosuch] not found in options file %s", a);
	ASSERT_STR(err, want);
	ck_assert_uint_eq(new_argv.n, 0);
}
END_TEST

START_TEST(test_expand_missing_default_section)
{
	char want[700];
	const char *a = write_file("a.ini", LIT("[other]\nx=1\n"), 0600);
	char *argv[] = { "prog", fmt("--extra-opts=@%s", a), NULL };
	ck_assert_int_eq(expand(2, argv), -1);
	snprintf(want, sizeof want, "section [" SECTION "] not found in options file %s", a);
	ASSERT_STR(err, want);
}
END_TEST

START_TEST(test_expand_syntax_error)
{
	char want[700];
	const char *a = write_file("bad.ini", LIT("[" SECTION "\nurl=x\n"), 0600);
	char *argv[] = { "prog", fmt("--extra-opts=@%s", a), NULL };
	ck_assert_int_eq(expand(2, argv), -1);
	snprintf(want, sizeof want, "options file %s: line 1: section header without ']'", a);
	ASSERT_STR(err, want);
}
END_TEST

START_TEST(test_expand_directory)
{
	char want[700];
	char *argv[] = { "prog", fmt("--extra-opts=@%s", dir), NULL };
	ck_assert_int_eq(expand(2, argv), -1);
	snprintf(want, sizeof want, "options file %s is a directory, not a file", dir);
	ASSERT_STR(err, want);
}
END_TEST

START_TEST(test_expand_too_large)
{
	size_t n = 1024 * 1024 + 10;
	char *big = malloc(n);
	char want[700];
	ck_assert_ptr_nonnull(big);
	memset(big, '#', n);
	const char *a = write_file("big.ini", big, n, 0600);
	free(big);
	char *argv[] = { "prog", fmt("--extra-opts=@%s", a), NULL };
	ck_assert_int_eq(expand(2, argv), -1);
	snprintf(want, sizeof want, "options file %s is larger than 1048576 bytes", a);
	ASSERT_STR(err, want);
}
END_TEST

START_TEST(test_expand_insecure_files)
{
	static const struct { mode_t mode; bool insecure; } modes[] = {
		{ 0600, false }, { 0400, false }, { 0640, true }, { 0644, true }, { 0604, true },
		{ 0660, true }, { 0602, true }, { 0610, true },
	};
	for (size_t i = 0; i < ARRAY_LEN(modes); i++) {
		char name[32];
		snprintf(name, sizeof name, "m%zu.ini", i);
		const char *a = write_file(name, LIT(FILE_A), modes[i].mode);
		char *argv[] = { "prog", fmt("--extra-opts=@%s", a), NULL };
		strvec_free(&new_argv);
		strvec_free(&insecure);
		ck_assert_int_eq(expand(2, argv), 0);
		ck_assert_msg(insecure.n == (modes[i].insecure ? 1u : 0u), "mode %04o: %zu insecure files",
		              (unsigned)modes[i].mode, insecure.n);
		if (modes[i].insecure)
			ASSERT_STR(insecure.v[0], a);
	}
}
END_TEST

START_TEST(test_expand_double_dash)
{
	const char *a = write_file("a.ini", LIT(FILE_A), 0600);
	char *argv[] = { "prog", fmt("--extra-opts=other@%s", a), "--", fmt("--extra-opts=@%s", a), "x", NULL };
	ck_assert_int_eq(expand(5, argv), 0);
	ck_assert_uint_eq(new_argv.n, 6);
	ASSERT_STR(new_argv.v[1], "--hostname=h.example");
	ASSERT_STR(new_argv.v[2], "--ssl");
	ASSERT_STR(new_argv.v[3], "--");
	ASSERT_STR(new_argv.v[4], argv[3]);   /* after "--": untouched */
	ASSERT_STR(new_argv.v[5], "x");
}
END_TEST

START_TEST(test_expand_similar_names_untouched)
{
	char *argv[] = { "prog", "--extra-optsX", "-extra-opts=@x", "--extra-opt=@y", NULL };
	ck_assert_int_eq(expand(4, argv), 0);
	assert_vec(&new_argv, VEC("prog", "--extra-optsX", "-extra-opts=@x", "--extra-opt=@y"));
}
END_TEST

START_TEST(test_expand_argv_null_terminated)
{
	const char *a = write_file("a.ini", LIT(FILE_A), 0600);
	char *argv[] = { "prog", fmt("--extra-opts=@%s", a), NULL };
	ck_assert_int_eq(expand(2, argv), 0);
	ck_assert_uint_eq(new_argv.n, 3);
	ck_assert_ptr_null(new_argv.v[new_argv.n]);   /* usable as argv for getopt */
}
END_TEST

START_TEST(test_expand_argc_zero)
{
	char *argv[] = { NULL };
	ck_assert_int_eq(expand(0, argv), 0);
	assert_vec(&new_argv, VEC("check_replication_precheck"));
}
END_TEST

START_TEST(test_expand_error_stops_early)
{
	/* The first bad spec fails; nothing of the good one leaks out. */
	const char *a = write_file("a.ini", LIT(FILE_A), 0644);
	char *argv[] = { "prog", fmt("--extra-opts=@%s", a), "--extra-opts=@/nonexistent.ini", NULL };
	ck_assert_int_eq(expand(3, argv), -1);
	ck_assert_uint_eq(new_argv.n, 0);
	ASSERT_STR(err, "cannot open options file /nonexistent.ini: No such file or directory");
}
END_TEST

static Suite *extraopts_suite(void)
{
	Suite *s = suite_create("extraopts");
	TCase *tc = tcase_create("ini");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_ini_basic);
	tcase_add_test(tc, test_ini_other_sections_ignored);
	tcase_add_test(tc, test_ini_repeated_section_merges);
	tcase_add_test(tc, test_ini_comments);
	tcase_add_test(tc, test_ini_comment_chars_inside_values);
	tcase_add_test(tc, test_ini_blank_lines_and_crlf);
	tcase_add_test(tc, test_ini_utf8_bom);
	tcase_add_test(tc, test_ini_crlf_everywhere);
	tcase_add_test(tc, test_expand_bom_crlf_file);
	tcase_add_test(tc, test_ini_whitespace_trimmed);
	tcase_add_test(tc, test_ini_quoted_values);
	tcase_add_test(tc, test_ini_key_alone_and_empty_value);
	tcase_add_test(tc, test_ini_value_with_equals);
	tcase_add_test(tc, test_ini_no_trailing_newline);
	tcase_add_test(tc, test_ini_text_after_header_ignored);
	tcase_add_test(tc, test_ini_missing_section);
	tcase_add_test(tc, test_ini_empty_section_found);
	tcase_add_test(tc, test_ini_appends);
	tcase_add_test(tc, test_ini_header_without_bracket);
	tcase_add_test(tc, test_ini_option_name_missing);
	tcase_add_test(tc, test_ini_nameless_option_elsewhere_ignored);
	tcase_add_test(tc, test_ini_nul_byte);
	tcase_add_test(tc, test_ini_nul_byte_in_section_name);
	suite_add_tcase(s, tc);

	tc = tcase_create("expand");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_default_file_from_env);
	tcase_add_test(tc, test_default_file_empty_env_ignored);
	tcase_add_test(tc, test_expand_no_extra_opts);
	tcase_add_test(tc, test_expand_inserted_after_argv0);
	tcase_add_test(tc, test_expand_named_section);
	tcase_add_test(tc, test_expand_multiple);
	tcase_add_test(tc, test_expand_default_file_from_env);
	tcase_add_test(tc, test_expand_no_default_file);
	tcase_add_test(tc, test_expand_missing_file);
	tcase_add_test(tc, test_expand_missing_section);
	tcase_add_test(tc, test_expand_missing_default_section);
	tcase_add_test(tc, test_expand_syntax_error);
	tcase_add_test(tc, test_expand_directory);
	tcase_add_test(tc, test_expand_too_large);
	tcase_add_test(tc, test_expand_insecure_files);
	tcase_add_test(tc, test_expand_double_dash);
	tcase_add_test(tc, test_expand_similar_names_untouched);
	tcase_add_test(tc, test_expand_argv_null_terminated);
	tcase_add_test(tc, test_expand_argc_zero);
	tcase_add_test(tc, test_expand_error_stops_early);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(extraopts_suite)
