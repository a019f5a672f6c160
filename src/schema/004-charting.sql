-- Schema 4: charting. The review's extraction form, kept whole in every
-- version loaded; the studies that group included reports and the
-- charting units (a model of care, say) that group studies; and the
-- values each extractor charts and the consensus, as appended facts with
-- a uuid and a millisecond time, as screening keeps its judgements. What
-- counts now (the newest fact) is worked out by the views at the end.

-- A version of the charting form: its YAML text as loaded, so a value can
-- always be read against the form it was charted with.
CREATE TABLE form (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  key         TEXT NOT NULL,        -- "pcc-lbp-moc"
  version     INTEGER NOT NULL,
  title       TEXT NOT NULL,
  text        TEXT NOT NULL,        -- the file as read (UTF-8)
  file        TEXT,                 -- its name when loaded
  loaded_by   TEXT,
  loaded_at   TEXT NOT NULL,
  UNIQUE (key, version)
);

-- The fields of each form version, copied from its text for SQL: the
-- type says how to read a value (a multiple choice is a JSON array).
CREATE TABLE form_field (
  form_id     INTEGER NOT NULL REFERENCES form(id),
  key         TEXT NOT NULL,
  position    INTEGER NOT NULL,     -- order on the form, from 1
  section     TEXT NOT NULL,
  label       TEXT NOT NULL,
  help        TEXT,
  type        TEXT NOT NULL CHECK (type IN ('text', 'long text', 'integer',
                'number', 'year', 'date', 'single choice',
                'multiple choice', 'yes/no')),
  level       TEXT NOT NULL CHECK (level IN ('report', 'study', 'unit')),
  required    INTEGER NOT NULL,
  other       TEXT,                 -- label of "other, specify", or NULL
  pattern     TEXT,                 -- PCRE2, the whole value must match
  PRIMARY KEY (form_id, key)
) WITHOUT ROWID;

CREATE TABLE form_choice (
  form_id     INTEGER NOT NULL REFERENCES form(id),
  field       TEXT NOT NULL,
  position    INTEGER NOT NULL,
  label       TEXT NOT NULL,
  PRIMARY KEY (form_id, field, position)
) WITHOUT ROWID;

-- A study: one or more reports (records) of the same piece of research.
-- The uuid identifies it across copies of the store; the name is what
-- people type.
CREATE TABLE study (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL UNIQUE,
  created_by  TEXT,
  created_at  TEXT NOT NULL
);

-- A report joining or leaving a study. Appended only; the newest fact per
-- study and record counts. basis: 'included' (included at full text in
-- this store) or 'forced' (charted without a screening record here).
CREATE TABLE study_report (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  study_id    INTEGER NOT NULL REFERENCES study(id),
  record_id   INTEGER NOT NULL REFERENCES record(id),
  action      TEXT NOT NULL CHECK (action IN ('add', 'remove')),
  basis       TEXT CHECK (basis IN ('included', 'forced')),
  by_whom     TEXT,
  noted_at    TEXT NOT NULL
);
CREATE INDEX study_report_study ON study_report(study_id);
CREATE INDEX study_report_record ON study_report(record_id);

-- A charting unit (a model of care, an intervention...): what the
-- review's tables have one row for, made of one or more studies.
CREATE TABLE unit (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL UNIQUE,
  created_by  TEXT,
  created_at  TEXT NOT NULL
);

-- A study joining or leaving a unit; the newest fact counts.
CREATE TABLE unit_study (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  unit_id     INTEGER NOT NULL REFERENCES unit(id),
  study_id    INTEGER NOT NULL REFERENCES study(id),
  action      TEXT NOT NULL CHECK (action IN ('add', 'remove')),
  by_whom     TEXT,
  noted_at    TEXT NOT NULL
);
CREATE INDEX unit_study_unit ON unit_study(unit_id);

-- One value charted by one extractor: for a report, a study or a unit
-- (exactly one of the three ids, as level says), with the form version it
-- was checked against. answer is 'value' (then value holds it: text as
-- typed, numbers and dates in one spelling, a choice as the form spells
-- it, a multiple choice as a JSON array in the form's order) or one of
-- the answers every field takes: 'not_reported', 'unclear'. Appended
-- only: the extractor's newest value counts.
CREATE TABLE extraction (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  form_id     INTEGER NOT NULL REFERENCES form(id),
  level       TEXT NOT NULL CHECK (level IN ('report', 'study', 'unit')),
  record_id   INTEGER REFERENCES record(id),
  study_id    INTEGER REFERENCES study(id),
  unit_id     INTEGER REFERENCES unit(id),
  field       TEXT NOT NULL,
  extractor   TEXT NOT NULL REFERENCES reviewer(name),
  answer      TEXT NOT NULL
              CHECK (answer IN ('value', 'not_reported', 'unclear')),
  value       TEXT,
  note        TEXT,
  charted_at  TEXT NOT NULL,        -- UTC, milliseconds
  CHECK ((level = 'report') = (record_id IS NOT NULL) AND
         (level = 'study') = (study_id IS NOT NULL) AND
         (level = 'unit') = (unit_id IS NOT NULL)),
  CHECK ((answer = 'value') = (value IS NOT NULL))
);
CREATE INDEX extraction_record ON extraction(record_id, field)
  WHERE record_id IS NOT NULL;
CREATE INDEX extraction_study ON extraction(study_id, field)
  WHERE study_id IS NOT NULL;
CREATE INDEX extraction_unit ON extraction(unit_id, field)
  WHERE unit_id IS NOT NULL;

-- The value the team agreed on where extractors differ (or chose to set
-- anyway); same shape as extraction. The newest counts.
CREATE TABLE consensus (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  form_id     INTEGER NOT NULL REFERENCES form(id),
  level       TEXT NOT NULL CHECK (level IN ('report', 'study', 'unit')),
  record_id   INTEGER REFERENCES record(id),
  study_id    INTEGER REFERENCES study(id),
  unit_id     INTEGER REFERENCES unit(id),
  field       TEXT NOT NULL,
  agreed_by   TEXT NOT NULL REFERENCES reviewer(name),
  answer      TEXT NOT NULL
              CHECK (answer IN ('value', 'not_reported', 'unclear')),
  value       TEXT,
  note        TEXT,
  agreed_at   TEXT NOT NULL,
  CHECK ((level = 'report') = (record_id IS NOT NULL) AND
         (level = 'study') = (study_id IS NOT NULL) AND
         (level = 'unit') = (unit_id IS NOT NULL)),
  CHECK ((answer = 'value') = (value IS NOT NULL))
);
CREATE INDEX consensus_record ON consensus(record_id, field)
  WHERE record_id IS NOT NULL;
CREATE INDEX consensus_study ON consensus(study_id, field)
  WHERE study_id IS NOT NULL;
CREATE INDEX consensus_unit ON consensus(unit_id, field)
  WHERE unit_id IS NOT NULL;

-- The form version values are charted with now: the newest loaded.
CREATE VIEW form_current AS
SELECT * FROM form ORDER BY id DESC LIMIT 1;

-- The reports of each study now (a report as its cluster's canonical
-- record, as screening counts it).
CREATE VIEW study_report_current AS
SELECT study_id, record_id, basis, noted_at
FROM (SELECT s.study_id, coalesce(m.canonical, s.record_id) AS record_id,
             s.action, s.basis, s.noted_at,
             row_number() OVER (PARTITION BY s.study_id,
                                coalesce(m.canonical, s.record_id)
                                ORDER BY s.noted_at DESC, s.id DESC) AS n
      FROM study_report s LEFT JOIN dup_member m ON m.record_id = s.record_id)
WHERE n = 1 AND action = 'add';

-- The studies of each unit now.
CREATE VIEW unit_study_current AS
SELECT unit_id, study_id, noted_at
FROM (SELECT u.*, row_number() OVER (PARTITION BY u.unit_id, u.study_id
                                     ORDER BY u.noted_at DESC, u.id DESC) AS n
      FROM unit_study u)
WHERE n = 1 AND action = 'add';

-- What can be charted, by level and id, with a name for people: reports
-- in a study, every study and unit.
CREATE VIEW chart_target AS
SELECT DISTINCT 'report' AS level, sr.record_id AS target,
       CAST(sr.record_id AS TEXT) AS name
FROM study_report_current sr
UNION ALL SELECT 'study', id, name FROM study
UNION ALL SELECT 'unit', id, name FROM unit;

-- Each extractor's value that counts, per target and field.
CREATE VIEW extraction_current AS
SELECT level, target, field, extractor, answer, value, form_id, note,
       charted_at, id
FROM (SELECT t.*, row_number() OVER (PARTITION BY level, target, field,
                                     extractor
                                     ORDER BY charted_at DESC, id DESC) AS n
      FROM (SELECT e.*, CASE e.level
                          WHEN 'report' THEN coalesce(m.canonical, e.record_id)
                          WHEN 'study' THEN e.study_id
                          ELSE e.unit_id END AS target
            FROM extraction e
            LEFT JOIN dup_member m ON m.record_id = e.record_id) t)
WHERE n = 1;

-- The consensus per target and field: the newest recorded consensus, else
-- the value on which every extractor who charted it agrees, when at least
-- two did. how: 'settled' or 'agreed'.
CREATE VIEW consensus_current AS
WITH settled AS (
  SELECT level, target, field, answer, value, form_id, agreed_by, agreed_at
  FROM (SELECT t.*, row_number() OVER (PARTITION BY level, target, field
                                       ORDER BY agreed_at DESC, id DESC) AS n
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

-- The consensus one item a row, for counting with plain SQL: a multiple
-- choice gives a row per chosen item, any other field one row. choice is
-- the form's choice ("Other" for an "other, specify" item, whose text is
-- in other), the value itself for fields without choices, or 'not
-- reported' / 'unclear'.
CREATE VIEW consensus_item AS
SELECT c.level, c.target, t.name AS target_name, c.field, c.answer,
       CASE
         WHEN c.answer <> 'value' THEN replace(c.answer, '_', ' ')
         WHEN f.other IS NOT NULL
              AND substr(coalesce(j.value, c.value), 1,
                         length(f.other) + 1) = f.other || ':'
           THEN f.other
         ELSE coalesce(j.value, c.value) END AS choice,
       CASE
         WHEN c.answer = 'value' AND f.other IS NOT NULL
              AND substr(coalesce(j.value, c.value), 1,
                         length(f.other) + 1) = f.other || ':'
           THEN trim(substr(coalesce(j.value, c.value), length(f.other) + 2))
         END AS other,
       c.how
FROM consensus_current c
LEFT JOIN chart_target t ON t.level = c.level AND t.target = c.target
LEFT JOIN form_field f ON f.form_id = c.form_id AND f.key = c.field
LEFT JOIN json_each(CASE WHEN c.answer = 'value'
                         AND f.type = 'multiple choice' THEN c.value END) j;

-- Each unit's reports, studies and itself, for rolling values up to units.
CREATE VIEW unit_member AS
SELECT id AS unit_id, 'unit' AS level, id AS target FROM unit
UNION ALL
SELECT unit_id, 'study', study_id FROM unit_study_current
UNION ALL
SELECT DISTINCT us.unit_id, 'report', sr.record_id
FROM unit_study_current us JOIN study_report_current sr
  ON sr.study_id = us.study_id;

-- The consensus items of each unit, whatever level they were charted at:
-- a unit has a choice if it or any of its studies or reports has it.
-- 'not reported' and 'unclear' count for a unit only when none of its
-- members has a value for the field. One row per unit, field and choice.
CREATE VIEW unit_item AS
WITH items AS (
  SELECT m.unit_id, i.field, i.answer, i.choice
  FROM unit_member m
  JOIN consensus_item i ON i.level = m.level AND i.target = m.target
)
SELECT DISTINCT u.name AS unit, t.field, t.choice
FROM items t JOIN unit u ON u.id = t.unit_id
WHERE t.answer = 'value'
   OR NOT EXISTS (SELECT 1 FROM items v WHERE v.unit_id = t.unit_id
                  AND v.field = t.field AND v.answer = 'value');
