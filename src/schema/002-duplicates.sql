-- Schema 2: duplicates. Deduplication finds pairs of records that may be
-- one article; every judgement on a pair (by a rule or by a person) is an
-- appended fact; clusters follow from the judgements. Records are never
-- deleted or changed: a duplicate stays in the store, in its cluster.

-- A pair of records found alike, with the evidence, whatever was decided.
CREATE TABLE dup_pair (
  id          INTEGER PRIMARY KEY,
  a           INTEGER NOT NULL REFERENCES record(id),
  b           INTEGER NOT NULL REFERENCES record(id),
  rule        TEXT NOT NULL,        -- what found it: pmid | pmcid | doi | fields
  score       REAL NOT NULL,        -- 0 to 1: how sure a duplicate
  evidence    TEXT NOT NULL,        -- JSON: each field compared, its verdict and weight
  found_at    TEXT NOT NULL,
  CHECK (a < b),
  UNIQUE (a, b)
);
CREATE INDEX dup_pair_b ON dup_pair(b);

-- A judgement on a pair. Append-only: the newest judgement of a pair
-- counts, the older ones stay as history.
CREATE TABLE dup_decision (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE, -- the same fact in every copy of the store
  pair_id     INTEGER NOT NULL REFERENCES dup_pair(id),
  verdict     TEXT NOT NULL CHECK (verdict IN ('duplicate', 'distinct')),
  method      TEXT NOT NULL         -- auto: above the threshold; review:
              CHECK (method IN ('auto', 'review', 'undo')),  -- by a person
  reviewer    TEXT,                 -- who, unless auto
  note        TEXT,
  decided_at  TEXT NOT NULL
);
CREATE INDEX dup_decision_pair ON dup_decision(pair_id);

-- The clusters the current judgements make, rebuilt after every change.
-- Records alone in their cluster are not listed. The canonical record
-- (the most complete) is the one screened for the whole cluster.
CREATE TABLE dup_member (
  record_id   INTEGER PRIMARY KEY REFERENCES record(id),
  canonical   INTEGER NOT NULL REFERENCES record(id)
);
CREATE INDEX dup_member_canonical ON dup_member(canonical);

-- The judgement that counts for each pair: the newest.
CREATE VIEW dup_current AS
SELECT pair_id, verdict, method, reviewer, note, decided_at
FROM (SELECT d.*, row_number() OVER (PARTITION BY pair_id
                                     ORDER BY decided_at DESC, id DESC) AS n
      FROM dup_decision d)
WHERE n = 1;
