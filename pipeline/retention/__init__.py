"""Data retention (spec 8.2): rules defined once in `rules`, rendered per warehouse by `sql`,
run on DuckDB by `duckdb_run`; BigQuery gets the same rules as scheduled-query SQL."""
