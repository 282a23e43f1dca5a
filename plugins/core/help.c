/* SPDX-License-Identifier: GPL-3.0-or-later */
/* help.c - the words users read about the common options. Defaults come
 * from defaults.h, so text and code cannot disagree. */
#include "config.h"
#include "help.h"
#include "defaults.h"
#include "fetch.h"
#include "json.h"
#include "sign.h"

#include <stdio.h>

void help_version(const char *progname)
{
	printf("%s %s (libcurl %s, json-c %s, %s)\n", progname, PACKAGE_VERSION,
	       fetch_library_version(), json_library_version(), sign_library_version());
}

void help_general(const char *progname)
{
	printf("Options:\n"
	       " -h, --help\n"
	       "    Print this help and exit.\n"
	       " -V, --version\n"
	       "    Print the version and the libcurl, json-c and OpenSSL versions, and exit.\n"
	       " --extra-opts=[SECTION][@FILE]\n"
	       "    Read long options from an INI file (default section: %s;\n"
	       "    default file: $MP_CONFIG_FILE or the monitoring-plugins search path,\n"
	       "    e.g. /etc/monitoring-plugins/monitoring-plugins.ini). Options given on\n"
	       "    the command line win. The recommended home for every secret.\n"
	       "\n",
	       progname);
}

void help_host(void)
{
	fputs(" -H, --hostname=HOST\n"
	      "    Host name or address ($HOSTADDRESS$), instead of --url.\n"
	      " -p, --port=PORT\n"
	      "    TCP port with --hostname (default 80, or 443 with --ssl).\n"
	      " -S, --ssl\n"
	      "    Use https with --hostname.\n",
	      stdout);
}

void help_target(const char *default_path)
{
	fputs("Target (exactly one of -U, -H, -f):\n"
	      " -U, --url=URL\n"
	      "    Base URL scheme://host[:port][/prefix]; the endpoint path is appended\n"
	      "    unless the URL already ends with it. Only http and https are spoken.\n",
	      stdout);
	help_host();
	printf(" --path=PATH\n"
	       "    Endpoint path (default %s).\n"
	       " -f, --file=FILE\n"
	       "    Read the response body from FILE ('-' for standard input) instead of\n"
	       "    asking the API.\n"
	       " -r, --replication-id=ID\n"
	       "    The replication task to check (required); URL-encoded into the query.\n"
	       "\n",
	       default_path);
}

void help_auth(void)
{
	printf("NineData OpenAPI (AccessKey signing; every request is signed when an\n"
	       "AccessKey ID is given, and then needs the secret too):\n"
	       " --access-key-id=ID\n"
	       "    AccessKey ID from the NineData console (User Management, enable\n"
	       "    AccessKey); default $" ACCESS_KEY_ID_ENV ".\n"
	       " --secret-key-file=FILE\n"
	       "    Read the AccessKey secret from FILE (one line, mode 0600). Takes\n"
	       "    precedence over $" SECRET_KEY_ENV " and --secret-key.\n"
	       " --secret-key=SECRET\n"
	       "    The AccessKey secret on the command line. Visible to every local user\n"
	       "    through the process list: use --secret-key-file, $" SECRET_KEY_ENV "\n"
	       "    or --extra-opts (secret-key-file= or secret-key=).\n"
	       "  A refused request is UNKNOWN with a hint: the AccessKey ID is unknown or\n"
	       "  disabled, the signature was not accepted (the secret), or the local clock\n"
	       "  is off (the service accepts %d min; measured from its Date header).\n"
	       "\n"
	       "Authentication for a gateway in front of the API (prefer files or the\n"
	       "environment: arguments are visible in the process list):\n"
	       " --token-file=FILE\n"
	       "    Read a bearer token from FILE (one line). Takes precedence over\n"
	       "    $" TOKEN_ENV " and --token.\n"
	       " --token=TOKEN\n"
	       "    Bearer token on the command line. Visible to every local user through\n"
	       "    the process list: use --token-file, $" TOKEN_ENV " or --extra-opts.\n"
	       " --token-header=NAME\n"
	       "    Send the token as 'NAME: <token>' instead of 'Authorization: Bearer'.\n"
	       " -a, --authorization=USER:PASSWORD\n"
	       "    HTTP basic authentication (also visible in the process list).\n"
	       " -k, --header='Name: value'\n"
	       "    Extra request header; repeatable. Never sent to another host after a\n"
	       "    redirect.\n"
	       "\n",
	       SIGN_CLOCK_TOLERANCE / 60);
}

void help_transport(const char *progname)
{
	printf("Transport:\n"
	       " --ca-cert=FILE\n"
	       "    CA certificates to verify the server with (TLS is always verified\n"
	       "    unless --insecure is given).\n"
	       " -J, --client-cert=FILE\n"
	       "    TLS client certificate (PEM).\n"
	       " -K, --private-key=FILE\n"
	       "    Private key of the client certificate (PEM).\n"
	       " --insecure\n"
	       "    Do not verify the server certificate. For tests only.\n"
	       " --proxy=URL\n"
	       "    Proxy to use; by default the http_proxy, https_proxy and no_proxy\n"
	       "    environment variables apply.\n"
	       " --noproxy=LIST\n"
	       "    Comma-separated hosts that bypass the proxy ('*' for all).\n"
	       " -4, -6\n"
	       "    Connect over IPv4 or IPv6 only.\n"
	       " -A, --useragent=STRING\n"
	       "    User-Agent header (default %s/%s).\n",
	       progname, PACKAGE_VERSION);
	printf(" --follow\n"
	       "    Follow redirects (at most %d, http and https only). Credentials and\n"
	       "    extra headers are dropped once a redirect leaves the original\n"
	       "    scheme, host and port.\n"
	       " -t, --timeout=SECONDS[:STATE]\n"
	       "    Time budget for the whole run, retries included (default %d). STATE\n"
	       "    (default UNKNOWN) is the result when it runs out.\n"
	       " --retries=N\n"
	       "    Retry up to N times (default 0, at most %d) on connection failure and\n"
	       "    HTTP 429, 502, 503, 504, honouring Retry-After, within the budget.\n"
	       " --max-size=BYTES[K,M,G]\n"
	       "    Largest response body accepted (default %dM); a larger one is an error\n"
	       "    and is not read to the end.\n"
	       "\n",
	       MAX_REDIRECTS, DEFAULT_TIMEOUT, MAX_RETRIES, DEFAULT_MAX_SIZE_MB);
}

void help_judgement(const char *builtin)
{
	printf(" --map=VALUE=STATE\n"
	       "    Map a status value (case-insensitive) to OK, WARNING, CRITICAL,\n"
	       "    UNKNOWN or 0-3; repeatable, later wins. %s\n"
	       " --error-state=STATE\n"
	       "    Result when the status cannot be determined (default UNKNOWN):\n"
	       "    connection or TLS failure, HTTP status outside 2xx, a body that is not\n"
	       "    the documented JSON, success:false, missing data, another task's data.\n",
	       builtin);
}

void help_output(const char *noun, const char *service, const char *checkmk)
{
	printf("Output:\n"
	       " -v, --verbose\n"
	       "    -v lists every %s, OK ones too; -vv writes request and response\n"
	       "    diagnostics to standard error (and the string signed, with the secret\n"
	       "    as <secret>); -vvv adds the libcurl trace. Secrets and signatures are\n"
	       "    always redacted.\n"
	       " --max-items=N\n"
	       "    %c%s lines shown before '... N more' (default %d, 0 = all).\n"
	       " --max-message=BYTES\n"
	       "    Longest message shown (default %d, 0 = no limit).\n",
	       noun, noun[0] - 'a' + 'A', noun + 1, DEFAULT_MAX_ITEMS, DEFAULT_MAX_MESSAGE);
	printf(" --max-output=BYTES\n"
	       "    Size of the whole output (default %d, 0 = no limit, else\n"
	       "    %d to %d). Line 1's perfdata always stays whole;\n"
	       "    %s lines are dropped from the end, with a '... N more' line, and a\n"
	       "    long line 1 is cut before its perfdata. The default fits\n"
	       "    Nagios' external command buffer (passive results through NRDP or the\n"
	       "    command file). Through NSCA use 4095, through NRPE 2 use 1023: their\n"
	       "    buffers of 4096 and 1024 bytes include a terminating NUL.\n",
	       DEFAULT_MAX_OUTPUT, MAX_OUTPUT_MIN, MAX_OUTPUT_MAX, noun);
	printf(" --output-format=FORMAT\n"
	       "    nagios (default), json (one object, for scripts and cron), prometheus\n"
	       "    (text exposition format, for node_exporter's textfile collector) or\n"
	       "    checkmk (%s). The exit code is the state in every\n"
	       "    format.\n"
	       " --output-file=PATH\n"
	       "    Write the output to PATH instead of standard output, whole or not at\n"
	       "    all (a temporary file beside it, then rename). When it cannot be\n"
	       "    written, an UNKNOWN goes to standard output and PATH stays as it was.\n"
	       " --service-name=NAME\n"
	       "    Checkmk service name (default: '%s').\n"
	       "\n",
	       checkmk, service);
}

void help_exit_codes(void)
{
	printf("Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (also for --help,\n"
	       "--version and usage errors, as monitoring plugins do).\n");
}
