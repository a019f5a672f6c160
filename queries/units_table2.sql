-- units_table2: Table 2, characteristics of each unit (model of care), a row per study
--
-- Each study within its model of care: goals, population, type of care,
-- settings, health professionals and context.
--
-- Read from the consensus of the study fields of
-- extract_forms/pcc-lbp-moc.yaml (goals, population, type_of_care,
-- care_basis, settings, professionals, context); a multiple choice is
-- shown as "a; b" in the form's order. A review charted on another form
-- gets empty cells. Studies come in the order they joined their units.
--
-- Parameters: none
--
-- Columns:
--   moc            the unit's name
--   study          the study's name
--   goals          the model's goals
--   population     the target population
--   type_of_care   the type of care, with what patients are stratified by
--   settings       the settings, as the reports describe them
--   professionals  the health professionals delivering care
--   context        the health system and context of implementation
WITH
shown AS (
  SELECT c.level, c.target, c.field,
         CASE WHEN c.answer <> 'value' THEN replace(c.answer, '_', ' ')
              WHEN f.type = 'multiple choice'
                THEN (SELECT group_concat(value, '; ')
                      FROM (SELECT value FROM json_each(c.value)
                            ORDER BY key))
              ELSE c.value END AS text
  FROM consensus_current c
  LEFT JOIN form_field f ON f.form_id = c.form_id AND f.key = c.field
  WHERE c.level = 'study'
),
study_row AS (
  SELECT us.unit_id, us.study_id,
         (SELECT min(x.id) FROM unit_study x
          WHERE x.unit_id = us.unit_id AND x.study_id = us.study_id) AS added
  FROM unit_study_current us
)
SELECT u.name AS moc, s.name AS study,
       max(CASE WHEN t.field = 'goals' THEN t.text END) AS goals,
       max(CASE WHEN t.field = 'population' THEN t.text END) AS population,
       max(CASE WHEN t.field = 'type_of_care' THEN t.text END) ||
       coalesce(' (by ' || lower(max(CASE WHEN t.field = 'care_basis'
                                          AND t.text NOT IN ('not reported',
                                                             'unclear')
                                          THEN t.text END)) || ')', '')
         AS type_of_care,
       max(CASE WHEN t.field = 'settings' THEN t.text END) AS settings,
       max(CASE WHEN t.field = 'professionals' THEN t.text END)
         AS professionals,
       max(CASE WHEN t.field = 'context' THEN t.text END) AS context
FROM study_row r
JOIN unit u ON u.id = r.unit_id
JOIN study s ON s.id = r.study_id
LEFT JOIN shown t ON t.target = r.study_id
GROUP BY r.unit_id, r.study_id
ORDER BY r.unit_id, r.added;
