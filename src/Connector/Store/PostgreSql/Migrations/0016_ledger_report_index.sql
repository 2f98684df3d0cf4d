-- SQLite's 0016 gives the metrics report's read of the ledger a covering index. The metrics do not read the ledger on
-- PostgreSQL yet (the store refuses them), so an index here would only cost the sync's writes; it comes with that read.
-- This script keeps the two stores' schema versions in step.
SELECT 1;
