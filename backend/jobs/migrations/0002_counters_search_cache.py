"""Database objects the ORM cannot declare.

1. jobs_name_trigrams(text) and a GIN index on it: indexed case-insensitive substring
   search. pg_trgm would do this, but the embedded PostgreSQL (pgserver) does not ship
   contrib modules, so the same idea is built from core parts: the distinct lower-cased
   trigrams of a name in a text[], indexed with GIN's built-in array operators. A search
   for "cfd" first narrows by trigram containment through the index, then rechecks with
   LIKE.
2. Statement-level triggers with transition tables that keep the single JobCounts row
   exact: they add the per-status difference of each INSERT, UPDATE, DELETE or TRUNCATE
   of jobs, in the same transaction. Per statement, so a bulk COPY of a million jobs
   costs one counter update, not a million. All writers update the same row, which
   serialises their commits on it but can never deadlock (it is one lock).
3. The cache table that holds the write throttle's counters.
"""

from django.core.management import call_command
from django.db import migrations

TRIGRAMS = """
CREATE FUNCTION jobs_name_trigrams(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(lower(value), i, 3)), '{}')
    FROM generate_series(1, char_length(value) - 2) AS i
$$;
CREATE INDEX job_name_trgm_idx ON jobs_job USING gin (jobs_name_trigrams(name));
"""

UNDO_TRIGRAMS = """
DROP INDEX IF EXISTS job_name_trgm_idx;
DROP FUNCTION IF EXISTS jobs_name_trigrams(text);
"""

COUNTERS = """
INSERT INTO jobs_jobcounts (id, total, pending, running, completed, failed, version)
SELECT 1,
       count(*),
       count(*) FILTER (WHERE current_status = 'PENDING'),
       count(*) FILTER (WHERE current_status = 'RUNNING'),
       count(*) FILTER (WHERE current_status = 'COMPLETED'),
       count(*) FILTER (WHERE current_status = 'FAILED'),
       0
FROM jobs_job;

CREATE FUNCTION jobs_counts_apply(delta_rows bigint, p bigint, r bigint, c bigint, f bigint)
RETURNS void LANGUAGE sql AS $$
    UPDATE jobs_jobcounts
       SET total = total + delta_rows,
           pending = pending + p,
           running = running + r,
           completed = completed + c,
           failed = failed + f,
           version = version + 1
     WHERE id = 1;
$$;

CREATE FUNCTION jobs_counts_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    d record;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        UPDATE jobs_jobcounts
           SET total = 0, pending = 0, running = 0, completed = 0, failed = 0,
               version = version + 1
         WHERE id = 1;
        RETURN NULL;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT count(*) AS n,
               count(*) FILTER (WHERE current_status = 'PENDING') AS p,
               count(*) FILTER (WHERE current_status = 'RUNNING') AS r,
               count(*) FILTER (WHERE current_status = 'COMPLETED') AS c,
               count(*) FILTER (WHERE current_status = 'FAILED') AS f
          INTO d FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT -count(*) AS n,
               -count(*) FILTER (WHERE current_status = 'PENDING') AS p,
               -count(*) FILTER (WHERE current_status = 'RUNNING') AS r,
               -count(*) FILTER (WHERE current_status = 'COMPLETED') AS c,
               -count(*) FILTER (WHERE current_status = 'FAILED') AS f
          INTO d FROM old_rows;
    ELSE
        SELECT sum(s.n)::bigint AS n, sum(s.p)::bigint AS p, sum(s.r)::bigint AS r,
               sum(s.c)::bigint AS c, sum(s.f)::bigint AS f INTO d
          FROM (
            SELECT count(*) AS n,
                   count(*) FILTER (WHERE current_status = 'PENDING') AS p,
                   count(*) FILTER (WHERE current_status = 'RUNNING') AS r,
                   count(*) FILTER (WHERE current_status = 'COMPLETED') AS c,
                   count(*) FILTER (WHERE current_status = 'FAILED') AS f
              FROM new_rows
            UNION ALL
            SELECT -count(*),
                   -count(*) FILTER (WHERE current_status = 'PENDING'),
                   -count(*) FILTER (WHERE current_status = 'RUNNING'),
                   -count(*) FILTER (WHERE current_status = 'COMPLETED'),
                   -count(*) FILTER (WHERE current_status = 'FAILED')
              FROM old_rows
          ) AS s;
        IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
            RETURN NULL;
        END IF;
    END IF;
    IF TG_OP <> 'UPDATE' AND d.n = 0 THEN
        RETURN NULL;
    END IF;
    PERFORM jobs_counts_apply(d.n, d.p, d.r, d.c, d.f);
    RETURN NULL;
END;
$$;

CREATE TRIGGER jobs_counts_insert AFTER INSERT ON jobs_job
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION jobs_counts_on_change();
CREATE TRIGGER jobs_counts_update AFTER UPDATE ON jobs_job
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION jobs_counts_on_change();
CREATE TRIGGER jobs_counts_delete AFTER DELETE ON jobs_job
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION jobs_counts_on_change();
CREATE TRIGGER jobs_counts_truncate AFTER TRUNCATE ON jobs_job
    FOR EACH STATEMENT EXECUTE FUNCTION jobs_counts_on_change();
"""

UNDO_COUNTERS = """
DROP TRIGGER IF EXISTS jobs_counts_insert ON jobs_job;
DROP TRIGGER IF EXISTS jobs_counts_update ON jobs_job;
DROP TRIGGER IF EXISTS jobs_counts_delete ON jobs_job;
DROP TRIGGER IF EXISTS jobs_counts_truncate ON jobs_job;
DROP FUNCTION IF EXISTS jobs_counts_on_change();
DROP FUNCTION IF EXISTS jobs_counts_apply(bigint, bigint, bigint, bigint, bigint);
DELETE FROM jobs_jobcounts;
"""


def create_cache_table(apps, schema_editor):  # type: ignore[no-untyped-def]
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]

    operations = [
        migrations.RunSQL(TRIGRAMS, UNDO_TRIGRAMS),
        migrations.RunSQL(COUNTERS, UNDO_COUNTERS),
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
    ]
