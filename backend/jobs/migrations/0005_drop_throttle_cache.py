"""The write throttle moved to nginx (limit_req, see nginx.conf): its cache table goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("jobs", "0004_audit_trail")]

    operations = [migrations.RunSQL("DROP TABLE IF EXISTS django_cache", migrations.RunSQL.noop)]
