"""The two clocks' indexes carry each other's column (INCLUDE): created_at's index
carries current_status_at, and current_status_at's carries created_at.

A page sorted by one clock and filtered by the other walks the sort's index past every
job the filter leaves out: at 1,000,000 jobs, ``created_before=<90% of the span>`` sorted
by ``changed_newest`` passed some 100,000 of them, each a heap fetch (31 ms, make
bench). With the filter's column in the index, that walk is an index-only scan
(documents.page, ``narrow_first``) that reads no heap page for the jobs it skips.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0010_job_search_rows"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="job",
            name="job_created_idx",
        ),
        migrations.RemoveIndex(
            model_name="job",
            name="job_changed_idx",
        ),
        migrations.AddIndex(
            model_name="job",
            index=models.Index(
                fields=["created_at", "id"], include=("current_status_at",), name="job_created_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="job",
            index=models.Index(
                fields=["current_status_at", "id"], include=("created_at",), name="job_changed_idx"
            ),
        ),
    ]
