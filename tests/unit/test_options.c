/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_options.c - command line, --extra-opts, secrets and the request URL. */
#include "config.h"
#include "evaluate.h"
#include "options.h"
#include "precheck.h"
#include "unit.h"

#include <errno.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#define ENDPOINT "/openapi/v1/replication/precheck/status"

static options o;
static item_patterns patterns; /* the precheck plugin's configuration */
static char err[512];
static int rc;
static char dir[256];

static void setup(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/unit-options-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	unsetenv("MP_CONFIG_FILE");
	unsetenv(TOKEN_ENV);
	unsetenv(ACCESS_KEY_ID_ENV);
	unsetenv(SECRET_KEY_ENV);
	memset(&o, 0, sizeof o);
	err[0] = '\0';
	rc = 0;
}

static void teardown(void)
{
	char cmd[300];
	options_free(&o);
	precheck_plugin.config_free(&patterns);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	unsetenv("MP_CONFIG_FILE");
	unsetenv(TOKEN_ENV);
	unsetenv(ACCESS_KEY_ID_ENV);
	unsetenv(SECRET_KEY_ENV);
}

/* Parses a NULL-terminated argument list (argv[0] added); frees any
 * earlier result first. */
static int parse_argv(char **args)
{
	char *argv[64];
	int argc = 0;
	argv[argc++] = "check_replication_precheck";
	for (; *args; args++)
		argv[argc++] = *args;
	argv[argc] = NULL;
	options_free(&o);
	err[0] = '\0';
	option_spec spec = precheck_plugin.options;
	spec.cfg = &patterns;
	rc = options_parse(&spec, argc, argv, &o, err, sizeof err);
	return rc;
}

/* The precheck plugin's own options land here. */
#define PATTERNS ((const item_patterns *)&patterns)

#define PARSE(...) parse_argv((char *[]){ __VA_ARGS__, NULL })
#define BASE "-U", "https://api.example.com", "-r", "rp-1"

#define ASSERT_OK() ck_assert_msg(rc == 0, "options_parse failed: %s", err)
#define ASSERT_FAILS(want) do { \
	ck_assert_msg(rc == -1, "options_parse accepted it, want \"%s\"", want); \
	ASSERT_STR(err, want); \
} while (0)

/* Files go into this test's scratch directory. */
#define write_file(name, ...) ut_write_file(dir, name, __VA_ARGS__)


/* ---- targets and defaults ---- */

START_TEST(test_url_and_defaults)
{
	PARSE(BASE);
	ASSERT_OK();
	ck_assert_int_eq(o.action, OPT_RUN);
	ASSERT_STR(o.url, "https://api.example.com");
	ASSERT_STR(o.replication_id, "rp-1");
	ck_assert_ptr_null(o.hostname);
	ck_assert_ptr_null(o.file);
	ck_assert_int_eq(o.port, 0);
	ck_assert(!o.ssl);
	ASSERT_STR(o.path, ENDPOINT);
	ck_assert(o.timeout == 10.0);
	ck_assert_int_eq(o.max_size, 8L * 1024 * 1024);
	ck_assert_int_eq(o.retries, 0);
	ck_assert_uint_eq(o.max_items, 20);
	ck_assert_uint_eq(o.max_message, 200);
	ck_assert_int_eq(o.verbose, 0);
	ck_assert_int_eq(o.ip_version, 0);
	ck_assert(!o.follow);
	ck_assert(!o.insecure);
	ASSERT_STR(o.useragent, "check_replication_precheck/" PACKAGE_VERSION);
	ck_assert_int_eq(o.error_state, STATE_UNKNOWN);
	ck_assert_int_eq(o.timeout_state, STATE_UNKNOWN);
	ck_assert_uint_eq(o.n_map, 0);
	ck_assert_uint_eq(PATTERNS->n_ignore, 0);
	ck_assert_uint_eq(PATTERNS->n_warn, 0);
	ck_assert_uint_eq(o.n_headers, 0);
	ck_assert_uint_eq(o.warnings.n, 0);
	ck_assert_ptr_null(o.token);
	ck_assert_ptr_null(o.token_arg);
	ck_assert_ptr_null(o.token_file);
	ck_assert_ptr_null(o.token_header);
	ck_assert_ptr_null(o.basic_auth);
}
END_TEST

START_TEST(test_long_forms)
{
	PARSE("--url=https://a.example", "--replication-id=rp-2");
	ASSERT_OK();
	ASSERT_STR(o.url, "https://a.example");
	ASSERT_STR(o.replication_id, "rp-2");
	PARSE("--url", "https://b.example", "--replication-id", "rp-3");
	ASSERT_OK();
	ASSERT_STR(o.url, "https://b.example");
	ASSERT_STR(o.replication_id, "rp-3");
}
END_TEST

START_TEST(test_unique_prefix_of_long_option)
{
	PARSE("--replication=rp-9", "--ur=https://a");
	ASSERT_OK();
	ASSERT_STR(o.replication_id, "rp-9");
	ASSERT_STR(o.url, "https://a");
}
END_TEST

START_TEST(test_hostname_port_ssl)
{
	PARSE("-H", "api.example.com", "-p", "8443", "-S", "-r", "x");
	ASSERT_OK();
	ASSERT_STR(o.hostname, "api.example.com");
	ck_assert_int_eq(o.port, 8443);
	ck_assert(o.ssl);
	PARSE("--hostname=h", "--port=1", "--ssl", "-r", "x");
	ASSERT_OK();
	ck_assert_int_eq(o.port, 1);
	PARSE("-H", "h", "-p", "65535", "-r", "x");
	ASSERT_OK();
	ck_assert_int_eq(o.port, 65535);
}
END_TEST

START_TEST(test_file_target)
{
	PARSE("-f", "-", "-r", "x");
	ASSERT_OK();
	ASSERT_STR(o.file, "-");
	PARSE("--file=/tmp/body.json", "-r", "x");
	ASSERT_OK();
	ASSERT_STR(o.file, "/tmp/body.json");
}
END_TEST

START_TEST(test_exactly_one_target)
{
	PARSE("-r", "x");
	ASSERT_FAILS("one of --url, --hostname or --file is required");
	PARSE("-U", "https://a", "-H", "h", "-r", "x");
	ASSERT_FAILS("use only one of --url, --hostname and --file");
	PARSE("-U", "https://a", "-f", "-", "-r", "x");
	ASSERT_FAILS("use only one of --url, --hostname and --file");
	PARSE("-H", "h", "-f", "-", "-r", "x");
	ASSERT_FAILS("use only one of --url, --hostname and --file");
	PARSE("-H", "h", "-f", "-", "-U", "http://a", "-r", "x");
	ASSERT_FAILS("use only one of --url, --hostname and --file");
}
END_TEST

START_TEST(test_replication_id_required)
{
	PARSE("-U", "https://a");
	ASSERT_FAILS("--replication-id is required");
	PARSE("-U", "https://a", "-r", "");
	ASSERT_FAILS("--replication-id is required");
}
END_TEST

START_TEST(test_replication_id_length)
{
	char id[258];
	memset(id, 'a', 257);
	id[257] = '\0';
	PARSE("-U", "https://a", "-r", id);
	ASSERT_FAILS("--replication-id is longer than 256 characters");
	id[256] = '\0';
	PARSE("-U", "https://a", "-r", id);
	ASSERT_OK();
	ck_assert_uint_eq(strlen(o.replication_id), 256);
}
END_TEST

START_TEST(test_port_and_ssl_need_hostname)
{
	PARSE(BASE, "-p", "8443");
	ASSERT_FAILS("--port and --ssl go with --hostname; put them into --url instead");
	PARSE(BASE, "-S");
	ASSERT_FAILS("--port and --ssl go with --hostname; put them into --url instead");
	PARSE("-f", "-", "-r", "x", "--ssl");
	ASSERT_FAILS("--port and --ssl go with --hostname; put them into --url instead");
}
END_TEST

static const char *const bad_ports[] = { "0", "65536", "-1", "abc", "", "80x", "99999999999999999999", "8.0" };

START_TEST(test_bad_port)
{
	PARSE("-H", "h", "-r", "x", "-p", (char *)bad_ports[_i]);
	ASSERT_FAILS(fmt("--port must be a number from 1 to 65535, not '%s'", bad_ports[_i]));
}
END_TEST

START_TEST(test_url_scheme)
{
	static char *const bad[] = { "ftp://a.example", "api.example.com", "file:///etc/passwd",
	                             "//api.example.com", "http:/a", "" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		PARSE("-U", bad[i], "-r", "x");
		ASSERT_FAILS("--url must start with http:// or https://");
	}
	PARSE("-U", "http://a.example", "-r", "x");
	ASSERT_OK();
}
END_TEST

/* RFC 3986 3.1: schemes are case-insensitive; the request URL spells the
 * scheme in lower case and keeps the rest as given. */
START_TEST(test_url_scheme_case_insensitive)
{
	static const struct { char *url; const char *want; } cases[] = {
		{ "HTTPS://API.example.com", "https://API.example.com" ENDPOINT "?replicationId=x" },
		{ "Http://a.example:8080/Base/", "http://a.example:8080/Base" ENDPOINT "?replicationId=x" },
		{ "hTTpS://a" ENDPOINT, "https://a" ENDPOINT "?replicationId=x" },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		PARSE("-U", cases[i].url, "-r", "x");
		ASSERT_OK();
		char url[512];
		char *u = options_request_url(&o);
		snprintf(url, sizeof url, "%s", u);
		free(u);
		ASSERT_STR(url, cases[i].want);
	}
	PARSE("-U", "HTTPX://a", "-r", "x");
	ASSERT_FAILS("--url must start with http:// or https://");
}
END_TEST

START_TEST(test_url_whitespace_and_fragment)
{
	static char *const bad[] = { "http://a b", "http://a\tb", "https://a/#frag", "http://a\n",
	                             "http://a\r" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		PARSE("-U", bad[i], "-r", "x");
		ASSERT_FAILS("--url must not contain white space or a fragment");
	}
}
END_TEST

START_TEST(test_bad_hostname)
{
	static char *const bad[] = { "a/b", "user@h", "h?x", "h#", "", "a b", "h\n" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		PARSE("-H", bad[i], "-r", "x");
		ASSERT_FAILS("--hostname must be a host name or address");
	}
	PARSE("-H", "::1", "-r", "x");
	ASSERT_OK();
	PARSE("-H", "[fe80::1]", "-r", "x");
	ASSERT_OK();
}
END_TEST

START_TEST(test_hostname_with_port)
{
	/* "-H host:8443" is a host name with a port, not an IPv6 literal:
	 * either refuse it (pointing at -p) or build http://host:8443/... -
	 * never "http://[host:8443]/...". */
	PARSE("-H", "api.example.com:8443", "-r", "x");
	if (rc == 0) {
		char url[512];
		char *u = options_request_url(&o);
		snprintf(url, sizeof url, "%s", u);
		free(u);
		ASSERT_STR(url, "http://api.example.com:8443" ENDPOINT "?replicationId=x");
	}
}
END_TEST

START_TEST(test_path)
{
	PARSE(BASE, "--path", "/v2/status");
	ASSERT_OK();
	ASSERT_STR(o.path, "/v2/status");
	PARSE(BASE, "--path=v2/status");
	ASSERT_FAILS("--path must start with '/'");
	PARSE(BASE, "--path=");
	ASSERT_FAILS("--path must start with '/'");
}
END_TEST

/* ---- authentication options ---- */

START_TEST(test_token_options)
{
	PARSE(BASE, "--token", "abc", "--token-file", "/etc/t", "--token-header", "X-API-Key");
	ASSERT_OK();
	ASSERT_STR(o.token_arg, "abc");
	ASSERT_STR(o.token_file, "/etc/t");
	ASSERT_STR(o.token_header, "X-API-Key");
	ck_assert_ptr_null(o.token);   /* resolved only by options_load_secrets */
}
END_TEST

START_TEST(test_bad_token_header)
{
	static char *const bad[] = { "X API", "X:Y", "", "X-Key:", "X\tY", "\xc3\xa9" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		PARSE(BASE, "--token-header", bad[i]);
		ASSERT_FAILS("--token-header must be a header name such as X-API-Key");
	}
}
END_TEST

START_TEST(test_basic_auth)
{
	PARSE(BASE, "-a", "user:pa:ss");
	ASSERT_OK();
	ASSERT_STR(o.basic_auth, "user:pa:ss");
	PARSE(BASE, "--authorization=user:");
	ASSERT_OK();
	PARSE(BASE, "-a", "user");
	ASSERT_FAILS("--authorization must be USER:PASSWORD");
}
END_TEST

START_TEST(test_headers_repeatable)
{
	PARSE(BASE, "-k", "X-A: 1", "--header=X-B:2", "-k", "X-Empty:");
	ASSERT_OK();
	ck_assert_uint_eq(o.n_headers, 3);
	ASSERT_STR(o.headers[0].line, "X-A: 1");
	ASSERT_STR(o.headers[1].line, "X-B:2");
	ASSERT_STR(o.headers[2].line, "X-Empty:");
}
END_TEST

START_TEST(test_bad_headers)
{
	static char *const bad[] = { "X-A b", ": b", "X A: b", "X-A: b\r\nEvil: 1", "X-A: b\nc", "",
	                             "X-A: b\r" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		PARSE(BASE, "-k", bad[i]);
		ASSERT_FAILS("--header must be 'Name: value' on one line");
	}
}
END_TEST

/* ---- transport options ---- */

START_TEST(test_transport_options)
{
	PARSE(BASE, "--ca-cert", "/ca.pem", "-J", "/c.pem", "-K", "/k.pem", "--proxy", "http://p:3128",
	      "--noproxy", "*", "-4", "-A", "agent/1", "--follow");
	ASSERT_OK();
	ASSERT_STR(o.ca_cert, "/ca.pem");
	ASSERT_STR(o.client_cert, "/c.pem");
	ASSERT_STR(o.private_key, "/k.pem");
	ASSERT_STR(o.proxy, "http://p:3128");
	ASSERT_STR(o.noproxy, "*");
	ck_assert_int_eq(o.ip_version, 4);
	ASSERT_STR(o.useragent, "agent/1");
	ck_assert(o.follow);
	ck_assert(!o.insecure);
	PARSE(BASE, "-4", "-6", "--insecure", "--client-cert=/c", "--private-key=/k", "--useragent=u");
	ASSERT_OK();
	ck_assert_int_eq(o.ip_version, 6);
	ck_assert(o.insecure);
}
END_TEST

START_TEST(test_private_key_needs_cert)
{
	PARSE(BASE, "-K", "/k.pem");
	ASSERT_FAILS("--private-key needs --client-cert");
}
END_TEST

START_TEST(test_insecure_contradicts_ca_cert)
{
	PARSE(BASE, "--insecure", "--ca-cert=/ca.pem");
	ASSERT_FAILS("--insecure and --ca-cert contradict each other");
}
END_TEST

static const struct {
	const char *arg;
	double seconds;
	state_t state;
} good_timeouts[] = {
	{ "5", 5, STATE_UNKNOWN }, { "2.5", 2.5, STATE_UNKNOWN }, { "0.001", 0.001, STATE_UNKNOWN },
	{ "86400", 86400, STATE_UNKNOWN }, { "5:CRITICAL", 5, STATE_CRITICAL }, { "5:crit", 5, STATE_CRITICAL },
	{ "7:WARNING", 7, STATE_WARNING }, { "7:warn", 7, STATE_WARNING }, { "1:0", 1, STATE_OK },
	{ "1:ok", 1, STATE_OK }, { "3:2", 3, STATE_CRITICAL }, { "9:UNKNOWN", 9, STATE_UNKNOWN },
	{ "1e1", 10, STATE_UNKNOWN },
};

START_TEST(test_good_timeout)
{
	PARSE(BASE, "-t", (char *)good_timeouts[_i].arg);
	ASSERT_OK();
	ck_assert_msg(o.timeout == good_timeouts[_i].seconds, "-t %s: %g s", good_timeouts[_i].arg, o.timeout);
	ck_assert_int_eq(o.timeout_state, good_timeouts[_i].state);
	ck_assert_int_eq(o.error_state, STATE_UNKNOWN);
}
END_TEST

static const char *const bad_timeouts[] = {
	"0", "-1", "abc", "5:BAD", "86401", ":CRITICAL", "5:", "", "nan", "inf", "5s", "1e400",
	"0:CRITICAL", "5:4", "5:CRITICAL:x", " ", "0x",
};

START_TEST(test_bad_timeout)
{
	PARSE(BASE, "--timeout", (char *)bad_timeouts[_i]);
	ASSERT_FAILS(fmt("--timeout must be SECONDS[:STATE] with SECONDS > 0, not '%s'", bad_timeouts[_i]));
	ck_assert_int_eq(o.timeout_state, STATE_UNKNOWN);
}
END_TEST

START_TEST(test_later_timeout_resets_state)
{
	/* The last -t wins whole: without :STATE it means the default. */
	PARSE(BASE, "-t", "5:CRITICAL", "-t", "7");
	ASSERT_OK();
	ck_assert(o.timeout == 7);
	ck_assert_int_eq(o.timeout_state, STATE_UNKNOWN);
}
END_TEST

START_TEST(test_retries)
{
	PARSE(BASE, "--retries", "10");
	ASSERT_OK();
	ck_assert_int_eq(o.retries, 10);
	PARSE(BASE, "--retries=0");
	ASSERT_OK();
	ck_assert_int_eq(o.retries, 0);
	static char *const bad[] = { "11", "-1", "x", "", "1.5" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		PARSE(BASE, "--retries", bad[i]);
		ASSERT_FAILS(fmt("--retries must be a number from 0 to 10, not '%s'", bad[i]));
	}
}
END_TEST

static const struct {
	const char *arg;
	long bytes;
} good_sizes[] = {
	{ "1", 1 }, { "1024", 1024 }, { "1K", 1024 }, { "1k", 1024 }, { "8M", 8L << 20 }, { "8m", 8L << 20 },
	{ "1G", 1L << 30 }, { "4G", 4L << 30 }, { "1KB", 1024 }, { "1kb", 1024 }, { "1KiB", 1024 },
	{ "2MiB", 2L << 20 }, { "3mib", 3L << 20 }, { "4194304K", 4L << 30 }, { "4294967296", 4L << 30 },
};

START_TEST(test_good_max_size)
{
	PARSE(BASE, "--max-size", (char *)good_sizes[_i].arg);
	ASSERT_OK();
	ck_assert_msg(o.max_size == good_sizes[_i].bytes, "--max-size %s: %ld", good_sizes[_i].arg, o.max_size);
}
END_TEST

static const char *const bad_sizes[] = {
	"0", "-1", "", "x", "1X", "1KBB", "1KiBx", "1Ki", "1 K", "5G", "4294967297", "4194305K",
	"1T", "0K", "K", "1.5M", "99999999999999999999999",
};

START_TEST(test_bad_max_size)
{
	PARSE(BASE, "--max-size", (char *)bad_sizes[_i]);
	ASSERT_FAILS(fmt("--max-size must be BYTES[K|M|G] between 1 and 4G, not '%s'", bad_sizes[_i]));
}
END_TEST

/* ---- judgement options ---- */

START_TEST(test_map)
{
	PARSE(BASE, "--map", "running=WARNING", "--map=a=b=CRIT", "--map", "Running=0");
	ASSERT_OK();
	ck_assert_uint_eq(o.n_map, 3);
	ASSERT_STR(o.map[0].value, "running");
	ck_assert_int_eq(o.map[0].state, STATE_WARNING);
	ASSERT_STR(o.map[1].value, "a=b");            /* the last '=' splits */
	ck_assert_int_eq(o.map[1].state, STATE_CRITICAL);
	ASSERT_STR(o.map[2].value, "Running");
	ck_assert_int_eq(o.map[2].state, STATE_OK);
	/* later wins, as evaluate sees it */
	text_t t = { "RUNNING", 7 };
	judge_config jc = { .map = o.map, .n_map = o.n_map };
	ck_assert_int_eq(judge_status(&jc, t), STATE_OK);
}
END_TEST

START_TEST(test_bad_map)
{
	static char *const bad[] = { "=OK", "running", "running=", "running=BAD", "", "=", "a=b=",
	                             "running=4" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		PARSE(BASE, "--map", bad[i]);
		ASSERT_FAILS(fmt("--map must be VALUE=STATE with STATE OK, WARNING, CRITICAL, UNKNOWN or 0-3, "
		                 "not '%s'", bad[i]));
	}
}
END_TEST

START_TEST(test_item_patterns_repeatable)
{
	PARSE(BASE, "--ignore-item", "a*", "--warn-item=b", "--ignore-item=c", "--warn-item", "d?");
	ASSERT_OK();
	ck_assert_uint_eq(PATTERNS->n_ignore, 2);
	ASSERT_STR(PATTERNS->ignore[0], "a*");
	ASSERT_STR(PATTERNS->ignore[1], "c");
	ck_assert_uint_eq(PATTERNS->n_warn, 2);
	ASSERT_STR(PATTERNS->warn[0], "b");
	ASSERT_STR(PATTERNS->warn[1], "d?");
}
END_TEST

START_TEST(test_error_state)
{
	static const struct { char *arg; state_t st; } good[] = {
		{ "CRITICAL", STATE_CRITICAL }, { "2", STATE_CRITICAL }, { "crit", STATE_CRITICAL },
		{ "ok", STATE_OK }, { "Warning", STATE_WARNING }, { "3", STATE_UNKNOWN },
	};
	for (size_t i = 0; i < ARRAY_LEN(good); i++) {
		PARSE(BASE, "--error-state", good[i].arg);
		ASSERT_OK();
		ck_assert_int_eq(o.error_state, good[i].st);
		ck_assert_int_eq(o.timeout_state, STATE_UNKNOWN);   /* separate setting */
	}
	static char *const bad[] = { "bad", "", "4", "-1", "CRITICALL" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		PARSE(BASE, "--error-state", bad[i]);
		ASSERT_FAILS(fmt("--error-state must be OK, WARNING, CRITICAL, UNKNOWN or 0-3, not '%s'", bad[i]));
	}
}
END_TEST

/* ---- output options ---- */

START_TEST(test_max_items)
{
	PARSE(BASE, "--max-items", "0");
	ASSERT_OK();
	ck_assert_uint_eq(o.max_items, 0);
	PARSE(BASE, "--max-items=1000000");
	ASSERT_OK();
	ck_assert_uint_eq(o.max_items, 1000000);
	static char *const bad[] = { "-1", "1000001", "x", "" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		PARSE(BASE, "--max-items", bad[i]);
		ASSERT_FAILS(fmt("--max-items must be a number from 0 (all) to 1000000, not '%s'", bad[i]));
	}
}
END_TEST

START_TEST(test_max_message)
{
	static const struct { char *arg; size_t v; } good[] = { { "0", 0 }, { "16", 16 }, { "65536", 65536 } };
	for (size_t i = 0; i < ARRAY_LEN(good); i++) {
		PARSE(BASE, "--max-message", good[i].arg);
		ASSERT_OK();
		ck_assert_uint_eq(o.max_message, good[i].v);
	}
	static char *const bad[] = { "15", "1", "65537", "x", "-16", "" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		PARSE(BASE, "--max-message", bad[i]);
		ASSERT_FAILS(fmt("--max-message must be 0 (no limit) or 16 to 65536 bytes, not '%s'", bad[i]));
	}
}
END_TEST

START_TEST(test_max_output)
{
	PARSE(BASE);
	ASSERT_OK();
	ck_assert_uint_eq(o.max_output, 8192);   /* the Nagios external command buffer */
	static const struct { char *arg; size_t v; } good[] = {
		{ "0", 0 }, { "256", 256 }, { "1023", 1023 }, { "4095", 4095 }, { "1048576", 1048576 },
	};
	for (size_t i = 0; i < ARRAY_LEN(good); i++) {
		PARSE(BASE, "--max-output", good[i].arg);
		ASSERT_OK();
		ck_assert_uint_eq(o.max_output, good[i].v);
	}
	static char *const bad[] = { "255", "1", "1048577", "8K", "x", "-1", "" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		PARSE(BASE, "--max-output", bad[i]);
		ASSERT_FAILS(fmt("--max-output must be 0 (no limit) or 256 to 1048576 bytes, not '%s'", bad[i]));
	}
}
END_TEST

START_TEST(test_verbose_counts)
{
	PARSE(BASE, "-v", "-vv", "--verbose");
	ASSERT_OK();
	ck_assert_int_eq(o.verbose, 4);
}
END_TEST

START_TEST(test_help_and_version)
{
	PARSE("-h");
	ASSERT_OK();
	ck_assert_int_eq(o.action, OPT_HELP);
	PARSE("--version");
	ASSERT_OK();
	ck_assert_int_eq(o.action, OPT_VERSION);
	PARSE("--help", "-r", "");   /* no target needed for help */
	ASSERT_OK();
	ck_assert_int_eq(o.action, OPT_HELP);
}
END_TEST

START_TEST(test_last_value_wins)
{
	PARSE("-U", "https://first", "-U", "https://second", "-r", "a", "-r", "b", "-t", "3", "-t", "4");
	ASSERT_OK();
	ASSERT_STR(o.url, "https://second");
	ASSERT_STR(o.replication_id, "b");
	ck_assert(o.timeout == 4);
}
END_TEST

/* ---- command line errors ---- */

START_TEST(test_unknown_options)
{
	PARSE(BASE, "--bogus");
	ASSERT_FAILS("unknown or ambiguous option '--bogus'");
	PARSE(BASE, "--bogus=1");
	ASSERT_FAILS("unknown or ambiguous option '--bogus'");
	PARSE(BASE, "-x");
	ASSERT_FAILS("unknown option -x");
	PARSE(BASE, "--ma=1");   /* map, max-size, max-items, max-message */
	ASSERT_FAILS("unknown or ambiguous option '--ma'");
	PARSE(BASE, "--to", "x");
	ASSERT_FAILS("unknown or ambiguous option '--to'");
}
END_TEST

/* Inside a cluster getopt has not moved past the cluster yet: the word
 * before it must not be blamed, whatever it is. */
START_TEST(test_unknown_option_in_cluster)
{
	PARSE(BASE, "-xv");
	ASSERT_FAILS("unknown option -x");
	PARSE(BASE, "-vx");
	ASSERT_FAILS("unknown option -x");
	PARSE("--url=https://api.example.com", "-xv", "-r", "rp-1");
	ASSERT_FAILS("unknown option -x");
	PARSE("-r", "rp-1", "--url", "https://api.example.com", "-vvZ");
	ASSERT_FAILS("unknown option -Z");
	PARSE("--token=s3cr3t", "-xv", BASE);
	ASSERT_FAILS("unknown option -x");
	PARSE("--ssl", "-vx", BASE);
	ASSERT_FAILS("unknown option -x");
	PARSE("-S", "--bogus", BASE);
	ASSERT_FAILS("unknown or ambiguous option '--bogus'");
	PARSE(BASE, "-vt");
	ASSERT_FAILS("option -t needs a value");
	PARSE(BASE, "--map", "a=OK", "-vt");
	ASSERT_FAILS("option -t needs a value");
}
END_TEST

START_TEST(test_unexpected_argument)
{
	/* The stray word is never echoed: it may be a secret that lost its
	 * option ("--token= s3cr3t"). */
	PARSE(BASE, "extra");
	ASSERT_FAILS(fmt("unexpected argument in position %d (not an option or an option's value)",
	                 (int)ARRAY_LEN(((const char *[]){ BASE })) + 1));
	PARSE(BASE, "--token=", "s3cr3t");
	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_null(strstr(err, "s3cr3t"));
	PARSE(BASE, "--", "-v");
	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_null(strstr(err, "-v"));
}
END_TEST

START_TEST(test_short_option_needs_value)
{
	PARSE(BASE, "-t");
	ASSERT_FAILS("option -t needs a value");
	PARSE("-r", "x", "-U");
	ASSERT_FAILS("option -U needs a value");
	PARSE(BASE, "-k");
	ASSERT_FAILS("option -k needs a value");
}
END_TEST

/* Long options without a short form: the message names the option as typed. */
static const char *const long_only_with_value[] = {
	"path", "token-file", "token", "token-header", "ca-cert", "proxy", "noproxy", "retries",
	"max-size", "map", "ignore-item", "warn-item", "error-state", "max-items", "max-message",
};

START_TEST(test_long_option_needs_value)
{
	PARSE(BASE, fmt("--%s", long_only_with_value[_i]));
	ASSERT_FAILS(fmt("option --%s needs a value", long_only_with_value[_i]));
}
END_TEST

/* Long options with a short form: either name is fine, but it must be a
 * clean message. */
static const struct { const char *name; char short_name; } long_with_short[] = {
	{ "url", 'U' }, { "hostname", 'H' }, { "port", 'p' }, { "replication-id", 'r' }, { "file", 'f' },
	{ "authorization", 'a' }, { "header", 'k' }, { "client-cert", 'J' }, { "private-key", 'K' },
	{ "useragent", 'A' }, { "timeout", 't' },
};

START_TEST(test_long_option_with_short_needs_value)
{
	char *name = fmt("--%s", long_with_short[_i].name);
	PARSE(BASE, name);
	ck_assert_int_eq(rc, -1);
	const char *a = fmt("option --%s needs a value", long_with_short[_i].name);
	const char *b = fmt("option -%c needs a value", long_with_short[_i].short_name);
	ck_assert_msg(strcmp(err, a) == 0 || strcmp(err, b) == 0, "%s: got \"%s\", want \"%s\" or \"%s\"",
	              name, err, a, b);
}
END_TEST

static const char *const flags[] = { "ssl", "insecure", "follow", "verbose", "help", "version" };

START_TEST(test_flag_given_a_value)
{
	/* "--ssl=yes": a clean message about that option, not "needs a value". */
	char *arg = fmt("--%s=1", flags[_i]);
	PARSE(BASE, arg);
	ck_assert_int_eq(rc, -1);
	const char *e = ut_escape(err, strlen(err));
	char *lead = fmt("option --%s", flags[_i]);
	ck_assert_msg(strncmp(err, lead, strlen(lead)) == 0 && !strstr(err, "needs a value"),
	              "%s: got \"%s\"", arg, e);
	for (const char *p = err; *p; p++)
		ck_assert_msg((unsigned char)*p >= 0x20, "%s: control character in \"%s\"", arg, e);
}
END_TEST

START_TEST(test_parse_twice_same_result)
{
	/* getopt state is reset: a second run sees the whole argv again. */
	PARSE(BASE, "-v", "--map", "x=OK");
	ASSERT_OK();
	PARSE(BASE, "-v", "--map", "x=OK");
	ASSERT_OK();
	ck_assert_int_eq(o.verbose, 1);
	ck_assert_uint_eq(o.n_map, 1);
	PARSE(BASE, "-x");
	PARSE(BASE, "-t", "5");
	ASSERT_OK();
	ck_assert(o.timeout == 5);
}
END_TEST

/* ---- --extra-opts ---- */

START_TEST(test_extra_opts_command_line_wins)
{
	const char *ini = write_file("p.ini",
		LIT("[check_replication_precheck]\nurl=https://file.example\ntimeout=5:CRITICAL\n"
		    "map=running=OK\nheader=X-A: 1\nreplication-id=rp-file\nuseragent = My Agent 1.0\nverbose\n"),
		0600);
	PARSE("-U", "https://cmd.example", "-t", "7", "--map", "running=CRITICAL", "-k", "X-B: 2",
	      fmt("--extra-opts=@%s", ini));
	ASSERT_OK();
	ASSERT_STR(o.url, "https://cmd.example");
	ck_assert(o.timeout == 7);
	ASSERT_STR(o.replication_id, "rp-file");
	ASSERT_STR(o.useragent, "My Agent 1.0");
	ck_assert_int_eq(o.verbose, 1);
	ck_assert_uint_eq(o.n_map, 2);
	text_t running = { "running", 7 };
	judge_config jc = { .map = o.map, .n_map = o.n_map };
	ck_assert_int_eq(judge_status(&jc, running), STATE_CRITICAL);
	ck_assert_uint_eq(o.n_headers, 2);
	ASSERT_STR(o.headers[0].line, "X-A: 1");
	ASSERT_STR(o.headers[1].line, "X-B: 2");
	ck_assert_uint_eq(o.warnings.n, 0);
}
END_TEST

START_TEST(test_extra_opts_only)
{
	const char *ini = write_file("p.ini",
		LIT("[other]\nurl=https://other\n[check_replication_precheck]\nhostname=h.example\nssl\nport=8443\n"
		    "replication-id=rp-9\n"), 0600);
	PARSE(fmt("--extra-opts=@%s", ini));
	ASSERT_OK();
	ASSERT_STR(o.hostname, "h.example");
	ck_assert(o.ssl);
	ck_assert_int_eq(o.port, 8443);
	ck_assert_ptr_null(o.url);
	PARSE(fmt("--extra-opts=other@%s", ini), "-r", "x");
	ASSERT_OK();
	ASSERT_STR(o.url, "https://other");
}
END_TEST

START_TEST(test_extra_opts_from_env_default_file)
{
	const char *ini = write_file("p.ini", LIT("[check_replication_precheck]\nurl=https://env.example\n"), 0600);
	setenv("MP_CONFIG_FILE", ini, 1);
	PARSE("--extra-opts", "-r", "x");
	ASSERT_OK();
	ASSERT_STR(o.url, "https://env.example");
}
END_TEST

START_TEST(test_extra_opts_errors)
{
	const char *ini = write_file("p.ini", LIT("[check_replication_precheck]\nbogus=1\n"), 0600);
	PARSE(BASE, fmt("--extra-opts=@%s", ini));
	ASSERT_FAILS("unknown or ambiguous option '--bogus'");
	ini = write_file("q.ini", LIT("[check_replication_precheck]\nhostname=h\nport=0\n"), 0600);
	PARSE("-r", "x", fmt("--extra-opts=@%s", ini));
	ASSERT_FAILS("--port must be a number from 1 to 65535, not '0'");
	PARSE(BASE, "--extra-opts=@/nonexistent/p.ini");
	ASSERT_FAILS("cannot open options file /nonexistent/p.ini: No such file or directory");
	PARSE(BASE, fmt("--extra-opts=nosuch@%s", ini));
	ASSERT_FAILS(fmt("section [nosuch] not found in options file %s", ini));
}
END_TEST

START_TEST(test_extra_opts_insecure_file_warning)
{
	const char *ini = write_file("p.ini", LIT("[check_replication_precheck]\ntoken=secret\n"), 0644);
	PARSE(BASE, fmt("--extra-opts=@%s", ini));
	ASSERT_OK();
	ASSERT_STR(o.token_arg, "secret");
	ck_assert_uint_eq(o.warnings.n, 1);
	ASSERT_STR(o.warnings.v[0], fmt("options file %s is readable by group or others", ini));
}
END_TEST

START_TEST(test_extra_opts_abbreviation_not_ignored)
{
	/* getopt accepts "--extra" for "--extra-opts"; the file must then be
	 * read, or the option refused - never silently skipped. */
	const char *ini = write_file("p.ini", LIT("[check_replication_precheck]\ntimeout=5\n"), 0600);
	static const char *const spellings[] = { "--extra", "--extra-opt", "--extra-o" };
	for (size_t i = 0; i < ARRAY_LEN(spellings); i++) {
		char *arg = fmt("%s=@%s", spellings[i], ini);
		PARSE(BASE, arg);
		ck_assert_msg(rc == -1 || o.timeout == 5,
		              "%s was accepted but the file was not read (timeout %g)", arg, o.timeout);
	}
}
END_TEST

/* ---- options_load_secrets ---- */

static int load(void)
{
	err[0] = '\0';
	return options_load_secrets(&o, err, sizeof err);
}

START_TEST(test_secrets_none)
{
	PARSE(BASE);
	ASSERT_OK();
	ck_assert_int_eq(load(), 0);
	ck_assert_ptr_null(o.token);
}
END_TEST

START_TEST(test_secrets_precedence)
{
	const char *tf = write_file("tok", LIT("filetok\n"), 0600);
	PARSE(BASE, "--token", "argtok");
	ASSERT_OK();
	ck_assert_int_eq(load(), 0);
	ASSERT_STR(o.token, "argtok");

	setenv(TOKEN_ENV, "envtok", 1);
	ck_assert_int_eq(load(), 0);
	ASSERT_STR(o.token, "envtok");

	PARSE(BASE, "--token", "argtok", "--token-file", (char *)tf);
	ASSERT_OK();
	ck_assert_int_eq(load(), 0);
	ASSERT_STR(o.token, "filetok");

	setenv(TOKEN_ENV, "", 1);   /* empty: as if unset */
	PARSE(BASE, "--token", "argtok");
	ck_assert_int_eq(load(), 0);
	ASSERT_STR(o.token, "argtok");

	PARSE(BASE, "--token=");
	ck_assert_int_eq(load(), 0);
	ck_assert_ptr_null(o.token);
}
END_TEST

START_TEST(test_token_file_line_endings)
{
	static const struct { const char *content; size_t len; } files[] = {
		{ LIT("tok") }, { LIT("tok\n") }, { LIT("tok\r\n") }, { LIT("tok\n\n") }, { LIT("tok\r\n\r\n") },
	};
	for (size_t i = 0; i < ARRAY_LEN(files); i++) {
		const char *tf = write_file(fmt("t%zu", i), files[i].content, files[i].len, 0600);
		PARSE(BASE, "--token-file", (char *)tf);
		ASSERT_OK();
		ck_assert_int_eq(load(), 0);
		ASSERT_STR(o.token, "tok");
		ck_assert_uint_eq(o.warnings.n, 0);
	}
}
END_TEST

START_TEST(test_token_file_bad_content)
{
	/* The empty file has a message of its own (test_secret_file_kinds). */
	static const struct { const char *content; size_t len; } files[] = {
		{ LIT("\n") }, { LIT("\r\n") }, { LIT("a\nb\n") }, { LIT("a\rb") }, { LIT("a\0b\n") },
	};
	for (size_t i = 0; i < ARRAY_LEN(files); i++) {
		const char *tf = write_file(fmt("t%zu", i), files[i].content, files[i].len, 0600);
		PARSE(BASE, "--token-file", (char *)tf);
		ASSERT_OK();
		ck_assert_int_eq(load(), -1);
		ASSERT_STR(err, fmt("--token-file %s must hold the token on one line", tf));
		ck_assert_ptr_null(o.token);
	}
}
END_TEST

START_TEST(test_token_file_missing)
{
	PARSE(BASE, "--token-file", "/nonexistent/token");
	ASSERT_OK();
	ck_assert_int_eq(load(), -1);
	ASSERT_STR(err, "cannot open --token-file /nonexistent/token: No such file or directory");
}
END_TEST

START_TEST(test_token_file_too_large)
{
	size_t n = 10000;
	char *big = malloc(n);
	ck_assert_ptr_nonnull(big);
	memset(big, 't', n);
	const char *tf = write_file("big", big, n, 0600);
	free(big);
	PARSE(BASE, "--token-file", (char *)tf);
	ck_assert_int_eq(load(), -1);
	ASSERT_STR(err, fmt("--token-file %s is larger than 8192 bytes", tf));
}
END_TEST

START_TEST(test_token_file_world_readable)
{
	const char *tf = write_file("tok", LIT("tok\n"), 0644);
	PARSE(BASE, "--token-file", (char *)tf);
	ASSERT_OK();
	ck_assert_int_eq(load(), 0);
	ASSERT_STR(o.token, "tok");
	ck_assert_uint_eq(o.warnings.n, 1);
	ASSERT_STR(o.warnings.v[0], fmt("token file %s is readable by group or others", tf));
}
END_TEST

START_TEST(test_token_control_characters)
{
	PARSE(BASE, "--token", "a\tb");
	ck_assert_int_eq(load(), -1);
	ASSERT_STR(err, "the token contains control characters");
	setenv(TOKEN_ENV, "a\x7f", 1);
	PARSE(BASE);
	ck_assert_int_eq(load(), -1);
	ASSERT_STR(err, "the token contains control characters");
	unsetenv(TOKEN_ENV);
	const char *tf = write_file("tok", LIT("a\x01" "b\n"), 0600);
	PARSE(BASE, "--token-file", (char *)tf);
	ck_assert_int_eq(load(), -1);
	ASSERT_STR(err, "the token contains control characters");
}
END_TEST

START_TEST(test_token_from_extra_opts_file)
{
	const char *tf = write_file("tok", LIT("fromfile\n"), 0600);
	const char *ini = write_file("p.ini", fmt("[check_replication_precheck]\ntoken-file=%s\n", tf),
	                             strlen(fmt("[check_replication_precheck]\ntoken-file=%s\n", tf)), 0600);
	PARSE(BASE, fmt("--extra-opts=@%s", ini));
	ASSERT_OK();
	ck_assert_int_eq(load(), 0);
	ASSERT_STR(o.token, "fromfile");
}
END_TEST

START_TEST(test_secrets_load_twice)
{
	PARSE(BASE, "--token", "one");
	ck_assert_int_eq(load(), 0);
	ck_assert_int_eq(load(), 0);   /* no leak of the first copy (valgrind) */
	ASSERT_STR(o.token, "one");
}
END_TEST


/* ---- AccessKey signing options ---- */

static bool has_secret(const char *value)
{
	for (size_t i = 0; i < o.secrets.n; i++)
		if (strcmp(o.secrets.v[i], value) == 0)
			return true;
	return false;
}

START_TEST(test_access_key_sources)
{
	const char *sf = write_file("sk", LIT("file-secret\n"), 0600);
	PARSE(BASE, "--access-key-id", "AK1", "--secret-key", "arg-secret");
	ASSERT_OK();
	ASSERT_STR(o.access_key_id, "AK1");
	ck_assert_int_eq(load(), 0);
	ASSERT_STR(o.secret_key, "arg-secret");
	ck_assert(has_secret("arg-secret"));

	setenv(SECRET_KEY_ENV, "env-secret", 1);
	PARSE(BASE, "--access-key-id", "AK1", "--secret-key", "arg-secret");
	ck_assert_int_eq(load(), 0);
	ASSERT_STR(o.secret_key, "env-secret");

	PARSE(BASE, "--access-key-id", "AK1", "--secret-key", "arg-secret", "--secret-key-file",
	      (char *)sf);
	ck_assert_int_eq(load(), 0);
	ASSERT_STR(o.secret_key, "file-secret");
	ck_assert(has_secret("file-secret"));
	ck_assert_uint_eq(o.warnings.n, 0);
}
END_TEST

START_TEST(test_access_key_id_from_environment)
{
	setenv(ACCESS_KEY_ID_ENV, "AK-env", 1);
	setenv(SECRET_KEY_ENV, "env-secret", 1);
	PARSE(BASE);
	ASSERT_OK();
	ASSERT_STR(o.access_key_id, "AK-env");
	PARSE(BASE, "--access-key-id=AK-arg");
	ASSERT_OK();
	ASSERT_STR(o.access_key_id, "AK-arg");
}
END_TEST

START_TEST(test_access_key_half_missing)
{
	PARSE(BASE, "--access-key-id", "AK1");
	ASSERT_FAILS("the AccessKey ID needs its secret: give --secret-key-file, $"
	             SECRET_KEY_ENV " or --secret-key");
	PARSE(BASE, "--secret-key-file", "/etc/x");
	ASSERT_FAILS("a secret key was given (--secret-key-file) but no AccessKey ID: add"
	             " --access-key-id or $" ACCESS_KEY_ID_ENV);
	PARSE(BASE, "--secret-key", "s3");
	ASSERT_FAILS("a secret key was given (--secret-key) but no AccessKey ID: add"
	             " --access-key-id or $" ACCESS_KEY_ID_ENV);
	setenv(SECRET_KEY_ENV, "env-secret", 1);
	PARSE(BASE);
	ASSERT_FAILS("a secret key was given ($" SECRET_KEY_ENV ") but no AccessKey ID: add"
	             " --access-key-id or $" ACCESS_KEY_ID_ENV);
	/* A response read from a file is not signed: no pair needed. */
	PARSE("-f", "-", "-r", "x");
	ASSERT_OK();
	ck_assert_int_eq(load(), 0);
	ck_assert_ptr_null(o.secret_key);
}
END_TEST

START_TEST(test_access_key_id_checked)
{
	static const char *const bad[] = { "", "a b", "a\tb", "a\r\nX-Injected: 1" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		PARSE(BASE, "--access-key-id", (char *)bad[i], "--secret-key", "s3cr3t");
		ASSERT_FAILS("the AccessKey ID (--access-key-id or $" ACCESS_KEY_ID_ENV
		             ") must be 1 to 256 printable characters without blanks");
	}
}
END_TEST

START_TEST(test_secret_key_file_checks)
{
	const char *sf = write_file("sk", LIT("sk\n"), 0640);
	PARSE(BASE, "--access-key-id", "AK1", "--secret-key-file", (char *)sf);
	ck_assert_int_eq(load(), 0);
	ck_assert_uint_eq(o.warnings.n, 1);
	ASSERT_STR(o.warnings.v[0], fmt("secret key file %s is readable by group or others", sf));

	sf = write_file("two", LIT("a\nb\n"), 0600);
	PARSE(BASE, "--access-key-id", "AK1", "--secret-key-file", (char *)sf);
	ck_assert_int_eq(load(), -1);
	ASSERT_STR(err, fmt("--secret-key-file %s must hold the secret key on one line", sf));

	PARSE(BASE, "--access-key-id", "AK1", "--secret-key", "a\x01b");
	ck_assert_int_eq(load(), -1);
	ASSERT_STR(err, "the secret key contains control characters");
}
END_TEST

/* Each kind of wrong file is named as what it is; a FIFO is refused
 * without opening it, so this test cannot block. */
START_TEST(test_secret_file_kinds)
{
	const char *fifo = fmt("%s/fifo", dir);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	const char *empty = write_file("empty", "", 0, 0600);
	struct { const char *opt, *path, *what; } cases[] = {
		{ "--token-file", dir, "is a directory, not a file" },
		{ "--token-file", fifo, "is a FIFO (named pipe), not a regular file" },
		{ "--token-file", empty, "is empty" },
		{ "--token-file", "/dev/null", "is a device, not a regular file" },
		{ "--secret-key-file", dir, "is a directory, not a file" },
		{ "--secret-key-file", fifo, "is a FIFO (named pipe), not a regular file" },
		{ "--secret-key-file", empty, "is empty" },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		bool token = strcmp(cases[i].opt, "--token-file") == 0;
		if (token)
			setenv(SECRET_KEY_ENV, "env-secret", 1);
		PARSE(BASE, "--access-key-id", "AK1", (char *)cases[i].opt, (char *)cases[i].path);
		ASSERT_OK();
		ck_assert_int_eq(load(), -1);
		ASSERT_STR(err, fmt("%s %s %s", cases[i].opt, cases[i].path, cases[i].what));
		unsetenv(SECRET_KEY_ENV);
	}
}
END_TEST

START_TEST(test_secret_key_from_extra_opts)
{
	const char *sf = write_file("sk", LIT("ini-file-secret\n"), 0600);
	const char *text = fmt("[check_replication_precheck]\naccess-key-id=AK-ini\nsecret-key-file=%s\n", sf);
	const char *ini = write_file("a.ini", text, strlen(text), 0600);
	PARSE(BASE, fmt("--extra-opts=@%s", ini));
	ASSERT_OK();
	ck_assert_int_eq(load(), 0);
	ASSERT_STR(o.access_key_id, "AK-ini");
	ASSERT_STR(o.secret_key, "ini-file-secret");

	text = "[check_replication_precheck]\naccess-key-id=AK-ini\nsecret-key=ini-inline-secret\n";
	ini = write_file("b.ini", text, strlen(text), 0600);
	PARSE(BASE, fmt("--extra-opts=@%s", ini));
	ASSERT_OK();
	ck_assert_int_eq(load(), 0);
	ASSERT_STR(o.secret_key, "ini-inline-secret");
}
END_TEST

/* Everything that is a credential is in the list the outputs redact. */
START_TEST(test_secrets_list)
{
	setenv("https_proxy", "http://pu:proxy-pass@proxy.example:3128", 1);
	PARSE("-U", "https://urluser:url%40pass@api.example.com", "-r", "rp-1", "--token", "tok-1234",
	      "-a", "basicuser:basic-pass", "-k", "X-Key: hdr-value", "--access-key-id", "AK1",
	      "--secret-key", "sk-value");
	ASSERT_OK();
	ck_assert_int_eq(load(), 0);
	unsetenv("https_proxy");
	static const char *const want[] = { "tok-1234", "sk-value", "basicuser:basic-pass", "basic-pass",
	                                    "hdr-value", "urluser:url%40pass", "url%40pass",
	                                    "urluser:url@pass", "url@pass", "pu:proxy-pass",
	                                    "proxy-pass" };
	for (size_t i = 0; i < ARRAY_LEN(want); i++)
		ck_assert_msg(has_secret(want[i]), "%s is not in the secrets list", want[i]);
	ck_assert(!has_secret("AK1"));   /* the ID is not a secret: it helps to see it */
}
END_TEST

/* A %00 in the userinfo decodes to nothing a server could be sent (libcurl
 * refuses such a URL) and nothing a C string can hold: only the forms as
 * written are redacted, and no empty secret is listed (a fuzz finding). */
START_TEST(test_secrets_userinfo_nul)
{
	PARSE("-U", "https://%00ab:pass-word@api.example.com", "-r", "rp-1");
	ASSERT_OK();
	ck_assert_int_eq(load(), 0);
	ck_assert_uint_eq(o.secrets.n, 2);
	ck_assert(has_secret("%00ab:pass-word"));
	ck_assert(has_secret("pass-word"));
}
END_TEST

/* ---- options_request_url ---- */

static const struct {
	const char *args[8];
	const char *url;
} url_cases[] = {
	{ { "-U", "https://api.example.com" }, "https://api.example.com" ENDPOINT "?replicationId=rp-1" },
	{ { "-U", "https://api.example.com/" }, "https://api.example.com" ENDPOINT "?replicationId=rp-1" },
	{ { "-U", "https://api.example.com" ENDPOINT }, "https://api.example.com" ENDPOINT "?replicationId=rp-1" },
	{ { "-U", "https://api.example.com" ENDPOINT "/" }, "https://api.example.com" ENDPOINT "?replicationId=rp-1" },
	{ { "-U", "https://gw.example.com/prefix" }, "https://gw.example.com/prefix" ENDPOINT "?replicationId=rp-1" },
	{ { "-U", "https://gw.example.com/prefix/" }, "https://gw.example.com/prefix" ENDPOINT "?replicationId=rp-1" },
	{ { "-U", "https://gw.example.com/base?tenant=a&x=1" },
	  "https://gw.example.com/base" ENDPOINT "?tenant=a&x=1&replicationId=rp-1" },
	{ { "-U", "https://gw.example.com/?tenant=a" }, "https://gw.example.com" ENDPOINT "?tenant=a&replicationId=rp-1" },
	{ { "-U", "https://gw.example.com" ENDPOINT "?t=1" }, "https://gw.example.com" ENDPOINT "?t=1&replicationId=rp-1" },
	{ { "-U", "https://gw.example.com?" }, "https://gw.example.com" ENDPOINT "?replicationId=rp-1" },
	{ { "-U", "http://127.0.0.1:8080", "--path", "/v2/status" }, "http://127.0.0.1:8080/v2/status?replicationId=rp-1" },
	{ { "-U", "http://127.0.0.1:8080/v2/status", "--path", "/v2/status" },
	  "http://127.0.0.1:8080/v2/status?replicationId=rp-1" },
	{ { "-U", "http://[::1]:8443/" }, "http://[::1]:8443" ENDPOINT "?replicationId=rp-1" },
	{ { "-U", "https://api.example.com//" }, "https://api.example.com" ENDPOINT "?replicationId=rp-1" },
	{ { "-H", "api.example.com" }, "http://api.example.com" ENDPOINT "?replicationId=rp-1" },
	{ { "-H", "api.example.com", "-S" }, "https://api.example.com" ENDPOINT "?replicationId=rp-1" },
	{ { "-H", "api.example.com", "-p", "8443", "-S" }, "https://api.example.com:8443" ENDPOINT "?replicationId=rp-1" },
	{ { "-H", "10.0.0.5", "-p", "80" }, "http://10.0.0.5:80" ENDPOINT "?replicationId=rp-1" },
	{ { "-H", "::1" }, "http://[::1]" ENDPOINT "?replicationId=rp-1" },
	{ { "-H", "fe80::1", "-p", "8443" }, "http://[fe80::1]:8443" ENDPOINT "?replicationId=rp-1" },
	{ { "-H", "[::1]", "-S" }, "https://[::1]" ENDPOINT "?replicationId=rp-1" },
	{ { "-H", "h", "--path", "/x" }, "http://h/x?replicationId=rp-1" },
};

static const struct {
	const char *args[8];
	const char *url;
} service_url_cases[] = {
	{ { "-U", "https://api.example.com" }, "https://api.example.com/openapi/now" },
	{ { "-U", "https://gw.example.com/nd/" }, "https://gw.example.com/nd/openapi/now" },
	{ { "-U", "https://gw.example.com/nd" ENDPOINT "?t=1" }, "https://gw.example.com/nd/openapi/now" },
	{ { "-U", "http://127.0.0.1:8080/v2/status", "--path", "/v2/status" },
	  "http://127.0.0.1:8080/openapi/now" },
	{ { "-H", "::1", "-p", "8443", "-S" }, "https://[::1]:8443/openapi/now" },
};

START_TEST(test_service_url)
{
	char *args[12];
	size_t n = 0;
	for (size_t i = 0; service_url_cases[_i].args[i]; i++)
		args[n++] = (char *)service_url_cases[_i].args[i];
	args[n++] = "-r";
	args[n++] = "rp-1";
	args[n] = NULL;
	parse_argv(args);
	ASSERT_OK();
	char url[512];
	char *u = options_service_url(&o, "/openapi/now");
	snprintf(url, sizeof url, "%s", u);
	free(u);
	ASSERT_STR(url, service_url_cases[_i].url);
}
END_TEST

START_TEST(test_request_url)
{
	char *args[12];
	size_t n = 0;
	for (size_t i = 0; url_cases[_i].args[i]; i++)
		args[n++] = (char *)url_cases[_i].args[i];
	args[n++] = "-r";
	args[n++] = "rp-1";
	args[n] = NULL;
	parse_argv(args);
	ASSERT_OK();
	char url[512];
	char *u = options_request_url(&o);
	snprintf(url, sizeof url, "%s", u);
	free(u);
	ASSERT_STR(url, url_cases[_i].url);
}
END_TEST

START_TEST(test_request_url_encoding)
{
	static const struct { char *id; const char *enc; } ids[] = {
		{ "rp a/b&c", "rp%20a%2Fb%26c" },
		{ "rp-1_x.y~z", "rp-1_x.y~z" },
		{ "\xc3\xa9+%=?#", "%C3%A9%2B%25%3D%3F%23" },
		{ "a\"<>\\", "a%22%3C%3E%5C" },
		{ "ABCxyz019", "ABCxyz019" },
	};
	for (size_t i = 0; i < ARRAY_LEN(ids); i++) {
		PARSE("-U", "https://a", "-r", ids[i].id);
		ASSERT_OK();
		char url[512];
		char *u = options_request_url(&o);
		snprintf(url, sizeof url, "%s", u);
		free(u);
		ASSERT_STR(url, fmt("https://a" ENDPOINT "?replicationId=%s", ids[i].enc));
	}
}
END_TEST

/* ---- options_free ---- */

START_TEST(test_free_after_failures)
{
	/* Each failure path leaves a struct that options_free releases fully
	 * (leaks show under valgrind or ASan). */
	const char *ini = write_file("p.ini", LIT("[check_replication_precheck]\nmap=x=OK\nheader=X-A: 1\n"), 0644);
	char *const *cases[] = {
		(char *[]){ "-k", "X-A: 1", "--map", "a=OK", "--ignore-item", "i", "--warn-item", "w", "-x", NULL },
		(char *[]){ "-k", "X-A: 1", "--map", "a=OK", "-k", "bad header", NULL },
		(char *[]){ "--map", "a=OK", "--map", "bad", NULL },
		(char *[]){ "--map", "a=OK", "-r", "x", NULL },
		(char *[]){ fmt("--extra-opts=@%s", ini), "--bogus", NULL },
		(char *[]){ fmt("--extra-opts=@%s", ini), "-r", "x", NULL },
		(char *[]){ "--extra-opts=@/nonexistent", NULL },
		(char *[]){ "-U", "https://a", "-r", "x", "stray", NULL },
		(char *[]){ "--path", NULL },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		ck_assert_int_eq(parse_argv((char **)cases[i]), -1);
		options_free(&o);
		ck_assert_ptr_null(o.argv_.v);
		ck_assert_ptr_null(o.map);
		ck_assert_ptr_null(o.headers);
	}
}
END_TEST

START_TEST(test_free_twice_and_after_success)
{
	const char *tf = write_file("tok", LIT("tok\n"), 0644);
	PARSE(BASE, "-k", "X-A: 1", "--map", "a=OK", "--ignore-item", "i", "--warn-item", "w",
	      "--token-file", (char *)tf);
	ASSERT_OK();
	ck_assert_int_eq(load(), 0);
	options_free(&o);
	ck_assert_ptr_null(o.token);
	ck_assert_ptr_null(o.map);
	ck_assert_ptr_null(o.warnings.v);
	options_free(&o);
}
END_TEST

START_TEST(test_usage_text)
{
	const char *u = precheck_usage();
	ck_assert_msg(strncmp(u, "Usage: check_replication_precheck ", 34) == 0, "usage starts \"%.40s\"", u);
	ck_assert(u[strlen(u) - 1] == '\n');
	/* A monitoring core reads the rest of the output after a '|' as perfdata. */
	ck_assert_msg(strchr(u, '|') == NULL, "usage holds a '|': %s", u);
}
END_TEST

static Suite *options_suite(void)
{
	Suite *s = suite_create("options");
	TCase *tc = tcase_create("target");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_url_and_defaults);
	tcase_add_test(tc, test_long_forms);
	tcase_add_test(tc, test_unique_prefix_of_long_option);
	tcase_add_test(tc, test_hostname_port_ssl);
	tcase_add_test(tc, test_file_target);
	tcase_add_test(tc, test_exactly_one_target);
	tcase_add_test(tc, test_replication_id_required);
	tcase_add_test(tc, test_replication_id_length);
	tcase_add_test(tc, test_port_and_ssl_need_hostname);
	tcase_add_loop_test(tc, test_bad_port, 0, (int)ARRAY_LEN(bad_ports));
	tcase_add_test(tc, test_url_scheme);
	tcase_add_test(tc, test_url_scheme_case_insensitive);
	tcase_add_test(tc, test_url_whitespace_and_fragment);
	tcase_add_test(tc, test_bad_hostname);
	tcase_add_test(tc, test_hostname_with_port);
	tcase_add_test(tc, test_path);
	suite_add_tcase(s, tc);

	tc = tcase_create("auth+transport");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_token_options);
	tcase_add_test(tc, test_bad_token_header);
	tcase_add_test(tc, test_basic_auth);
	tcase_add_test(tc, test_headers_repeatable);
	tcase_add_test(tc, test_bad_headers);
	tcase_add_test(tc, test_transport_options);
	tcase_add_test(tc, test_private_key_needs_cert);
	tcase_add_test(tc, test_insecure_contradicts_ca_cert);
	tcase_add_loop_test(tc, test_good_timeout, 0, (int)ARRAY_LEN(good_timeouts));
	tcase_add_test(tc, test_later_timeout_resets_state);
	tcase_add_loop_test(tc, test_bad_timeout, 0, (int)ARRAY_LEN(bad_timeouts));
	tcase_add_test(tc, test_retries);
	tcase_add_loop_test(tc, test_good_max_size, 0, (int)ARRAY_LEN(good_sizes));
	tcase_add_loop_test(tc, test_bad_max_size, 0, (int)ARRAY_LEN(bad_sizes));
	suite_add_tcase(s, tc);

	tc = tcase_create("judgement+output");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_map);
	tcase_add_test(tc, test_bad_map);
	tcase_add_test(tc, test_item_patterns_repeatable);
	tcase_add_test(tc, test_error_state);
	tcase_add_test(tc, test_max_items);
	tcase_add_test(tc, test_max_message);
	tcase_add_test(tc, test_max_output);
	tcase_add_test(tc, test_verbose_counts);
	tcase_add_test(tc, test_help_and_version);
	tcase_add_test(tc, test_last_value_wins);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_unknown_options);
	tcase_add_test(tc, test_unknown_option_in_cluster);
	tcase_add_test(tc, test_unexpected_argument);
	tcase_add_test(tc, test_short_option_needs_value);
	tcase_add_loop_test(tc, test_long_option_needs_value, 0, (int)ARRAY_LEN(long_only_with_value));
	tcase_add_loop_test(tc, test_long_option_with_short_needs_value, 0, (int)ARRAY_LEN(long_with_short));
	tcase_add_loop_test(tc, test_flag_given_a_value, 0, (int)ARRAY_LEN(flags));
	tcase_add_test(tc, test_parse_twice_same_result);
	suite_add_tcase(s, tc);

	tc = tcase_create("extra-opts");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_extra_opts_command_line_wins);
	tcase_add_test(tc, test_extra_opts_only);
	tcase_add_test(tc, test_extra_opts_from_env_default_file);
	tcase_add_test(tc, test_extra_opts_errors);
	tcase_add_test(tc, test_extra_opts_insecure_file_warning);
	tcase_add_test(tc, test_extra_opts_abbreviation_not_ignored);
	suite_add_tcase(s, tc);

	tc = tcase_create("secrets");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_secrets_none);
	tcase_add_test(tc, test_secrets_precedence);
	tcase_add_test(tc, test_token_file_line_endings);
	tcase_add_test(tc, test_token_file_bad_content);
	tcase_add_test(tc, test_token_file_missing);
	tcase_add_test(tc, test_token_file_too_large);
	tcase_add_test(tc, test_token_file_world_readable);
	tcase_add_test(tc, test_token_control_characters);
	tcase_add_test(tc, test_token_from_extra_opts_file);
	tcase_add_test(tc, test_secrets_load_twice);
	tcase_add_test(tc, test_access_key_sources);
	tcase_add_test(tc, test_access_key_id_from_environment);
	tcase_add_test(tc, test_access_key_half_missing);
	tcase_add_test(tc, test_access_key_id_checked);
	tcase_add_test(tc, test_secret_key_file_checks);
	tcase_add_test(tc, test_secret_file_kinds);
	tcase_add_test(tc, test_secret_key_from_extra_opts);
	tcase_add_test(tc, test_secrets_list);
	tcase_add_test(tc, test_secrets_userinfo_nul);
	suite_add_tcase(s, tc);

	tc = tcase_create("url+free");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_request_url, 0, (int)ARRAY_LEN(url_cases));
	tcase_add_loop_test(tc, test_service_url, 0, (int)ARRAY_LEN(service_url_cases));
	tcase_add_test(tc, test_request_url_encoding);
	tcase_add_test(tc, test_free_after_failures);
	tcase_add_test(tc, test_free_twice_and_after_success);
	tcase_add_test(tc, test_usage_text);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(options_suite)
