-- pragma: changes the connection
PRAGMA journal_mode = DELETE;
