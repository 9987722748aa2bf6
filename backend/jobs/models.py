from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

NAME_MAX_LENGTH = 200
REASON_MAX_LENGTH = 500


class StatusType(models.TextChoices):
    PENDING = "PENDING", "Pending"
    RUNNING = "RUNNING", "Running"
    COMPLETED = "COMPLETED", "Completed"
    FAILED = "FAILED", "Failed"


# The status lifecycle: from each status, the statuses a job may go to next.
ALLOWED_NEXT: dict[str, tuple[str, ...]] = {
    StatusType.PENDING: (StatusType.RUNNING, StatusType.FAILED),  # start, or cancel
    StatusType.RUNNING: (StatusType.COMPLETED, StatusType.FAILED, StatusType.PENDING),  # requeue
    StatusType.FAILED: (StatusType.PENDING,),  # retry
    StatusType.COMPLETED: (StatusType.PENDING,),  # re-run
}


class Job(models.Model):
    """A compute job.

    ``current_status`` and ``current_status_at`` copy the newest JobStatus row. They are
    written in the same transaction as that row (see services.job_status_set), so that a
    million-row list can be filtered, sorted and counted by status without touching the
    history table.
    """

    id = models.BigAutoField(primary_key=True)
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    current_status = models.CharField(
        max_length=16, choices=StatusType.choices, default=StatusType.PENDING
    )
    current_status_at = models.DateTimeField(default=timezone.now)
    # Who made the job; null for system loads (seed_bulk) and for deleted users. Not
    # indexed: nothing looks jobs up by creator, and a million-job load stays faster.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    # Not a field: the job as the API answers it (JSON text), set by the services that
    # write it (see jobs.documents).
    document: str

    class Meta:
        # One index per list shape: (filter column, sort column, id) so that every
        # page is an index range scan; id makes the order total for keyset paging.
        # The two clocks' indexes carry each other's column, so that a page sorted by
        # one clock and filtered by the other is an index-only scan that reads no
        # job it leaves out (documents.page, ``narrow_first``).
        indexes = [
            models.Index(
                fields=["created_at", "id"], include=["current_status_at"], name="job_created_idx"
            ),
            models.Index(fields=["name", "id"], name="job_name_idx"),
            models.Index(
                fields=["current_status", "created_at", "id"], name="job_status_created_idx"
            ),
            models.Index(fields=["current_status", "name", "id"], name="job_status_name_idx"),
            models.Index(
                fields=["current_status_at", "id"], include=["created_at"], name="job_changed_idx"
            ),
            models.Index(
                fields=["current_status", "current_status_at", "id"], name="job_status_changed_idx"
            ),
        ]
        # A job's current status is never older than the job: every write keeps it so,
        # and the list relies on it (selectors.JobSelection.where).
        constraints = [
            models.CheckConstraint(
                condition=models.Q(current_status_at__gte=models.F("created_at")),
                name="job_changed_not_before_created",
                violation_error_message="A job's current status cannot be older than the job.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (#{self.pk})"


class JobSearch(models.Model):
    """A job's name, status and times, for search: the name's gram index is on this
    table (migration 0010), not on jobs_job, so that a status change, which rewrites
    every index entry of a job row, does not rewrite some 57 gram entries of the name
    too. Nothing indexes the status or times here, so a status change is a HOT update,
    and a search is counted here alone, whatever it is narrowed by.

    Triggers on jobs_job keep the rows equal to the jobs in the same transaction as
    every write (insert, update, delete, truncate); nothing writes them otherwise.
    """

    job = models.OneToOneField(
        Job, primary_key=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    created_at = models.DateTimeField()
    current_status_at = models.DateTimeField()
    current_status = models.CharField(max_length=16, choices=StatusType.choices)

    class Meta:
        verbose_name_plural = "job search rows"

    def __str__(self) -> str:
        return f"{self.name} ({self.current_status})"


class JobStatus(models.Model):
    """One entry of a job's status history. Rows are only ever inserted."""

    id = models.BigAutoField(primary_key=True)
    # No separate index on job_id: status_job_ts_idx starts with it and serves the FK.
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="statuses", db_index=False)
    status_type = models.CharField(max_length=16, choices=StatusType.choices)
    timestamp = models.DateTimeField(default=timezone.now)
    # Who made the change and why. actor is null for system loads and deleted users;
    # like created_by it is not indexed (see Job.created_by).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    reason = models.CharField(max_length=REASON_MAX_LENGTH, blank=True, default="", db_default="")

    class Meta:
        verbose_name_plural = "job statuses"
        indexes = [
            # Serves a job's newest status, its history in order, and the
            # per-job "newest 10" window of the list endpoint.
            models.Index(
                "job", models.F("timestamp").desc(), models.F("id").desc(), name="status_job_ts_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.status_type} at {self.timestamp:%Y-%m-%d %H:%M:%S}"


class JobCounts(models.Model):
    """Per-status job counts, kept exact by statement-level triggers (migration 0006)
    and spread over slots: ``id`` is the slot, one row each, and every transaction
    writes the row of its own slot (pg_backend_pid() % 8) so that concurrent writers do
    not queue on one row. The counts are the sums of the rows (selectors.job_counts):
    O(1), whatever the number of jobs.

    ``version`` grows with every statement that writes jobs or their history (its sum
    over the slots does), so clients can poll it cheaply to learn that something
    changed.
    """

    id = models.SmallIntegerField(primary_key=True, default=0)
    total = models.BigIntegerField(default=0)
    pending = models.BigIntegerField(default=0)
    running = models.BigIntegerField(default=0)
    completed = models.BigIntegerField(default=0)
    failed = models.BigIntegerField(default=0)
    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name_plural = "job counts"

    def __str__(self) -> str:
        return f"{self.total} jobs (version {self.version})"

    def by_status(self) -> dict[str, int]:
        return {
            StatusType.PENDING: self.pending,
            StatusType.RUNNING: self.running,
            StatusType.COMPLETED: self.completed,
            StatusType.FAILED: self.failed,
        }


class JobRollup(models.Model):
    """How many jobs, per hour and slot, by current status, by three clocks (``kind``):
    ``c`` the hour jobs were created, ``m`` the hour their status last changed, ``e``
    status changes entering each status in that hour. Kept exact by the same triggers
    as JobCounts; read by jobs.rollups (time-range counts, the activity chart)."""

    CREATED, CHANGED, ENTERED = "c", "m", "e"

    pk = models.CompositePrimaryKey("kind", "hour", "slot")
    kind = models.CharField(max_length=1)
    hour = models.DateTimeField()
    slot = models.SmallIntegerField()
    pending = models.BigIntegerField(default=0)
    running = models.BigIntegerField(default=0)
    completed = models.BigIntegerField(default=0)
    failed = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.kind} {self.hour:%Y-%m-%d %H:00} slot {self.slot}"
