-- Schema 8: the words of each record counted once for the ranking, and
-- the team's stops carried through copies and merges.

-- The vocabulary: every word and word pair (two words with a space) met in
-- the title and abstract of a record counted so far. Ids never change.
-- Document frequencies are not kept: they depend on which records are
-- ranked (clusters, the stage, the decided records of a simulation), so
-- they are counted from the rows as the vectors are made.
CREATE TABLE term (
  id    INTEGER PRIMARY KEY,
  text  TEXT NOT NULL UNIQUE
);

-- Each record's terms as counted (title and abstract, words and word
-- pairs, as src/tfidf.c tokenises them): pairs of unsigned LEB128 varints
-- (term id, how often), in the order the terms first occur in the text, so
-- the vectors number their columns as they would from the texts. Filled
-- the first time a ranking needs a record (records never change); idf and
-- lengths are worked out when the vectors are made.
CREATE TABLE record_terms (
  record_id  INTEGER PRIMARY KEY REFERENCES record(id),
  terms      BLOB NOT NULL
);

-- How the counts were made (one row once anything is counted): a scopekit
-- that tokenises differently raises it and counts every record again.
CREATE TABLE term_counting (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  version  INTEGER NOT NULL
);

-- In a copy made while title and abstract screening was stopped: the
-- records (screening units) somebody had judged there. Their judgements
-- may be left out of the copy for blinding, but they are screened, so the
-- copy's queues keep them as the main store's do; the others are not
-- screened. Which records were judged is what the main store's queues show
-- everyone after a stop; who judged them and how is not kept.
CREATE TABLE copy_judged (
  record_id  INTEGER PRIMARY KEY REFERENCES record(id)
);

-- Stops and resumptions merge as facts ('stop' conflicts: a stop and a
-- resumption made apart). SQLite cannot change a CHECK in place.
CREATE TABLE merge_conflict_8 (
  kind        TEXT NOT NULL CHECK (kind IN ('judgement', 'settlement',
                'retrieval', 'duplicate', 'study report', 'unit study',
                'value', 'consensus', 'stop')),
  a           TEXT NOT NULL,
  b           TEXT NOT NULL,
  found_at    TEXT NOT NULL,
  PRIMARY KEY (kind, a, b),
  CHECK (a < b)
) WITHOUT ROWID;
INSERT INTO merge_conflict_8 SELECT kind, a, b, found_at FROM merge_conflict;
DROP TABLE merge_conflict;
ALTER TABLE merge_conflict_8 RENAME TO merge_conflict;
