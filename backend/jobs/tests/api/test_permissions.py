"""Who may do what: every /api/ operation of the schema, for each kind of caller."""

from __future__ import annotations

import re
from typing import Any

import pytest
from rest_framework.test import APIClient

from jobs.models import Job

pytestmark = pytest.mark.django_db

PUBLIC = {("post", "/api/auth/login/")}  # the one way in; schema and docs are not listed
WRITES = {"post", "patch", "put", "delete"}


def operations(client: APIClient) -> list[tuple[str, str]]:
    schema = client.get("/api/schema/").json()
    return [
        (method, path)
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "patch", "put", "delete"}
    ]


def call(client: APIClient, method: str, path: str, job_id: int) -> Any:
    url = re.sub(r"\{id\}", str(job_id), path)
    body = {"name": "x", "status_type": "RUNNING"} if method in WRITES else None
    return getattr(client, method)(url, body, format="json")


def test_the_schema_lists_every_operation(anon) -> None:
    found = set(operations(anon))
    assert ("get", "/api/jobs/") in found and ("delete", "/api/jobs/{id}/") in found
    assert ("get", "/api/auth/me/") in found and ("post", "/api/auth/logout/") in found


def test_every_operation_but_sign_in_is_401_without_credentials(anon, make_job) -> None:
    job = make_job()
    for method, path in operations(anon):
        if (method, path) in PUBLIC:
            continue
        response = call(anon, method, path, job.pk)
        assert response.status_code == 401, (method, path, response.content)
        assert set(response.json()) == {"detail"}
    assert Job.objects.get(pk=job.pk).current_status == "PENDING"


def test_a_viewer_reads_everything_and_is_403_on_every_write(viewer, make_job) -> None:
    job = make_job()
    for method, path in operations(viewer):
        if (method, path) in PUBLIC or path.startswith("/api/auth/"):
            continue
        response = call(viewer, method, path, job.pk)
        if method in WRITES:
            assert response.status_code == 403, (method, path)
            assert response.json() == {"detail": "This needs the operator role."}
        else:
            assert response.status_code == 200, (method, path)
    assert Job.objects.count() == 1 and Job.objects.get().current_status == "PENDING"


def test_an_operator_writes_but_is_403_on_delete(operator, make_job) -> None:
    job = make_job()
    assert operator.post("/api/jobs/", {"name": "op"}, format="json").status_code == 201
    assert (
        operator.patch(f"/api/jobs/{job.pk}/", {"status_type": "RUNNING"}, format="json")
    ).status_code == 200
    refused = operator.delete(f"/api/jobs/{job.pk}/")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "This needs the admin role."}
    assert Job.objects.filter(pk=job.pk).exists()


def test_an_admin_deletes(api, make_job) -> None:
    job = make_job()
    assert api.delete(f"/api/jobs/{job.pk}/").status_code == 204


def test_a_superuser_without_groups_is_an_admin(client_as, make_job) -> None:
    client = client_as(None, is_superuser=True)
    assert client.get("/api/auth/me/").json()["role"] == "admin"
    assert client.delete(f"/api/jobs/{make_job().pk}/").status_code == 204


def test_a_user_without_a_role_is_told_so(client_as) -> None:
    client = client_as(None)
    assert client.get("/api/auth/me/").json()["role"] is None
    response = client.get("/api/jobs/")
    assert response.status_code == 403
    assert "no role" in response.json()["detail"]


def test_the_highest_of_several_roles_counts(make_user) -> None:
    from django.contrib.auth.models import Group
    from knox.models import AuthToken

    user = make_user("viewer")
    user.groups.add(Group.objects.get(name="operator"))
    client = APIClient(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user)[1]}")
    assert client.get("/api/auth/me/").json()["role"] == "operator"


def test_a_role_change_takes_effect_for_sessions_once_the_cache_lets_go(make_user) -> None:
    from django.contrib.auth.models import Group

    from jobs.roles import role_cache

    user = make_user("viewer", username="promoted")
    client = APIClient()
    client.force_login(user)
    assert client.post("/api/jobs/", {"name": "x"}, format="json").status_code == 403
    user.groups.add(Group.objects.get(name="operator"))
    role_cache.clear()  # what ROLE_CACHE_SECONDS (5 s) of waiting does
    assert client.post("/api/jobs/", {"name": "x"}, format="json").status_code == 201
