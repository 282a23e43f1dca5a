/* options.h - everything the user asked for, from argv, environment and
 * --extra-opts files, validated into one struct. Owns: option names and rules. */
#ifndef PRECHECK_OPTIONS_H
#define PRECHECK_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "evaluate.h"
#include "state.h"
#include "strbuf.h"

#define PROGNAME "check_replication_precheck"
#define DEFAULT_PATH "/openapi/v1/replication/precheck/status"
#define DEFAULT_TIMEOUT 10.0
#define DEFAULT_MAX_SIZE (8L * 1024 * 1024)
#define TOKEN_ENV "REPLICATION_API_TOKEN"
/* The variables the public NineData client reads. */
#define ACCESS_KEY_ID_ENV "NINEDATA_API_KEY"
#define SECRET_KEY_ENV "NINEDATA_SECRET_KEY"

typedef enum { OPT_RUN = 0, OPT_HELP, OPT_VERSION } opt_action;

typedef struct {
	opt_action action;

	/* target: exactly one of url, hostname, file */
	const char *url;
	const char *hostname;
	long port;                  /* 0: scheme default */
	bool ssl;
	const char *path;
	const char *replication_id;
	const char *file;           /* "-" is stdin */

	/* authentication */
	char *token;                /* resolved by options_load_secrets */
	const char *token_arg;      /* --token as given */
	const char *token_file;
	const char *token_header;   /* NULL: Authorization: Bearer */
	const char *basic_auth;     /* USER:PASS */
	const char *access_key_id;  /* NineData AccessKey ID: signing is on when set */
	char *secret_key;           /* resolved by options_load_secrets */
	const char *secret_key_arg; /* --secret-key as given */
	const char *secret_key_file;
	strvec headers;             /* "Name: value" */

	/* transport */
	const char *ca_cert;
	const char *client_cert;
	const char *private_key;
	bool insecure;
	const char *proxy;
	const char *noproxy;
	int ip_version;             /* 0, 4 or 6 */
	const char *useragent;
	bool follow;
	double timeout;
	int retries;
	long max_size;

	/* judgement */
	judge_config judge;

	/* output */
	int verbose;
	size_t max_items;
	size_t max_message;
	size_t max_output;          /* bytes of the whole output; 0 = no limit */

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
} options;

/* Parses argv (after expanding --extra-opts) into *o. Returns 0, or -1
 * with a one-line reason in err; *o is then still safe to free. */
int options_parse(int argc, char **argv, options *o, char *err, size_t errlen);

/* Reads the token from --token-file, $REPLICATION_API_TOKEN or --token, and
 * the AccessKey secret from --secret-key-file, $NINEDATA_SECRET_KEY or
 * --secret-key, each in that order; then lists every credential in
 * o->secrets. Returns 0, or -1 with a reason in err. */
int options_load_secrets(options *o, char *err, size_t errlen);

/* The request URL: base, endpoint path, URL-encoded replicationId. */
char *options_request_url(const options *o);

/* Another path of the same service, under the same base URL and prefix
 * (for the clock, /openapi/now). */
char *options_service_url(const options *o, const char *path);

void options_free(options *o);

/* Static text for --help and the one-line usage. */
void options_print_help(void);
void options_print_version(void);
const char *options_usage(void);

#endif
