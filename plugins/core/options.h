/* SPDX-License-Identifier: GPL-3.0-or-later */
/* options.h - everything the user asked for, from argv, environment and
 * --extra-opts files, validated into one struct shared by both plugins.
 * Owns: the common option names and rules; a plugin adds its own. */
#ifndef CHECK_OPTIONS_H
#define CHECK_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

#include "defaults.h"
#include "mapping.h"
#include "format.h"
#include "state.h"
#include "strbuf.h"

typedef enum { OPT_RUN = 0, OPT_HELP, OPT_VERSION } opt_action;

/* First getopt value free for a plugin's own long-only options. */
#define OPT_PLUGIN_BASE 1000

struct options;

/* What a plugin adds to the common options. */
typedef struct {
	const char *progname;          /* also the --extra-opts section */
	const char *default_path;      /* the endpoint */
	const struct option *longopts; /* its own, NULL-terminated; may be NULL */
	const char *shortopts;         /* its own short options, getopt syntax */
	bool fleet;                    /* many tasks: -r optional and repeatable, no --file */
	/* Forgets what an earlier parse applied to cfg; may be NULL. */
	void (*start)(void *cfg);
	/* Applies one of them to cfg. Returns 0, or -1 with a reason in err. */
	int (*apply)(void *cfg, int c, const char *arg, char *err, size_t errlen);
	/* Once every option is read: what goes against what. May be NULL. */
	int (*validate)(const void *cfg, const struct options *o, char *err, size_t errlen);
	void *cfg;
} option_spec;

/* An extra request header, split once. */
typedef struct {
	char *line; /* "Name: value", as given */
	char *name;
	const char *value; /* into line, after the colon and blanks */
} req_header;

typedef struct options {
	opt_action action;
	const char *progname;

	/* target: exactly one of url, hostname, file */
	const char *url;
	const char *hostname;
	long port; /* 0: scheme default */
	bool ssl;
	const char *path;
	const char *replication_id; /* the last -r */
	const char **ids;           /* every -r, in order */
	size_t n_ids;
	bool fleet;       /* many tasks: -r optional and repeatable */
	const char *file; /* "-" is stdin */

	/* authentication */
	char *token;           /* resolved by options_load_secrets */
	const char *token_arg; /* --token as given */
	const char *token_file;
	const char *token_header;   /* NULL: Authorization: Bearer */
	const char *basic_auth;     /* USER:PASS */
	const char *access_key_id;  /* NineData AccessKey ID: signing is on when set */
	char *secret_key;           /* resolved by options_load_secrets */
	const char *secret_key_arg; /* --secret-key as given */
	const char *secret_key_file;
	req_header *headers;
	size_t n_headers;

	/* transport */
	const char *ca_cert;
	const char *client_cert;
	const char *private_key;
	bool insecure;
	const char *proxy;
	const char *noproxy;
	int ip_version; /* 0, 4 or 6 */
	const char *useragent;
	bool follow;
	double timeout;
	int retries;
	long max_size;

	/* judgement both plugins share */
	status_mapping *map; /* --map, later ones win */
	size_t n_map;
	state_t error_state;   /* when the status cannot be determined */
	state_t timeout_state; /* when the time budget ran out */

	/* output */
	int verbose;
	size_t max_items;
	size_t max_message;
	size_t max_output; /* bytes of the whole output; 0 = no limit */
	output_format format;
	const char *output_file;
	const char *service_name;

	/* things worth a warning line at -v (world-readable secret files) */
	strvec warnings;

	/* every credential value of this run, filled by options_load_secrets:
	 * what no output, trace or error may show. Not scrubbed before exit:
	 * libcurl keeps copies of its own that no caller can wipe, and the
	 * kernel clears the pages of a process that lives under a second
	 * before any other process gets them. */
	strvec secrets;

	/* storage the pointers above refer to */
	strvec argv_;
	strvec owned_;
	char default_useragent_[128];
} options;

/* The defaults, before any option: what a run that ends before its
 * command line is understood goes by. Allocates nothing. */
void options_defaults(const option_spec *spec, options *o);

/* Parses argv (after expanding --extra-opts) into *o, the plugin's own
 * options into spec->cfg. Returns 0, or -1 with a one-line reason in err;
 * *o is then still safe to free. */
int options_parse(const option_spec *spec, int argc, char **argv, options *o, char *err,
                  size_t errlen);

/* Reads the token from --token-file, $REPLICATION_API_TOKEN or --token, and
 * the AccessKey secret from --secret-key-file, $NINEDATA_SECRET_KEY or
 * --secret-key, each in that order; then lists every credential in
 * o->secrets. Returns 0, or -1 with a reason in err. */
int options_load_secrets(options *o, char *err, size_t errlen);

/* The request URL: base, endpoint path, URL-encoded replicationId. */
char *options_request_url(const options *o);

/* An API path under the base URL and its prefix, with the base URL's own
 * query, then the name/value pairs of params (a NULL value is left out),
 * URL-encoded. */
char *options_api_url(const options *o, const char *path, const char *const *params,
                      size_t n_params);

/* Another path of the same service, under the same base URL and prefix
 * (for the clock, /openapi/now). */
char *options_service_url(const options *o, const char *path);

void options_free(options *o);

/* For a plugin's apply: a reason in err, and -1. */
int options_fail(char *err, size_t errlen, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* For a plugin's apply: 0 when s is, whole, a decimal number from min to
 * max (into *out), else -1. */
int options_number(const char *s, long min, long max, long *out);


#endif
