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

	/* storage the pointers above refer to */
	strvec argv_;
	strvec owned_;
} options;

/* Parses argv (after expanding --extra-opts) into *o. Returns 0, or -1
 * with a one-line reason in err; *o is then still safe to free. */
int options_parse(int argc, char **argv, options *o, char *err, size_t errlen);

/* Reads the token from --token-file, $REPLICATION_API_TOKEN or --token, in
 * that order. Returns 0, or -1 with a reason in err. */
int options_load_secrets(options *o, char *err, size_t errlen);

/* The request URL: base, endpoint path, URL-encoded replicationId. */
char *options_request_url(const options *o);

void options_free(options *o);

/* Static text for --help and the one-line usage. */
void options_print_help(void);
void options_print_version(void);
const char *options_usage(void);

#endif
