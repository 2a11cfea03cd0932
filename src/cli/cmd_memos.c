/* cmd_memos.c — gloss memos: every memo with its code, passage, document, coder and date.
 * The records are the quotes that carry memos (quotes.h), one a memo; cmd_quotes.c formats
 * them. */
#include "cmd.h"

const char cmd_memos_help[] =
    "usage: gloss memos [--codebook FILE] [--coder NAME]... [--where ATTR=VALUE]...\n"
    "                   [--context question|N] [--attr KEY,...] [--format FORMAT] [-v]\n"
    "                   [CODE...] [PATH...]\n"
    "\n"
    "Print every memo written on a coding of the CODEs (a theme stands for its whole\n"
    "subtree; no CODE: every code), grouped by code in codebook order, then by document\n"
    "and position: the memo, its coder and date, the code, and the passage in full with\n"
    "its document, line, speaker(s), timestamp and the document's front-matter\n"
    "attributes. An argument that names an existing file or directory is a PATH, any\n"
    "other a CODE. Memos of drifted and ambiguous codings are not listed; standard\n"
    "error says how many codings were left out.\n"
    "\n"
    "options:\n"
    "  --codebook FILE     the codebook (see gloss help tally)\n"
    "  --coder NAME        only this coder's memos; repeat for several\n"
    "  --where ATTR=VALUE  only documents whose front matter has ATTR: VALUE (see\n"
    "                      gloss help quotes)\n"
    "  --context question|N, -C question|N\n"
    "                      the turns before each passage (see gloss help quotes)\n"
    "  --attr KEY,...      the front-matter attributes shown (see gloss help quotes)\n"
    "  --format FORMAT     text (default), markdown, csv, tsv, json or html, as for\n"
    "                      quotes; csv and tsv columns code,name,document,path,line,\n"
    "                      line_end,speakers,timestamp,coder,created,memo, context\n"
    "                      (with --context), attr.KEY for each attribute shown,\n"
    "                      then text; json\n"
    "                      {\"memos\": [{... \"coder\", \"created\", \"memo\", \"text\"}],\n"
    "                      \"skipped\"}\n"
    "  -v, --verbose       also report codings that were re-anchored, drifted or\n"
    "                      ambiguous, one by one\n"
    "  -h, --help          show this help\n"
    "\n"
    "exit status: 0 ok; 1 the codebook has errors, or some file could not be read or\n"
    "parsed; 2 usage error; 3 the output could not be written.\n";

int cmd_memos(struct args *a)
{
	return cmd_quotes_run(a, true);
}
