"""Search moves to a table of its own, jobs_jobsearch: one row per job with its name,
current status and both times, and the name's gram index (0003, 0009) on it instead of
on jobs_job.

Why: every UPDATE of a job that is not HOT (a status change always, since the status
columns are indexed) inserted the row again into every index of jobs_job, the gram
index included: about 57 GIN entries and a call of jobs_name_grams per row. A bulk
status change of 100,000 jobs spent about 7 of its 10.5 s there (make bench at
1,000,000 jobs; 3.5 s with the index dropped). On jobs_jobsearch nothing indexes the
status, so a status change there is a HOT update that touches no index; the gram
index is written only when a job is created or renamed.

The status and both clocks are kept here too, so that a search narrowed by status or
time is counted from this table alone: a join to jobs_job for each gram match made the
count of ``status=RUNNING&search=cfd`` four times slower. Nothing indexes them here
either, so their changes are HOT updates as well.

Statement-level triggers with transition tables keep the rows equal to jobs_job in the
same transaction as each write, set-based, whatever writes the jobs (the services, bulk
actions, seed_bulk, the admin, a TRUNCATE). The fill factor leaves room on each page for
the new versions of a bulk change, so that they stay HOT.
"""

from django.db import migrations, models

FORWARD = """
-- No parallel workers for these rows: starting them took 5 ms of a 7 ms page for a
-- term no name holds, and a count of 10,001 matches ran no faster with them (2 cores).
ALTER TABLE jobs_jobsearch SET (fillfactor = 80, parallel_workers = 0);
INSERT INTO jobs_jobsearch (job_id, name, current_status, created_at, current_status_at)
SELECT id, name, current_status, created_at, current_status_at FROM jobs_job ORDER BY id;

CREATE FUNCTION jobs_search_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO jobs_jobsearch (job_id, name, current_status, created_at, current_status_at)
    SELECT id, name, current_status, created_at, current_status_at FROM new_rows;
    RETURN NULL;
END
$$;
CREATE TRIGGER jobs_search_insert AFTER INSERT ON jobs_job
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION jobs_search_on_insert();

CREATE FUNCTION jobs_search_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE jobs_jobsearch AS s
    SET name = n.name, current_status = n.current_status, created_at = n.created_at,
        current_status_at = n.current_status_at
    FROM new_rows AS n
    WHERE s.job_id = n.id
      AND (s.name, s.current_status, s.created_at, s.current_status_at)
          <> (n.name, n.current_status, n.created_at, n.current_status_at);
    RETURN NULL;
END
$$;
CREATE TRIGGER jobs_search_update AFTER UPDATE ON jobs_job
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION jobs_search_on_update();

CREATE FUNCTION jobs_search_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM jobs_jobsearch AS s USING old_rows AS o WHERE s.job_id = o.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER jobs_search_delete AFTER DELETE ON jobs_job
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION jobs_search_on_delete();

-- A TRUNCATE that names jobs_jobsearch too (Django's flush) has emptied it already,
-- and may not truncate it again from within.
CREATE FUNCTION jobs_search_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT FROM jobs_jobsearch) THEN
        TRUNCATE jobs_jobsearch;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER jobs_search_truncate AFTER TRUNCATE ON jobs_job
    FOR EACH STATEMENT EXECUTE FUNCTION jobs_search_on_truncate();

-- A small pending list (GIN's fastupdate): every search reads all of it, and the
-- insert that fills it merges it into the index. At the default 4 MB (the grams of
-- some 6,000 new jobs) a rare term's page took 14 ms instead of 2.8.
CREATE INDEX job_search_grams_idx ON jobs_jobsearch USING gin (jobs_name_grams(name))
    WITH (gin_pending_list_limit = 256);
DROP INDEX job_name_grams_idx;
ANALYZE jobs_jobsearch;
"""

BACKWARD = """
CREATE INDEX job_name_grams_idx ON jobs_job USING gin (jobs_name_grams(name));
DROP TRIGGER jobs_search_insert ON jobs_job;
DROP TRIGGER jobs_search_update ON jobs_job;
DROP TRIGGER jobs_search_delete ON jobs_job;
DROP TRIGGER jobs_search_truncate ON jobs_job;
DROP FUNCTION jobs_search_on_insert();
DROP FUNCTION jobs_search_on_update();
DROP FUNCTION jobs_search_on_delete();
DROP FUNCTION jobs_search_on_truncate();
DROP INDEX job_search_grams_idx;
DELETE FROM jobs_jobsearch;
ANALYZE jobs_job;
"""


class Migration(migrations.Migration):
    dependencies = [("jobs", "0009_name_unigrams")]

    operations = [
        migrations.CreateModel(
            name="JobSearch",
            fields=[
                (
                    "job",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="jobs.job",
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                ("created_at", models.DateTimeField()),
                ("current_status_at", models.DateTimeField()),
                (
                    "current_status",
                    models.CharField(
                        choices=[
                            ("PENDING", "Pending"),
                            ("RUNNING", "Running"),
                            ("COMPLETED", "Completed"),
                            ("FAILED", "Failed"),
                        ],
                        max_length=16,
                    ),
                ),
            ],
            options={"verbose_name_plural": "job search rows"},
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
