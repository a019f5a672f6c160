-- Schema 6: searches that scopekit ran itself against PubMed's
-- E-utilities (scopekit fetch). A fetch belongs to one source and keeps
-- what a report of the search needs (the query as typed and as PubMed
-- translated it, the dates, when, how many) and how far the download has
-- come, so an interrupted fetch goes on where it stopped.

CREATE TABLE fetch (
  id          INTEGER PRIMARY KEY,
  source_id   INTEGER NOT NULL UNIQUE REFERENCES source(id),
  kind        TEXT NOT NULL CHECK (kind IN ('search', 'pmids')),
  base_url    TEXT NOT NULL,        -- the E-utilities server asked
  db          TEXT NOT NULL DEFAULT 'pubmed',
  query       TEXT,                 -- the term as sent (search)
  translation TEXT,                 -- the term as PubMed ran it
  datetype    TEXT,                 -- pdat | edat, with the range below
  mindate     TEXT,                 -- as sent: YYYY/MM/DD, YYYY/MM or YYYY
  maxdate     TEXT,
  pmid_file   TEXT,                 -- the file of PMIDs asked for (pmids)
  searched_at TEXT NOT NULL,        -- UTC, when the search was run
  count       INTEGER NOT NULL,     -- records the search found
  parts       INTEGER NOT NULL DEFAULT 1, -- date ranges it was run over to
                                    -- list them all (PubMed lists 10,000)
  known       INTEGER NOT NULL DEFAULT 0, -- of them, found before (update)
  webenv      TEXT,                 -- history server set; temporary
  query_key   TEXT,
  batch_size  INTEGER NOT NULL,
  fetched     INTEGER NOT NULL DEFAULT 0, -- PMIDs of the list done
  missing     INTEGER NOT NULL DEFAULT 0, -- asked for, never returned
  finished_at TEXT,                 -- NULL while the download is unfinished
  update_of   INTEGER REFERENCES fetch(id) -- the first search this updates
);

-- The PMIDs to fetch, in PubMed's order: the search's result list or the
-- file's. Batches are slices of it, so a resumed fetch asks for exactly
-- what is left, whatever the history server still holds.
CREATE TABLE fetch_pmid (
  fetch_id    INTEGER NOT NULL REFERENCES fetch(id),
  position    INTEGER NOT NULL,     -- 0-based
  pmid        TEXT NOT NULL,
  PRIMARY KEY (fetch_id, position)
) WITHOUT ROWID;

-- One batch downloaded and imported, committed with its records.
CREATE TABLE fetch_batch (
  fetch_id    INTEGER NOT NULL REFERENCES fetch(id),
  first       INTEGER NOT NULL,     -- position of its first PMID
  asked       INTEGER NOT NULL,
  got         INTEGER NOT NULL,     -- records imported
  missing     TEXT,                 -- JSON array of PMIDs not returned
  file_id     INTEGER NOT NULL REFERENCES source_file(id),
  requests    INTEGER NOT NULL,     -- HTTP requests it took (1 + retries)
  fetched_at  TEXT NOT NULL,
  PRIMARY KEY (fetch_id, first)
) WITHOUT ROWID;
