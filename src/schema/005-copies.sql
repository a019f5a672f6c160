-- Schema 5: reviewer copies and merging. A copy is the store made for one
-- reviewer, with the others' judgements and values left out; merging
-- brings the facts made in copies back by their uuid. A fact merged in
-- keeps the copy it was made in (origin), and "the newest counts" breaks
-- a tie of times by origin before the local id, so that the result does
-- not depend on the order copies are merged in.

-- In a copy: what it is a copy of. A main store has no row.
CREATE TABLE copy_info (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  uuid        TEXT NOT NULL,        -- this copy; facts made here carry it once merged
  made_for    TEXT NOT NULL,        -- the reviewer it was made for
  made_from   TEXT NOT NULL,        -- the store it was copied from, as named
  made_at     TEXT NOT NULL
);

-- In a main store: each copy merged into it, once.
CREATE TABLE merged_copy (
  uuid        TEXT PRIMARY KEY,
  made_for    TEXT NOT NULL,
  made_at     TEXT NOT NULL,
  merged_at   TEXT NOT NULL         -- the first merge
) WITHOUT ROWID;

-- Facts made independently (in different copies, or in a copy and in
-- this store after it was copied) that say different things of one
-- thing: two settlements of a record, two consensus values of a field...
-- Both facts are kept and the newest counts; this table says so.
-- a < b: the uuids of the two facts, in the table kind names.
CREATE TABLE merge_conflict (
  kind        TEXT NOT NULL CHECK (kind IN ('judgement', 'settlement',
                'retrieval', 'duplicate', 'study report', 'unit study',
                'value', 'consensus')),
  a           TEXT NOT NULL,
  b           TEXT NOT NULL,
  found_at    TEXT NOT NULL,
  PRIMARY KEY (kind, a, b),
  CHECK (a < b)
) WITHOUT ROWID;

-- The copy a fact was made in (copy_info.uuid), NULL if made here.
ALTER TABLE dup_decision ADD COLUMN origin TEXT;
ALTER TABLE decision ADD COLUMN origin TEXT;
ALTER TABLE resolution ADD COLUMN origin TEXT;
ALTER TABLE retrieval ADD COLUMN origin TEXT;
ALTER TABLE study_report ADD COLUMN origin TEXT;
ALTER TABLE unit_study ADD COLUMN origin TEXT;
ALTER TABLE extraction ADD COLUMN origin TEXT;
ALTER TABLE consensus ADD COLUMN origin TEXT;

-- The views of schemas 2 to 4 again, ordered by time, then origin, then
-- id: ids are local to a store, but facts of one origin keep their order
-- when merged, and origins are the same in every store.
DROP VIEW dup_current;
CREATE VIEW dup_current AS
SELECT pair_id, verdict, method, reviewer, note, decided_at, id
FROM (SELECT d.*, row_number() OVER (PARTITION BY pair_id
                                     ORDER BY decided_at DESC,
                                     coalesce(origin, '') DESC,
                                     id DESC) AS n
      FROM dup_decision d)
WHERE n = 1;

DROP VIEW decision_current;
CREATE VIEW decision_current AS
SELECT unit, stage, reviewer, verdict, reason, note, decided_at, id
FROM (SELECT coalesce(m.canonical, d.record_id) AS unit, d.*,
             row_number() OVER (PARTITION BY coalesce(m.canonical, d.record_id),
                                d.stage, d.reviewer
                                ORDER BY d.decided_at DESC,
                                coalesce(d.origin, '') DESC, d.id DESC) AS n
      FROM decision d LEFT JOIN dup_member m ON m.record_id = d.record_id)
WHERE n = 1 AND verdict <> 'undo';

DROP VIEW resolution_current;
CREATE VIEW resolution_current AS
SELECT unit, stage, verdict, reason, resolver, method, note, decided_at, id
FROM (SELECT coalesce(m.canonical, s.record_id) AS unit, s.*,
             row_number() OVER (PARTITION BY coalesce(m.canonical, s.record_id),
                                s.stage
                                ORDER BY s.decided_at DESC,
                                coalesce(s.origin, '') DESC, s.id DESC) AS n
      FROM resolution s LEFT JOIN dup_member m ON m.record_id = s.record_id)
WHERE n = 1 AND verdict <> 'undo';

DROP VIEW retrieval_current;
CREATE VIEW retrieval_current AS
SELECT unit, status, reason, reviewer, noted_at, id
FROM (SELECT coalesce(m.canonical, t.record_id) AS unit, t.*,
             row_number() OVER (PARTITION BY coalesce(m.canonical, t.record_id)
                                ORDER BY t.noted_at DESC,
                                coalesce(t.origin, '') DESC, t.id DESC) AS n
      FROM retrieval t LEFT JOIN dup_member m ON m.record_id = t.record_id)
WHERE n = 1;

DROP VIEW study_report_current;
CREATE VIEW study_report_current AS
SELECT study_id, record_id, basis, noted_at
FROM (SELECT s.study_id, coalesce(m.canonical, s.record_id) AS record_id,
             s.action, s.basis, s.noted_at,
             row_number() OVER (PARTITION BY s.study_id,
                                coalesce(m.canonical, s.record_id)
                                ORDER BY s.noted_at DESC,
                                coalesce(s.origin, '') DESC, s.id DESC) AS n
      FROM study_report s LEFT JOIN dup_member m ON m.record_id = s.record_id)
WHERE n = 1 AND action = 'add';

DROP VIEW unit_study_current;
CREATE VIEW unit_study_current AS
SELECT unit_id, study_id, noted_at
FROM (SELECT u.*, row_number() OVER (PARTITION BY u.unit_id, u.study_id
                                     ORDER BY u.noted_at DESC,
                                     coalesce(u.origin, '') DESC,
                                     u.id DESC) AS n
      FROM unit_study u)
WHERE n = 1 AND action = 'add';

DROP VIEW extraction_current;
CREATE VIEW extraction_current AS
SELECT level, target, field, extractor, answer, value, form_id, note,
       charted_at, id
FROM (SELECT t.*, row_number() OVER (PARTITION BY level, target, field,
                                     extractor
                                     ORDER BY charted_at DESC,
                                     coalesce(origin, '') DESC,
                                     id DESC) AS n
      FROM (SELECT e.*, CASE e.level
                          WHEN 'report' THEN coalesce(m.canonical, e.record_id)
                          WHEN 'study' THEN e.study_id
                          ELSE e.unit_id END AS target
            FROM extraction e
            LEFT JOIN dup_member m ON m.record_id = e.record_id) t)
WHERE n = 1;

DROP VIEW consensus_current;
CREATE VIEW consensus_current AS
WITH settled AS (
  SELECT level, target, field, answer, value, form_id, agreed_by, agreed_at
  FROM (SELECT t.*, row_number() OVER (PARTITION BY level, target, field
                                       ORDER BY agreed_at DESC,
                                       coalesce(origin, '') DESC,
                                       id DESC) AS n
        FROM (SELECT c.*, CASE c.level
                            WHEN 'report' THEN coalesce(m.canonical,
                                                        c.record_id)
                            WHEN 'study' THEN c.study_id
                            ELSE c.unit_id END AS target
              FROM consensus c
              LEFT JOIN dup_member m ON m.record_id = c.record_id) t)
  WHERE n = 1
), agreed AS (
  SELECT level, target, field, min(answer) AS answer, min(value) AS value,
         max(form_id) AS form_id, NULL AS agreed_by,
         max(charted_at) AS agreed_at
  FROM extraction_current
  GROUP BY level, target, field
  HAVING count(*) >= 2
     AND count(DISTINCT answer || ':' || coalesce(value, '')) = 1
)
SELECT level, target, field, answer, value, form_id, 'settled' AS how,
       agreed_by, agreed_at
FROM settled
UNION ALL
SELECT a.level, a.target, a.field, a.answer, a.value, a.form_id, 'agreed',
       a.agreed_by, a.agreed_at
FROM agreed a
WHERE NOT EXISTS (SELECT 1 FROM settled s WHERE s.level = a.level
                  AND s.target = a.target AND s.field = a.field);

-- The form in use: the newest version of the form loaded last. Forms
-- loaded in copies arrive in any order, so not the highest id.
DROP VIEW form_current;
CREATE VIEW form_current AS
SELECT * FROM form
WHERE key = (SELECT key FROM form ORDER BY loaded_at DESC, uuid DESC
             LIMIT 1)
ORDER BY version DESC LIMIT 1;
