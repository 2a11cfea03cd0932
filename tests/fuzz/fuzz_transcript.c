/* fuzz_transcript — transcript_load_mem on arbitrary bytes; check the documented
 * invariants (valid UTF-8 without NUL, consistent lines and offsets), that a text-only
 * load (grep -c) agrees with the full one, and that the vector scan for the clean prefix
 * agrees with the scalar one. An input whose first byte is odd is loaded with speaker
 * rules too (a speaker_pattern and known speakers, as gloss.yaml gives them). */
#include <string.h>

#include "fuzz_common.h"
#include "gloss/transcript.h"

static void check_lines(const struct transcript *t)
{
	size_t cp = 0;

	for (size_t i = 0; i < t->nlines; i++) {
		const struct tline *l = &t->lines[i];

		FUZZ_ASSERT(l->off + l->len <= t->len);
		FUZZ_ASSERT(l->content >= l->off && l->content <= l->off + l->len);
		FUZZ_ASSERT(l->turn >= -1 && l->turn < (int)t->nturns);
		FUZZ_ASSERT(transcript_line_at(t, l->off) == i);
		FUZZ_ASSERT(l->cp >= cp);
		cp = l->cp;
	}
	for (size_t i = 0; i < t->nturns; i++) {
		const struct turn *tu = &t->turns[i];
		FUZZ_ASSERT(tu->speaker != NULL && tu->speaker[0] != '\0');
		FUZZ_ASSERT(tu->label_off <= tu->label_end && tu->label_end <= tu->start);
		FUZZ_ASSERT(tu->start <= tu->end && tu->end <= t->len);
		FUZZ_ASSERT(tu->line_first <= tu->line_last && tu->line_last < t->nlines);
	}
}

static void check_offsets(const struct transcript *t, const uint8_t *data, size_t size)
{
	for (size_t i = 0; i + 4 <= size && i < 64; i += 4) {
		size_t off = (((size_t)data[i] << 16) | ((size_t)data[i + 1] << 8) | data[i + 2]) %
		             (t->len + 1);
		size_t cp = transcript_byte_to_cp(t, off), back, s, e;

		FUZZ_ASSERT(cp <= t->ncp);
		back = transcript_cp_to_byte(t, cp);
		FUZZ_ASSERT(back <= t->len);
		if (off == t->len || (t->text[off] & 0xC0) != 0x80)
			FUZZ_ASSERT(back == off); /* exact at code point boundaries */
		FUZZ_ASSERT(transcript_cp_to_byte(t, t->ncp + data[i + 3]) == t->len);
		(void)transcript_turn_at(t, off);
		(void)transcript_speaker_at(t, off);
		FUZZ_ASSERT(transcript_words(t, 0, off) <= t->words + 1);
		transcript_sentence_bounds(t, off, &s, &e);
		FUZZ_ASSERT(s <= e && e <= t->len);
	}
}

/* check_text_only: TRANSCRIPT_TEXT_ONLY gives the same text and body, no attributes, and
 * transcript_content_start gives every body line's content offset */
static const char *const names[] = {"moi", "grand-m\xC3\xA8re", "Speaker"};
static const struct speaker_rules rules = {"^(?:-- )?(\\w+) --|^Q\\.", names, 3};

static const struct speaker_rules *rules_for(const uint8_t *data, size_t size)
{
	return size && (data[0] & 1) ? &rules : NULL;
}

static void check_text_only(const struct transcript *t, const uint8_t *data, size_t size)
{
	struct diags d;
	struct transcript *o;

	diags_init(&d);
	o = transcript_load_mem_rules((const char *)data, size, "transcripts/fuzz.txt",
	                              TRANSCRIPT_TEXT_ONLY | TRANSCRIPT_NO_WORDS,
	                              rules_for(data, size), &d);
	FUZZ_ASSERT(o != NULL);
	FUZZ_ASSERT(o->len == t->len && memcmp(o->text, t->text, t->len) == 0);
	FUZZ_ASSERT(o->body == t->body && o->nattrs == 0);
	FUZZ_ASSERT(o->nlines == 0 && o->nturns == 0);
	for (size_t i = 0; i < t->nlines; i++) {
		const struct tline *l = &t->lines[i];
		if (!l->front)
			FUZZ_ASSERT(transcript_content_start(o, l->off, l->off + l->len) ==
			            l->content);
	}
	transcript_free(o);
	fuzz_diags_done(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d;
	struct transcript *t;

	diags_init(&d);
	t = transcript_load_mem_rules((const char *)data, size, "transcripts/fuzz.txt", 0,
	                              rules_for(data, size), &d);
	FUZZ_ASSERT(t != NULL);
	FUZZ_ASSERT(utf8_valid(t->text, t->len, NULL));
	FUZZ_ASSERT(t->text[t->len] == '\0');
	FUZZ_ASSERT(utf8_count(t->text, t->len) == t->ncp);
	FUZZ_ASSERT(t->body <= t->len);
	for (size_t i = 0; i < t->nattrs; i++)
		FUZZ_ASSERT(t->attrs[i].key && t->attrs[i].value &&
		            transcript_attr(t, t->attrs[i].key) != NULL);
	check_lines(t);
	check_offsets(t, data, size);
	check_text_only(t, data, size);
	for (int cr = 0; cr < 2; cr++)
		FUZZ_ASSERT(utf8_clean_len((const char *)data, size, cr) ==
		            utf8_clean_len_scalar((const char *)data, size, cr));
	transcript_free(t);
	fuzz_diags_done(&d);
	return 0;
}
