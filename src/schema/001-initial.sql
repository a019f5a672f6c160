-- Schema 1: the review, its sources (searches), the files imported into
-- them, and the records with their authors, as imported. Records are
-- never altered after import; later steps add tables that point at them.

CREATE TABLE review (
  id          INTEGER PRIMARY KEY CHECK (id = 1),  -- one review per store
  uuid        TEXT NOT NULL,        -- tells this review's stores apart
  title       TEXT NOT NULL,
  question    TEXT,
  population  TEXT,                 -- PCC: Population
  concept     TEXT,                 -- PCC: Concept
  context     TEXT,                 -- PCC: Context
  created_at  TEXT NOT NULL         -- UTC ISO 8601
);

-- One search: a database searched once (PRISMA "records identified").
CREATE TABLE source (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE, -- "MEDLINE (PubMed)", "Embase"...
  kind        TEXT NOT NULL DEFAULT 'database'
              CHECK (kind IN ('database', 'register', 'other')),
  searched_on TEXT,                 -- date of the search, YYYY-MM-DD
  query       TEXT,                 -- the search strategy as run
  created_at  TEXT NOT NULL
);

-- One file of a source's export (a large export often comes in parts).
CREATE TABLE source_file (
  id          INTEGER PRIMARY KEY,
  source_id   INTEGER NOT NULL REFERENCES source(id),
  name        TEXT NOT NULL,        -- as given on the command line
  sha256      TEXT NOT NULL,        -- of the decompressed content
  format      TEXT NOT NULL,        -- pubmed | medline | ris
  encoding    TEXT NOT NULL,
  records     INTEGER NOT NULL,     -- records imported from this file
  skipped     INTEGER NOT NULL DEFAULT 0,  -- bad records left out (--skip-bad)
  deleted     INTEGER NOT NULL DEFAULT 0,  -- PubMed DeleteCitation PMIDs seen
  indexed     INTEGER NOT NULL DEFAULT 0,  -- records are in record_fts
  imported_at TEXT NOT NULL
);
CREATE INDEX source_file_sha256 ON source_file(sha256);

CREATE TABLE record (
  id             INTEGER PRIMARY KEY,
  source_id      INTEGER NOT NULL REFERENCES source(id),
  file_id        INTEGER NOT NULL REFERENCES source_file(id),
  position       INTEGER NOT NULL,  -- 1-based order in its file
  line           INTEGER,           -- line where it starts in its file
  type           TEXT,              -- RIS type or PubMed kind
  pmid           TEXT,
  pmcid          TEXT,
  doi            TEXT,
  title          TEXT,
  abstract       TEXT,
  journal        TEXT,
  journal_abbrev TEXT,
  issn           TEXT,
  pubdate        TEXT,              -- the date as given
  year           INTEGER,
  volume         TEXT,
  issue          TEXT,
  pages          TEXT,
  publisher      TEXT,
  url            TEXT,
  accession      TEXT,              -- the database's own id
  database       TEXT,              -- database named in the record
  languages      TEXT,              -- JSON array of strings
  pubtypes       TEXT,              -- JSON array
  keywords       TEXT,              -- JSON array
  mesh           TEXT,              -- JSON array
  original       BLOB NOT NULL,     -- the record's text as read, LZ4 block
  original_size  INTEGER NOT NULL,  -- its length in bytes, uncompressed
  UNIQUE (file_id, position)
);
CREATE INDEX record_source ON record(source_id);

CREATE TABLE author (
  record_id   INTEGER NOT NULL REFERENCES record(id),
  position    INTEGER NOT NULL,     -- 1-based, in byline order
  name        TEXT NOT NULL,
  family      TEXT,
  given       TEXT,
  affiliation TEXT,
  collective  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (record_id, position)
) WITHOUT ROWID;

-- PubMed DeleteCitation entries seen in imported files.
CREATE TABLE deleted_citation (
  file_id     INTEGER NOT NULL REFERENCES source_file(id),
  pmid        TEXT NOT NULL
);

-- Title and abstract search; contents live in record. Files are added
-- when a search first needs them (source_file.indexed), not on import:
-- indexing costs more than the whole rest of an import.
CREATE VIRTUAL TABLE record_fts USING fts5(
  title, abstract, content='record', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2'
);
