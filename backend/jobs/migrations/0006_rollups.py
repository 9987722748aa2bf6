"""Counters and roll-ups that scale with writers, and keep time ranges O(hours).

1. The counters (JobCounts) are spread over SLOTS rows, one per slot: each transaction
   writes the row of its slot, pg_backend_pid() % SLOTS, so concurrent writers no
   longer queue on one row; reads add the rows up. ``version`` is their sum, which
   still grows with every write.
2. JobRollup keeps, per hour and slot, how many jobs are in each current status by
   three clocks: ``c`` the hour the job was created, ``m`` the hour its status last
   changed (current_status_at), and ``e`` how many status changes entered each status
   in that hour (the history). They answer the activity chart and the count of a
   list filtered by time without reading jobs: a range costs its hours, not its jobs.
3. Statement-level triggers with transition tables keep both exact, in the same
   transaction as the write, set-based (a bulk action or a load of 50,000 jobs is
   one update per hour touched). Every trigger first updates its slot's counters row
   (an upsert: a slot row emptied away, by a flush, comes back), so two transactions
   that share a slot queue there before they touch any roll-up row, and cannot
   deadlock on them; different slots touch different rows.
"""

from django.conf import settings
from django.db import migrations, models

SLOTS = 8
STATUSES = ("pending", "running", "completed", "failed")

# The delta rows of a statement: +1 for each new row, -1 for each old one.
JOB_DELTAS = {
    "INSERT": "SELECT 1 AS sign, created_at, current_status, current_status_at FROM new_rows",
    "UPDATE": (
        "SELECT 1 AS sign, created_at, current_status, current_status_at FROM new_rows "
        "UNION ALL "
        "SELECT -1, created_at, current_status, current_status_at FROM old_rows"
    ),
    "DELETE": "SELECT -1 AS sign, created_at, current_status, current_status_at FROM old_rows",
}
STATUS_DELTAS = {
    "INSERT": "SELECT 1 AS sign, status_type, timestamp FROM new_rows",
    # History is only appended to; an UPDATE (a repair by hand) is followed all the same.
    "UPDATE": (
        "SELECT 1 AS sign, status_type, timestamp FROM new_rows "
        "UNION ALL "
        "SELECT -1, status_type, timestamp FROM old_rows"
    ),
    "DELETE": "SELECT -1 AS sign, status_type, timestamp FROM old_rows",
}


def _sums(column: str, *, empty_is_zero: bool = False) -> str:
    """sum(...) AS pending, ... over delta rows (sign, <column>): the change per status."""
    sums = []
    for status in STATUSES:
        total = f"sum(sign * ({column} = '{status.upper()}')::int)"
        sums.append(f"{f'coalesce({total}, 0)' if empty_is_zero else total} AS {status}")
    return ", ".join(sums)


UPSERT = f"""
    INSERT INTO jobs_jobrollup (kind, hour, slot, {", ".join(STATUSES)})
    SELECT kind, hour, slot, {", ".join(STATUSES)} FROM ({{rows}}) AS r
    WHERE {" OR ".join(f"{s} <> 0" for s in STATUSES)}
    ORDER BY kind, hour
    ON CONFLICT (kind, hour, slot) DO UPDATE SET
    {", ".join(f"{s} = jobs_jobrollup.{s} + EXCLUDED.{s}" for s in STATUSES)}
"""


def job_function(op: str) -> str:
    rows = f"""
        SELECT 'c' AS kind, date_trunc('hour', created_at) AS hour, slot_ AS slot,
               {_sums("current_status")}
        FROM ({JOB_DELTAS[op]}) AS d GROUP BY 2
        UNION ALL
        SELECT 'm', date_trunc('hour', current_status_at), slot_, {_sums("current_status")}
        FROM ({JOB_DELTAS[op]}) AS d GROUP BY 2
    """
    return f"""
CREATE FUNCTION jobs_on_job_{op.lower()}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    slot_ smallint := mod(pg_backend_pid(), {SLOTS});
BEGIN
    INSERT INTO jobs_jobcounts AS c (id, total, {", ".join(STATUSES)}, version)
    SELECT slot_, d.total, {", ".join(f"d.{s}" for s in STATUSES)}, 1
    FROM (SELECT coalesce(sum(sign), 0) AS total,
                 {_sums("current_status", empty_is_zero=True)}
          FROM ({JOB_DELTAS[op]}) AS x) AS d
    ON CONFLICT (id) DO UPDATE SET
        total = c.total + EXCLUDED.total,
        {", ".join(f"{s} = c.{s} + EXCLUDED.{s}" for s in STATUSES)},
        version = c.version + 1;
    {UPSERT.format(rows=rows)};
    RETURN NULL;
END
$$;
CREATE TRIGGER jobs_job_{op.lower()} AFTER {op} ON jobs_job
    REFERENCING {"NEW TABLE AS new_rows" if op != "DELETE" else ""}
                {"OLD TABLE AS old_rows" if op != "INSERT" else ""}
    FOR EACH STATEMENT EXECUTE FUNCTION jobs_on_job_{op.lower()}();
"""


def status_function(op: str) -> str:
    rows = f"""
        SELECT 'e' AS kind, date_trunc('hour', timestamp) AS hour, slot_ AS slot,
               {_sums("status_type")}
        FROM ({STATUS_DELTAS[op]}) AS d GROUP BY 2
    """
    return f"""
CREATE FUNCTION jobs_on_status_{op.lower()}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    slot_ smallint := mod(pg_backend_pid(), {SLOTS});
BEGIN
    INSERT INTO jobs_jobcounts AS c (id, total, {", ".join(STATUSES)}, version)
    VALUES (slot_, 0, {", ".join("0" for _ in STATUSES)}, 1)
    ON CONFLICT (id) DO UPDATE SET version = c.version + 1;
    {UPSERT.format(rows=rows)};
    RETURN NULL;
END
$$;
CREATE TRIGGER jobs_status_{op.lower()} AFTER {op} ON jobs_jobstatus
    REFERENCING {"NEW TABLE AS new_rows" if op != "DELETE" else ""}
                {"OLD TABLE AS old_rows" if op != "INSERT" else ""}
    FOR EACH STATEMENT EXECUTE FUNCTION jobs_on_status_{op.lower()}();
"""


TRUNCATE = f"""
CREATE FUNCTION jobs_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'jobs_job' THEN
        UPDATE jobs_jobcounts SET total = 0, {", ".join(f"{s} = 0" for s in STATUSES)},
               version = version + 1;
        DELETE FROM jobs_jobrollup WHERE kind IN ('c', 'm');
    ELSE
        UPDATE jobs_jobcounts SET version = version + 1;
        DELETE FROM jobs_jobrollup WHERE kind = 'e';
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER jobs_job_truncate AFTER TRUNCATE ON jobs_job
    FOR EACH STATEMENT EXECUTE FUNCTION jobs_on_truncate();
CREATE TRIGGER jobs_status_truncate AFTER TRUNCATE ON jobs_jobstatus
    FOR EACH STATEMENT EXECUTE FUNCTION jobs_on_truncate();
"""

DROP_OLD = """
DROP TRIGGER IF EXISTS jobs_counts_insert ON jobs_job;
DROP TRIGGER IF EXISTS jobs_counts_update ON jobs_job;
DROP TRIGGER IF EXISTS jobs_counts_delete ON jobs_job;
DROP TRIGGER IF EXISTS jobs_counts_truncate ON jobs_job;
DROP FUNCTION IF EXISTS jobs_counts_on_change();
DROP FUNCTION IF EXISTS jobs_counts_apply(bigint, bigint, bigint, bigint, bigint);
"""

# Rebuild counters and roll-ups from the tables as they are (also what seed_bulk runs
# after a load, see jobs.rollups.rebuild).
BACKFILL = f"""
DELETE FROM jobs_jobcounts;
INSERT INTO jobs_jobcounts (id, total, {", ".join(STATUSES)}, version)
SELECT s, 0, 0, 0, 0, 0, 0 FROM generate_series(0, {SLOTS - 1}) AS s;
UPDATE jobs_jobcounts SET
    total = (SELECT count(*) FROM jobs_job),
    {", ".join(f"{s} = (SELECT count(*) FROM jobs_job WHERE current_status = '{s.upper()}')" for s in STATUSES)}
WHERE id = 0;
DELETE FROM jobs_jobrollup;
INSERT INTO jobs_jobrollup (kind, hour, slot, {", ".join(STATUSES)})
SELECT 'c', date_trunc('hour', created_at), 0,
       {", ".join(f"count(*) FILTER (WHERE current_status = '{s.upper()}')" for s in STATUSES)}
FROM jobs_job GROUP BY 2
UNION ALL
SELECT 'm', date_trunc('hour', current_status_at), 0,
       {", ".join(f"count(*) FILTER (WHERE current_status = '{s.upper()}')" for s in STATUSES)}
FROM jobs_job GROUP BY 2
UNION ALL
SELECT 'e', date_trunc('hour', timestamp), 0,
       {", ".join(f"count(*) FILTER (WHERE status_type = '{s.upper()}')" for s in STATUSES)}
FROM jobs_jobstatus GROUP BY 2;
"""

FORWARD = (
    DROP_OLD
    + "".join(job_function(op) for op in ("INSERT", "UPDATE", "DELETE"))
    + "".join(status_function(op) for op in ("INSERT", "UPDATE", "DELETE"))
    + TRUNCATE
    + BACKFILL
)

# Back to 0002's single counters row and its triggers; the roll-ups table goes with
# the model.
BACKWARD = """
DROP TRIGGER IF EXISTS jobs_job_insert ON jobs_job;
DROP TRIGGER IF EXISTS jobs_job_update ON jobs_job;
DROP TRIGGER IF EXISTS jobs_job_delete ON jobs_job;
DROP TRIGGER IF EXISTS jobs_job_truncate ON jobs_job;
DROP TRIGGER IF EXISTS jobs_status_insert ON jobs_jobstatus;
DROP TRIGGER IF EXISTS jobs_status_update ON jobs_jobstatus;
DROP TRIGGER IF EXISTS jobs_status_delete ON jobs_jobstatus;
DROP TRIGGER IF EXISTS jobs_status_truncate ON jobs_jobstatus;
DROP FUNCTION IF EXISTS jobs_on_job_insert();
DROP FUNCTION IF EXISTS jobs_on_job_update();
DROP FUNCTION IF EXISTS jobs_on_job_delete();
DROP FUNCTION IF EXISTS jobs_on_status_insert();
DROP FUNCTION IF EXISTS jobs_on_status_update();
DROP FUNCTION IF EXISTS jobs_on_status_delete();
DROP FUNCTION IF EXISTS jobs_on_truncate();
"""


def _counters_of_0002() -> str:
    import importlib

    return str(importlib.import_module("jobs.migrations.0002_counters_search_cache").COUNTERS)


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    schema_editor.execute(BACKWARD + "DELETE FROM jobs_jobcounts;")
    schema_editor.execute(_counters_of_0002())


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    schema_editor.execute(FORWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0005_drop_throttle_cache"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="JobRollup",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "kind",
                        "hour",
                        "slot",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("kind", models.CharField(max_length=1)),
                ("hour", models.DateTimeField()),
                ("slot", models.SmallIntegerField()),
                ("pending", models.BigIntegerField(default=0)),
                ("running", models.BigIntegerField(default=0)),
                ("completed", models.BigIntegerField(default=0)),
                ("failed", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.AlterField(
            model_name="jobcounts",
            name="id",
            field=models.SmallIntegerField(default=0, primary_key=True, serialize=False),
        ),
        migrations.AddIndex(
            model_name="job",
            index=models.Index(fields=["current_status_at", "id"], name="job_changed_idx"),
        ),
        migrations.AddIndex(
            model_name="job",
            index=models.Index(
                fields=["current_status", "current_status_at", "id"], name="job_status_changed_idx"
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
