"""A job's current status is never older than the job: what every write already does,
now checked, since the list bounds a sort by last change with created_after (see
selectors.JobSelection.where). Validating it reads the table once (about a second at
1,000,000 jobs)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0007_iso_timestamps"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="job",
            constraint=models.CheckConstraint(
                condition=models.Q(("current_status_at__gte", models.F("created_at"))),
                name="job_changed_not_before_created",
                violation_error_message="A job's current status cannot be older than the job.",
            ),
        ),
    ]
