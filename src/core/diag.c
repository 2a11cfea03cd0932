/* diag.c — collecting and printing diagnostics. */
#include "gloss/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/utf8.h"
#include "gloss/util.h"

void diags_init(struct diags *d)
{
	memset(d, 0, sizeof(*d));
}

void diags_done(struct diags *d)
{
	for (size_t i = 0; i < d->len; i++) {
		free(d->items[i].file);
		free(d->items[i].msg);
	}
	free(d->items);
	diags_init(d);
}

void diag_add(struct diags *d, enum diag_level level, enum diag_kind kind, const char *file,
              unsigned line, unsigned col, const char *fmt, ...)
{
	struct diag dg = {level, kind, file ? xstrdup(file) : NULL, line, col, NULL};
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	dg.msg = sb_detach(&sb);
	VEC_PUSH(d->items, d->len, d->cap, dg);
	if (level == DIAG_ERROR)
		d->errors++;
	else if (level == DIAG_WARNING)
		d->warnings++;
}

static const char *level_name(enum diag_level l)
{
	return l == DIAG_ERROR ? "error" : l == DIAG_WARNING ? "warning" : "note";
}

char *diag_format(const struct diag *dg)
{
	struct strbuf sb = STRBUF_INIT;

	if (dg->file) {
		utf8_sanitize_display(&sb, dg->file, strlen(dg->file), false);
		if (dg->line) {
			sb_printf(&sb, ":%u", dg->line);
			if (dg->col)
				sb_printf(&sb, ":%u", dg->col);
		}
		sb_adds(&sb, ": ");
	}
	if (dg->level != DIAG_ERROR)
		sb_printf(&sb, "%s: ", level_name(dg->level));
	utf8_sanitize_display(&sb, dg->msg, strlen(dg->msg), false);
	return sb_detach(&sb);
}

void diags_print(const struct diags *d, FILE *fp, enum diag_level min)
{
	for (size_t i = 0; i < d->len; i++) {
		char *s;

		if (d->items[i].level < min)
			continue;
		s = diag_format(&d->items[i]);
		fprintf(fp, "%s\n", s);
		free(s);
	}
}

void diags_append(struct diags *dst, struct diags *src)
{
	for (size_t i = 0; i < src->len; i++) {
		VEC_PUSH(dst->items, dst->len, dst->cap, src->items[i]);
		if (src->items[i].level == DIAG_ERROR)
			dst->errors++;
		else if (src->items[i].level == DIAG_WARNING)
			dst->warnings++;
	}
	free(src->items);
	diags_init(src);
}
