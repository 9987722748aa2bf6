"""GET /api/jobs/stats/."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/jobs/stats/", "/api/jobs/stats"])
def test_stats_counts_every_status(api, make_job, path) -> None:
    make_job(statuses=("RUNNING",))
    make_job(statuses=("RUNNING", "FAILED"))
    make_job()
    body = api.get(path).json()
    assert body["total"] == 3
    assert body["by_status"] == {"PENDING": 1, "RUNNING": 1, "COMPLETED": 0, "FAILED": 1}
    assert isinstance(body["version"], int)


def test_stats_is_one_query_whatever_the_size(api, make_job, django_assert_num_queries) -> None:
    for _ in range(5):
        make_job()
    with django_assert_num_queries(1):
        assert api.get("/api/jobs/stats/").status_code == 200
