-- studies_table1: Table 1, characteristics of the included studies, a row per report
--
-- Each report with its model of care, country, study, objective and type
-- of study.
--
-- Read from the consensus of the fields of extract_forms/pcc-lbp-moc.yaml
-- (moc_name and moc_expansion per unit; country and region per study;
-- authors, year, objective, design and grey_literature per report); a
-- review charted on another form gets empty cells. Reports come in the
-- order their units and studies were added, and within a study by year,
-- then in the order they joined it.
--
-- Parameters: none
--
-- Columns:
--   moc        the unit: its name, and what its acronym stands for
--   country    the study's country, with its region
--   study      the report's authors and year, as cited
--   objective  the report's objective
--   design     its type of study, marked when it is grey literature
WITH
shown AS (
  SELECT c.level, c.target, c.field,
         CASE WHEN c.answer <> 'value' THEN replace(c.answer, '_', ' ')
              ELSE c.value END AS text
  FROM consensus_current c
),
report AS (
  SELECT us.unit_id, sr.study_id, sr.record_id,
         (SELECT text FROM shown WHERE level = 'report'
            AND target = sr.record_id AND field = 'year') AS year,
         (SELECT min(x.id) FROM study_report x
          WHERE x.study_id = sr.study_id AND x.record_id = sr.record_id)
           AS added
  FROM study_report_current sr
  JOIN unit_study_current us ON us.study_id = sr.study_id
)
SELECT
  (SELECT text FROM shown WHERE level = 'unit' AND target = r.unit_id
     AND field = 'moc_name') ||
  coalesce(' (' || (SELECT text FROM shown WHERE level = 'unit'
                      AND target = r.unit_id
                      AND field = 'moc_expansion') || ')', '') AS moc,
  (SELECT text FROM shown WHERE level = 'study' AND target = r.study_id
     AND field = 'country') ||
  coalesce(' (' || (SELECT text FROM shown WHERE level = 'study'
                      AND target = r.study_id
                      AND field = 'region') || ')', '') AS country,
  (SELECT text FROM shown WHERE level = 'report' AND target = r.record_id
     AND field = 'authors') ||
  coalesce(' (' || (SELECT text FROM shown WHERE level = 'report'
                      AND target = r.record_id
                      AND field = 'year') || ')', '') AS study,
  (SELECT text FROM shown WHERE level = 'report' AND target = r.record_id
     AND field = 'objective') AS objective,
  (SELECT text FROM shown WHERE level = 'report' AND target = r.record_id
     AND field = 'design') ||
  CASE WHEN (SELECT text FROM shown WHERE level = 'report'
               AND target = r.record_id
               AND field = 'grey_literature') = 'yes'
       THEN ' (grey literature)' ELSE '' END AS design
FROM report r
ORDER BY r.unit_id, r.study_id, r.year, r.added;
