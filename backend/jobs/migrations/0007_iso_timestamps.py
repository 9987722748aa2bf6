"""jobs_iso(timestamptz): a time as the API writes it, for JSON built in SQL (see
jobs.documents): ISO 8601 in UTC with "Z", microseconds only when there are some,
exactly as Python's isoformat() and api.serializers.iso_timestamp do.

Not STRICT, so that PostgreSQL inlines it into the query: about 1 us a call instead of
5, and a list page has a few hundred."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION jobs_iso(t timestamptz) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
        || CASE WHEN mod(date_part('microseconds', t)::int, 1000000) = 0 THEN ''
                ELSE to_char(t AT TIME ZONE 'UTC', '.US') END
        || 'Z'
$$;
"""

BACKWARD = "DROP FUNCTION IF EXISTS jobs_iso(timestamptz);"


class Migration(migrations.Migration):
    dependencies = [("jobs", "0006_rollups")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
