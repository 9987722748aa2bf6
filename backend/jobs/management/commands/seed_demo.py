"""A few hundred realistic jobs with varied histories, for `make run`."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from jobs.management.names import PROJECTS, SUBJECTS
from jobs.models import Job, JobStatus, StatusType

# Typical lifecycles: (statuses after PENDING, weight).
STORIES: list[tuple[list[str], int]] = [
    ([], 12),
    ([StatusType.RUNNING], 18),
    ([StatusType.RUNNING, StatusType.COMPLETED], 45),
    ([StatusType.RUNNING, StatusType.FAILED], 12),
    ([StatusType.RUNNING, StatusType.FAILED, StatusType.PENDING, StatusType.RUNNING], 5),
    (
        [
            StatusType.RUNNING,
            StatusType.FAILED,
            StatusType.PENDING,
            StatusType.RUNNING,
            StatusType.COMPLETED,
        ],
        6,
    ),
    ([StatusType.FAILED], 2),
]


class Command(BaseCommand):
    help = "Load demo jobs with varied status histories."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--jobs", type=int, default=300)
        parser.add_argument("--if-empty", action="store_true", help="Only when there are no jobs.")
        parser.add_argument("--seed", type=int, default=7)

    @transaction.atomic
    def handle(self, *args: Any, jobs: int, if_empty: bool, seed: int, **options: Any) -> None:
        if if_empty and Job.objects.exists():
            self.stdout.write("Jobs already present; demo data not loaded.")
            return
        rng = random.Random(seed)
        now = timezone.now()
        stories = [s for s, _ in STORIES]
        weights = [w for _, w in STORIES]
        for n in range(jobs):
            name = f"{rng.choice(PROJECTS)}-{rng.choice(SUBJECTS)}-{rng.randint(1, 9999):04d}"
            story = rng.choices(stories, weights)[0]
            steps = [timedelta(minutes=rng.uniform(0.5, 240)) for _ in story]
            # Newer jobs last; every history ends in the past, spread over two weeks.
            ends = now - timedelta(minutes=rng.uniform(0.2, 14 * 24 * 60) * (jobs - n) / jobs)
            at = ends - sum(steps, timedelta())
            created = at
            history = [(StatusType.PENDING.value, at)]
            for status, step in zip(story, steps, strict=True):
                at += step
                history.append((status, at))
            last_status, last_at = history[-1]
            job = Job.objects.create(
                name=name,
                created_at=created,
                updated_at=last_at,
                current_status=last_status,
                current_status_at=last_at,
            )
            JobStatus.objects.bulk_create(
                JobStatus(job=job, status_type=s, timestamp=t) for s, t in history
            )
        self.stdout.write(self.style.SUCCESS(f"Loaded {jobs} demo jobs."))
