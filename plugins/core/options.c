/* SPDX-License-Identifier: GPL-3.0-or-later */
/* options.c - command line, environment and options-file parsing. */
#include "config.h"
#include "options.h"
#include "extraopts.h"
#include "readfile.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>

enum {
	OPT_PATH = 256,
	OPT_TOKEN_FILE,
	OPT_TOKEN,
	OPT_TOKEN_HEADER,
	OPT_EXTRA_OPTS,
	OPT_CA_CERT,
	OPT_INSECURE,
	OPT_PROXY,
	OPT_NOPROXY,
	OPT_FOLLOW,
	OPT_RETRIES,
	OPT_MAX_SIZE,
	OPT_MAP,
	OPT_ERROR_STATE,
	OPT_MAX_ITEMS,
	OPT_MAX_MESSAGE,
	OPT_MAX_OUTPUT,
	OPT_ACCESS_KEY_ID,
	OPT_SECRET_KEY_FILE,
	OPT_SECRET_KEY,
	OPT_OUTPUT_FORMAT,
	OPT_OUTPUT_FILE,
	OPT_SERVICE_NAME
};

static const struct option common_long_options[] = {
	{ "url", required_argument, NULL, 'U' },
	{ "hostname", required_argument, NULL, 'H' },
	{ "port", required_argument, NULL, 'p' },
	{ "ssl", no_argument, NULL, 'S' },
	{ "path", required_argument, NULL, OPT_PATH },
	{ "replication-id", required_argument, NULL, 'r' },
	{ "file", required_argument, NULL, 'f' },
	{ "token-file", required_argument, NULL, OPT_TOKEN_FILE },
	{ "token", required_argument, NULL, OPT_TOKEN },
	{ "token-header", required_argument, NULL, OPT_TOKEN_HEADER },
	{ "access-key-id", required_argument, NULL, OPT_ACCESS_KEY_ID },
	{ "secret-key-file", required_argument, NULL, OPT_SECRET_KEY_FILE },
	{ "secret-key", required_argument, NULL, OPT_SECRET_KEY },
	{ "authorization", required_argument, NULL, 'a' },
	{ "header", required_argument, NULL, 'k' },
	{ "extra-opts", optional_argument, NULL, OPT_EXTRA_OPTS },
	{ "ca-cert", required_argument, NULL, OPT_CA_CERT },
	{ "client-cert", required_argument, NULL, 'J' },
	{ "private-key", required_argument, NULL, 'K' },
	{ "insecure", no_argument, NULL, OPT_INSECURE },
	{ "proxy", required_argument, NULL, OPT_PROXY },
	{ "noproxy", required_argument, NULL, OPT_NOPROXY },
	{ "useragent", required_argument, NULL, 'A' },
	{ "follow", no_argument, NULL, OPT_FOLLOW },
	{ "timeout", required_argument, NULL, 't' },
	{ "retries", required_argument, NULL, OPT_RETRIES },
	{ "max-size", required_argument, NULL, OPT_MAX_SIZE },
	{ "map", required_argument, NULL, OPT_MAP },
	{ "error-state", required_argument, NULL, OPT_ERROR_STATE },
	{ "max-items", required_argument, NULL, OPT_MAX_ITEMS },
	{ "max-message", required_argument, NULL, OPT_MAX_MESSAGE },
	{ "max-output", required_argument, NULL, OPT_MAX_OUTPUT },
	{ "output-format", required_argument, NULL, OPT_OUTPUT_FORMAT },
	{ "output-file", required_argument, NULL, OPT_OUTPUT_FILE },
	{ "service-name", required_argument, NULL, OPT_SERVICE_NAME },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static const char common_short_options[] = "U:H:p:Sr:f:a:k:J:K:46A:t:vhV";

int options_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

int options_number(const char *s, long min, long max, long *out)
{
	char *end;
	if (!isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* BYTES with an optional K, M or G suffix (powers of 1024). */
static int parse_size(const char *s, long *out)
{
	char *end;
	errno = 0;
	if (!isdigit((unsigned char)s[0]))
		return -1;
	long long v = strtoll(s, &end, 10);
	long long mult = 1;
	if (errno || end == s || v <= 0)
		return -1;
	if (*end) {
		switch (toupper((unsigned char)*end)) {
		case 'K': mult = 1024LL; break;
		case 'M': mult = 1024LL * 1024; break;
		case 'G': mult = 1024LL * 1024 * 1024; break;
		default: return -1;
		}
		if (end[1] && !(toupper((unsigned char)end[1]) == 'B' && !end[2]) &&
		    !(toupper((unsigned char)end[1]) == 'I' &&
		      toupper((unsigned char)end[2]) == 'B' && !end[3]))
			return -1;
	}
	if (v > (long long)(4LL * 1024 * 1024 * 1024) / mult || v * mult > LONG_MAX)
		return -1;
	*out = (long)(v * mult);
	return 0;
}

/* SECONDS[:STATE] */
static int parse_timeout(const char *s, double *seconds, state_t *state)
{
	const char *colon = strchr(s, ':');
	char num[32];
	size_t n = colon ? (size_t)(colon - s) : strlen(s);
	char *end;

	if (n == 0 || n >= sizeof num || !(isdigit((unsigned char)s[0]) || s[0] == '.'))
		return -1;
	memcpy(num, s, n);
	num[n] = '\0';
	errno = 0;
	double v = strtod(num, &end);
	if (errno || *end || !isfinite(v) || v <= 0 || v > 86400)
		return -1;
	state_t st = STATE_UNKNOWN; /* a later -t without STATE means the default */
	if (colon && state_parse(colon + 1, &st))
		return -1;
	*state = st;
	*seconds = v;
	return 0;
}

/* VALUE=STATE; the last '=' splits, so a value may itself contain '='. */
static int add_mapping(options *o, const char *arg)
{
	const char *eq = strrchr(arg, '=');
	state_t st;
	if (!eq || eq == arg || state_parse(eq + 1, &st))
		return -1;
	char *value = xstrndup(arg, (size_t)(eq - arg));
	strvec_push(&o->owned_, value);
	o->map = xrealloc(o->map, (o->n_map + 1) * sizeof *o->map);
	o->map[o->n_map] = (status_mapping){ .value = value, .state = st };
	o->n_map++;
	return 0;
}

static bool valid_header(const char *h)
{
	const char *colon = strchr(h, ':');
	if (!colon || colon == h)
		return false;
	for (const char *p = h; p < colon; p++)
		if (!isgraph((unsigned char)*p))
			return false;
	for (const char *p = h; *p; p++)
		if (*p == '\r' || *p == '\n')
			return false;
	return true;
}

static bool valid_header_name(const char *h)
{
	if (!*h)
		return false;
	for (const char *p = h; *p; p++)
		if (!isgraph((unsigned char)*p) || *p == ':')
			return false;
	return true;
}

void options_defaults(const option_spec *spec, options *o)
{
	*o = (options){
		.progname = spec->progname,
		.timeout = DEFAULT_TIMEOUT,
		.max_size = DEFAULT_MAX_SIZE,
		.max_items = DEFAULT_MAX_ITEMS,
		.max_message = DEFAULT_MAX_MESSAGE,
		.max_output = DEFAULT_MAX_OUTPUT,
		.path = spec->default_path,
		.fleet = spec->fleet,
		.error_state = STATE_UNKNOWN,
		.timeout_state = STATE_UNKNOWN,
		.format = FORMAT_NAGIOS,
	};
	snprintf(o->default_useragent_, sizeof o->default_useragent_, "%s/%s", spec->progname,
	         PACKAGE_VERSION);
	o->useragent = o->default_useragent_;
}

static void add_header(options *o, const char *line)
{
	size_t n = strcspn(line, ":");
	o->headers = xrealloc(o->headers, (o->n_headers + 1) * sizeof *o->headers);
	req_header *h = &o->headers[o->n_headers++];
	h->line = xstrdup(line);
	h->name = xstrndup(line, n);
	h->value = h->line + n + 1 + strspn(h->line + n + 1, " \t");
}


/* Returns 0, -1 with a reason in err, or 1 when c is not a common option. */
static int apply_option(options *o, int c, const char *arg, char *err, size_t errlen)
{
	long v;

	switch (c) {
	case 'U': o->url = arg; break;
	case 'H': o->hostname = arg; break;
	case 'p':
		if (options_number(arg, 1, 65535, &v))
			return options_fail(err, errlen,
			                    "--port must be a number from 1 to 65535, not '%s'",
			                    arg);
		o->port = v;
		break;
	case 'S': o->ssl = true; break;
	case OPT_PATH:
		if (arg[0] != '/')
			return options_fail(err, errlen, "--path must start with '/'");
		o->path = arg;
		break;
	case 'r':
		o->replication_id = arg;
		o->ids = xrealloc(o->ids, (o->n_ids + 1) * sizeof *o->ids);
		o->ids[o->n_ids++] = arg;
		break;
	case 'f': o->file = arg; break;
	case OPT_TOKEN_FILE: o->token_file = arg; break;
	case OPT_TOKEN: o->token_arg = arg; break;
	case OPT_TOKEN_HEADER:
		if (!valid_header_name(arg))
			return options_fail(
			        err, errlen,
			        "--token-header must be a header name such as X-API-Key");
		o->token_header = arg;
		break;
	case OPT_ACCESS_KEY_ID: o->access_key_id = arg; break;
	case OPT_SECRET_KEY_FILE: o->secret_key_file = arg; break;
	case OPT_SECRET_KEY: o->secret_key_arg = arg; break;
	case 'a':
		if (!strchr(arg, ':'))
			return options_fail(err, errlen, "--authorization must be USER:PASSWORD");
		o->basic_auth = arg;
		break;
	case 'k':
		if (!valid_header(arg))
			return options_fail(err, errlen,
			                    "--header must be 'Name: value' on one line");
		add_header(o, arg);
		break;
	case OPT_EXTRA_OPTS: break; /* expanded before parsing */
	case OPT_CA_CERT: o->ca_cert = arg; break;
	case 'J': o->client_cert = arg; break;
	case 'K': o->private_key = arg; break;
	case OPT_INSECURE: o->insecure = true; break;
	case OPT_PROXY: o->proxy = arg; break;
	case OPT_NOPROXY: o->noproxy = arg; break;
	case '4': o->ip_version = 4; break;
	case '6': o->ip_version = 6; break;
	case 'A': o->useragent = arg; break;
	case OPT_FOLLOW: o->follow = true; break;
	case 't':
		if (parse_timeout(arg, &o->timeout, &o->timeout_state))
			return options_fail(
			        err, errlen,
			        "--timeout must be SECONDS[:STATE] with SECONDS > 0, not '%s'",
			        arg);
		break;
	case OPT_RETRIES:
		if (options_number(arg, 0, MAX_RETRIES, &v))
			return options_fail(err, errlen,
			                    "--retries must be a number from 0 to %d, not '%s'",
			                    MAX_RETRIES, arg);
		o->retries = (int)v;
		break;
	case OPT_MAX_SIZE:
		if (parse_size(arg, &o->max_size))
			return options_fail(
			        err, errlen,
			        "--max-size must be BYTES[K|M|G] between 1 and 4G, not '%s'", arg);
		break;
	case OPT_MAP:
		if (add_mapping(o, arg))
			return options_fail(
			        err, errlen,
			        "--map must be VALUE=STATE with STATE OK, WARNING, CRITICAL, UNKNOWN or 0-3, not '%s'",
			        arg);
		break;
	case OPT_ERROR_STATE:
		if (state_parse(arg, &o->error_state))
			return options_fail(
			        err, errlen,
			        "--error-state must be OK, WARNING, CRITICAL, UNKNOWN or 0-3, not '%s'",
			        arg);
		break;
	case OPT_MAX_ITEMS:
		if (options_number(arg, 0, MAX_ITEMS_MAX, &v))
			return options_fail(
			        err, errlen,
			        "--max-items must be a number from 0 (all) to %d, not '%s'",
			        MAX_ITEMS_MAX, arg);
		o->max_items = (size_t)v;
		break;
	case OPT_MAX_MESSAGE:
		if (options_number(arg, 0, MAX_MESSAGE_MAX, &v) || (v > 0 && v < MAX_MESSAGE_MIN))
			return options_fail(
			        err, errlen,
			        "--max-message must be 0 (no limit) or %d to %d bytes, not '%s'",
			        MAX_MESSAGE_MIN, MAX_MESSAGE_MAX, arg);
		o->max_message = (size_t)v;
		break;
	case OPT_MAX_OUTPUT:
		if (options_number(arg, 0, MAX_OUTPUT_MAX, &v) || (v > 0 && v < MAX_OUTPUT_MIN))
			return options_fail(
			        err, errlen,
			        "--max-output must be 0 (no limit) or %d to %d bytes, not '%s'",
			        MAX_OUTPUT_MIN, MAX_OUTPUT_MAX, arg);
		o->max_output = (size_t)v;
		break;
	case OPT_OUTPUT_FORMAT:
		if (format_parse(arg, &o->format))
			return options_fail(
			        err, errlen,
			        "--output-format must be nagios, json, prometheus or checkmk, not '%s'",
			        arg);
		break;
	case OPT_OUTPUT_FILE:
		if (!*arg)
			return options_fail(err, errlen, "--output-file needs a path");
		o->output_file = arg;
		break;
	case OPT_SERVICE_NAME:
		if (!*arg || strpbrk(arg, "\r\n\""))
			return options_fail(
			        err, errlen,
			        "--service-name must be one line without double quotes");
		o->service_name = arg;
		break;
	case 'v': o->verbose++; break;
	case 'h': o->action = OPT_HELP; break;
	case 'V': o->action = OPT_VERSION; break;
	default: return 1; /* not a common option: the plugin's */
	}
	return 0;
}

/* An AccessKey ID goes into a header: printable ASCII, no blanks. */
static bool valid_key_id(const char *id)
{
	if (!*id || strlen(id) > 256)
		return false;
	for (const char *p = id; *p; p++)
		if (!isgraph((unsigned char)*p))
			return false;
	return true;
}

static const char *secret_key_source(const options *o)
{
	const char *env = getenv(SECRET_KEY_ENV);
	if (o->secret_key_file)
		return "--secret-key-file";
	if (env && *env)
		return "$" SECRET_KEY_ENV;
	if (o->secret_key_arg && *o->secret_key_arg)
		return "--secret-key";
	return NULL;
}

/* Signing needs both halves of the AccessKey; half of one is a mistake
 * worth stopping for, not a reason to send unsigned requests. A response
 * read from a file is not signed, so there the pair is not required. */
static int validate_signing(options *o, char *err, size_t errlen)
{
	const char *env_id = getenv(ACCESS_KEY_ID_ENV);
	if (!o->access_key_id && env_id && *env_id)
		o->access_key_id = env_id;
	if (o->access_key_id && !valid_key_id(o->access_key_id))
		return options_fail(err, errlen,
		                    "the AccessKey ID (--access-key-id or $" ACCESS_KEY_ID_ENV
		                    ") must be 1 to 256 printable characters without blanks");
	if (o->file)
		return 0;
	const char *secret = secret_key_source(o);
	if (o->access_key_id && !secret)
		return options_fail(
		        err, errlen,
		        "the AccessKey ID needs its secret: give --secret-key-file, $" SECRET_KEY_ENV
		        " or --secret-key");
	if (secret && !o->access_key_id)
		return options_fail(
		        err, errlen,
		        "a secret key was given (%s) but no AccessKey ID: add --access-key-id or $" ACCESS_KEY_ID_ENV,
		        secret);
	return 0;
}

static int validate(options *o, char *err, size_t errlen)
{
	int targets = (o->url != NULL) + (o->hostname != NULL) + (o->file != NULL);

	if (targets != 1)
		return options_fail(err, errlen,
		                    targets ? "use only one of --url, --hostname and --file"
		                            : "one of --url, --hostname or --file is required");
	if (!o->fleet && (!o->replication_id || !*o->replication_id))
		return options_fail(err, errlen, "--replication-id is required");
	if (o->fleet && o->file)
		return options_fail(
		        err, errlen,
		        "--file holds one answer; this plugin asks the API about every task");
	for (size_t i = 0; i < o->n_ids; i++) {
		if (!*o->ids[i])
			return options_fail(err, errlen, "--replication-id must not be empty");
		if (strlen(o->ids[i]) > 256)
			return options_fail(err, errlen,
			                    "--replication-id is longer than 256 characters");
	}
	if ((o->port || o->ssl) && !o->hostname)
		return options_fail(
		        err, errlen,
		        "--port and --ssl go with --hostname; put them into --url instead");
	/* RFC 3986: the scheme is case-insensitive. */
	if (o->url && strncasecmp(o->url, "http://", 7) != 0 &&
	    strncasecmp(o->url, "https://", 8) != 0)
		return options_fail(err, errlen, "--url must start with http:// or https://");
	if (o->url && strpbrk(o->url, " \t\r\n#"))
		return options_fail(err, errlen,
		                    "--url must not contain white space or a fragment");
	if (o->hostname && (!*o->hostname || strpbrk(o->hostname, "/?#@ \t\r\n")))
		return options_fail(err, errlen, "--hostname must be a host name or address");
	if (o->private_key && !o->client_cert)
		return options_fail(err, errlen, "--private-key needs --client-cert");
	if (o->insecure && o->ca_cert)
		return options_fail(err, errlen, "--insecure and --ca-cert contradict each other");
	return validate_signing(o, err, errlen);
}

/* getopt only says "no". Name the option, but never its value: a value
 * given to a mistyped option may well be a secret. */
static int describe_bad_option(const struct option *long_options, const char *short_options,
                               const char *arg, char *err, size_t errlen)
{
	if (strncmp(arg, "--", 2) == 0) {
		const char *name = arg + 2;
		size_t n = strcspn(name, "=");
		for (const struct option *lo = long_options; lo->name; lo++) {
			if (strlen(lo->name) != n || strncmp(lo->name, name, n) != 0)
				continue;
			if (name[n] == '=' && lo->has_arg == no_argument)
				return options_fail(err, errlen, "option --%s takes no value",
				                    lo->name);
			if (lo->has_arg == required_argument)
				return options_fail(err, errlen, "option --%s needs a value",
				                    lo->name);
		}
		return options_fail(err, errlen, "unknown or ambiguous option '--%.*s'",
		                    (int)(n > 60 ? 60 : n), name);
	}
	if (optopt > 0 && optopt < 256 && strchr(short_options, optopt) && optopt != ':')
		return options_fail(err, errlen, "option -%c needs a value", optopt);
	if (optopt > 0x20 && optopt < 0x7f)
		return options_fail(err, errlen, "unknown option -%c", optopt);
	return options_fail(err, errlen, "unknown option");
}

/* The argument getopt was working on when it said no: the first option
 * word from the position it started at (GNU getopt skips non-options). */
static const char *offending_arg(const strvec *args, int from)
{
	for (size_t i = (size_t)from; i < args->n; i++)
		if (args->v[i][0] == '-' && args->v[i][1] != '\0')
			return args->v[i];
	return "";
}

/* The common options followed by the plugin's, as getopt wants them. */
static struct option *merged_long_options(const option_spec *spec)
{
	size_t n = 0, m = 0;
	while (common_long_options[n].name)
		n++;
	while (spec->longopts && spec->longopts[m].name)
		m++;
	struct option *all = xcalloc(n + m + 1, sizeof *all);
	memcpy(all, common_long_options, n * sizeof *all);
	if (m)
		memcpy(all + n, spec->longopts, m * sizeof *all);
	return all;
}

/* The options that say where and how the result goes (and the task it is
 * about), read ahead of everything else: a usage error is reported in the
 * format and to the file asked for, wherever on the command line that
 * request stands. Errors are left to the real pass. */
static void read_output_options(options *o, int argc, char **argv,
                                const struct option *long_options, const char *shorts)
{
	char **copy = xcalloc((size_t)argc + 1, sizeof *copy);
	memcpy(copy, argv, (size_t)argc * sizeof *copy); /* getopt permutes */
	char ignored[256];
	opterr = 0;
	optind = 0;
	for (;;) {
		int idx, c = getopt_long(argc, copy, shorts, long_options, &idx);
		if (c == -1)
			break;
		if (c == OPT_OUTPUT_FORMAT || c == OPT_OUTPUT_FILE || c == OPT_SERVICE_NAME ||
		    c == OPT_MAX_OUTPUT || c == 'r')
			(void)apply_option(o, c, optarg, ignored, sizeof ignored);
	}
	free(copy);
}

int options_parse(const option_spec *spec, int argc, char **argv, options *o, char *err,
                  size_t errlen)
{
	options_defaults(spec, o);
	if (spec->start)
		spec->start(spec->cfg);
	struct option *long_options = merged_long_options(spec);
	strbuf shorts = STRBUF_INIT;
	strbuf_append(&shorts, common_short_options);
	if (spec->shortopts)
		strbuf_append(&shorts, spec->shortopts);
	int rc = extraopts_expand(argc, argv, spec->progname, &o->argv_, &o->warnings, err, errlen);
	if (rc == 0)
		read_output_options(o, (int)o->argv_.n, o->argv_.v, long_options, shorts.data);
	else
		read_output_options(o, argc, argv, long_options, shorts.data);
	/* Keep a note for -v; the check itself reads the files normally. */
	for (size_t i = 0; i < o->warnings.n; i++) {
		strbuf w = STRBUF_INIT;
		strbuf_appendf(&w, "options file %s is readable by group or others",
		               o->warnings.v[i]);
		free(o->warnings.v[i]);
		o->warnings.v[i] = strbuf_detach(&w);
	}
	opterr = 0;
	optind = 0; /* GNU: full re-initialisation, so parsing can run again */
	o->n_ids = 0;
	for (; rc == 0;) {
		int idx;
		/* Where getopt stands before the call: inside a cluster such as
		 * -xv it has not moved on, so optind - 1 afterwards would name
		 * the argument before the cluster. */
		int at = optind > 0 ? optind : 1;
		int c = getopt_long((int)o->argv_.n, o->argv_.v, shorts.data, long_options, &idx);
		if (c == -1)
			break;
		if (c == '?') {
			rc = describe_bad_option(long_options, shorts.data,
			                         offending_arg(&o->argv_, at), err, errlen);
			break;
		}
		if (c == OPT_EXTRA_OPTS &&
		    strncmp(o->argv_.v[optind - 1], "--extra-opts", 12) != 0) {
			rc = options_fail(err, errlen, "write --extra-opts in full");
			break;
		}
		rc = apply_option(o, c, optarg, err, errlen);
		if (rc == 1)
			rc = spec->apply ? spec->apply(spec->cfg, c, optarg, err, errlen)
			                 : options_fail(err, errlen,
			                                "internal: unhandled option %d", c);
	}
	free(long_options);
	strbuf_free(&shorts);
	if (rc)
		return -1;
	/* Not echoed: a stray word is often a value that lost its option,
	 * such as the token in "--token= s3cr3t". */
	if (optind < (int)o->argv_.n)
		return options_fail(
		        err, errlen,
		        "unexpected argument in position %d (not an option or an option's value)",
		        optind);
	if (o->action != OPT_RUN)
		return 0;
	if (validate(o, err, errlen))
		return -1;
	return spec->validate ? spec->validate(spec->cfg, o, err, errlen) : 0;
}

/* Far more than any token or key; a bigger file is the wrong file. */
#define SECRET_FILE_MAX 8192

/* A credential kept in a file: one line, trailing line end dropped. */
static char *read_secret_file(const char *noun, const char *what, const char *path, options *o,
                              char *err, size_t errlen)
{
	strbuf b = STRBUF_INIT;
	readfile_info info;

	if (readfile_small(what, path, SECRET_FILE_MAX, &b, &info, err, errlen)) {
		strbuf_free(&b);
		return NULL;
	}
	if (info.group_readable) {
		strbuf w = STRBUF_INIT;
		strbuf_appendf(&w, "%s file %s is readable by group or others", noun, path);
		strvec_push(&o->warnings, strbuf_detach(&w));
	}
	size_t n = b.len;
	while (n > 0 && (b.data[n - 1] == '\n' || b.data[n - 1] == '\r'))
		n--;
	if (n == 0 || memchr(b.data, '\n', n) || memchr(b.data, '\r', n) ||
	    memchr(b.data, '\0', n)) {
		snprintf(err, errlen, "%s %s must hold the %s on one line", what, path, noun);
		strbuf_free(&b);
		return NULL;
	}
	strbuf_truncate(&b, n);
	return strbuf_detach(&b);
}

/* file, then environment, then the command line: the order of how well
 * each keeps the secret out of the process list. NULL with err[0] == 0
 * when none is given. */
static char *resolve_secret(const char *noun, const char *what, const char *file,
                            const char *env_name, const char *arg, options *o, char *err,
                            size_t errlen)
{
	const char *env = getenv(env_name);
	char *v;

	err[0] = '\0';
	if (file)
		v = read_secret_file(noun, what, file, o, err, errlen);
	else if (env && *env)
		v = xstrdup(env);
	else if (arg && *arg)
		v = xstrdup(arg);
	else
		return NULL;
	if (!v)
		return NULL;
	for (const char *p = v; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			snprintf(err, errlen, "the %s contains control characters", noun);
			free(v);
			return NULL;
		}
	}
	return v;
}

static void push_secret(options *o, const char *s, size_t n)
{
	if (n)
		strvec_push(&o->secrets, xstrndup(s, n));
}

static int hexval(char c)
{
	return isdigit((unsigned char)c)    ? c - '0'
	       : isxdigit((unsigned char)c) ? (tolower((unsigned char)c) - 'a' + 10)
	                                    : -1;
}

/* A URL's userinfo (scheme://user:pass@host) is a credential: both the
 * pair and the password, as written and percent-decoded, since a server
 * may quote either. */
static void push_userinfo(options *o, const char *url)
{
	const char *p = url ? strstr(url, "://") : NULL;
	if (!p)
		return;
	p += 3;
	size_t authority = strcspn(p, "/?#");
	const char *at = NULL;
	for (const char *q = p; q < p + authority; q++)
		if (*q == '@')
			at = q;
	if (!at)
		return;
	size_t n = (size_t)(at - p);
	push_secret(o, p, n);
	const char *colon = memchr(p, ':', n);
	if (colon)
		push_secret(o, colon + 1, (size_t)(at - colon - 1));
	if (memchr(p, '%', n)) {
		strbuf d = STRBUF_INIT;
		for (size_t i = 0; i < n; i++) {
			int hi, lo;
			if (p[i] == '%' && i + 2 < n && (hi = hexval(p[i + 1])) >= 0 &&
			    (lo = hexval(p[i + 2])) >= 0) {
				strbuf_appendc(&d, (char)(hi * 16 + lo));
				i += 2;
			} else {
				strbuf_appendc(&d, p[i]);
			}
		}
		/* A %00 cannot reach a server as part of a credential (libcurl
		 * refuses it) nor be searched for in a C string: only the form
		 * as written is redacted then. */
		if (!memchr(strbuf_str(&d), '\0', d.len)) {
			const char *dc = strchr(strbuf_str(&d), ':');
			push_secret(o, strbuf_str(&d), d.len);
			if (dc)
				push_secret(o, dc + 1, strlen(dc + 1));
		}
		strbuf_free(&d);
	}
}

static void collect_secrets(options *o)
{
	if (o->token)
		push_secret(o, o->token, strlen(o->token));
	if (o->secret_key)
		push_secret(o, o->secret_key, strlen(o->secret_key));
	if (o->basic_auth) {
		push_secret(o, o->basic_auth, strlen(o->basic_auth));
		const char *pass = strchr(o->basic_auth, ':') + 1;
		push_secret(o, pass, strlen(pass));
	}
	for (size_t i = 0; i < o->n_headers; i++)
		push_secret(o, o->headers[i].value, strlen(o->headers[i].value));
	push_userinfo(o, o->url);
	push_userinfo(o, o->proxy);
	static const char *const proxy_env[] = { "http_proxy",  "HTTP_PROXY", "https_proxy",
		                                 "HTTPS_PROXY", "all_proxy",  "ALL_PROXY" };
	for (size_t i = 0; i < sizeof proxy_env / sizeof proxy_env[0]; i++)
		push_userinfo(o, getenv(proxy_env[i]));
}

int options_load_secrets(options *o, char *err, size_t errlen)
{
	free(o->token);
	free(o->secret_key);
	strvec_free(&o->secrets);
	o->token = resolve_secret("token", "--token-file", o->token_file, TOKEN_ENV, o->token_arg,
	                          o, err, errlen);
	if (!o->token && err[0])
		return -1;
	if (o->access_key_id && !o->file) {
		o->secret_key =
		        resolve_secret("secret key", "--secret-key-file", o->secret_key_file,
		                       SECRET_KEY_ENV, o->secret_key_arg, o, err, errlen);
		if (!o->secret_key)
			return -1;
	}
	collect_secrets(o);
	return 0;
}

static void append_encoded(strbuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (isalnum(*p) || *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			strbuf_appendc(b, (char)*p);
		} else {
			strbuf_appendc(b, '%');
			strbuf_appendc(b, hex[*p >> 4]);
			strbuf_appendc(b, hex[*p & 15]);
		}
	}
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* scheme://host[:port][/prefix] without a trailing slash or the endpoint
 * path; *query points at the base URL's own query, if any. */
static void base_url(const options *o, strbuf *b, const char **query)
{
	*query = NULL;
	if (o->url) {
		*query = strchr(o->url, '?');
		size_t n = *query ? (size_t)(*query - o->url) : strlen(o->url);
		size_t authority = (size_t)(strstr(o->url, "://") - o->url) + 3;
		while (n > authority && o->url[n - 1] == '/')
			n--;
		if (ends_with(o->url, n, o->path))
			n -= strlen(o->path);
		/* One spelling of the scheme, so that comparing origins and
		 * reading traces never depend on how the user typed it. */
		for (size_t i = 0; i + 3 < authority; i++)
			strbuf_appendc(b, (char)tolower((unsigned char)o->url[i]));
		strbuf_appendn(b, o->url + authority - 3, n - (authority - 3));
	} else {
		/* Two colons or more: an IPv6 literal. One: HOST:PORT. */
		const char *colon = strchr(o->hostname, ':');
		bool v6 = colon && strchr(colon + 1, ':') && o->hostname[0] != '[';
		strbuf_appendf(b, "%s://%s%s%s", o->ssl ? "https" : "http", v6 ? "[" : "",
		               o->hostname, v6 ? "]" : "");
		if (o->port)
			strbuf_appendf(b, ":%ld", o->port);
	}
}

char *options_api_url(const options *o, const char *path, const char *const *params,
                      size_t n_params)
{
	strbuf b = STRBUF_INIT;
	const char *query;
	char sep = '?';

	base_url(o, &b, &query);
	strbuf_append(&b, path);
	if (query && query[1]) {
		strbuf_append(&b, query);
		sep = '&';
	}
	for (size_t i = 0; i + 1 < n_params; i += 2) {
		if (!params[i + 1])
			continue;
		strbuf_appendc(&b, sep);
		strbuf_append(&b, params[i]);
		strbuf_appendc(&b, '=');
		append_encoded(&b, params[i + 1]);
		sep = '&';
	}
	return strbuf_detach(&b);
}

char *options_request_url(const options *o)
{
	const char *params[] = { "replicationId", o->replication_id };
	return options_api_url(o, o->path, params, 2);
}

char *options_service_url(const options *o, const char *path)
{
	strbuf b = STRBUF_INIT;
	const char *query;

	base_url(o, &b, &query);
	strbuf_append(&b, path);
	return strbuf_detach(&b);
}

void options_free(options *o)
{
	free(o->token);
	free(o->secret_key);
	strvec_free(&o->secrets);
	for (size_t i = 0; i < o->n_headers; i++) {
		free(o->headers[i].line);
		free(o->headers[i].name);
	}
	free(o->headers);
	strvec_free(&o->warnings);
	strvec_free(&o->argv_);
	strvec_free(&o->owned_);
	free(o->map);
	free(o->ids);
	*o = (options){ .action = OPT_RUN };
}
