-- two: one statement only
SELECT 1;
SELECT 2;
