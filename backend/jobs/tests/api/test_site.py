"""The schema, the docs, and paths that are not the API."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_schema_and_docs(api) -> None:
    schema = api.get("/api/schema/")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"/api/jobs/", "/api/jobs/{id}/", "/api/jobs/{id}/history/", "/api/jobs/stats/"} <= set(
        paths
    )
    assert "400" in paths["/api/jobs/"]["post"]["responses"]
    assert "404" in paths["/api/jobs/{id}/"]["patch"]["responses"]
    docs = api.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()


def test_the_export_documents_the_lists_filters_and_sort_but_not_its_paging(api) -> None:
    paths = api.get("/api/schema/").json()["paths"]
    names = {p["name"] for p in paths["/api/jobs/export/"]["get"]["parameters"]}
    listed = {p["name"] for p in paths["/api/jobs/"]["get"]["parameters"]}
    assert names == (listed - {"page", "page_size", "cursor"}) | {"format"}
    assert {"status", "search", "sort", "created_after", "changed_after"} <= names


def test_unknown_path_is_json_404(api) -> None:
    response = api.get("/api/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
