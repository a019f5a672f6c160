-- freq_others: the texts charted after "Other:" for a field, with n
--
-- How many targets have each text written after "Other:".
--
-- Counted as freq counts the row Other (see freq.sql): from the consensus,
-- a study with its reports' texts, a unit with its studies' and their
-- reports'. A target with two texts counts for both.
--
-- Parameters:
--   :field   the field's key on the form, such as population
--   :level   what is counted: report, study or unit
--
-- Columns:
--   other    the text, as charted after "Other:"
--   n        how many targets have it
WITH
member AS (
  SELECT 'unit' AS level, unit_id AS target, level AS m_level,
         target AS m_target FROM unit_member
  UNION ALL SELECT 'study', id, 'study', id FROM study
  UNION ALL SELECT 'study', study_id, 'report', record_id
            FROM study_report_current
  UNION ALL SELECT 'report', target, 'report', target
            FROM chart_target WHERE level = 'report'
)
SELECT i.other, count(DISTINCT m.target) AS n
FROM member m
JOIN consensus_item i ON i.level = m.m_level AND i.target = m.m_target
WHERE m.level = :level AND i.field = :field AND i.other IS NOT NULL
GROUP BY i.other
ORDER BY n DESC, i.other;
