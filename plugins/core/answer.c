/* SPDX-License-Identifier: GPL-3.0-or-later */
/* answer.c - the parse boilerplate every plugin would otherwise repeat:
 * reader, retries' resets, the document handed over, and what is freed. */
#include "config.h"
#include "answer.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

void answer_reader_init(answer_reader *ar, const plugin_def *p)
{
	*ar = (answer_reader){ .p = p, .json = json_reader_new(), .pst = PARSE_EMPTY,
	                       .answer = xcalloc(1, p->answer_size) };
	if (p->prepare)
		p->prepare(ar->json, ar->answer);
}

static int feed(void *ctx, const char *data, size_t len)
{
	return json_reader_feed(((answer_reader *)ctx)->json, data, len);
}

/* A retry starts the body over. */
static void reset(void *ctx)
{
	json_reader_reset(((answer_reader *)ctx)->json);
}

body_sink answer_reader_sink(answer_reader *ar)
{
	return (body_sink){ .write = feed, .reset = reset, .ctx = ar };
}

void answer_reader_end(answer_reader *ar)
{
	jnode *root;
	ar->pst = json_reader_finish(ar->json, &root, ar->perr, sizeof ar->perr);
	if (ar->pst == PARSE_OK)
		ar->pst = ar->p->parse(root, ar->answer, &ar->head, ar->perr, sizeof ar->perr);
}

void answer_reader_parse(answer_reader *ar, const char *data, size_t len)
{
	json_reader_feed(ar->json, data, len);
	answer_reader_end(ar);
}

void answer_reader_clear(answer_reader *ar)
{
	if (ar->p->answer_free)
		ar->p->answer_free(ar->answer);
	memset(ar->answer, 0, ar->p->answer_size);
	ar->head = (answer_head){ .replication_id = { .ptr = NULL } };
	ar->pst = PARSE_EMPTY;
	ar->perr[0] = '\0';
	json_reader_reset(ar->json);
	if (ar->p->prepare)
		ar->p->prepare(ar->json, ar->answer);
}

void answer_reader_release(answer_reader *ar)
{
	if (ar->p && ar->p->answer_free)
		ar->p->answer_free(ar->answer);
	free(ar->answer);
	json_reader_free(ar->json);
	*ar = (answer_reader){ .p = NULL };
}

bool answer_check(const answer_reader *ar, const verdict_config *vc, const transfer_outcome *x,
                  failure *f)
{
	bool ok = ar->pst == PARSE_OK;
	const answer_head *h = ok ? &ar->head : NULL;
	text_t none = { .ptr = NULL };

	if (verdict_check(vc, x, ar->pst, ar->perr, h ? &h->env : NULL, h && h->has_data,
	                  h ? h->replication_id : none, f))
		return true;
	if (!h->judgeable) {
		failure_set(f, vc->error_state, ERR_ANSWER, x, ar->p->nothing_to_judge);
		f->env = &h->env;
		return true;
	}
	return false;
}
