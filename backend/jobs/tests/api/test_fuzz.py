"""Property-based fuzz of the whole API from its own OpenAPI schema (Schemathesis).

Every operation of /api/schema/ gets valid and invalid requests (bodies, query
parameters, path ids, content types), sent in-process to the WSGI app on the test
database. Each response must be no 5xx, have a documented status code, a documented
content type, and a body that matches the schema of that status code.

The run is bounded (MAX_EXAMPLES per operation) and derandomized, so it is the same
every time and fits in `make test`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from jobs import services
from jobs.tests.helpers import persistent_connection

MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "40"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)

# Ids of jobs that exist during the run: a path id is often one of these, so that
# PATCH, DELETE and history reach the code behind the 404 too.
existing_ids: list[int] = []


@schema.hook
def map_path_parameters(context: Any, path_parameters: dict[str, Any] | None) -> Any:
    value = (path_parameters or {}).get("id")
    if (
        path_parameters is not None
        and existing_ids
        and isinstance(value, int)
        and 0 <= value < 3 * len(existing_ids)
    ):
        path_parameters["id"] = existing_ids[value % len(existing_ids)]
    return path_parameters


@pytest.fixture
def admin_token(make_user: Any) -> str:
    return str(AuthToken.objects.create(make_user("admin"))[1])


@pytest.fixture
def jobs_to_hit(db: Any) -> Iterator[None]:
    existing_ids.clear()
    for n, statuses in enumerate(
        [(), ("RUNNING",), ("RUNNING", "FAILED"), ("RUNNING", "COMPLETED")]
    ):
        job = services.job_create(name=f"fuzz-{n}")
        for status in statuses:
            services.job_status_set(job_id=job.pk, status_type=status)
        existing_ids.append(job.pk)
    # The WSGI handler closes the connection at the end of each request, which would
    # end the test's transaction; Django's own test client disconnects it the same way.
    with persistent_connection():
        yield


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=os.environ.get("FUZZ_RANDOM") != "1",
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case: Any, jobs_to_hit: None, admin_token: str) -> None:
    """Signed in as an admin, so that every operation gets past the door."""
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Token {admin_token}"})
