-- freq_by: a cross-tabulation of two fields, n for each pair of values
--
-- How many targets have each value of one field together with each value
-- of another.
--
-- Counted as freq counts one field (see freq.sql): from the consensus,
-- a study with its reports' values, a unit with its studies' and their
-- reports'; "not reported" and "unclear" only without a value; targets
-- without a consensus as "awaiting consensus" or "not charted". A target
-- with two values of a field is counted in both rows (or columns). Every
-- pair of rows of the two fields is a row here, 0 where no target has both.
--
-- Parameters:
--   :field   the field whose values are the rows, such as type_of_care
--   :by      the field whose values are the columns, such as countries
--   :level   what is counted: report, study or unit
--
-- Columns:
--   value      a row of :field (as freq gives them, in its order)
--   kind       its kind (choice, other, value, not reported...)
--   by_value   a row of :by, in its order
--   by_kind    its kind
--   n          how many targets have both
--   total      how many targets there are at the level
WITH
fld AS (
  SELECT f.* FROM form_field f JOIN form_current c ON c.id = f.form_id
  WHERE f.key IN (:field, :by)
),
member AS (
  SELECT 'unit' AS level, unit_id AS target, level AS m_level,
         target AS m_target FROM unit_member
  UNION ALL SELECT 'study', id, 'study', id FROM study
  UNION ALL SELECT 'study', study_id, 'report', record_id
            FROM study_report_current
  UNION ALL SELECT 'report', target, 'report', target
            FROM chart_target WHERE level = 'report'
),
target AS (
  SELECT target FROM chart_target WHERE level = :level
),
item AS (
  SELECT DISTINCT i.field, m.target, i.answer, i.choice
  FROM member m
  JOIN consensus_item i ON i.level = m.m_level AND i.target = m.m_target
  WHERE m.level = :level AND i.field IN (:field, :by)
),
counted AS (
  SELECT t.field, t.target, t.choice FROM item t
  WHERE t.answer = 'value'
     OR NOT EXISTS (SELECT 1 FROM item v WHERE v.field = t.field
                    AND v.target = t.target AND v.answer = 'value')
  UNION
  SELECT k.key, t.target,
         CASE WHEN EXISTS (SELECT 1 FROM member m
                           JOIN extraction_current e
                             ON e.level = m.m_level AND e.target = m.m_target
                           WHERE m.level = :level AND m.target = t.target
                             AND e.field = k.key)
              THEN 'awaiting consensus' ELSE 'not charted' END
  FROM target t
  JOIN (SELECT :field AS key UNION SELECT :by) k
  WHERE NOT EXISTS (SELECT 1 FROM item i WHERE i.field = k.key
                    AND i.target = t.target)
),
row AS (
  SELECT f.key AS field, 1 AS grp, c.position AS pos, c.label AS value,
         'choice' AS kind
  FROM fld f JOIN form_choice c ON c.form_id = f.form_id AND c.field = f.key
  UNION ALL
  SELECT f.key, 1, y.pos, y.value, 'choice'
  FROM fld f JOIN (SELECT 1 AS pos, 'yes' AS value
                   UNION ALL SELECT 2, 'no') y
  WHERE f.type = 'yes/no'
  UNION ALL
  SELECT f.key, 2, 0, f.other, 'other' FROM fld f WHERE f.other IS NOT NULL
  UNION ALL
  SELECT DISTINCT c.field, 3, 0, c.choice, 'value' FROM counted c
  WHERE c.choice NOT IN ('not reported', 'unclear', 'awaiting consensus',
                         'not charted')
    AND c.choice NOT IN (SELECT x.label FROM form_choice x JOIN fld f
                         ON x.form_id = f.form_id AND x.field = f.key
                         WHERE f.key = c.field)
    AND c.choice IS NOT (SELECT other FROM fld WHERE key = c.field)
    AND NOT (c.choice IN ('yes', 'no')
             AND (SELECT type FROM fld WHERE key = c.field) = 'yes/no')
  UNION ALL SELECT k.key, 4, 1, 'not reported', 'not reported'
            FROM (SELECT :field AS key UNION SELECT :by) k
  UNION ALL SELECT k.key, 4, 2, 'unclear', 'unclear'
            FROM (SELECT :field AS key UNION SELECT :by) k
  UNION ALL SELECT DISTINCT field, 5, 1, choice, choice FROM counted
            WHERE choice = 'awaiting consensus'
  UNION ALL SELECT DISTINCT field, 5, 2, choice, choice FROM counted
            WHERE choice = 'not charted'
),
-- Each field's rows in freq's order, numbered.
ranked AS (
  SELECT r.*, row_number() OVER (
           PARTITION BY r.field
           ORDER BY r.grp, r.pos,
                    CASE WHEN f.type IN ('integer', 'number', 'year')
                         THEN CAST(r.value AS REAL) END,
                    CASE WHEN f.type IN ('integer', 'number', 'year', 'date')
                         THEN r.value
                         ELSE -(SELECT count(DISTINCT c.target) FROM counted c
                                WHERE c.field = r.field
                                  AND c.choice = r.value) END,
                    r.value) AS rank
  FROM row r LEFT JOIN fld f ON f.key = r.field
)
SELECT a.value, a.kind, b.value AS by_value, b.kind AS by_kind,
       (SELECT count(*) FROM counted x JOIN counted y
          ON y.target = x.target AND y.field = :by AND y.choice = b.value
        WHERE x.field = :field AND x.choice = a.value) AS n,
       (SELECT count(*) FROM target) AS total
FROM ranked a JOIN ranked b
WHERE a.field = :field AND b.field = :by
ORDER BY a.rank, b.rank;
