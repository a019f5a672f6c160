-- Schema 3: screening. Reviewers judge records at two stages, title and
-- abstract (ta) and full text (ft). Every judgement, settlement, retrieval
-- note and rule is an appended fact with a uuid and a time, so copies of a
-- store can be merged; what counts now (the newest fact) is worked out
-- when asked, never stored. A cluster of duplicates is screened once, as
-- its canonical record; a fact on any member counts for the cluster.

CREATE TABLE reviewer (
  name        TEXT PRIMARY KEY,     -- as typed by the team: "AB", "Ana Silva"
  created_at  TEXT NOT NULL
);

-- The review's reasons for excluding a report at full text, in the order
-- PRISMA lists them. A reason in use cannot be removed.
CREATE TABLE reason (
  label       TEXT PRIMARY KEY,
  position    INTEGER NOT NULL,
  created_at  TEXT NOT NULL
);

-- One judgement of one reviewer on one record at one stage. Append-only:
-- the reviewer's newest judgement counts; 'undo' takes theirs back.
CREATE TABLE decision (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  record_id   INTEGER NOT NULL REFERENCES record(id),
  stage       TEXT NOT NULL CHECK (stage IN ('ta', 'ft')),
  reviewer    TEXT NOT NULL REFERENCES reviewer(name),
  verdict     TEXT NOT NULL
              CHECK (verdict IN ('include', 'exclude', 'maybe', 'undo')),
  reason      TEXT,                 -- why excluded (required at full text)
  note        TEXT,
  decided_at  TEXT NOT NULL         -- UTC, milliseconds
);
CREATE INDEX decision_record ON decision(record_id, stage);
CREATE INDEX decision_reviewer ON decision(reviewer, stage);

-- The settlement of a disagreement, by a third reviewer or by consensus.
-- The newest counts; 'undo' reopens the conflict.
CREATE TABLE resolution (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  record_id   INTEGER NOT NULL REFERENCES record(id),
  stage       TEXT NOT NULL CHECK (stage IN ('ta', 'ft')),
  verdict     TEXT NOT NULL CHECK (verdict IN ('include', 'exclude', 'undo')),
  reason      TEXT,
  resolver    TEXT NOT NULL REFERENCES reviewer(name),
  method      TEXT NOT NULL         -- third: a reviewer who had not voted;
              CHECK (method IN ('third', 'consensus')),  -- or the voters
  note        TEXT,
  decided_at  TEXT NOT NULL
);
CREATE INDEX resolution_record ON resolution(record_id, stage);

-- Full-text retrieval of a report that passed title and abstract: every
-- such report is sought; the newest fact says whether it was found.
CREATE TABLE retrieval (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  record_id   INTEGER NOT NULL REFERENCES record(id),
  status      TEXT NOT NULL CHECK (status IN ('retrieved', 'not_retrieved')),
  reason      TEXT,                 -- why not retrieved; or where the file is
  reviewer    TEXT REFERENCES reviewer(name),
  noted_at    TEXT NOT NULL
);
CREATE INDEX retrieval_record ON retrieval(record_id);

-- Automation rules run before screening: records they hit are "marked
-- ineligible by automation tools". A removed rule is kept for history and
-- its records come back to the queue.
CREATE TABLE screen_rule (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  kind        TEXT NOT NULL CHECK (kind IN ('year', 'language', 'pubtype',
                                            'pattern')),
  value       TEXT NOT NULL,        -- year range, languages, types, pattern
  field       TEXT,                 -- pattern: title | abstract | any
  label       TEXT NOT NULL,        -- what it says, for people
  created_by  TEXT,
  created_at  TEXT NOT NULL,
  removed_at  TEXT,
  checked_to  INTEGER NOT NULL DEFAULT 0  -- records up to this id checked
);

-- The records each rule hits; filled in as records are checked.
CREATE TABLE rule_hit (
  rule_id     INTEGER NOT NULL REFERENCES screen_rule(id),
  record_id   INTEGER NOT NULL REFERENCES record(id),
  PRIMARY KEY (rule_id, record_id)
) WITHOUT ROWID;
CREATE INDEX rule_hit_record ON rule_hit(record_id);

-- The calibration sample of a stage, screened first and measured apart.
CREATE TABLE pilot (
  stage       TEXT NOT NULL CHECK (stage IN ('ta', 'ft')),
  record_id   INTEGER NOT NULL REFERENCES record(id),
  seed        INTEGER NOT NULL,
  drawn_at    TEXT NOT NULL,
  PRIMARY KEY (stage, record_id)
) WITHOUT ROWID;

-- Words highlighted on the screen: 'include' ones in one colour,
-- 'exclude' ones in another. Each is a PCRE2 pattern, matched caselessly.
CREATE TABLE keyword (
  list        TEXT NOT NULL CHECK (list IN ('include', 'exclude')),
  pattern     TEXT NOT NULL,
  PRIMARY KEY (list, pattern)
) WITHOUT ROWID;

-- The review's screening settings (see 'scopekit settings').
CREATE TABLE setting (
  key         TEXT PRIMARY KEY,
  value       TEXT NOT NULL
) WITHOUT ROWID;

-- The unit each record is screened as: its cluster's canonical record.
CREATE VIEW screen_unit AS
SELECT r.id AS record_id, coalesce(m.canonical, r.id) AS unit
FROM record r LEFT JOIN dup_member m ON m.record_id = r.id;

-- Each reviewer's judgement that counts, per unit and stage.
CREATE VIEW decision_current AS
SELECT unit, stage, reviewer, verdict, reason, note, decided_at, id
FROM (SELECT coalesce(m.canonical, d.record_id) AS unit, d.*,
             row_number() OVER (PARTITION BY coalesce(m.canonical, d.record_id),
                                d.stage, d.reviewer
                                ORDER BY d.decided_at DESC, d.id DESC) AS n
      FROM decision d LEFT JOIN dup_member m ON m.record_id = d.record_id)
WHERE n = 1 AND verdict <> 'undo';

-- The settlement that counts, per unit and stage.
CREATE VIEW resolution_current AS
SELECT unit, stage, verdict, reason, resolver, method, note, decided_at, id
FROM (SELECT coalesce(m.canonical, s.record_id) AS unit, s.*,
             row_number() OVER (PARTITION BY coalesce(m.canonical, s.record_id),
                                s.stage
                                ORDER BY s.decided_at DESC, s.id DESC) AS n
      FROM resolution s LEFT JOIN dup_member m ON m.record_id = s.record_id)
WHERE n = 1 AND verdict <> 'undo';

-- The retrieval fact that counts, per unit.
CREATE VIEW retrieval_current AS
SELECT unit, status, reason, reviewer, noted_at
FROM (SELECT coalesce(m.canonical, t.record_id) AS unit, t.*,
             row_number() OVER (PARTITION BY coalesce(m.canonical, t.record_id)
                                ORDER BY t.noted_at DESC, t.id DESC) AS n
      FROM retrieval t LEFT JOIN dup_member m ON m.record_id = t.record_id)
WHERE n = 1;
