/* fetch.c - libcurl transfer with a time budget, retries, manual redirects
 * (so credentials never follow a redirect to another origin) and redaction. */
#include "config.h"
#include "fetch.h"
#include "redact.h"
#include "sanitize.h"
#include "sign.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define SNIPPET_MAX 512
#define MAX_REDIRECTS 5
#define RETRY_BACKOFF 0.5   /* seconds before the first retry, doubling */

double fetch_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void diag(const options *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void diag(const options *o, const char *fmt, ...)
{
	va_list ap;
	if (o->verbose < 2)
		return;
	va_start(ap, fmt);
	fputs("* ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* ---- body reception ---------------------------------------------------- */

typedef struct {
	const body_sink *sink;
	fetch_result *res;
	long max_size;
	size_t received;
	bool too_large;
	bool sink_failed;
} receiver;

static void receiver_reset(receiver *rx)
{
	rx->received = 0;
	rx->too_large = rx->sink_failed = false;
	strbuf_truncate(&rx->res->snippet, 0);
	if (rx->sink->reset)
		rx->sink->reset(rx->sink->ctx);
}

/* Returns false when the transfer should stop. */
static bool receive(receiver *rx, const char *data, size_t n)
{
	if (rx->received + n > (size_t)rx->max_size) {
		rx->too_large = true;
		return false;
	}
	rx->received += n;
	if (rx->res->snippet.len < SNIPPET_MAX) {
		size_t room = SNIPPET_MAX - rx->res->snippet.len;
		strbuf_appendn(&rx->res->snippet, data, n < room ? n : room);
	}
	if (!rx->sink_failed && rx->sink->write(rx->sink->ctx, data, n) != 0)
		rx->sink_failed = true;
	/* Once the body is known to be invalid, only the snippet matters. */
	return !(rx->sink_failed && rx->res->snippet.len >= SNIPPET_MAX);
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *userp)
{
	size_t n = size * nmemb;
	return receive(userp, data, n) ? n : 0;
}

/* ---- diagnostics ------------------------------------------------------- */

/* Removes userinfo and every query value except replicationId. */
static char *redact_url(const char *url)
{
	strbuf b = STRBUF_INIT;
	const char *scheme_end = strstr(url, "://");
	const char *p = url;

	if (scheme_end) {
		const char *host = scheme_end + 3;
		const char *stop = host + strcspn(host, "/?#");
		const char *at = memchr(host, '@', (size_t)(stop - host));
		strbuf_appendn(&b, url, (size_t)(host - url));
		if (at) {
			strbuf_append(&b, "<redacted>@");
			host = at + 1;
		}
		p = host;
	}
	const char *q = strchr(p, '?');
	if (!q) {
		strbuf_append(&b, p);
		return strbuf_detach(&b);
	}
	strbuf_appendn(&b, p, (size_t)(q - p) + 1);
	for (const char *s = q + 1; *s;) {
		size_t len = strcspn(s, "&");
		const char *eq = memchr(s, '=', len);
		if (eq && strncmp(s, "replicationId=", 14) != 0) {
			strbuf_appendn(&b, s, (size_t)(eq - s) + 1);
			strbuf_append(&b, "<redacted>");
		} else {
			strbuf_appendn(&b, s, len);
		}
		s += len;
		if (*s == '&')
			strbuf_appendc(&b, *s++);
	}
	return strbuf_detach(&b);
}

static bool header_is(const char *line, size_t len, const char *name)
{
	size_t n = strlen(name);
	return len > n && strncasecmp(line, name, n) == 0 && line[n] == ':';
}

static bool secret_header(const options *o, const char *line, size_t len)
{
	/* A signature can be replayed for as long as the service accepts
	 * its timestamp. */
	static const char *const always[] = { "Authorization", "Proxy-Authorization",
	                                      "Cookie", "Set-Cookie", SIGN_HEADER_SIGNATURE };
	for (size_t i = 0; i < sizeof always / sizeof always[0]; i++)
		if (header_is(line, len, always[i]))
			return true;
	if (o->token_header && header_is(line, len, o->token_header))
		return true;
	/* Extra headers often carry API keys: never print their values. */
	for (size_t i = 0; i < o->headers.n; i++) {
		size_t n = strcspn(o->headers.v[i], ":");
		char name[128];
		if (n >= sizeof name)
			continue;
		memcpy(name, o->headers.v[i], n);
		name[n] = '\0';
		if (header_is(line, len, name))
			return true;
	}
	return false;
}

/* What the trace needs: the options, and every secret of the run so far
 * (the configured credentials and each signature sent). */
typedef struct {
	const options *o;
	const strvec *secrets;
} trace_ctx;

/* Redacts by value, then sanitizes: one line of trace. */
static void trace_append(strbuf *line, const trace_ctx *t, const char *s, size_t len)
{
	strbuf clean = STRBUF_INIT;
	if (redact_append(&clean, s, len, (const char *const *)t->secrets->v, t->secrets->n))
		sanitize_append(line, clean.data, clean.len, 0);
	else
		sanitize_append(line, s, len, 0);
	strbuf_free(&clean);
}

static void trace_headers(const trace_ctx *t, const char *prefix, const char *data, size_t size)
{
	const options *o = t->o;
	const char *p = data, *end = data + size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		strbuf line = STRBUF_INIT;
		if (secret_header(o, p, len)) {
			strbuf_appendn(&line, p, strcspn(p, ":"));
			strbuf_append(&line, ": <redacted>");
		} else if ((len > 0 && strncmp(p, "GET ", 4) == 0) || header_is(p, len, "Location")) {
			/* The request line and redirects may carry a query with secrets. */
			char *raw = xstrndup(p, len);
			char *red = redact_url(raw);
			trace_append(&line, t, red, strlen(red));
			free(raw);
			free(red);
		} else {
			trace_append(&line, t, p, len);
		}
		if (line.len)
			fprintf(stderr, "%s %s\n", prefix, line.data);
		strbuf_free(&line);
		p = nl ? nl + 1 : end;
	}
}

static int on_debug(CURL *h, curl_infotype type, char *data, size_t size, void *userp)
{
	const trace_ctx *t = userp;
	(void)h;
	switch (type) {
	case CURLINFO_TEXT: {
		/* libcurl's own narration never holds header values, but it may
		 * echo a URL; sanitize and redact it like everything else. */
		char *raw = xstrndup(data, size);
		char *red = redact_url(raw);
		strbuf line = STRBUF_INIT;
		trace_append(&line, t, red, strlen(red));
		fprintf(stderr, "* %s\n", strbuf_str(&line));
		strbuf_free(&line);
		free(raw);
		free(red);
		break;
	}
	case CURLINFO_HEADER_OUT:
		trace_headers(t, ">", data, size);
		break;
	case CURLINFO_HEADER_IN:
		trace_headers(t, "<", data, size);
		break;
	default:
		break;
	}
	return 0;
}

/* ---- one request ------------------------------------------------------- */

typedef struct {
	CURLcode rc;
	long http_code;
	long os_errno;
	double retry_after;     /* seconds, < 0 when absent */
	bool tls_done;          /* a TLS handshake completed */
	bool has_skew;          /* the answer had a Date header */
	double skew;            /* its time minus ours, seconds */
	char *location;         /* absolute redirect target, or NULL */
	char errbuf[CURL_ERROR_SIZE];
} attempt;

static struct curl_slist *add_header(struct curl_slist *list, const char *line)
{
	struct curl_slist *next = curl_slist_append(list, line);
	return next ? next : list;
}

/* sig: the signing headers of this attempt, or NULL. */
static struct curl_slist *request_headers(const options *o, bool with_secrets,
                                          const sign_headers *sig)
{
	struct curl_slist *list = add_header(NULL, "Accept: application/json");
	strbuf h = STRBUF_INIT;

	if (sig) {
		strbuf_appendf(&h, SIGN_HEADER_ID ": %s", o->access_key_id);
		list = add_header(list, h.data);
		strbuf_truncate(&h, 0);
		strbuf_appendf(&h, SIGN_HEADER_TIMESTAMP ": %s", sig->timestamp);
		list = add_header(list, h.data);
		strbuf_truncate(&h, 0);
		strbuf_appendf(&h, SIGN_HEADER_SIGNATURE ": %s", sig->signature);
		list = add_header(list, h.data);
		strbuf_truncate(&h, 0);
	}
	if (with_secrets && o->token) {
		if (o->token_header)
			strbuf_appendf(&h, "%s: %s", o->token_header, o->token);
		else
			strbuf_appendf(&h, "Authorization: Bearer %s", o->token);
		list = add_header(list, h.data);
	}
	strbuf_free(&h);
	for (size_t i = 0; with_secrets && i < o->headers.n; i++)
		list = add_header(list, o->headers.v[i]);
	return list;
}

static void set_protocols(CURL *h)
{
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
}

static void configure(CURL *h, const options *o, const char *url, bool with_secrets,
                      double remaining, receiver *rx, const trace_ctx *trace,
                      struct curl_slist *headers, char *errbuf)
{
	long ms = (long)(remaining * 1000.0);
	if (ms < 1)
		ms = 1;
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	set_protocols(h);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, ms);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, ms);
	curl_easy_setopt(h, CURLOPT_USERAGENT, o->useragent);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_size);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, rx);
	if (with_secrets && o->basic_auth) {
		curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(h, CURLOPT_USERPWD, o->basic_auth);
	}
	if (o->ca_cert)
		curl_easy_setopt(h, CURLOPT_CAINFO, o->ca_cert);
	if (with_secrets && o->client_cert) {
		curl_easy_setopt(h, CURLOPT_SSLCERT, o->client_cert);
		if (o->private_key)
			curl_easy_setopt(h, CURLOPT_SSLKEY, o->private_key);
	}
	if (o->insecure) {
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (o->proxy)
		curl_easy_setopt(h, CURLOPT_PROXY, o->proxy);
	if (o->noproxy)
		curl_easy_setopt(h, CURLOPT_NOPROXY, o->noproxy);
	if (o->ip_version == 4)
		curl_easy_setopt(h, CURLOPT_IPRESOLVE, (long)CURL_IPRESOLVE_V4);
	else if (o->ip_version == 6)
		curl_easy_setopt(h, CURLOPT_IPRESOLVE, (long)CURL_IPRESOLVE_V6);
	if (o->verbose >= 3) {
		curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
		curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, on_debug);
		curl_easy_setopt(h, CURLOPT_DEBUGDATA, trace);
	}
}

/* The service's clock against ours, from the answer's Date header. */
static void measure_skew(CURL *h, attempt *a)
{
	struct curl_header *date = NULL;
	if (curl_easy_header(h, "Date", 0, CURLH_HEADER, -1, &date) != CURLHE_OK || !date)
		return;
	time_t theirs = curl_getdate(date->value, NULL);
	if (theirs == -1)
		return;
	a->has_skew = true;
	a->skew = difftime(theirs, time(NULL));
}

/* Signs this attempt: a fresh timestamp each time, so a retry or a
 * redirect is never refused as a replay. Returns false when libcrypto
 * fails, with the reason in a. */
static bool sign_attempt(const options *o, const char *sign_path, strvec *secrets,
                         sign_headers *sig, attempt *a)
{
	if (sign_request(sign_path, o->secret_key, time(NULL), sig)) {
		a->rc = CURLE_FAILED_INIT;
		snprintf(a->errbuf, sizeof a->errbuf, "cannot compute the request signature (libcrypto)");
		return false;
	}
	strvec_push(secrets, xstrdup(sig->signature));
	if (o->verbose >= 2) {
		char *shown = sign_string_shown(sign_path, sig->timestamp);
		diag(o, "signing %s (AccessKey ID %s): sha256(\"%s\")", sign_path, o->access_key_id,
		     shown);
		free(shown);
	}
	return true;
}

/* sign_path: the API path to sign, or NULL for an unsigned request. */
static void perform(CURL *h, const options *o, const char *url, bool with_secrets,
                    const char *sign_path, double remaining, receiver *rx,
                    trace_ctx *trace, strvec *secrets, attempt *a)
{
	sign_headers sig;
	char *loc = NULL;
	curl_off_t retry_after = -1;

	memset(a, 0, sizeof *a);
	a->retry_after = -1;
	if (sign_path && !sign_attempt(o, sign_path, secrets, &sig, a))
		return;
	struct curl_slist *headers = request_headers(o, with_secrets, sign_path ? &sig : NULL);
	curl_easy_reset(h);
	receiver_reset(rx);
	configure(h, o, url, with_secrets, remaining, rx, trace, headers, a->errbuf);
	a->rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &a->http_code);
	curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &a->os_errno);
	curl_off_t appconnect = 0;
	a->tls_done = curl_easy_getinfo(h, CURLINFO_APPCONNECT_TIME_T, &appconnect) == CURLE_OK &&
	              appconnect > 0;
	/* libcurl reports 0 both for "Retry-After: 0" and for no header. */
	if (curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK && retry_after > 0 &&
	    a->http_code != 0)
		a->retry_after = (double)retry_after;
	if (curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &loc) == CURLE_OK && loc)
		a->location = xstrdup(loc);
	if (a->http_code != 0)
		measure_skew(h, a);
	curl_slist_free_all(headers);
	/* Forget the credentials libcurl copied. */
	curl_easy_setopt(h, CURLOPT_USERPWD, NULL);
}

/* ---- classification ---------------------------------------------------- */

/* libcurl's messages carry timings ("after 3 ms"), which would make every
 * alert text unique; drop them. */
static void drop_timings(char *s)
{
	char *p;
	while ((p = strstr(s, " after ")) != NULL) {
		char *q = p + 7;
		while (*q >= '0' && *q <= '9')
			q++;
		if (q == p + 7 || strncmp(q, " ms", 3) != 0)
			break;
		memmove(p, q + 3, strlen(q + 3) + 1);
	}
}

static char *url_part(const char *url, CURLUPart part)
{
	CURLU *u = curl_url();
	char *v = NULL, *copy = NULL;
	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, part, &v, part == CURLUPART_PORT ? CURLU_DEFAULT_PORT : 0) == CURLUE_OK)
		copy = xstrdup(v);
	curl_free(v);
	curl_url_cleanup(u);
	return copy;
}

static bool same_origin(const char *a, const char *b)
{
	static const CURLUPart parts[] = { CURLUPART_SCHEME, CURLUPART_HOST, CURLUPART_PORT };
	bool same = true;
	for (size_t i = 0; same && i < 3; i++) {
		char *x = url_part(a, parts[i]), *y = url_part(b, parts[i]);
		same = x && y && strcasecmp(x, y) == 0;
		free(x);
		free(y);
	}
	return same;
}

/* With TLS 1.3 a server's refusal (no client certificate, say) arrives
 * after the handshake: as an alert on the first read, or, when the server
 * hangs up first, as a plain send or receive failure. */
static bool tls_alert(const attempt *a)
{
	if (a->rc != CURLE_RECV_ERROR && a->rc != CURLE_SEND_ERROR)
		return false;
	return strstr(a->errbuf, "SSL") || strstr(a->errbuf, "TLS") ||
	       (a->tls_done && a->http_code == 0);
}

static void classify(const attempt *a, const receiver *rx, const char *url,
                     double timeout, transfer_outcome *out)
{
	out->http_code = a->http_code;
	out->detail[0] = '\0';
	if (rx->too_large || a->rc == CURLE_FILESIZE_EXCEEDED) {
		out->status = XFER_TOO_LARGE;
		snprintf(out->detail, sizeof out->detail, "body exceeds --max-size");
		return;
	}
	if (a->rc == CURLE_OK || (a->rc == CURLE_WRITE_ERROR && rx->sink_failed)) {
		out->status = XFER_OK;
		return;
	}
	char *host = url_part(url, CURLUPART_HOST), *port = url_part(url, CURLUPART_PORT);
	switch (a->rc) {
	case CURLE_OPERATION_TIMEDOUT:
		out->status = XFER_TIMEOUT;
		snprintf(out->detail, sizeof out->detail, "no complete answer within %g s", timeout);
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		out->status = XFER_DNS;
		snprintf(out->detail, sizeof out->detail, "%s",
		         a->rc == CURLE_COULDNT_RESOLVE_PROXY ? "proxy host" : host ? host : "?");
		break;
	case CURLE_COULDNT_CONNECT:
		out->status = XFER_CONNECT;
		snprintf(out->detail, sizeof out->detail, "%s port %s: %s", host ? host : "?",
		         port ? port : "?",
		         a->os_errno ? strerror((int)a->os_errno) : "cannot connect");
		break;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
#if LIBCURL_VERSION_NUM >= 0x074d00
	case CURLE_SSL_CLIENTCERT:
#endif
		out->status = XFER_TLS;
		break;
	case CURLE_TOO_MANY_REDIRECTS:
	case CURLE_UNSUPPORTED_PROTOCOL:
		out->status = XFER_REDIRECT;
		break;
	default:
		out->status = XFER_OTHER;
		if (tls_alert(a)) {
			out->status = XFER_TLS;
			if (!strstr(a->errbuf, "SSL") && !strstr(a->errbuf, "TLS"))
				snprintf(out->detail, sizeof out->detail, "%s",
				         "the server closed the connection after the TLS handshake"
				         " (client certificate required?)");
		}
		break;
	}
	if (!out->detail[0]) {
		char msg[CURL_ERROR_SIZE];
		snprintf(msg, sizeof msg, "%s", a->errbuf[0] ? a->errbuf : curl_easy_strerror(a->rc));
		drop_timings(msg);
		snprintf(out->detail, sizeof out->detail, "%s", msg);
	}
	free(host);
	free(port);
}

static bool retryable(const attempt *a, const receiver *rx)
{
	if (rx->too_large || tls_alert(a))
		return false;
	switch (a->rc) {
	case CURLE_OK:
		return a->http_code == 429 || a->http_code == 502 ||
		       a->http_code == 503 || a->http_code == 504;
	case CURLE_COULDNT_CONNECT:
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
		return true;
	default:
		return false;
	}
}

static void sleep_for(double seconds)
{
	struct timespec ts;
	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

typedef enum { NEXT_DONE, NEXT_FOLLOW, NEXT_RETRY } next_step;

/* A redirect to follow, or a reason (in a) why not. */
static next_step redirect_step(const options *o, const char *origin, attempt *a,
                               int *redirects, bool *with_secrets)
{
	if (a->rc != CURLE_OK || !o->follow || a->http_code < 300 || a->http_code >= 400 ||
	    !a->location)
		return NEXT_DONE;
	if (++*redirects > MAX_REDIRECTS) {
		a->rc = CURLE_TOO_MANY_REDIRECTS;
		snprintf(a->errbuf, sizeof a->errbuf, "more than %d redirects", MAX_REDIRECTS);
		return NEXT_DONE;
	}
	if (strncasecmp(a->location, "http://", 7) != 0 &&
	    strncasecmp(a->location, "https://", 8) != 0) {
		a->rc = CURLE_UNSUPPORTED_PROTOCOL;
		snprintf(a->errbuf, sizeof a->errbuf, "redirect to a scheme other than http or https");
		return NEXT_DONE;
	}
	/* Credentials belong to the origin the user named, nowhere else. */
	if (*with_secrets && !same_origin(origin, a->location)) {
		*with_secrets = false;
		diag(o, "redirect leaves the original origin: credentials and extra headers dropped");
	}
	return NEXT_FOLLOW;
}

/* Waits and says NEXT_RETRY when another attempt is allowed and fits the
 * budget. */
static next_step retry_step(const options *o, const attempt *a, const receiver *rx,
                            int *retries_left, double deadline)
{
	if (*retries_left <= 0 || !retryable(a, rx))
		return NEXT_DONE;
	double wait = a->retry_after >= 0 ? a->retry_after
	            : RETRY_BACKOFF * (double)(1 << (o->retries - *retries_left));
	if (fetch_now() + wait + 0.1 >= deadline) {
		diag(o, "no time left for another retry");
		return NEXT_DONE;
	}
	(*retries_left)--;
	diag(o, "retrying in %.1f s", wait);
	sleep_for(wait);
	return NEXT_RETRY;
}

/* The part of url's path before api_path: a gateway prefix such as "/nd",
 * which is sent but not signed. */
static char *path_prefix(const char *url, const char *api_path)
{
	char *path = url_part(url, CURLUPART_PATH);
	size_t n = path ? strlen(path) : 0, m = strlen(api_path);
	if (path && n >= m && strcmp(path + n - m, api_path) == 0)
		path[n - m] = '\0';
	else if (path)
		path[0] = '\0';
	return path;
}

/* The path to sign for a request to url, NULL when it is not signed. */
static char *signed_path_of(const char *url, const char *prefix)
{
	char *path = url_part(url, CURLUPART_PATH);
	if (!path)
		return NULL;
	char *copy = xstrdup(sign_path(path, prefix));
	free(path);
	return copy;
}

void fetch_http(const options *o, const char *url, const char *api_path, double deadline,
                const body_sink *sink, fetch_result *res)
{
	static bool initialised;
	receiver rx = { sink, res, o->max_size, 0, false, false };
	char *current = xstrdup(url);
	bool with_secrets = true;
	bool signing = o->access_key_id && o->secret_key;
	int retries_left = o->retries, redirects = 0;
	attempt a;

	memset(res, 0, sizeof *res);
	for (size_t i = 0; i < o->secrets.n; i++)
		strvec_push(&res->secrets, xstrdup(o->secrets.v[i]));
	trace_ctx trace = { .o = o, .secrets = &res->secrets };
	char *prefix = signing ? path_prefix(url, api_path) : NULL;
	char *to_sign = signing ? xstrdup(api_path) : NULL;
	if (!initialised) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		initialised = true;
	}
	CURL *h = curl_easy_init();
	if (!h) {
		res->outcome.status = XFER_OTHER;
		snprintf(res->outcome.detail, sizeof res->outcome.detail, "cannot initialise libcurl");
		free(current);
		free(prefix);
		free(to_sign);
		return;
	}
	memset(&a, 0, sizeof a);
	for (;;) {
		double remaining = deadline - fetch_now();
		free(a.location);
		a.location = NULL;
		if (remaining <= 0) {
			memset(&a, 0, sizeof a);
			a.rc = CURLE_OPERATION_TIMEDOUT;
			break;
		}
		if (o->verbose >= 2) {
			char *red = redact_url(current);
			diag(o, "GET %s", red);
			free(red);
		}
		perform(h, o, current, with_secrets, with_secrets ? to_sign : NULL, remaining, &rx,
		        &trace, &res->secrets, &a);
		diag(o, "result: %s, HTTP %ld, %zu body bytes", curl_easy_strerror(a.rc),
		     a.http_code, rx.received);
		if (redirect_step(o, url, &a, &redirects, &with_secrets) == NEXT_FOLLOW) {
			free(current);
			current = a.location;
			a.location = NULL;
			/* The same origin under another path: signed for that path. */
			if (signing && with_secrets) {
				free(to_sign);
				to_sign = signed_path_of(current, prefix);
			}
			continue;
		}
		if (retry_step(o, &a, &rx, &retries_left, deadline) == NEXT_RETRY)
			continue;
		break;
	}
	classify(&a, &rx, current, o->timeout, &res->outcome);
	res->outcome.signed_request = signing && with_secrets;
	res->outcome.has_skew = a.has_skew;
	res->outcome.skew = a.skew;
	if (a.rc == CURLE_OK && a.http_code >= 300 && a.http_code < 400 && a.location)
		res->redirect_to = redact_url(a.location);
	free(a.location);
	free(current);
	free(prefix);
	free(to_sign);
	curl_easy_cleanup(h);
	res->outcome.redirect_to = res->redirect_to;
	res->outcome.snippet = res->snippet.data;
	res->outcome.snippet_len = res->snippet.len;
}

void fetch_file(const options *o, const body_sink *sink, fetch_result *res)
{
	receiver rx = { sink, res, o->max_size, 0, false, false };
	bool is_stdin = strcmp(o->file, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(o->file, "rb");
	char buf[65536];
	size_t n;

	memset(res, 0, sizeof *res);
	for (size_t i = 0; i < o->secrets.n; i++)
		strvec_push(&res->secrets, xstrdup(o->secrets.v[i]));
	if (!f) {
		res->outcome.status = XFER_FILE;
		snprintf(res->outcome.detail, sizeof res->outcome.detail, "%s: %s", o->file, strerror(errno));
		return;
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		if (!receive(&rx, buf, n))
			break;
	if (rx.too_large) {
		res->outcome.status = XFER_TOO_LARGE;
		snprintf(res->outcome.detail, sizeof res->outcome.detail, "body exceeds --max-size");
	} else if (ferror(f)) {
		res->outcome.status = XFER_FILE;
		snprintf(res->outcome.detail, sizeof res->outcome.detail, "%s: read error",
		         is_stdin ? "standard input" : o->file);
	}
	if (!is_stdin)
		fclose(f);
	res->outcome.snippet = res->snippet.data;
	res->outcome.snippet_len = res->snippet.len;
}

void fetch_result_free(fetch_result *res)
{
	strbuf_free(&res->snippet);
	strvec_free(&res->secrets);
	free(res->redirect_to);
	res->redirect_to = NULL;
}
