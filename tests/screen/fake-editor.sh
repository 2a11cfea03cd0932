#!/bin/sh
# tests/screen/fake-editor.sh — a stand-in for the coder's $EDITOR in screen scenarios:
# what it does depends on the word the memo holds. It notes the file's path in
# ./last-path (the scenario checks the file is gone afterwards).
printf '%s\n' "$1" >last-path
case $(cat "$1") in
*fail*) exit 3 ;;
*nul*) printf 'a\000b\n' >>"$1" ;;
*esc*) printf 'bell\a red\033[31m\n' >>"$1" ;;
*) printf 'from the editor, mode %s\n' "$(stat -c %a "$1")" >>"$1" ;;
esac
