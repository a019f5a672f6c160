-- study_designs: the worked example's types of study, grouped as its text
--
-- The reports' designs grouped as the paper's Results count them:
-- quantitative (randomised, observational, other), qualitative, mixed
-- methods and other reports, with how many units each group covers.
--
-- Reads the report field design of extract_forms/pcc-lbp-moc.yaml from
-- the consensus; its choices are put in the paper's groups by name, and
-- a design the groups do not name (an "Other: ..." or a later choice) is
-- counted under "other designs". The quantitative total is a row of its
-- own. A review charted on another form gets zeros.
--
-- Parameters: none
--
-- Columns:
--   approach  quantitative, qualitative, mixed methods or other
--   design    the group of designs (or "all" for the approach's total)
--   reports   how many reports are of the group
--   units     how many units those reports belong to
WITH
-- The groups in the paper's order; "all" sums the groups of its approach.
grp(pos, approach, design) AS (
  VALUES (1, 'quantitative', 'randomised controlled trials'),
         (2, 'quantitative', 'observational cohorts'),
         (3, 'quantitative', 'non-randomised controlled trials'),
         (4, 'quantitative', 'all'),
         (5, 'qualitative', 'qualitative'),
         (6, 'mixed methods', 'mixed methods'),
         (7, 'other', 'reports'),
         (8, 'other', 'other designs')
),
-- The form's choices in the groups.
grouping(choice, pos) AS (
  VALUES ('RCT', 1), ('Cluster RCT', 1), ('RCT (cost-utility)', 1),
         ('Observational cohort', 2),
         ('Observational cohort, before-after', 2),
         ('Observational cohort pilot study', 2),
         ('Retrospective study, registry based', 2),
         ('Non-randomised controlled trial', 3),
         ('Qualitative', 5), ('Mixed methods', 6), ('Report', 7)
),
design AS (
  SELECT i.target AS record_id, coalesce(g.pos, 8) AS pos
  FROM consensus_item i LEFT JOIN grouping g ON g.choice = i.choice
  WHERE i.level = 'report' AND i.field = 'design' AND i.answer = 'value'
),
unit_of AS (
  SELECT DISTINCT us.unit_id, sr.record_id
  FROM study_report_current sr
  JOIN unit_study_current us ON us.study_id = sr.study_id
),
counted AS (
  SELECT g.pos, d.record_id
  FROM grp g JOIN design d
    ON d.pos = g.pos OR (g.pos = 4 AND d.pos IN (1, 2, 3))
)
SELECT g.approach, g.design,
       (SELECT count(DISTINCT c.record_id) FROM counted c
        WHERE c.pos = g.pos) AS reports,
       (SELECT count(DISTINCT u.unit_id) FROM counted c
        JOIN unit_of u ON u.record_id = c.record_id
        WHERE c.pos = g.pos) AS units
FROM grp g
ORDER BY g.pos;
