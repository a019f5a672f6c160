-- freq: n and % of the units, studies or reports with each value of a field
--
-- Counted from the consensus: the value the extractors agreed on, or the
-- one the team settled (the view consensus_item, one row per chosen item).
-- A target counts once for each value it has: a multiple choice once per
-- choice; a study has the values of its reports too, a unit those of its
-- studies and their reports. "not reported" and "unclear" count for a
-- target only when none of its members has a value. Every choice on the
-- form is a row, in the form's order, 0 where no target has it; "Other"
-- counts every "Other: text" (the texts: freq_others). Targets without a
-- consensus are counted as "awaiting consensus" (the extractors have
-- charted it but not agreed yet) or "not charted".
--
-- Parameters:
--   :field   the field's key on the form, such as countries
--   :level   what is counted: report, study or unit
--
-- Columns:
--   value    the choice, Other, a value that is not a choice, not
--            reported, unclear, awaiting consensus or not charted
--   kind     choice, other, value, not reported, unclear, awaiting
--            consensus or not charted
--   n        how many targets have it
--   total    how many targets there are at the level
--   percent  n of total, with one decimal
WITH
-- The field on the newest form.
fld AS (
  SELECT f.* FROM form_field f JOIN form_current c ON c.id = f.form_id
  WHERE f.key = :field
),
-- Each target at a level and the targets it takes values from: itself,
-- and for a study its reports, for a unit its studies and their reports.
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
  SELECT DISTINCT m.target, i.answer, i.choice
  FROM member m
  JOIN consensus_item i ON i.level = m.m_level AND i.target = m.m_target
  WHERE m.level = :level AND i.field = :field
),
-- Every target once at least: its values, else its answers, else why it
-- has none.
counted AS (
  SELECT t.target, t.choice FROM item t
  WHERE t.answer = 'value'
     OR NOT EXISTS (SELECT 1 FROM item v WHERE v.target = t.target
                    AND v.answer = 'value')
  UNION
  SELECT t.target,
         CASE WHEN EXISTS (SELECT 1 FROM member m
                           JOIN extraction_current e
                             ON e.level = m.m_level AND e.target = m.m_target
                           WHERE m.level = :level AND m.target = t.target
                             AND e.field = :field)
              THEN 'awaiting consensus' ELSE 'not charted' END
  FROM target t
  WHERE NOT EXISTS (SELECT 1 FROM item i WHERE i.target = t.target)
),
-- The rows: the form's choices in order (yes and no for a yes/no field),
-- Other, any other value, the two answers, then targets without a value.
row AS (
  SELECT 1 AS grp, c.position AS pos, c.label AS value, 'choice' AS kind
  FROM fld f JOIN form_choice c ON c.form_id = f.form_id AND c.field = f.key
  UNION ALL
  SELECT 1, y.pos, y.value, 'choice'
  FROM fld f JOIN (SELECT 1 AS pos, 'yes' AS value
                   UNION ALL SELECT 2, 'no') y
  WHERE f.type = 'yes/no'
  UNION ALL
  SELECT 2, 0, f.other, 'other' FROM fld f WHERE f.other IS NOT NULL
  UNION ALL
  SELECT DISTINCT 3, 0, c.choice, 'value' FROM counted c
  WHERE c.choice NOT IN ('not reported', 'unclear', 'awaiting consensus',
                         'not charted')
    AND c.choice NOT IN (SELECT x.label FROM form_choice x JOIN fld f
                         ON x.form_id = f.form_id AND x.field = f.key)
    AND c.choice IS NOT (SELECT other FROM fld)
    AND NOT (c.choice IN ('yes', 'no')
             AND (SELECT type FROM fld) = 'yes/no')
  UNION ALL SELECT 4, 1, 'not reported', 'not reported'
  UNION ALL SELECT 4, 2, 'unclear', 'unclear'
  UNION ALL SELECT DISTINCT 5, 1, choice, choice FROM counted
            WHERE choice = 'awaiting consensus'
  UNION ALL SELECT DISTINCT 5, 2, choice, choice FROM counted
            WHERE choice = 'not charted'
),
result AS (
  SELECT r.grp, r.pos, r.value, r.kind,
         (SELECT count(DISTINCT c.target) FROM counted c
          WHERE c.choice = r.value) AS n,
         (SELECT count(*) FROM target) AS total
  FROM row r
)
SELECT value, kind, n, total, round(100.0 * n / total, 1) AS percent
FROM result
ORDER BY grp, pos,
         CASE WHEN (SELECT type FROM fld) IN ('integer', 'number', 'year')
              THEN CAST(value AS REAL) END,
         CASE WHEN (SELECT type FROM fld) IN ('integer', 'number', 'year',
                                              'date')
              THEN value ELSE -n END,
         value;
