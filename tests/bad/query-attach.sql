-- attach: reaches another file
ATTACH DATABASE '/tmp/other.db' AS other;
