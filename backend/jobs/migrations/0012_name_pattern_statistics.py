"""Statistics on lower(name), so that the planner can estimate how many names a search
term's LIKE pattern matches.

Without them it assumes a fixed, small share for any ``lower(name) LIKE '%term%'``: a
term that 4,000 of 1,000,000 names hold was estimated at 100, so the planner expected
a long walk for a page and started two parallel workers, whose start-up cost more than
the walk (17 ms against 2.6). With 1,000 histogram values of lower(name) it matches the
pattern against them and estimates 3,997. jobs.search.frequency asks for the same
estimate to choose how a list checks a term (selectors.job_where).
"""

from django.db import migrations

FORWARD = """
CREATE STATISTICS job_name_lower_stats ON (lower(name)) FROM jobs_job;
ALTER STATISTICS job_name_lower_stats SET STATISTICS 1000;
ANALYZE jobs_job;
"""
BACKWARD = "DROP STATISTICS IF EXISTS job_name_lower_stats;"


class Migration(migrations.Migration):
    dependencies = [("jobs", "0011_clock_indexes_include_the_other_clock")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
