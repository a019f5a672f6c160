#!/usr/bin/env bash
# Every real export in the shared corpus (pubmed/, medline/, ris/, and the
# CSV and EndNote XML files of dedup/ and screening/) imports through the
# command line with the exact record count written down in
# tests/corpus/*.tsv, in the right format, or is refused with exit 1.
. "$TESTS/e2e/lib.sh"

run_ok sk init --title 'Corpus'
n=0

# check PATH FORMAT COUNT DELETED
check() {
	local path=$1 format=$2 count=$3 deleted=$4 rc=0
	n=$((n + 1))
	[ -f "$CORPUS/$path" ] || { fail "missing corpus file $path"; return; }
	if [ "$format" = refuse ]; then
		run_fails 1 "^scopekit: import: $CORPUS/$path" \
			sk import "$CORPUS/$path" --source "c$n" --again
		return
	fi
	run_ok sk import "$CORPUS/$path" --source "c$n" --again || return
	same "$path: $format $count $deleted" \
		"$path: $(sql "SELECT format || ' ' || records || ' ' || deleted FROM source_file ORDER BY id DESC LIMIT 1")"
}

while IFS=$'\t' read -r path expected deleted _; do
	case "$path" in '#'* | '') continue ;; esac
	if [ "$expected" = refuse ]; then
		check "$path" refuse - -
	else
		check "$path" pubmed "$expected" "$deleted"
	fi
done < "$TESTS/corpus/pubmed.tsv"

while IFS=$'\t' read -r path format count _; do
	case "$path" in '#'* | '') continue ;; esac
	check "$path" "$format" "$count" 0
done < <(cat "$TESTS/corpus/text.tsv" "$TESTS/corpus/endnote.tsv")

# Every corpus file of these folders, and every XML file of the others,
# is listed in one of the tables.
listed=$(cut -f1 "$TESTS"/corpus/*.tsv | grep -v '^#' | sort)
present=$( (cd "$CORPUS" && find pubmed medline ris dedup screening -type f &&
	find . -path ./pubmed -prune -o -path ./medline -prune -o \
		-path ./ris -prune -o -path ./dedup -prune -o \
		-path ./screening -prune -o -type f -name '*.xml*' -print |
		sed 's|^\./||') | sort)
missing=$(comm -13 <(echo "$listed") <(echo "$present"))
same '' "$missing" || echo "  not listed: $missing" >&2
echo "$n corpus files checked" >&2

done_testing
