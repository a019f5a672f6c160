-- wipe: not a query
DELETE FROM record;
