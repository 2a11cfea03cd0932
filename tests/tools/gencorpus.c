/* gencorpus — write a deterministic synthetic gloss project for benchmarks and tests.
 *
 *   gencorpus DIR [--docs 1000] [--words 6000] [--codes 100] [--themes 10]
 *                 [--codings 100] [--seed 1] [--coder bench] [--one-big MB]
 *                 [--second-coder NAME]
 *
 * writes DIR/codebooks/bench.yaml, DIR/transcripts/NNNN.txt (front matter, speaker turns
 * with timestamps, a small vocabulary with some non-ASCII words) and
 * DIR/transcripts/codings/CODER/NNNN.yaml in the codings format of codings.h (code-point
 * offsets, quotes, sorted). --codings (alias --codings-per-doc) is per document. With
 * --one-big MB a single transcript DIR/transcripts/big.txt of about MB MiB is written
 * instead of --docs documents. With --second-coder NAME every document also gets NAME's
 * codings: each of the first coder's passages kept with 80% chance, else one of its own
 * (for gloss agree); the first coder's files are the same bytes with or without it.
 * DIR/gencorpus.params records the parameters. The same parameters always give the same
 * bytes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/utf8.h"
#include "gloss/util.h"

struct params {
	const char *dir, *coder, *coder2;
	long docs, words, codes, themes, codings, one_big;
	unsigned long long seed;
};

struct span {
	size_t start, end; /* bytes: the text of one turn */
};

struct passage {
	size_t start, end;       /* bytes */
	size_t cp_start, cp_end; /* code points */
	long code;               /* index into the code list (themes first) */
	unsigned minute;
};

static unsigned long long rng_state;

static unsigned long long rng_next(void)
{
	/* splitmix64 */
	unsigned long long z = (rng_state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static size_t rng_below(size_t n)
{
	return n ? (size_t)(rng_next() % n) : 0;
}

static const char *const vocab[] = {
    "the",        "and",         "work",        "people",     "company",   "project",
    "social",     "benefit",     "time",        "pro",        "bono",      "skills",
    "volunteer",  "partner",     "trust",       "we",         "they",      "I",
    "think",      "was",         "is",          "a",          "of",        "to",
    "in",         "that",        "it",          "for",        "with",      "on",
    "really",     "honestly",    "because",     "so",         "but",       "when",
    "team",       "board",       "manager",     "enterprise", "impact",    "budget",
    "secondment", "exchange",    "long-term",   "meaning",    "purpose",   "job",
    "Saturday",   "evening",     "lawyer",      "engineer",   "bank",      "market",
    "lending",    "risk",        "model",       "clients",    "community", "Zusammenarbeit",
    "café",       "naïve",       "señora",      "Łódź",       "東京",      "ελπίδα",
    "пример",     "smörgåsbord", "coöperation", "façade",     "résumé",    "Ørsted",
    "İstanbul",   "日本語",      "😀",           "don't",      "it's",      "you know",
    "(laughs)",   "—",           "…",           "“quote”",    "São Paulo", "Kraków",
};

static const char *const roles[] = {"business professional", "social entrepreneur",
                                    "thought leader"};
static const char *const sectors[] = {"law",    "consulting", "banking",
                                      "health", "tech",       "education"};
static const char *const countries[] = {"Nigeria", "Spain",        "Netherlands", "Korea",
                                        "Poland",  "South Africa", "Japan",       "Brazil"};
static const char *const speakers[] = {"AMARA", "JOSÉ",  "ZOË",  "SØREN",
                                       "ŁUCJA", "THABO", "YUKI", "MARÍA"};

static void usage(void)
{
	fputs("usage: gencorpus DIR [--docs N] [--words N] [--codes N] [--themes N] "
	      "[--codings N] [--seed N] [--coder NAME] [--one-big MB] [--second-coder NAME]\n",
	      stderr);
	exit(2);
}

static long num_arg(const char *opt, const char *v)
{
	char *end;
	long n;

	if (!v)
		usage();
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || n < 0) {
		fprintf(stderr, "gencorpus: bad value for %s: %s\n", opt, v);
		exit(2);
	}
	return n;
}

static void parse_args(int argc, char **argv, struct params *p)
{
	*p = (struct params){NULL, "bench", NULL, 1000, 6000, 100, 10, 100, 0, 1};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		long *slot = NULL;

		if (a[0] != '-') {
			if (p->dir)
				usage();
			p->dir = a;
			continue;
		}
		if (strcmp(a, "--coder") == 0) {
			if (!v)
				usage();
			p->coder = v;
			i++;
			continue;
		}
		if (strcmp(a, "--second-coder") == 0) {
			if (!v)
				usage();
			p->coder2 = v;
			i++;
			continue;
		}
		if (strcmp(a, "--seed") == 0) {
			p->seed = (unsigned long long)num_arg(a, v);
			i++;
			continue;
		}
		slot = strcmp(a, "--docs") == 0              ? &p->docs
		       : strcmp(a, "--words") == 0           ? &p->words
		       : strcmp(a, "--codes") == 0           ? &p->codes
		       : strcmp(a, "--themes") == 0          ? &p->themes
		       : strcmp(a, "--codings") == 0         ? &p->codings
		       : strcmp(a, "--codings-per-doc") == 0 ? &p->codings
		       : strcmp(a, "--one-big") == 0         ? &p->one_big
		                                             : NULL;
		if (!slot)
			usage();
		*slot = num_arg(a, v);
		i++;
	}
	if (!p->dir)
		usage();
	if (p->codes < 1)
		p->codes = 1;
}

static FILE *open_out(const char *path)
{
	FILE *fp = fopen(path, "w");

	if (!fp) {
		fprintf(stderr, "gencorpus: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return fp;
}

static void close_out(FILE *fp, const char *path)
{
	if (ferror(fp) || fclose(fp) != 0) {
		fprintf(stderr, "gencorpus: %s: write error\n", path);
		exit(1);
	}
}

static void make_dir(const char *path)
{
	if (mkdir_p(path) < 0) {
		fprintf(stderr, "gencorpus: %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

/* code ids: themes "theme-NN" first, then leaves "code-NNN" spread over the themes */
static char *code_id(const struct params *p, long i)
{
	if (i < p->themes)
		return xasprintf("theme-%02ld", i + 1);
	return xasprintf("code-%03ld", i - p->themes + 1);
}

static void write_leaf(FILE *fp, long n, int indent, long keyno)
{
	fprintf(fp, "%*s- id: code-%03ld\n", indent, "", n);
	fprintf(fp, "%*s  name: Code %ld – bench “%s”\n", indent, "", n,
	        vocab[(size_t)n % ARRAY_LEN(vocab)]);
	fprintf(fp, "%*s  description: A synthetic code used for benchmarks.\n", indent, "");
	if (keyno >= 0 && keyno < 30)
		fprintf(fp, "%*s  key: \"%c\"\n", indent, "", CODEBOOK_KEYS[keyno]);
}

static void write_codebook(const struct params *p)
{
	static const char *const colors[] = {"red", "green", "yellow", "blue", "magenta", "cyan"};
	char *dir = path_join(p->dir, "codebooks"), *path;
	FILE *fp;
	long leaf = 1, per = p->themes > 0 ? (p->codes + p->themes - 1) / p->themes : 0;

	make_dir(dir);
	path = path_join(dir, "bench.yaml");
	fp = open_out(path);
	fputs("# Synthetic codebook written by gencorpus (tests/tools/gencorpus.c).\n"
	      "name: Bench codebook\n"
	      "description: Generated for gloss benchmarks; every code is made up.\n"
	      "codes:\n",
	      fp);
	for (long t = 0; t < p->themes; t++) {
		fprintf(fp, "  - id: theme-%02ld\n    name: Theme %ld\n    color: %s\n", t + 1,
		        t + 1, colors[t % (long)ARRAY_LEN(colors)]);
		fputs("    codes:\n", fp);
		for (long k = 0; k < per && leaf <= p->codes; k++, leaf++)
			write_leaf(fp, leaf, 6, leaf - 1);
	}
	for (; leaf <= p->codes; leaf++)
		write_leaf(fp, leaf, 2, leaf - 1);
	close_out(fp, path);
	free(path);
	free(dir);
}

static void add_sentence(struct strbuf *sb)
{
	size_t n = 4 + rng_below(14);

	for (size_t i = 0; i < n; i++) {
		const char *w = vocab[rng_below(ARRAY_LEN(vocab))];

		if (i == 0 && w[0] >= 'a' && w[0] <= 'z') {
			sb_addc(sb, (char)(w[0] - 'a' + 'A'));
			sb_adds(sb, w + 1);
		} else {
			sb_adds(sb, w);
		}
		sb_adds(sb, i + 1 < n ? " " : (rng_below(5) == 0 ? "?" : "."));
	}
}

/* make_transcript: front matter, then turns until `words` words or `bytes` bytes; the
 * text of every turn is recorded in *spans. */
static void make_transcript(struct strbuf *sb, long docno, size_t words, size_t bytes,
                            struct span **spans, size_t *nspans)
{
	const char *who = speakers[(size_t)docno % ARRAY_LEN(speakers)];
	size_t nwords = 0, cap = 0;
	unsigned secs = 4;

	*spans = NULL;
	*nspans = 0;
	sb_printf(sb,
	          "---\nparticipant: P%04ld\nrole: %s\nsector: %s\ncountry: %s\n"
	          "date: 2026-03-%02ld\ninterviewer: Ana Ruiz\n---\n",
	          docno, roles[rng_below(ARRAY_LEN(roles))], sectors[rng_below(ARRAY_LEN(sectors))],
	          countries[rng_below(ARRAY_LEN(countries))], 1 + docno % 28);
	for (int turn = 0; bytes ? sb->len < bytes : nwords < words; turn++) {
		size_t text, sentences = 1 + rng_below(turn % 2 ? 8 : 2);

		sb_printf(sb, "[%02u:%02u:%02u] %s: ", secs / 3600, secs / 60 % 60, secs % 60,
		          turn % 2 ? who : "INTERVIEWER");
		text = sb->len;
		for (size_t s = 0; s < sentences; s++) {
			if (s)
				sb_addc(sb, ' ');
			add_sentence(sb);
		}
		for (size_t i = text; i < sb->len; i++)
			nwords += sb->data[i] == ' ';
		nwords++;
		VEC_PUSH(*spans, *nspans, cap, ((struct span){text, sb->len}));
		sb_adds(sb, "\n\n");
		secs += 5 + (unsigned)rng_below(90);
	}
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* pick_passages: n ranges inside turn text, starting and ending at word boundaries. */
static struct passage *pick_passages(const struct params *p, const char *text,
                                     const struct span *spans, size_t nspans, size_t n)
{
	struct passage *ps = xcalloc(n ? n : 1, sizeof(*ps));
	size_t ncodes = (size_t)(p->codes + p->themes);

	for (size_t i = 0; i < n && nspans; i++) {
		const struct span *sp = &spans[rng_below(nspans)];
		size_t s = sp->start + rng_below(sp->end - sp->start), e;

		while (s > sp->start && text[s - 1] != ' ')
			s--;
		e = s + 10 + rng_below(rng_below(8) == 0 ? 2000 : 300);
		if (e >= sp->end)
			e = sp->end;
		else
			while (e > s && text[e] != ' ')
				e--;
		if (e == s)
			e = sp->end;
		ps[i] =
		    (struct passage){s, e, 0, 0, (long)rng_below(ncodes), (unsigned)rng_below(600)};
	}
	return ps;
}

/* fill_cps: code-point offsets for every passage in one pass over the text. */
static void fill_cps(struct passage *ps, size_t n, const char *text)
{
	size_t *offs = xcalloc(2 * n + 1, sizeof(*offs)), at = 0, cp = 0, k = 0;

	for (size_t i = 0; i < n; i++) {
		offs[2 * i] = ps[i].start;
		offs[2 * i + 1] = ps[i].end;
	}
	qsort(offs, 2 * n, sizeof(*offs), cmp_size);
	/* map each distinct sorted offset to its code point count */
	size_t *cps = xcalloc(2 * n + 1, sizeof(*cps));
	for (k = 0; k < 2 * n; k++) {
		cp += utf8_count(text + at, offs[k] - at);
		at = offs[k];
		cps[k] = cp;
	}
	for (size_t i = 0; i < n; i++) {
		size_t *f = bsearch(&ps[i].start, offs, 2 * n, sizeof(*offs), cmp_size);
		size_t *g = bsearch(&ps[i].end, offs, 2 * n, sizeof(*offs), cmp_size);
		ps[i].cp_start = cps[f - offs];
		ps[i].cp_end = cps[g - offs];
	}
	free(cps);
	free(offs);
}

static const struct params *sort_params;

static int cmp_passage(const void *a, const void *b)
{
	const struct passage *x = a, *y = b;
	char *ix, *iy;
	int c;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	ix = code_id(sort_params, x->code);
	iy = code_id(sort_params, y->code);
	c = strcmp(ix, iy);
	free(ix);
	free(iy);
	if (c)
		return c;
	return (x->minute > y->minute) - (x->minute < y->minute);
}

static void put_str(FILE *fp, const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	sb_addc(&sb, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			sb_printf(&sb, "\\%c", c);
		else if (c == '\n')
			sb_adds(&sb, "\\n");
		else if (c == '\t')
			sb_adds(&sb, "\\t");
		else if (c < 0x20 || c == 0x7f)
			sb_printf(&sb, "\\u%04X", c);
		else
			sb_addc(&sb, (char)c);
	}
	sb_addc(&sb, '"');
	fwrite(sb.data, 1, sb.len, fp);
	sb_done(&sb);
}

static void put_quote(FILE *fp, const char *text, const struct passage *ps)
{
	const char *s = text + ps->start;
	size_t n = ps->end - ps->start, ncp = ps->cp_end - ps->cp_start;

	fputs("    quote: ", fp);
	if (ncp <= 200) {
		put_str(fp, s, n);
		fputc('\n', fp);
		return;
	}
	put_str(fp, s, utf8_advance(s, n, 100));
	fputs("\n    quote_end: ", fp);
	size_t tail = utf8_advance(s, n, ncp - 100);
	put_str(fp, s + tail, n - tail);
	fputc('\n', fp);
}

/* second_passages: the second coder's: each of ps kept with 80% chance, else new ones
 * (drawn from an RNG stream of the document's own, so the first coder's bytes do not
 * depend on whether there is a second coder) */
static struct passage *second_passages(const struct params *p, const struct passage *ps, long docno,
                                       const char *text, const struct span *spans, size_t nspans,
                                       size_t n)
{
	unsigned long long saved = rng_state;
	struct passage *fresh, *out = xcalloc(n ? n : 1, sizeof(*out));

	rng_state = p->seed * 7919 + (unsigned long long)docno * 104729;
	fresh = pick_passages(p, text, spans, nspans, n);
	for (size_t i = 0; i < n; i++)
		out[i] = rng_below(5) ? ps[i] : fresh[i];
	free(fresh);
	rng_state = saved;
	return out;
}

static void write_codings(const struct params *p, const char *coder, const char *path,
                          const char *name, const char *text, struct passage *ps)
{
	size_t n = (size_t)p->codings;
	FILE *fp;

	fill_cps(ps, n, text);
	sort_params = p;
	qsort(ps, n, sizeof(*ps), cmp_passage);
	fp = open_out(path);
	fputs("# gloss codings: one transcript, one coder. See gloss(5).\n", fp);
	fputs("transcript: ", fp);
	put_str(fp, name, strlen(name));
	fputs("\ncoder: ", fp);
	put_str(fp, coder, strlen(coder));
	fputs(n ? "\ncodings:\n" : "\ncodings: []\n", fp);
	for (size_t i = 0; i < n; i++) {
		char *id;

		if (ps[i].end <= ps[i].start ||
		    (i && ps[i].start == ps[i - 1].start && ps[i].end == ps[i - 1].end &&
		     ps[i].code == ps[i - 1].code))
			continue;
		id = code_id(p, ps[i].code);
		fprintf(fp, "  - code: \"%s\"\n    start: %zu\n    end: %zu\n", id, ps[i].cp_start,
		        ps[i].cp_end);
		put_quote(fp, text, &ps[i]);
		fprintf(fp, "    created: \"2026-03-20T%02u:%02u:00Z\"\n", 8 + ps[i].minute / 60,
		        ps[i].minute % 60);
		free(id);
	}
	close_out(fp, path);
}

/* codings_file: write coder's codings of document name (passages ps) */
static void codings_file(const struct params *p, const char *coder, const char *tdir,
                         const char *name, const char *text, struct passage *ps)
{
	char *sub = xasprintf("codings/%s", coder), *cdir = path_join(tdir, sub);
	char *stem = xasprintf("%s.yaml", name), *cpath = path_join(cdir, stem);
	char *file = xasprintf("%s.txt", name);

	make_dir(cdir);
	write_codings(p, coder, cpath, file, text, ps);
	free(sub);
	free(cdir);
	free(stem);
	free(cpath);
	free(file);
}

static void write_doc(const struct params *p, const char *name, long docno, size_t bytes)
{
	char *tdir = path_join(p->dir, "transcripts"), *tpath, *file;
	struct strbuf sb = STRBUF_INIT;
	struct span *spans;
	size_t nspans;
	FILE *fp;

	make_transcript(&sb, docno, (size_t)p->words, bytes, &spans, &nspans);
	file = xasprintf("%s.txt", name);
	tpath = path_join(tdir, file);
	fp = open_out(tpath);
	fwrite(sb.data, 1, sb.len, fp);
	close_out(fp, tpath);
	if (p->codings > 0) {
		size_t n = (size_t)p->codings;
		struct passage *ps = pick_passages(p, sb.data, spans, nspans, n), *ps2;
		if (p->coder2) {
			ps2 = second_passages(p, ps, docno, sb.data, spans, nspans, n);
			codings_file(p, p->coder2, tdir, name, sb.data, ps2);
			free(ps2);
		}
		codings_file(p, p->coder, tdir, name, sb.data, ps);
		free(ps);
	}
	free(file);
	free(tpath);
	free(tdir);
	free(spans);
	sb_done(&sb);
}

static void write_params(const struct params *p)
{
	char *path = path_join(p->dir, "gencorpus.params");
	FILE *fp = open_out(path);

	fprintf(fp,
	        "docs=%ld words=%ld codes=%ld themes=%ld codings=%ld seed=%llu coder=%s "
	        "one_big=%ld%s%s\n",
	        p->docs, p->words, p->codes, p->themes, p->codings, p->seed, p->coder, p->one_big,
	        p->coder2 ? " second_coder=" : "", p->coder2 ? p->coder2 : "");
	close_out(fp, path);
	free(path);
}

int main(int argc, char **argv)
{
	struct params p;
	char *tdir;

	parse_args(argc, argv, &p);
	rng_state = p.seed;
	tdir = path_join(p.dir, "transcripts");
	make_dir(tdir);
	free(tdir);
	write_codebook(&p);
	if (p.one_big > 0) {
		write_doc(&p, "big", 1, (size_t)p.one_big << 20);
	} else {
		for (long d = 1; d <= p.docs; d++) {
			char name[32];
			snprintf(name, sizeof(name), "%04ld", d);
			write_doc(&p, name, d, 0);
		}
	}
	write_params(&p);
	return 0;
}
