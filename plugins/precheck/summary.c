/* render.c - check_result to text: one summary line, item lines, perfdata. */
#include "config.h"
#include "render.h"
#include "redact.h"
#include "sign.h"
#include "sanitize.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

/* Item names in the summary line: enough to recognise, short enough for a
 * phone notification. */
#define SUMMARY_NAMES 3
#define SUMMARY_NAME_BYTES 60
#define SNIPPET_BYTES 120
#define VALUE_BYTES 40

const char *http_reason(long code)
{
	static const struct { long code; const char *text; } reasons[] = {
		{ 301, "Moved Permanently" }, { 302, "Found" }, { 303, "See Other" },
		{ 307, "Temporary Redirect" }, { 308, "Permanent Redirect" },
		{ 400, "Bad Request" }, { 401, "Unauthorized" }, { 403, "Forbidden" },
		{ 404, "Not Found" }, { 405, "Method Not Allowed" }, { 408, "Request Timeout" },
		{ 429, "Too Many Requests" }, { 500, "Internal Server Error" },
		{ 501, "Not Implemented" }, { 502, "Bad Gateway" },
		{ 503, "Service Unavailable" }, { 504, "Gateway Timeout" },
	};
	for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
		if (reasons[i].code == code)
			return reasons[i].text;
	return "";
}

/* What is being written and the options it is written with. */
typedef struct {
	strbuf text;
	const render_options *o;
} output;

/* A gateway may quote the credentials it rejected; they must not reach a
 * notification. */
static void put_bytes(output *out, const char *s, size_t len, size_t max)
{
	strbuf clean = STRBUF_INIT;
	if (redact_append(&clean, s, len, out->o->secrets, out->o->n_secrets))
		sanitize_append(&out->text, clean.data, clean.len, max);
	else
		sanitize_append(&out->text, s, len, max);
	strbuf_free(&clean);
}

static void put_text(output *out, text_t t, size_t max)
{
	if (t.ptr)
		put_bytes(out, t.ptr, t.len, max);
}

static void put_str(output *out, const char *s, size_t max)
{
	if (s)
		put_bytes(out, s, strlen(s), max);
}

static bool has_text(text_t t)
{
	for (size_t i = 0; t.ptr && i < t.len; i++)
		if (t.ptr[i] != ' ' && t.ptr[i] != '\t' && t.ptr[i] != '\n' && t.ptr[i] != '\r')
			return true;
	return false;
}

static void put_request_id(output *out, const check_result *r)
{
	if (r->resp && has_text(r->resp->request_id)) {
		strbuf_append(&out->text, " (requestId ");
		put_text(out, r->resp->request_id, VALUE_BYTES * 2);
		strbuf_appendc(&out->text, ')');
	}
}

static const char *find_bytes(const char *h, size_t hlen, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; n <= hlen && i <= hlen - n; i++)
		if (memcmp(h + i, needle, n) == 0)
			return h + i;
	return NULL;
}

/* Prefer the <title> of an HTML error page over its markup. */
static text_t snippet_of(const transfer_outcome *x)
{
	text_t t = { x ? x->snippet : NULL, x ? x->snippet_len : 0 };
	if (!t.ptr)
		return t;
	const char *open = find_bytes(t.ptr, t.len, "<title>");
	if (open) {
		open += 7;
		const char *close = find_bytes(open, t.len - (size_t)(open - t.ptr), "</title>");
		if (close && close > open) {
			t.ptr = open;
			t.len = (size_t)(close - open);
		}
	}
	return t;
}

static void put_snippet(output *out, const check_result *r, const char *lead)
{
	text_t s = snippet_of(r->xfer);
	if (has_text(s)) {
		strbuf_append(&out->text, lead);
		put_text(out, s, SNIPPET_BYTES);
	}
}

static const char *transport_what(xfer_status s)
{
	switch (s) {
	case XFER_TIMEOUT: return "timeout";
	case XFER_DNS: return "cannot resolve host";
	case XFER_CONNECT: return "connection failed";
	case XFER_TLS: return "TLS error";
	case XFER_TOO_LARGE: return "response too large";
	case XFER_FILE: return "cannot read response file";
	case XFER_REDIRECT: return "redirect refused";
	case XFER_SETUP: return "libcurl setup failed";
	case XFER_PROTOCOL: return "protocol error";
	case XFER_OK:
	case XFER_OTHER: break;
	}
	return "request failed";
}

static void put_http_status(output *out, long code)
{
	const char *reason = http_reason(code);
	strbuf_appendf(&out->text, "HTTP %ld%s%s", code, *reason ? " " : "", reason);
}

/* A clock difference in the unit a person would say it in. */
static void put_duration(output *out, double seconds)
{
	double a = seconds < 0 ? -seconds : seconds;
	if (a < 120)
		strbuf_appendf(&out->text, "%.0f s", a);
	else if (a < 2 * 3600)
		strbuf_appendf(&out->text, "%.0f min", a / 60);
	else
		strbuf_appendf(&out->text, "%.1f h", a / 3600);
}

static void put_hint(output *out, const check_result *r)
{
	const transfer_outcome *x = r->xfer;
	switch (r->hint) {
	case AUTH_HINT_NONE:
		break;
	case AUTH_HINT_CREDENTIALS:
		strbuf_append(&out->text, " - check the credentials");
		break;
	case AUTH_HINT_SIGNING:
		strbuf_append(&out->text, " - the signed request was refused: check the AccessKey ID,"
		                          " the secret key and the local clock");
		break;
	case AUTH_HINT_KEY_ID:
		strbuf_append(&out->text, " - the AccessKey ID is unknown or disabled: check"
		                          " --access-key-id and that the AccessKey is enabled in the"
		                          " NineData console");
		break;
	case AUTH_HINT_SIGNATURE:
		strbuf_append(&out->text, " - the signature was not accepted: check the secret key");
		break;
	case AUTH_HINT_CLOCK:
		if (x && x->has_skew && (x->skew > SIGN_CLOCK_TOLERANCE || x->skew < -SIGN_CLOCK_TOLERANCE)) {
			strbuf_append(&out->text, " - local clock is ");
			put_duration(out, x->skew);
			strbuf_appendf(&out->text, " %s the service (it accepts %d min): synchronise it",
			               x->skew > 0 ? "behind" : "ahead of", SIGN_CLOCK_TOLERANCE / 60);
		} else if (x && x->has_skew) {
			strbuf_append(&out->text, " - the timestamp was not accepted, although the local"
			                          " clock is within ");
			put_duration(out, x->skew < 1 && x->skew > -1 ? 1 : x->skew);
			strbuf_append(&out->text, " of the service's");
		} else {
			strbuf_appendf(&out->text, " - the timestamp was not accepted: check the local clock"
			                           " (the service accepts %d min)", SIGN_CLOCK_TOLERANCE / 60);
		}
		break;
	}
}

static void render_error(output *out, const check_result *r)
{
	const precheck_response *resp = r->resp;
	long code = r->xfer ? r->xfer->http_code : 0;

	switch (r->error) {
	case ERR_USAGE:
		put_str(out, r->error_detail, 0);
		break;
	case ERR_TRANSPORT:
		strbuf_append(&out->text, transport_what(r->xfer ? r->xfer->status : XFER_OTHER));
		if (r->error_detail[0]) {
			strbuf_append(&out->text, ": ");
			put_str(out, r->error_detail, out->o->max_message);
		}
		break;
	case ERR_HTTP:
		put_http_status(out, code);
		if (code >= 300 && code < 400 && r->xfer->redirect_to) {
			strbuf_append(&out->text, ": redirect to ");
			put_str(out, r->xfer->redirect_to, out->o->max_message);
			strbuf_append(&out->text, " not followed (see --follow)");
		} else if (resp && has_text(resp->message)) {
			strbuf_append(&out->text, ": ");
			put_text(out, resp->message, out->o->max_message);
		} else {
			put_snippet(out, r, ": ");
		}
		put_hint(out, r);
		put_request_id(out, r);
		break;
	case ERR_BODY:
		strbuf_append(&out->text, "invalid response");
		if (code)
			strbuf_appendf(&out->text, " (HTTP %ld)", code);
		strbuf_append(&out->text, ": ");
		put_str(out, r->error_detail, 0);
		put_snippet(out, r, "; body starts: ");
		break;
	case ERR_API:
		if (resp->success == TRISTATE_ABSENT) {
			strbuf_append(&out->text, "invalid response: no 'success' field");
		} else {
			strbuf_append(&out->text, "API error");
			if (has_text(resp->message)) {
				strbuf_append(&out->text, ": ");
				put_text(out, resp->message, out->o->max_message);
			} else {
				strbuf_append(&out->text, " (success: false, no message)");
			}
			put_hint(out, r);
		}
		put_request_id(out, r);
		break;
	case ERR_NO_DATA:
		strbuf_append(&out->text, "API reported success but sent no data");
		put_request_id(out, r);
		break;
	case ERR_NO_STATUS:
		strbuf_append(&out->text, "response has neither precheckStatus nor items");
		put_request_id(out, r);
		break;
	case ERR_WRONG_TASK:
		strbuf_append(&out->text, "response is for replication '");
		put_text(out, resp->replication_id, VALUE_BYTES * 2);
		strbuf_append(&out->text, "', not the one asked for");
		put_request_id(out, r);
		break;
	case ERR_NONE:
		break;
	}
}

static void put_item_label(output *out, const precheck_item *it, size_t max)
{
	if (has_text(it->name)) {
		put_text(out, it->name, max);
		if (has_text(it->id)) {
			strbuf_append(&out->text, " (");
			put_text(out, it->id, max);
			strbuf_appendc(&out->text, ')');
		}
	} else if (has_text(it->id)) {
		put_text(out, it->id, max);
	} else {
		strbuf_append(&out->text, "(unnamed item)");
	}
}

static void put_value(output *out, text_t v)
{
	strbuf_appendc(&out->text, '\'');
	put_text(out, v, VALUE_BYTES);
	strbuf_appendc(&out->text, '\'');
}

static void render_counts(output *out, const check_result *r)
{
	size_t problems = r->count_critical + r->count_warning + r->count_unknown;
	size_t judged = r->count_total - r->count_ignored;

	if (problems == 0) {
		if (judged == 0 && r->count_total == 1)
			strbuf_append(&out->text, "1 item ignored");
		else if (judged == 0)
			strbuf_appendf(&out->text, "all %zu items ignored", r->count_total);
		else
			strbuf_appendf(&out->text, "%s%zu item%s passed", judged > 1 ? "all " : "", judged,
			               judged == 1 ? "" : "s");
	} else {
		const char *sep = "";
		if (r->count_critical) {
			strbuf_appendf(&out->text, "%zu failed", r->count_critical);
			sep = ", ";
		}
		if (r->count_warning) {
			strbuf_appendf(&out->text, "%s%zu warning", sep, r->count_warning);
			sep = ", ";
		}
		if (r->count_unknown)
			strbuf_appendf(&out->text, "%s%zu unknown", sep, r->count_unknown);
		strbuf_appendf(&out->text, " of %zu item%s", judged, judged == 1 ? "" : "s");
		strbuf_append(&out->text, ": ");
		size_t shown = 0;
		for (size_t k = 0; k < r->n_items && shown < SUMMARY_NAMES && shown < problems; k++) {
			const item_result *it = &r->items[r->order[k]];
			if (it->ignored || it->state == STATE_OK)
				continue;
			if (shown++)
				strbuf_append(&out->text, ", ");
			if (has_text(it->item->name))
				put_text(out, it->item->name, SUMMARY_NAME_BYTES);
			else
				put_item_label(out, it->item, SUMMARY_NAME_BYTES);
		}
		if (problems > shown)
			strbuf_appendf(&out->text, " and %zu more", problems - shown);
	}
	if (r->count_ignored && judged)
		strbuf_appendf(&out->text, " (%zu ignored)", r->count_ignored);
}

static void render_summary(output *out, const check_result *r)
{
	if (r->n_items == 0) {
		strbuf_append(&out->text, "precheck status ");
		put_value(out, r->resp->precheck_status);
		if (r->overall_state == STATE_UNKNOWN)
			strbuf_append(&out->text, " is not a known value");
		strbuf_append(&out->text, ", no items");
		return;
	}
	render_counts(out, r);
	if (!r->has_overall)
		return;
	if (r->overall_disagrees) {
		strbuf_append(&out->text, "; API overall status ");
		put_value(out, r->resp->precheck_status);
		strbuf_append(&out->text, " disagrees with the items");
	} else if (r->items_decide && r->overall_state != r->state) {
		strbuf_append(&out->text, "; precheck status ");
		put_value(out, r->resp->precheck_status);
		strbuf_append(&out->text, " overridden by item rules");
	} else if (!r->items_decide && state_rank(r->overall_state) > state_rank(r->items_state)) {
		strbuf_append(&out->text, "; precheck status ");
		put_value(out, r->resp->precheck_status);
		if (r->overall_state == STATE_UNKNOWN)
			strbuf_append(&out->text, " is not a known value");
	}
}

static void put_perf(output *out, const char *label, size_t value)
{
	strbuf_appendf(&out->text, " %s=%zu;;;0", label, value);
}

static void render_perfdata(output *out, const check_result *r)
{
	size_t mark = out->text.len;
	strbuf_append(&out->text, " |");
	if (r->error == ERR_NONE) {
		put_perf(out, "items", r->count_total);
		put_perf(out, "success", r->count_ok);
		put_perf(out, "warning", r->count_warning);
		put_perf(out, "failure", r->count_critical);
		put_perf(out, "unknown", r->count_unknown);
		put_perf(out, "ignored", r->count_ignored);
	}
	if (out->o->elapsed >= 0)
		strbuf_appendf(&out->text, " time=%.6fs;;;0", out->o->elapsed);
	if (out->text.len == mark + 2)
		strbuf_truncate(&out->text, mark);
}

static void render_item_line(output *out, const item_result *it)
{
	strbuf_appendf(&out->text, "[%s] ", it->ignored ? "IGNORED" : state_name(it->state));
	put_item_label(out, it->item, out->o->max_message);
	bool unknown_value = it->api_state == STATE_UNKNOWN;
	bool has_msg = has_text(it->item->message);
	if (unknown_value || has_msg || it->capped)
		strbuf_append(&out->text, ": ");
	if (unknown_value) {
		if (it->item->status.ptr) {
			strbuf_append(&out->text, "status ");
			put_value(out, it->item->status);
			strbuf_append(&out->text, " is not a known value");
		} else {
			strbuf_append(&out->text, "no status");
		}
		if (has_msg)
			strbuf_append(&out->text, "; ");
	}
	if (has_msg)
		put_text(out, it->item->message, out->o->max_message);
	if (it->capped)
		strbuf_append(&out->text, has_msg || unknown_value ? " (failure capped at WARNING)"
		                                          : "failure capped at WARNING");
	strbuf_appendc(&out->text, '\n');
}

/* Drops the UTF-8 continuation bytes a cut at len would split. */
static size_t char_boundary(const char *s, size_t len)
{
	while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
		len--;
	return len;
}

/* Line 1 must keep its perfdata whole: a monitoring core that gets half of
 * it graphs nonsense. What gives way is the text before it. */
static void fit_first_line(output *out, size_t perf_at)
{
	size_t budget = out->o->max_output, len = out->text.len;
	if (!budget || len <= budget)
		return;
	/* From perf_at: the perfdata and the newline. */
	size_t tail = len - perf_at, more = strlen(SANITIZE_MORE);
	size_t keep = budget > tail + more ? budget - tail - more : 0;
	size_t head = (size_t)(strchr(out->text.data, '-') - out->text.data) + 2;  /* "PRECHECK X - " */
	if (keep < head)
		keep = head;
	if (keep >= perf_at)
		return;
	keep = char_boundary(out->text.data, keep);
	while (keep > head && out->text.data[keep - 1] == ' ')
		keep--;
	char *perf = xstrdup(out->text.data + perf_at);
	strbuf_truncate(&out->text, keep);
	strbuf_append(&out->text, SANITIZE_MORE);
	strbuf_append(&out->text, perf);
	free(perf);
}

static void append_more_line(strbuf *b, size_t hidden, bool by_items, bool by_output)
{
	strbuf_appendf(b, SANITIZE_MORE " %zu more item%s not shown (see %s%s%s)\n", hidden,
	               hidden == 1 ? "" : "s", by_items ? "--max-items" : "",
	               by_items && by_output ? " and " : "", by_output ? "--max-output" : "");
}

static void render_items(output *out, const check_result *r)
{
	size_t listed = 0, hidden = 0;
	strbuf lines = STRBUF_INIT;
	size_t *ends = NULL;   /* ends[k]: end of item line k in lines */

	for (size_t k = 0; k < r->n_items; k++) {
		const item_result *it = &r->items[r->order[k]];
		if (out->o->verbose < 1 && (it->ignored || it->state == STATE_OK))
			continue;
		if (out->o->max_items && listed >= out->o->max_items) {
			hidden++;
			continue;
		}
		output line = { .text = lines, .o = out->o };
		render_item_line(&line, it);
		lines = line.text;
		if ((listed & (listed - 1)) == 0)   /* 0, 1, 2, 4, ...: doubling */
			ends = xrealloc(ends, (listed ? listed * 2 : 1) * sizeof *ends);
		ends[listed++] = lines.len;
	}

	/* The budget drops item lines from the end (the least severe) and
	 * says how many, in a line that fits too. */
	size_t budget = out->o->max_output, shown = listed;
	strbuf more = STRBUF_INIT;
	while (budget && shown > 0) {
		size_t rest = hidden + listed - shown;
		strbuf_truncate(&more, 0);
		if (rest)
			append_more_line(&more, rest, hidden > 0, shown < listed);
		if (out->text.len + ends[shown - 1] + more.len <= budget)
			break;
		shown--;
	}
	strbuf_appendn(&out->text, lines.data ? lines.data : "", shown ? ends[shown - 1] : 0);
	if (hidden || shown < listed) {
		strbuf_truncate(&more, 0);
		append_more_line(&more, hidden + listed - shown, hidden > 0, shown < listed);
		if (!budget || out->text.len + more.len <= budget)
			strbuf_appendn(&out->text, more.data, more.len);
	}
	strbuf_free(&more);
	strbuf_free(&lines);
	free(ends);
}

char *render(const check_result *r, const render_options *o)
{
	output out = { STRBUF_INIT, o };

	strbuf_appendf(&out.text, "PRECHECK %s - ", state_name(r->state));
	if (o->replication_id && r->error != ERR_USAGE) {
		put_str(&out, o->replication_id, VALUE_BYTES * 2);
		strbuf_append(&out.text, ": ");
	}
	if (r->error != ERR_NONE)
		render_error(&out, r);
	else
		render_summary(&out, r);
	size_t perf_at = out.text.len;
	render_perfdata(&out, r);
	strbuf_appendc(&out.text, '\n');
	fit_first_line(&out, perf_at);
	if (r->error == ERR_NONE)
		render_items(&out, r);
	return strbuf_detach(&out.text);
}
