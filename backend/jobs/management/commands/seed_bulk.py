"""Load N synthetic jobs with realistic histories, set-based, inside PostgreSQL.

Each chunk is one INSERT ... SELECT over generate_series: no rows cross the wire. For
a load at least as large as the table already is, the secondary indexes (the search
rows' gram index included, see models.JobSearch) and the foreign keys are dropped
first and rebuilt at the end, which is several times faster than maintaining them row
by row. A system load has no actor: created_by and the history's actor stay null.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from tqdm import tqdm

from jobs.management.names import PROJECTS, SUBJECTS
from jobs.models import Job, JobStatus

# Lifecycles after creation, with their share of jobs (percent): about 3.9 statuses a job.
STORIES: list[tuple[list[str], int]] = [
    (["PENDING"], 8),
    (["PENDING", "RUNNING"], 12),
    (["PENDING", "RUNNING", "COMPLETED"], 40),
    (["PENDING", "RUNNING", "FAILED"], 10),
    (["PENDING", "RUNNING", "FAILED", "PENDING", "RUNNING"], 5),
    (["PENDING", "RUNNING", "FAILED", "PENDING", "RUNNING", "COMPLETED"], 15),
    (
        [
            "PENDING",
            "RUNNING",
            "FAILED",
            "PENDING",
            "RUNNING",
            "FAILED",
            "PENDING",
            "RUNNING",
            "COMPLETED",
        ],
        10,
    ),
]

# One chunk of jobs: id, name, creation time, time between statuses and lifecycle,
# all derived from the id by hashing, so a load is repeatable. The newest job is
# created 9 hours ago, so that its longest lifecycle (8 steps of at most ~1 hour)
# still ends in the past.
CHUNK_SQL = """
CREATE TEMP TABLE bulk_chunk ON COMMIT DROP AS
SELECT g AS id,
       (%(projects)s::text[])[1 + (hashint8(g) & 2147483647) %% %(np)s] || '-' ||
       (%(subjects)s::text[])[1 + (hashint8(g + 7) & 2147483647) %% %(ns)s] || '-' ||
       lpad(((hashint8(g + 13) & 2147483647) %% 10000)::text, 4, '0') AS name,
       %(now)s::timestamptz - interval '9 hours'
           - make_interval(secs => %(span)s * (%(end)s - g)::float8 / %(total)s) AS created,
       make_interval(secs => 30 + (hashint8(g + 29) & 2147483647) %% 3600) AS step,
       (SELECT story FROM bulk_story_pick
         WHERE (hashint8(g + 3) & 2147483647) %% 100 < upto ORDER BY upto LIMIT 1) AS story
FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS g
"""

JOBS_SQL = """
INSERT INTO jobs_job (id, name, created_at, updated_at, current_status, current_status_at)
SELECT c.id, c.name, c.created, c.created + c.step * (m.len - 1), m.last,
       c.created + c.step * (m.len - 1)
FROM bulk_chunk c JOIN bulk_story_meta m USING (story)
ORDER BY c.id
"""

STATUSES_SQL = """
INSERT INTO jobs_jobstatus (job_id, status_type, timestamp)
SELECT c.id, s.status, c.created + c.step * s.pos
FROM bulk_chunk c JOIN bulk_story s USING (story)
ORDER BY c.id, s.pos
"""


class Command(BaseCommand):
    help = "Load N synthetic jobs (about 3.9 statuses each) with set-based SQL."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--jobs", type=int, required=True)
        parser.add_argument("--chunk", type=int, default=50_000)
        parser.add_argument("--span-days", type=int, default=365)
        parser.add_argument("--truncate", action="store_true", help="Delete all jobs first.")
        parser.add_argument("--no-progress", action="store_true")

    def handle(
        self,
        *args: Any,
        jobs: int,
        chunk: int,
        span_days: int,
        truncate: bool,
        no_progress: bool,
        **options: Any,
    ) -> None:
        if jobs < 1:
            raise CommandError("--jobs must be at least 1")
        started = time.monotonic()
        with connection.cursor() as cursor:
            # Inside a transaction that already wrote (a test), run its deferred foreign key
            # checks now: PostgreSQL refuses to drop constraints or truncate with them
            # pending. On its own, as make bench runs it, there are none.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET maintenance_work_mem = '512MB'")
            cursor.execute("SET synchronous_commit = off")
            if truncate:
                cursor.execute("TRUNCATE jobs_job, jobs_jobstatus, jobs_jobsearch RESTART IDENTITY")
            existing = Job.objects.count()
            first_id = (Job.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
            rebuild = jobs >= existing
            self._stories(cursor)
            saved = self._drop_indexes(cursor) if rebuild else []
            cursor.execute("SELECT now()")
            now = cursor.fetchone()[0]
            end = first_id + jobs - 1
            try:
                self._load(cursor, first_id, end, jobs, chunk, span_days, now, no_progress)
            finally:
                # Even when the load fails or is interrupted, the table gets its
                # indexes and foreign key back.
                if saved:
                    self._restore(cursor, saved, no_progress)
            # VACUUM also marks the new pages all-visible, which index-only scans need
            # (documents.page); it cannot run inside a transaction (a test's).
            analyze = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            for table in ("jobs_job", "jobs_jobstatus", "jobs_jobsearch"):
                cursor.execute(f"{analyze} {table}")
        statuses = JobStatus.objects.filter(job_id__gte=first_id).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {jobs:,} jobs and {statuses:,} statuses "
                f"in {time.monotonic() - started:.1f} s."
            )
        )

    def _load(
        self,
        cursor: Any,
        first_id: int,
        end: int,
        jobs: int,
        chunk: int,
        span_days: int,
        now: Any,
        no_progress: bool,
    ) -> None:
        bar = tqdm(total=jobs, unit="job", disable=no_progress, desc="jobs", smoothing=0.1)
        for lo in range(first_id, end + 1, chunk):
            hi = min(lo + chunk - 1, end)
            with transaction.atomic():
                cursor.execute(
                    CHUNK_SQL,
                    {
                        "projects": PROJECTS,
                        "np": len(PROJECTS),
                        "subjects": SUBJECTS,
                        "ns": len(SUBJECTS),
                        "now": now,
                        "span": span_days * 86400,
                        "total": jobs,
                        "end": end,
                        "first": lo,
                        "last": hi,
                    },
                )
                cursor.execute(JOBS_SQL)
                cursor.execute(STATUSES_SQL)
            bar.update(hi - lo + 1)
        bar.close()
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('jobs_job', 'id'), "
            "(SELECT max(id) FROM jobs_job))"
        )

    def _stories(self, cursor: Any) -> None:
        cursor.execute("DROP TABLE IF EXISTS bulk_story, bulk_story_meta, bulk_story_pick")
        cursor.execute("CREATE TEMP TABLE bulk_story (story int, pos int, status text)")
        cursor.execute("CREATE TEMP TABLE bulk_story_meta (story int, len int, last text)")
        cursor.execute("CREATE TEMP TABLE bulk_story_pick (story int, upto int)")
        upto = 0
        for n, (steps, share) in enumerate(STORIES):
            upto += share
            cursor.executemany(
                "INSERT INTO bulk_story VALUES (%s, %s, %s)",
                [(n, pos, status) for pos, status in enumerate(steps)],
            )
            cursor.execute(
                "INSERT INTO bulk_story_meta VALUES (%s, %s, %s)", (n, len(steps), steps[-1])
            )
            cursor.execute("INSERT INTO bulk_story_pick VALUES (%s, %s)", (n, upto))
        if upto != 100:
            raise CommandError("story shares must add up to 100")

    def _drop_indexes(self, cursor: Any) -> list[str]:
        """Drop secondary indexes and foreign keys; return the SQL that restores them."""
        cursor.execute("""
            SELECT 'ALTER TABLE ' || conrelid::regclass
                   || ' ADD CONSTRAINT ' || quote_ident(conname)
                   || ' ' || pg_get_constraintdef(oid),
                   'ALTER TABLE ' || conrelid::regclass
                   || ' DROP CONSTRAINT ' || quote_ident(conname)
            FROM pg_constraint
            WHERE conrelid IN ('jobs_job'::regclass, 'jobs_jobstatus'::regclass)
              AND contype = 'f'
        """)
        constraints = cursor.fetchall()
        cursor.execute("""
            SELECT i.indexdef, 'DROP INDEX ' || quote_ident(i.indexname)
            FROM pg_indexes i
            JOIN pg_class c ON c.relname = i.indexname
            JOIN pg_index x ON x.indexrelid = c.oid
            WHERE i.tablename IN ('jobs_job', 'jobs_jobstatus', 'jobs_jobsearch')
              AND NOT x.indisprimary
              AND NOT x.indisunique
        """)
        indexes = cursor.fetchall()
        for _, drop in constraints + indexes:
            cursor.execute(drop)
        return [create for create, _ in indexes + constraints]

    def _restore(self, cursor: Any, statements: list[str], no_progress: bool) -> None:
        for sql in tqdm(statements, desc="indexes", unit="index", disable=no_progress):
            cursor.execute(sql)
