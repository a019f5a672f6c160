-- Schema 7: prioritised screening. Stopping title and abstract screening
-- before every record has been judged is the team's decision, recorded
-- as an appended fact (the newest counts; 'resume' takes a stop back).
-- While a stop counts, records nobody has judged at the stage are not
-- screened: they leave the queues, and PRISMA counts them as records
-- removed before screening, with the reason given here.
CREATE TABLE screen_stop (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  stage       TEXT NOT NULL CHECK (stage IN ('ta')),
  action      TEXT NOT NULL CHECK (action IN ('stop', 'resume')),
  reason      TEXT,                 -- why the team stopped; NULL to resume
  decided_by  TEXT,                 -- the reviewer who recorded it, if named
  decided_at  TEXT NOT NULL,        -- UTC, milliseconds
  origin      TEXT,                 -- the copy it was made in (schema 5)
  CHECK ((action = 'stop') = (reason IS NOT NULL))
);
