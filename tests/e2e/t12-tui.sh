#!/usr/bin/env bash
# The interactive screen, driven through tmux at 80x24 on the worked
# example: what is on the screen (title, progress, pilot mark, keyword
# highlighting), the keys (include, exclude, maybe, note, reason, undo,
# back, forward, help, quit) and the judgements they leave in the store;
# resuming; a store error on the status line; scrolling a long abstract;
# resizing; no colours; an empty queue; the terminal restored on every
# way out, Ctrl-C and SIGTERM too. Also 'scopekit keywords'.
. "$TESTS/e2e/lib.sh"
fx=$FIXTURES/lbp-moc

if ! command -v tmux >/dev/null; then
	echo "SKIP: tmux is not installed (scripts/deps.sh installs it):" \
		"the interactive screen is not tested" >&2
	exit 77
fi

# A private tmux server per screen (a new one does not race the last one's
# exit), stopped at the end whatever happens.
servers=0
tm() { LC_ALL=C.UTF-8 tmux -S "$TMP/tmux.$servers" -f /dev/null "$@"; }
trap 'tm kill-server >/dev/null 2>&1; rm -rf "$TMP"' EXIT
esc=$'\e'

# The pane runs scopekit, then notes its exit code and the terminal's
# modes before and after, and stays open so the screen can be read.
# Ctrl-C reaches the script too: it waits for scopekit instead of dying.
cat >"$TMP/run.sh" <<EOF
trap : INT
stty -g >'$TMP/stty.before'
sh -c 'echo \$\$ >"$TMP/pid"; exec env LC_ALL=C.UTF-8 "\$@"' sh "\$@"
echo \$? >'$TMP/rc'
stty -g >'$TMP/stty.after'
exec sleep 600
EOF

# start CMD...: a command on a fresh 80x24 terminal
start() {
	tm kill-server >/dev/null 2>&1
	servers=$((servers + 1))
	rm -f "$TMP/rc" "$TMP/pid" "$TMP/stty.before" "$TMP/stty.after"
	tm new-session -d -x 80 -y 24 "sh $(printf '%q ' "$TMP/run.sh" "$@")"
}

screen_text() { tm capture-pane -p -t 0 2>/dev/null; }
keys() { tm send-keys -t 0 "$@"; }

# wait_for PATTERN: poll the screen until PATTERN (grep -E) shows, 20 s at
# most; if it never does, the keys that follow mean nothing: stop there.
wait_for() {
	checks=$((checks + 1))
	for _ in $(seq 400); do
		screen_text | grep -Eq -- "$1" && return 0
		sleep 0.05
	done
	fail "the screen never showed /$1/:"
	screen_text | sed 's/^/  screen: /' >&2
	done_testing
}

# wait_gone PATTERN: poll the screen until PATTERN no longer shows
wait_gone() {
	checks=$((checks + 1))
	for _ in $(seq 400); do
		screen_text | grep -Eq -- "$1" || return 0
		sleep 0.05
	done
	fail "the screen still shows /$1/:"
	screen_text | sed 's/^/  screen: /' >&2
	return 1
}

# shows PATTERN: the screen shows it now (after a wait_for)
shows() {
	checks=$((checks + 1))
	screen_text | grep -Eq -- "$1" || {
		fail "the screen lacks /$1/:"
		screen_text | sed 's/^/  screen: /' >&2
		return 1
	}
}

# shows_styled PATTERN: with the escape codes of the styles (capture-pane -e)
shows_styled() {
	checks=$((checks + 1))
	tm capture-pane -p -e -t 0 | grep -Eq -- "$1" || {
		fail "the styled screen lacks /$1/:"
		tm capture-pane -p -e -t 0 | cat -v | sed 's/^/  screen: /' >&2
		return 1
	}
}

# exited CODE: scopekit ended with CODE and left the terminal as it found it
exited() {
	checks=$((checks + 1))
	for _ in $(seq 400); do
		[ -s "$TMP/stty.after" ] && break
		sleep 0.05
	done
	if [ ! -s "$TMP/stty.after" ]; then
		fail "the screen did not end"
		screen_text | sed 's/^/  screen: /' >&2
		return 1
	fi
	same "$1" "$(cat "$TMP/rc")"
	same "$(cat "$TMP/stty.before")" "$(cat "$TMP/stty.after")"
}

title_of() { sql "SELECT substr(title, 1, 40) FROM record WHERE id = $1"; }

run_ok sk init --title 'LBP models of care'
run_ok sk import "$fx/pubmed.nbib" --source 'MEDLINE (PubMed)'
run_ok sk import "$fx/embase.ris" --source EMBASE
run_ok sk import "$fx/scopus.ris" --source Scopus
run_ok sk import "$fx/other.ris" --source 'Grey literature'
run_ok sk dedupe
now=2024-05-01T10:00:00.000Z
run_ok sk reviewer add ana ben cy
run_ok sk reasons add 'Wrong population' 'Wrong concept' 'Wrong context'

# ---- scopekit keywords ----
run_ok sk keywords
contains "$TMP/out" '^No keywords yet'
run_ok sk keywords add --include 'low back pain' 'primary (health )?care' 'care pathway'
contains "$TMP/out" '^Added 3 include keywords\.$'
run_ok sk keywords add --exclude 'spine surg\w*' sciatica 'low back pain'
contains "$TMP/out" '^Added 3 exclude keywords\.$'
run_ok sk keywords add --include 'low back pain'
contains "$TMP/out" "^'low back pain' is in the include list already\.$"
run_ok sk keywords remove --exclude 'low back pain'
contains "$TMP/out" '^Removed 1 exclude keyword\.$'
before=$(store_dump)
run_fails 1 "'pain\(' is not a valid pattern: missing closing parenthesis at offset 5" \
	sk keywords add --exclude 'hospital' 'pain('
run_fails 1 "'spinal' is not in the exclude list" \
	sk keywords remove --exclude sciatica spinal
run_fails 2 'say which list: --include or --exclude' sk keywords add back
run_fails 2 'say which list' sk keywords add --include --exclude back
run_fails 2 'name the keywords' sk keywords remove --include
run_fails 2 "--format is table, csv, tsv or json, not 'xml'" sk keywords --format xml
run_fails 2 "unknown keywords command 'list'" sk keywords list
same "$before" "$(store_dump)"
run_ok sk keywords --format csv
same 'list,pattern
include,care pathway
include,low back pain
include,primary (health )?care
exclude,sciatica
exclude,spine surg\w*' "$(tr -d '\r' <"$TMP/out")"
run_ok sk keywords --format json
contains "$TMP/out" '"list": "exclude", "pattern": "spine surg\\\\w\*"'

# The units in screening order: the pilot sample first, then by id.
# Record 16 ("Spine surgery referrals ... care pathway") is the pilot.
# A pilot of one known record ('scopekit sample' draws at random).
sql "INSERT INTO pilot (stage, record_id, seed, drawn_at) VALUES ('ta', 16, 1, '$now')"
mapfile -t u < <(sql "SELECT r.id FROM record r WHERE NOT EXISTS (SELECT 1 FROM dup_member m WHERE m.record_id = r.id AND m.canonical <> r.id) AND r.id <> 16 ORDER BY r.id")
same 28 "${#u[@]}"

# ---- title and abstract: judging, a note, undo, back, forward ----
start "$SCOPEKIT" screen --reviewer ana --order imported
wait_for '[^:] 1 of 29 ?$'
shows "^ $(title_of 16)"
shows '^ Screening · title and abstract · ana .* PILOT  1 of 29 ?$'
shows '^ Kindrachuk, D R; Fourney, D R$'
shows '^i include  e exclude  m maybe  n note  r reason  u undo  b back  \? help  q quit'
# Include keywords green and underlined, exclude ones red and reversed.
shows_styled "${esc}\[1;7m${esc}\[31mSpine surgery"
shows_styled "${esc}\[4m${esc}\[32mcare pathway"

keys i
wait_for '[^:] 2 of 29 ?$'
shows "^ $(title_of "${u[0]}")"
shows 'Saved: record 16 included\.'
shows_styled "${esc}\[4m${esc}\[32mprimary care"

keys n
wait_for '^ Note \(saved with your judgement\): ?$'
keys -l 'dose unclear — ça'
keys Enter
wait_for '^ Note, saved with your judgement: dose unclear — ça$'
keys e
wait_for '[^:] 3 of 29 ?$'
shows "Saved: record ${u[0]} excluded\. With your note\."
keys m
wait_for '[^:] 4 of 29 ?$'
shows "^ $(title_of "${u[2]}")"

# Undo takes back the maybe and shows that record again.
keys u
wait_for '[^:] 3 of 29 ?$'
shows "Taken back: your judgement of record ${u[1]}\."
shows "^ $(title_of "${u[1]}")"
keys i
wait_for '[^:] 4 of 29 ?$'

# Back shows the judgement and lets it change; then on to the queue.
keys b
wait_for ' judged: 3 of 29 ?$'
shows '^ Your judgement: include\. Change it with i, e, m or r'
shows '^ i e m change  r reason  n note  f forward  b back  u undo'
keys e
wait_for '[^:] 4 of 29 ?$'
shows "Saved: record ${u[1]} excluded\."
shows "^ $(title_of "${u[2]}")"
keys b
wait_for ' judged: 3 of 29 ?$'
keys Left
wait_for ' judged: 2 of 29 ?$'
shows '^ Your judgement: exclude\.'
shows '^ Your note: dose unclear — ça$'
# A note on a judged record re-judges it at once, with the note.
keys n
wait_for '^ Note \(saved at once\): dose unclear — ça$'
keys C-u
keys -l 'recheck dose'
keys Enter
wait_for '^ Your note: recheck dose$'
shows "Saved: record ${u[0]} excluded\. With your note\."
shows ' judged: 2 of 29 ?$'
keys b
wait_for ' judged: 1 of 29 ?$'
keys b
wait_for 'This is the first record you judged in this session\.'
keys f
wait_for ' judged: 2 of 29 ?$'
# The same judgement again writes nothing.
keys e
wait_for "Unchanged: record ${u[0]} stays excluded\."
shows ' judged: 3 of 29 ?$'
keys Right
wait_for '[^:] 4 of 29 ?$'
keys x
wait_for 'That key does nothing here: \? lists the keys\.'
keys '?'
wait_for '^ Keys$'
shows '^  u     undo: take back your last judgement'
keys Space
wait_for '[^:] 4 of 29 ?$'
keys q
exited 0
same "16|include|
${u[0]}|exclude|dose unclear — ça
${u[1]}|maybe|
${u[1]}|undo|
${u[1]}|include|
${u[1]}|exclude|
${u[0]}|exclude|recheck dose" \
	"$(sql "SELECT record_id, verdict, coalesce(note, '') FROM decision WHERE reviewer = 'ana' AND stage = 'ta' ORDER BY id")"
same 7 "$(sql "SELECT count(DISTINCT uuid) FROM decision")"

# ---- resuming; a store error stays on the status line; records judged
# by others meanwhile are skipped ----
start "$SCOPEKIT" screen --reviewer ana --order imported
wait_for '[^:] 4 of 29 ?$'
shows "^ $(title_of "${u[2]}")"
for who in ben cy; do
	run_ok sk screen decide --reviewer "$who" --stage ta --exclude "${u[3]}"
done
sql "DELETE FROM reviewer WHERE name = 'ana'"	# the store now refuses ana
keys i
wait_for "^ Not saved: 'ana' is not a reviewer of this review"
shows '[^:] 4 of 29 ?$'
sql "INSERT INTO reviewer (name, created_at) VALUES ('ana', '$now')"
keys i
wait_for '[^:] 5 of 28 ?$'
shows "^ $(title_of "${u[4]}")"
shows 'Saved: record [0-9]+ included\. 1 record skipped: it no longer awaits you'
same 8 "$(sql "SELECT count(*) FROM decision WHERE reviewer = 'ana'")"
# Ctrl-C leaves the screen with the terminal restored; the judgement stays.
keys C-c
exited 1
same 4 "$(sql "SELECT count(*) FROM decision_current WHERE reviewer = 'ana' AND stage = 'ta'")"

# SIGTERM too.
start "$SCOPEKIT" screen --reviewer ben --order imported
wait_for '[^:] 2 of 29 ?$'
kill -TERM "$(cat "$TMP/pid")"
exited 1

# ---- full text: exclusion needs a reason ----
for r in "${u[@]:6:3}"; do
	for who in ana ben; do
		run_ok sk screen decide --reviewer "$who" --stage ta --include "$r"
	done
done
start "$SCOPEKIT" screen --reviewer ana --stage ft --order imported
wait_for '[^:] 1 of 3 ?$'
shows '^ Screening · full text · ana'
shows "^ $(title_of "${u[6]}")"
keys e
wait_for '^ Why is this record excluded\?'
shows '^  1  Wrong population'
shows '^  2  Wrong concept'
keys 2
wait_for '[^:] 2 of 3 ?$'
shows "Saved: record ${u[6]} excluded \(Wrong concept\)\."
keys r
wait_for '^ Why is this record excluded\?'
keys Escape
wait_for 'Not excluded: no reason chosen\.'
shows '[^:] 2 of 3 ?$'
keys r
wait_for '^ Why is this record excluded\?'
keys Down Down Up Down Enter
wait_for '[^:] 3 of 3 ?$'
keys i
wait_for '^  You have judged every record awaiting you at full text: 3 in this'
shows 'Screening status: scopekit screen status'
keys u
wait_for '[^:] 3 of 3 ?$'
shows "Taken back: your judgement of record ${u[8]}\."
keys m
wait_for 'You have judged every record awaiting you at full text'
keys q
exited 0
same "${u[6]}|exclude|Wrong concept
${u[7]}|exclude|Wrong context
${u[8]}|include|
${u[8]}|undo|
${u[8]}|maybe|" \
	"$(sql "SELECT record_id, verdict, coalesce(reason, '') FROM decision WHERE reviewer = 'ana' AND stage = 'ft' ORDER BY id")"

# Nothing left for ana at full text: say so, leave after a key.
start "$SCOPEKIT" screen --reviewer ana --stage ft --order imported
wait_for '^  No records await you at full text\.'
shows 'You have judged 3 records at this stage'
shows 'Screening status: scopekit screen status'
shows 'Press any key to leave\.'
keys z
exited 0

# ---- a long abstract in Unicode: scrolling, resizing, no colours ----
mkdir "$TMP/b"
etude=$'e\xcc\x81tude'	# with a combining accent
{
	printf 'TY  - JOUR\nTI  - Rückenschmerz in der Primärversorgung: 腰痛 and low back pain, e\xcc\x81tude\n'
	printf 'AU  - Müller, Jörg\nPY  - 2021\nJO  - Der Schmerz\nAB  - '
	for i in $(seq 1 60); do printf 'Sentence %d of the abstract, on low back pain in primary care. ' "$i"; done
	printf '\nER  - \n'
} >"$TMP/b/long.ris"
export SCOPEKIT_DB=$TMP/b/review.db
run_ok sk init --title 'Scrolling'
run_ok sk import "$TMP/b/long.ris" --source Hand
run_ok sk reviewer add ana
run_ok sk keywords add --include 'low back pain' '腰痛'
run_ok sk keywords add --exclude 'étude|e\x{301}tude'
start "$SCOPEKIT" screen --reviewer ana --order imported
wait_for '[^:] 1 of 1 ?$'
shows "^ Rückenschmerz in der Primärversorgung: 腰痛 and low back pain, $etude\$"
shows '^ Müller, Jörg$'
shows '^ Der Schmerz · 2021 · record 1$'
shows '^ Sentence 1 of the abstract'
shows '↓ [0-9]+ more lines ?$'
shows_styled "${esc}\[4m${esc}\[32m腰痛"
shows_styled "${esc}\[7m${esc}\[31m$etude"
keys NPage
wait_gone 'Sentence 1 of the abstract'
shows '^ Rückenschmerz'
shows 'Sentence 2[0-9] of the abstract'
keys End
wait_for 'Sentence 60 of'
keys Home
wait_for '^ Sentence 1 of the abstract'
keys Down
wait_gone 'Sentence 1 of the abstract'
shows '^ the abstract, on low back pain in primary care\. Sentence 3 of'
tm resize-window -t 0 -x 50 -y 14
wait_for '^ Screening · title and abstract · ana +1 of 1 ?$'
shows '^ i include  e exclude  m maybe  \? help  q quit'
tm resize-window -t 0 -x 30 -y 8
wait_for '^Make the window larger'
tm resize-window -t 0 -x 80 -y 24
wait_for '^ Rückenschmerz in der Primärversorgung'
keys q
exited 0

# Without colours the keywords are still marked: bold and underlined, or reversed.
start env TERM=vt100 "$SCOPEKIT" screen --reviewer ana --order imported
wait_for '[^:] 1 of 1 ?$'
shows_styled "${esc}\[4m腰痛"
shows_styled "${esc}\[7m$etude"
shows_styled "${esc}\[1;4mlow back pain"
keys q
exited 0
same 0 "$(sql "SELECT count(*) FROM decision")"

# Full text before anything passed title and abstract.
start "$SCOPEKIT" screen --reviewer ana --stage ft --order imported
wait_for 'Full-text screening starts with the records included at title and'
keys Enter
exited 0

done_testing
