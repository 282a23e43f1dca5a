/* SPDX-License-Identifier: GPL-3.0-or-later */
/* exchange.c - one request's attempts on whatever easy handle runs them (the
 * single transfer's own, or a slot of the concurrent one): setup, signing,
 * manual redirects (credentials never follow one to another origin),
 * retries, and what the outcome means, in words that do not depend on the
 * libcurl version. */
#include "config.h"
#include "clock.h"
#include "exchange.h"
#include "redact.h"
#include "sanitize.h"
#include "sign.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SNIPPET_MAX 512

#define RETRY_BACKOFF 0.5 /* seconds before the first retry, doubling */

void exchange_diag(const options *o, const char *fmt, ...)
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

#define diag exchange_diag

bool exchange_global_init(void)
{
	static int state; /* 0: not yet, 1: ready, -1: failed */
	if (state == 0) {
		/* With CURLOPT_NOSIGNAL libcurl no longer ignores SIGPIPE for us,
		 * and libcurl 7.74 lets OpenSSL write TLS alerts with write(2):
		 * the close_notify after a connection reset killed the plugin
		 * instead of letting it report the reset (7.88 and later send
		 * with MSG_NOSIGNAL). A write to a closed stdout now fails with
		 * EPIPE instead of killing the process; the exit code stands. */
		struct sigaction ign = { .sa_handler = SIG_IGN };
		sigemptyset(&ign.sa_mask);
		sigaction(SIGPIPE, &ign, NULL);
		state = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 1 : -1;
	}
	return state == 1;
}

/* ---- body reception ---------------------------------------------------- */

static void receiver_reset(receiver *rx)
{
	rx->received = 0;
	rx->http_code = 0;
	rx->too_large = rx->sink_failed = rx->cut = false;
	strbuf_truncate(&rx->res->snippet, 0);
	if (rx->sink->reset)
		rx->sink->reset(rx->sink->ctx);
}

bool exchange_receive(receiver *rx, const char *data, size_t n)
{
	if (rx->received + n > (size_t)rx->max_size) {
		/* An error page only feeds the message: its status decides,
		 * however long the page. */
		if (rx->http_code >= 300)
			rx->cut = true;
		else
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
	receiver *rx = userp;
	size_t n = size * nmemb;
	if (rx->http_code == 0 && rx->handle)
		curl_easy_getinfo(rx->handle, CURLINFO_RESPONSE_CODE, &rx->http_code);
	return exchange_receive(rx, data, n) ? n : 0;
}

/* ---- one attempt ------------------------------------------------------- */

/* libcurl's debug callback, into trace lines. */
static int on_debug(CURL *h, curl_infotype type, char *data, size_t size, void *userp)
{
	(void)h;
	switch (type) {
	case CURLINFO_TEXT: trace_piece(userp, TRACE_TEXT, data, size); break;
	case CURLINFO_HEADER_OUT: trace_piece(userp, TRACE_HEADER_OUT, data, size); break;
	case CURLINFO_HEADER_IN: trace_piece(userp, TRACE_HEADER_IN, data, size); break;
	default: break;
	}
	return 0;
}

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
	for (size_t i = 0; with_secrets && i < o->n_headers; i++)
		list = add_header(list, o->headers[i].line);
	return list;
}

/* The value of a header line "Name: value\r\n" without blanks and the line
 * end, as [*v, *end). */
static void header_value(const char *data, size_t n, size_t name_len, const char **v,
                         const char **end)
{
	*v = data + name_len + 1;
	*end = data + n;
	while (*v < *end && (**v == ' ' || **v == '\t'))
		(*v)++;
	while (*end > *v && ((*end)[-1] == '\r' || (*end)[-1] == '\n' || (*end)[-1] == ' ' ||
	                     (*end)[-1] == '\t'))
		(*end)--;
}

/* Whether every libcurl CI runs would take this status line. They
 * disagree: 7.74 takes any "HTTP/d.d" and a code of any length (of "2000"
 * the first three digits), 7.88 and 8.x each refuse some of that, not the
 * same, and before this callback sees the line. Refused here, so that the
 * verdict is the same on all: a version other than 1.0, 1.1 or 2.0,
 * anything but one blank before the code, a code of other than three
 * digits or below 100. "HTTP/2 ", which libcurl writes for an HTTP/2
 * answer, is taken where HTTP/2 can be: over TLS. */
static bool status_line_ok(const char *s, size_t n, bool h2_possible)
{
	size_t v;
	if (n >= 9 && (strncmp(s + 5, "1.0 ", 4) == 0 || strncmp(s + 5, "1.1 ", 4) == 0 ||
	               strncmp(s + 5, "2.0 ", 4) == 0))
		v = 9;
	else if (h2_possible && n >= 7 && strncmp(s + 5, "2 ", 2) == 0)
		v = 7;
	else
		return false;
	for (size_t i = v; i < v + 3; i++)
		if (i >= n || s[i] < '0' || s[i] > '9')
			return false;
	return s[v] != '0' && (n == v + 3 || s[v + 3] < '0' || s[v + 3] > '9');
}

/* Two headers are read as they arrive. Location: libcurl resolves it
 * (CURLINFO_REDIRECT_URL) only for a transfer that ran to the end, and one
 * whose error page we stopped reading still has to say where it points.
 * Date: the service's clock, for the skew a refused signature may be due
 * to (read here rather than through curl_easy_header, which libcurl 7.84
 * brought and the supported systems' older libcurl lacks). */
static size_t on_header(char *data, size_t size, size_t nmemb, void *userp)
{
	attempt *a = userp;
	size_t n = size * nmemb;
	const char *v, *end;
	if (n >= 5 && strncasecmp(data, "HTTP/", 5) == 0) {
		if (!status_line_ok(data, n, a->h2_possible)) {
			a->bad_status_line = true;
			return 0; /* ends the transfer with CURLE_WRITE_ERROR */
		}
		a->status_line_seen = true;
		/* a new answer (after 100 Continue or a proxy's CONNECT, say) */
		free(a->location_header);
		a->location_header = NULL;
		a->has_date = false;
	} else if (trace_header_is(data, n, "Location")) {
		header_value(data, n, strlen("Location"), &v, &end);
		free(a->location_header);
		a->location_header = end > v ? xstrndup(v, (size_t)(end - v)) : NULL;
	} else if (trace_header_is(data, n, "Date")) {
		header_value(data, n, strlen("Date"), &v, &end);
		char date[64];
		if (end > v && (size_t)(end - v) < sizeof date) {
			memcpy(date, v, (size_t)(end - v));
			date[end - v] = '\0';
			a->date = curl_getdate(date, NULL);
			a->has_date = a->date != -1;
		}
	}
	return n;
}

/* target resolved against base, as a browser would; NULL if either is bad. */
static char *resolve_url(const char *base, const char *target)
{
	CURLU *u = curl_url();
	char *v = NULL, *copy = NULL;
	if (u && curl_url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_URL, target, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_URL, &v, 0) == CURLUE_OK)
		copy = xstrdup(v);
	curl_free(v);
	curl_url_cleanup(u);
	return copy;
}

/* Our own words for why libcurl refused an option, so the message does not
 * depend on the libcurl version. */
static const char *setopt_reason(CURLcode rc)
{
	switch (rc) {
	case CURLE_UNKNOWN_OPTION: return "unknown to this libcurl";
	case CURLE_NOT_BUILT_IN: return "not built into this libcurl";
	case CURLE_BAD_FUNCTION_ARGUMENT: return "value refused";
	case CURLE_OUT_OF_MEMORY: return "out of memory";
	default: return "refused";
	}
}

static CURLcode setopt_failed(attempt *a, const char *name, CURLcode rc)
{
	a->setup_failed = true;
	snprintf(a->errbuf, sizeof a->errbuf, "cannot set %s: %s (libcurl error %d)", name,
	         setopt_reason(rc), (int)rc);
	return rc;
}

/* Every option counts: a transfer that goes on without one of them (the
 * protocol restriction, TLS verification, the time limits) is weaker than
 * what was asked for, so the first refusal ends the attempt. */
/* name: what a refusal reports. The option's name, but for a setting that
 * libcurl versions spell with different options: the setting. */
#define SETOPT_AS(opt, name, val) \
	do { \
		CURLcode setopt_rc_ = curl_easy_setopt(h, opt, val); \
		if (setopt_rc_ != CURLE_OK) \
			return setopt_failed(a, name, setopt_rc_); \
	} while (0)
#define SETOPT(opt, val) SETOPT_AS(opt, #opt, val)

#define PROTOCOLS_SETTING "the allowed protocols"
#define REDIR_PROTOCOLS_SETTING "the allowed redirect protocols"

static CURLcode configure(CURL *h, const options *o, const char *url, bool with_secrets,
                          double remaining, receiver *rx, const trace_ctx *trace,
                          struct curl_slist *headers, CURLSH *share, attempt *a)
{
	long ms = (long)(remaining * 1000.0);
	if (ms < 1)
		ms = 1;
	/* First, so that libcurl explains any later refusal there too. */
	SETOPT(CURLOPT_ERRORBUFFER, a->errbuf);
#if CURL_AT_LEAST_VERSION(7, 85, 0) /* the _STR forms */
	SETOPT_AS(CURLOPT_PROTOCOLS_STR, PROTOCOLS_SETTING, "http,https");
	SETOPT_AS(CURLOPT_REDIR_PROTOCOLS_STR, REDIR_PROTOCOLS_SETTING, "http,https");
#else
	SETOPT_AS(CURLOPT_PROTOCOLS, PROTOCOLS_SETTING, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	SETOPT_AS(CURLOPT_REDIR_PROTOCOLS, REDIR_PROTOCOLS_SETTING,
	          (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	SETOPT(CURLOPT_URL, url);
	SETOPT(CURLOPT_NOSIGNAL, 1L);
	SETOPT(CURLOPT_FOLLOWLOCATION, 0L);
	SETOPT(CURLOPT_TIMEOUT_MS, ms);
	SETOPT(CURLOPT_CONNECTTIMEOUT_MS, ms);
	SETOPT(CURLOPT_USERAGENT, o->useragent);
	SETOPT(CURLOPT_HTTPHEADER, headers);
	SETOPT(CURLOPT_ACCEPT_ENCODING, "");
	SETOPT(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_size);
	SETOPT(CURLOPT_WRITEFUNCTION, on_body);
	SETOPT(CURLOPT_WRITEDATA, rx);
	SETOPT(CURLOPT_HEADERFUNCTION, on_header);
	SETOPT(CURLOPT_HEADERDATA, a);
	/* Stated, not assumed from libcurl's defaults. */
	SETOPT(CURLOPT_SSL_VERIFYPEER, o->insecure ? 0L : 1L);
	SETOPT(CURLOPT_SSL_VERIFYHOST, o->insecure ? 0L : 2L);
	if (with_secrets && o->basic_auth) {
		SETOPT(CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		SETOPT(CURLOPT_USERPWD, o->basic_auth);
	}
	if (o->ca_cert)
		SETOPT(CURLOPT_CAINFO, o->ca_cert);
	if (with_secrets && o->client_cert) {
		SETOPT(CURLOPT_SSLCERT, o->client_cert);
		if (o->private_key)
			SETOPT(CURLOPT_SSLKEY, o->private_key);
	}
	if (o->proxy)
		SETOPT(CURLOPT_PROXY, o->proxy);
	if (o->noproxy)
		SETOPT(CURLOPT_NOPROXY, o->noproxy);
	if (o->ip_version == 4)
		SETOPT(CURLOPT_IPRESOLVE, (long)CURL_IPRESOLVE_V4);
	else if (o->ip_version == 6)
		SETOPT(CURLOPT_IPRESOLVE, (long)CURL_IPRESOLVE_V6);
	if (o->verbose >= 3) {
		SETOPT(CURLOPT_DEBUGFUNCTION, on_debug);
		SETOPT(CURLOPT_DEBUGDATA, trace);
		SETOPT(CURLOPT_VERBOSE, 1L);
	}
	if (share) {
		/* One TLS session and one DNS answer for all the requests, and a
		 * multiplexed HTTP/2 connection waited for rather than a new one
		 * opened. */
		SETOPT(CURLOPT_SHARE, share);
		SETOPT(CURLOPT_PIPEWAIT, 1L);
	}
	return CURLE_OK;
}

#undef SETOPT
#undef SETOPT_AS

/* The service's clock against ours, from the answer's Date header. */
static void measure_skew(attempt *a)
{
	if (!a->has_date)
		return;
	a->has_skew = true;
	a->skew = difftime(a->date, time(NULL));
}

/* Signs this attempt: a fresh timestamp each time, so a retry or a
 * redirect is never refused as a replay. Returns false when libcrypto
 * fails, with the reason in a. */
static bool sign_attempt(const options *o, const char *sign_path, strvec *secrets,
                         sign_headers *sig, attempt *a)
{
	if (sign_request(sign_path, o->secret_key, time(NULL), sig)) {
		/* Like a refused option: nothing may be sent unsigned. */
		a->rc = CURLE_FAILED_INIT;
		a->setup_failed = true;
		snprintf(a->errbuf, sizeof a->errbuf,
		         "cannot compute the request signature (libcrypto)");
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

bool exchange_prepare(exchange *x, CURL *h, double remaining)
{
	attempt *a = &x->a;
	sign_headers sig;
	const char *sign_path = x->with_secrets ? x->to_sign : NULL;

	free(a->location);
	free(a->location_header);
	memset(a, 0, sizeof *a);
	a->retry_after = -1;
	a->h2_possible = strncasecmp(x->current, "https://", 8) == 0;
	if (x->o->verbose >= 2) {
		char *red = trace_redact_url(x->current);
		diag(x->o, "GET %s", red);
		free(red);
	}
	if (sign_path && !sign_attempt(x->o, sign_path, &x->res->secrets, &sig, a))
		return false;
	curl_slist_free_all(x->headers);
	x->headers = request_headers(x->o, x->with_secrets, sign_path ? &sig : NULL);
	curl_easy_reset(h);
	x->rx.handle = h;
	receiver_reset(&x->rx);
	a->rc = configure(h, x->o, x->current, x->with_secrets, remaining, &x->rx, &x->trace,
	                  x->headers, x->share, a);
	if (a->rc != CURLE_OK) {
		curl_slist_free_all(x->headers);
		x->headers = NULL;
		return false;
	}
	return true;
}

void exchange_collect(exchange *x, CURL *h, CURLcode rc)
{
	attempt *a = &x->a;
	receiver *rx = &x->rx;
	const char *url = x->current;
	char *loc = NULL;
	curl_off_t retry_after = -1;

	a->rc = rc;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &a->http_code);
	/* A refused status line is one report, whoever refused it: we (see
	 * status_line_ok), or libcurl with CURLE_UNSUPPORTED_PROTOCOL or, by
	 * version, CURLE_WEIRD_SERVER_REPLY. A weird reply before any status
	 * line reached us is one about the status line. */
	if ((a->rc == CURLE_WRITE_ERROR && a->bad_status_line) ||
	    (a->rc == CURLE_WEIRD_SERVER_REPLY && !a->status_line_seen)) {
		a->rc = CURLE_UNSUPPORTED_PROTOCOL;
		a->http_code = 0;
	}
	/* Status line and headers are complete once the body starts: they
	 * decide about retries and redirects. Where we stopped reading the body
	 * (an error page too long or not JSON) only the message is shorter. */
	if ((a->rc == CURLE_WRITE_ERROR && (rx->sink_failed || rx->cut)) ||
	    (a->rc == CURLE_FILESIZE_EXCEEDED && a->http_code >= 300)) {
		a->rc = CURLE_OK;
		a->body_cut = true;
	}
	curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &a->os_errno);
	char *primary_ip = NULL;
	a->connected = curl_easy_getinfo(h, CURLINFO_PRIMARY_IP, &primary_ip) == CURLE_OK &&
	               primary_ip && *primary_ip;
	curl_easy_getinfo(h, CURLINFO_HTTP_CONNECTCODE, &a->connect_code);
#if CURL_AT_LEAST_VERSION(8, 7, 0) /* CURLINFO_USED_PROXY */
	long used_proxy = 0;
	a->via_proxy_known = curl_easy_getinfo(h, CURLINFO_USED_PROXY, &used_proxy) == CURLE_OK;
	a->via_proxy = used_proxy != 0;
#endif
	curl_off_t appconnect = 0;
	a->tls_done = curl_easy_getinfo(h, CURLINFO_APPCONNECT_TIME_T, &appconnect) == CURLE_OK &&
	              appconnect > 0;
	/* libcurl reports 0 both for "Retry-After: 0" and for no header. */
	if (curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK &&
	    retry_after > 0 && a->http_code != 0)
		a->retry_after = (double)retry_after;
	if (curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &loc) == CURLE_OK && loc)
		a->location = xstrdup(loc);
	else if (a->body_cut && a->http_code >= 300 && a->http_code < 400 && a->location_header)
		a->location = resolve_url(url, a->location_header);
	free(a->location_header);
	a->location_header = NULL;
	if (a->http_code != 0)
		measure_skew(a);
	/* Forget the credentials libcurl copied. Nothing is sent after this,
	 * and curl_easy_reset before the next attempt drops them anyway, so a
	 * refusal here weakens nothing. */
	(void)curl_easy_setopt(h, CURLOPT_USERPWD, NULL);
	curl_slist_free_all(x->headers);
	x->headers = NULL;
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
 * hangs up first, as a plain send or receive failure. Told apart by what
 * happened (a handshake, then no HTTP answer), not by libcurl's words. */
static bool tls_alert(const attempt *a)
{
	return (a->rc == CURLE_RECV_ERROR || a->rc == CURLE_SEND_ERROR) && a->tls_done &&
	       a->http_code == 0;
}

/* ---- who the peer was ---------------------------------------------------- */

static bool noproxy_match(const char *list, const char *host)
{
	size_t hlen = strlen(host);
	if (hlen >= 2 && host[0] == '[' && host[hlen - 1] == ']') {
		host++;
		hlen -= 2;
	}
	for (const char *p = list; *p;) {
		p += strspn(p, ", \t");
		size_t n = strcspn(p, ", \t");
		const char *e = p;
		if (n == 1 && *e == '*')
			return true;
		if (n > 0 && *e == '.') {
			e++;
			n--;
		}
		if (n > 0 && n <= hlen && strncasecmp(host + hlen - n, e, n) == 0 &&
		    (n == hlen || host[hlen - n - 1] == '.'))
			return true;
		p += strcspn(p, ", \t");
	}
	return false;
}

/* The proxy libcurl picks for url, the way libcurl picks it: --proxy, else
 * the scheme's variable (http_proxy only in lower case, as libcurl reads
 * it), else all_proxy; with where it came from. NULL when there is none or
 * --noproxy / no_proxy exempts the host. */
static const char *proxy_for(const options *o, const char *url, bool apply_noproxy,
                             const char **source)
{
	static const char *const https_vars[] = { "https_proxy", "HTTPS_PROXY", "all_proxy",
		                                  "ALL_PROXY" };
	static const char *const http_vars[] = { "http_proxy", "all_proxy", "ALL_PROXY" };
	const char *proxy = NULL;

	if (o->proxy) {
		proxy = o->proxy;
		*source = "--proxy";
	} else {
		bool https = strncasecmp(url, "https:", 6) == 0;
		const char *const *vars = https ? https_vars : http_vars;
		size_t n = https ? 4 : 3;
		for (size_t i = 0; !proxy && i < n; i++) {
			const char *v = getenv(vars[i]);
			if (v && *v) {
				proxy = v;
				*source = vars[i];
			}
		}
	}
	if (!proxy || !*proxy)
		return NULL;
	if (apply_noproxy) {
		const char *np = o->noproxy ? o->noproxy : getenv("no_proxy");
		if (!np && !o->noproxy)
			np = getenv("NO_PROXY");
		char *host = url_part(url, CURLUPART_HOST);
		bool exempt = np && host && noproxy_match(np, host);
		free(host);
		if (exempt)
			return NULL;
	}
	return proxy;
}

/* "proxy HOST port PORT (from SOURCE)" when the attempt went through a
 * proxy, else "HOST port PORT" of the URL: the peer that answered or
 * refused. */
static void describe_peer(const attempt *a, const options *o, const char *url, char *out,
                          size_t outlen)
{
	const char *source = NULL;
	const char *proxy = proxy_for(o, url, !a->via_proxy_known, &source);
	if (a->via_proxy_known && !a->via_proxy)
		proxy = NULL;
	if (proxy) {
		CURLU *u = curl_url();
		char *host = NULL, *port = NULL, *scheme = NULL;
		if (u &&
		    curl_url_set(u, CURLUPART_URL, proxy,
		                 CURLU_DEFAULT_SCHEME | CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK) {
			curl_url_get(u, CURLUPART_HOST, &host, 0);
			curl_url_get(u, CURLUPART_PORT, &port, 0);
			curl_url_get(u, CURLUPART_SCHEME, &scheme, 0);
		}
		/* libcurl's default proxy port is 1080, not the scheme's. */
		const char *dport = scheme && strcasecmp(scheme, "https") == 0 ? "443" : "1080";
		snprintf(out, outlen, "proxy %s port %s (from %s%s)", host ? host : "?",
		         port ? port : dport, strncmp(source, "--", 2) == 0 ? "" : "$", source);
		curl_free(host);
		curl_free(port);
		curl_free(scheme);
		curl_url_cleanup(u);
		return;
	}
	char *host = url_part(url, CURLUPART_HOST), *port = url_part(url, CURLUPART_PORT);
	snprintf(out, outlen, "%s port %s", host ? host : "?", port ? port : "?");
	free(host);
	free(port);
}

/* ---- classification ---------------------------------------------------- */

/* What a libcurl result code means, in our words. A NULL text means
 * libcurl's own message says more than the code (which certificate check
 * failed, which system call): it is used, with its timings dropped. %s in
 * a text is the peer. */
typedef struct {
	CURLcode rc;
	xfer_status status;
	const char *text;
} curl_meaning;

static const curl_meaning meanings[] = {
	{ CURLE_OPERATION_TIMEDOUT, XFER_TIMEOUT, NULL },
	{ CURLE_COULDNT_RESOLVE_HOST, XFER_DNS, NULL },
	{ CURLE_COULDNT_RESOLVE_PROXY, XFER_DNS, NULL },
	{ CURLE_COULDNT_CONNECT, XFER_CONNECT, NULL },
	{ CURLE_INTERFACE_FAILED, XFER_CONNECT, "cannot bind the local end of the connection" },
	{ CURLE_PROXY, XFER_CONNECT, "%s: the proxy handshake failed" },
	/* The peer answered, but not in HTTP/1.x or HTTP/2. */
	{ CURLE_UNSUPPORTED_PROTOCOL, XFER_PROTOCOL,
	  "%s did not answer in HTTP: HTTP/0.9, an unsupported HTTP version,"
	  " or another protocol (TLS, SSH, ...) on this port" },
	{ CURLE_WEIRD_SERVER_REPLY, XFER_PROTOCOL,
	  "%s sent a malformed HTTP answer (status line or headers)" },
	{ CURLE_HTTP2, XFER_PROTOCOL, "%s broke the HTTP/2 framing" },
	{ CURLE_HTTP2_STREAM, XFER_PROTOCOL, "%s reset or broke the HTTP/2 stream" },
	{ CURLE_HTTP3, XFER_PROTOCOL, "%s broke the HTTP/3 protocol" },
	{ CURLE_BAD_CONTENT_ENCODING, XFER_PROTOCOL,
	  "%s sent a body whose Content-Encoding cannot be decoded" },
	{ CURLE_GOT_NOTHING, XFER_OTHER, "%s closed the connection without answering" },
	{ CURLE_RECV_ERROR, XFER_OTHER, NULL },
	{ CURLE_SEND_ERROR, XFER_OTHER, NULL },
	{ CURLE_PARTIAL_FILE, XFER_OTHER, NULL },
	/* TLS, by code: libcurl's text names the check that failed. */
	{ CURLE_SSL_CONNECT_ERROR, XFER_TLS, NULL },
	{ CURLE_PEER_FAILED_VERIFICATION, XFER_TLS, NULL },
	{ CURLE_SSL_CERTPROBLEM, XFER_TLS, NULL },
	{ CURLE_SSL_CIPHER, XFER_TLS, NULL },
	{ CURLE_SSL_CACERT_BADFILE, XFER_TLS, NULL },
	{ CURLE_SSL_ISSUER_ERROR, XFER_TLS, NULL },
	{ CURLE_SSL_CRL_BADFILE, XFER_TLS, NULL },
	{ CURLE_SSL_PINNEDPUBKEYNOTMATCH, XFER_TLS, NULL },
	{ CURLE_SSL_INVALIDCERTSTATUS, XFER_TLS, NULL },
	{ CURLE_SSL_ENGINE_NOTFOUND, XFER_TLS, NULL },
	{ CURLE_SSL_ENGINE_SETFAILED, XFER_TLS, NULL },
	{ CURLE_SSL_ENGINE_INITFAILED, XFER_TLS, NULL },
	{ CURLE_SSL_SHUTDOWN_FAILED, XFER_TLS, NULL },
	{ CURLE_USE_SSL_FAILED, XFER_TLS, NULL },
#if CURL_AT_LEAST_VERSION(7, 77, 0) /* CURLE_SSL_CLIENTCERT */
	{ CURLE_SSL_CLIENTCERT, XFER_TLS, NULL },
#endif
	{ CURLE_FILESIZE_EXCEEDED, XFER_TOO_LARGE, "body exceeds --max-size" },
	{ CURLE_TOO_MANY_REDIRECTS, XFER_REDIRECT, "too many redirects" },
	{ CURLE_URL_MALFORMAT, XFER_SETUP, "the URL is malformed" },
	{ CURLE_NOT_BUILT_IN, XFER_SETUP,
	  "a feature this request needs is not built into libcurl" },
	{ CURLE_UNKNOWN_OPTION, XFER_SETUP, "libcurl does not know an option this request needs" },
	{ CURLE_FAILED_INIT, XFER_SETUP, "libcurl failed to initialise" },
	{ CURLE_OUT_OF_MEMORY, XFER_OTHER, "out of memory" },
	{ CURLE_WRITE_ERROR, XFER_OTHER, "the body could not be stored" },
	{ CURLE_ABORTED_BY_CALLBACK, XFER_OTHER, "the transfer was aborted" },
};

xfer_status fetch_curl_meaning(int code, const char **text)
{
	for (size_t i = 0; i < sizeof meanings / sizeof meanings[0]; i++) {
		if ((int)meanings[i].rc == code) {
			*text = meanings[i].text;
			return meanings[i].status;
		}
	}
	*text = NULL;
	return XFER_OTHER;
}

/* Details are cut to fit, on purpose: a long host name must not cost the
 * rest of the message its place, and the renderer caps them again. */
static void set_detail(transfer_outcome *out, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void set_detail(transfer_outcome *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out->detail, sizeof out->detail, fmt, ap);
	va_end(ap);
}

/* libcurl 7.74 words a system error on a TLS connection's read after
 * OpenSSL ("OpenSSL SSL_read: Connection reset by peer, errno 104"), 7.88
 * and later as on a plain one ("Recv failure: Connection reset by peer"):
 * the later words, when the text is the system's error for that errno.
 * CURLINFO_OS_ERRNO cannot say it: 7.88 overwrites it with the EPIPE of
 * the close_notify it sends after the reset. */
static void tls_read_failure_as_recv(char *msg, size_t size)
{
	static const char prefix[] = "OpenSSL SSL_read: ";
	if (strncmp(msg, prefix, sizeof prefix - 1) != 0)
		return;
	const char *text = msg + sizeof prefix - 1;
	const char *tail = strstr(text, ", errno ");
	if (!tail)
		return;
	char *num_end;
	long e = strtol(tail + strlen(", errno "), &num_end, 10);
	if (e <= 0 || e > INT_MAX || *num_end)
		return;
	const char *syserr = strerror((int)e);
	if (strlen(syserr) != (size_t)(tail - text) || strncmp(text, syserr, strlen(syserr)) != 0)
		return;
	snprintf(msg, size, "Recv failure: %s", syserr);
}

static void classify(const attempt *a, const receiver *rx, const char *url, const options *o,
                     transfer_outcome *out)
{
	out->http_code = a->http_code;
	out->detail[0] = '\0';
	if (rx->too_large) {
		out->status = XFER_TOO_LARGE;
		set_detail(out, "body exceeds --max-size");
		return;
	}
	if (a->rc == CURLE_OK) {
		out->status = XFER_OK;
		return;
	}
	if (a->setup_failed || a->redirect_refused) {
		out->status = a->setup_failed ? XFER_SETUP : XFER_REDIRECT;
		set_detail(out, "%s", a->errbuf);
		return;
	}

	const char *text;
	char peer[300];
	describe_peer(a, o, url, peer, sizeof peer);
	out->status = fetch_curl_meaning((int)a->rc, &text);
	if (a->connect_code >= 300) {
		/* The proxy was reached and said no to the tunnel. */
		out->status = XFER_CONNECT;
		set_detail(out, "%s refused the tunnel: HTTP %ld", peer, a->connect_code);
		return;
	}
	switch (a->rc) {
	case CURLE_OPERATION_TIMEDOUT:
		set_detail(out, "no complete answer within %g s", o->timeout);
		return;
	case CURLE_COULDNT_RESOLVE_HOST: {
		char *host = url_part(url, CURLUPART_HOST);
		set_detail(out, "%s", host ? host : "?");
		free(host);
		return;
	}
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
		if (a->rc == CURLE_COULDNT_RESOLVE_PROXY && strncmp(peer, "proxy ", 6) != 0)
			snprintf(peer, sizeof peer,
			         "proxy host"); /* from somewhere libcurl alone knows */
		if (a->rc == CURLE_COULDNT_RESOLVE_PROXY)
			set_detail(out, "%s", peer);
		else
			set_detail(out, "%s: %s", peer,
			           a->os_errno ? strerror((int)a->os_errno) : "cannot connect");
		return;
	case CURLE_SSL_CACERT_BADFILE:
		/* Our words: libcurl 7.74 names the CA directory too, 7.88 only
		 * the file, and each in its own phrasing. */
		if (o->ca_cert) {
			set_detail(out, "cannot load CA certificates from %s", o->ca_cert);
			return;
		}
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
		/* Before any connection, it is the URL's scheme libcurl lacks. */
		if (!a->connected) {
			out->status = XFER_SETUP;
			text = "this libcurl does not speak the URL's scheme";
		}
		break;
	default: break;
	}
	if (tls_alert(a)) {
		out->status = XFER_TLS;
		char msg[CURL_ERROR_SIZE];
		snprintf(msg, sizeof msg, "%s",
		         a->errbuf[0] ? a->errbuf : curl_easy_strerror(a->rc));
		drop_timings(msg);
		set_detail(out,
		           "%s ended the connection after the TLS handshake"
		           " (client certificate required?): %s",
		           peer, msg);
		return;
	}
	if (text) {
		/* Our texts hold at most one %s: the peer. */
		if (strstr(text, "%s")) {
			const char *at = strstr(text, "%s");
			set_detail(out, "%.*s%s%s", (int)(at - text), text, peer, at + 2);
		} else {
			set_detail(out, "%s", text);
		}
		return;
	}
	char msg[CURL_ERROR_SIZE];
	snprintf(msg, sizeof msg, "%s", a->errbuf[0] ? a->errbuf : curl_easy_strerror(a->rc));
	drop_timings(msg);
	if (a->rc == CURLE_RECV_ERROR)
		tls_read_failure_as_recv(msg, sizeof msg);
	set_detail(out, "%s", msg);
}

static bool retryable(const attempt *a, const receiver *rx)
{
	if (rx->too_large || a->setup_failed || tls_alert(a))
		return false;
	switch (a->rc) {
	case CURLE_OK:
		return a->http_code == 429 || a->http_code == 502 || a->http_code == 503 ||
		       a->http_code == 504;
	case CURLE_COULDNT_CONNECT:
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE: return true;
	default: return false;
	}
}

/* A redirect to follow, or a reason (in a) why not. */
static next_step redirect_step(const options *o, const char *origin, attempt *a, int *redirects,
                               bool *with_secrets)
{
	if (a->rc != CURLE_OK || !o->follow || a->http_code < 300 || a->http_code >= 400 ||
	    !a->location)
		return NEXT_DONE;
	if (++*redirects > MAX_REDIRECTS) {
		a->rc = CURLE_TOO_MANY_REDIRECTS;
		a->redirect_refused = true;
		snprintf(a->errbuf, sizeof a->errbuf, "more than %d redirects", MAX_REDIRECTS);
		return NEXT_DONE;
	}
	if (strncasecmp(a->location, "http://", 7) != 0 &&
	    strncasecmp(a->location, "https://", 8) != 0) {
		a->rc = CURLE_UNSUPPORTED_PROTOCOL;
		a->redirect_refused = true;
		snprintf(a->errbuf, sizeof a->errbuf,
		         "redirect to a scheme other than http or https");
		return NEXT_DONE;
	}
	/* Credentials belong to the origin the user named, nowhere else. */
	if (*with_secrets && !same_origin(origin, a->location)) {
		*with_secrets = false;
		diag(o,
		     "redirect leaves the original origin: credentials and extra headers dropped");
	}
	return NEXT_FOLLOW;
}

/* NEXT_RETRY, with the wait, when another attempt is allowed and fits the
 * budget. */
static next_step retry_step(exchange *x, double deadline, double *wait)
{
	const attempt *a = &x->a;
	/* A rate limit says when to come back. Where it is asked to (the
	 * concurrent transfer, whose requests share the limit), that is
	 * followed whatever --retries says, up to MAX_RETRIES times. */
	bool rate_limited = x->retry_rate_limits && a->rc == CURLE_OK && a->retry_after >= 0 &&
	                    (a->http_code == 429 || a->http_code == 503);
	int *left = rate_limited ? &x->rate_retries_left : &x->retries_left;
	if (*left <= 0 || !retryable(a, &x->rx))
		return NEXT_DONE;
	*wait = a->retry_after >= 0 ? a->retry_after
	                            : RETRY_BACKOFF * (double)(1 << (x->o->retries - x->retries_left));
	if (clock_now() + *wait + 0.1 >= deadline) {
		diag(x->o, "no time left for another retry");
		return NEXT_DONE;
	}
	(*left)--;
	diag(x->o, "retrying in %.1f s", *wait);
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

/* ---- the exchange --------------------------------------------------------- */

void exchange_init(exchange *x, const options *o, const char *url, const char *api_path,
                   const body_sink *sink, fetch_result *res)
{
	memset(res, 0, sizeof *res);
	for (size_t i = 0; i < o->secrets.n; i++)
		strvec_push(&res->secrets, xstrdup(o->secrets.v[i]));
	*x = (exchange){
		.o = o,
		.origin = xstrdup(url),
		.current = xstrdup(url),
		.signing = o->access_key_id && o->secret_key,
		.with_secrets = true,
		.retries_left = o->retries,
		.rate_retries_left = MAX_RETRIES,
		.rx = { .sink = sink, .res = res, .max_size = o->max_size },
		.a = { .retry_after = -1 },
		.trace = { .o = o, .secrets = &res->secrets, .out = stderr },
		.res = res,
	};
	if (x->signing) {
		x->prefix = path_prefix(url, api_path);
		x->to_sign = xstrdup(api_path);
	}
}

next_step exchange_next(exchange *x, double deadline, double *wait)
{
	attempt *a = &x->a;
	*wait = 0;
	diag(x->o, "result: %s, HTTP %ld, %zu body bytes%s", curl_easy_strerror(a->rc), a->http_code,
	     x->rx.received, a->body_cut ? " (rest of the error body not read)" : "");
	if (redirect_step(x->o, x->origin, a, &x->redirects, &x->with_secrets) == NEXT_FOLLOW) {
		free(x->current);
		x->current = a->location;
		a->location = NULL;
		/* The same origin under another path: signed for that path. */
		if (x->signing && x->with_secrets) {
			free(x->to_sign);
			x->to_sign = signed_path_of(x->current, x->prefix);
		}
		return NEXT_FOLLOW;
	}
	return retry_step(x, deadline, wait);
}

void exchange_timed_out(exchange *x)
{
	free(x->a.location);
	free(x->a.location_header);
	x->a = (attempt){ .rc = CURLE_OPERATION_TIMEDOUT, .retry_after = -1 };
}

void exchange_finish(exchange *x)
{
	fetch_result *res = x->res;
	attempt *a = &x->a;
	classify(a, &x->rx, x->current, x->o, &res->outcome);
	res->outcome.signed_request = x->signing && x->with_secrets;
	res->outcome.has_skew = a->has_skew;
	res->outcome.skew = a->skew;
	if (a->rc == CURLE_OK && a->http_code >= 300 && a->http_code < 400 && a->location)
		res->redirect_to = trace_redact_url(a->location);
	res->outcome.redirect_to = res->redirect_to;
	res->outcome.snippet = res->snippet.data;
	res->outcome.snippet_len = res->snippet.len;
	free(a->location);
	free(a->location_header);
	curl_slist_free_all(x->headers);
	free(x->origin);
	free(x->current);
	free(x->prefix);
	free(x->to_sign);
	*x = (exchange){ .o = NULL };
}
