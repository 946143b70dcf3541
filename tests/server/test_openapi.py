"""The OpenAPI copy in resources/ is the one the server serves (regenerate with
`python -m workstation.server.openapi` and commit it)."""

from __future__ import annotations

import json

import httpx

from tests.helpers.server import ServerProcess
from workstation.resources import resource_path


def test_served_openapi_matches_the_committed_copy(server: ServerProcess) -> None:
    served = httpx.get(f"{server.url}/openapi.json").json()
    committed = json.loads(resource_path("openapi.json").read_text(encoding="utf-8"))
    assert served == committed, "API changed: run `python -m workstation.server.openapi` and commit it"


def test_openapi_documents_every_endpoint(server: ServerProcess) -> None:
    paths = set(httpx.get(f"{server.url}/openapi.json").json()["paths"])
    expected = {"/api/v1/auth/login", "/api/v1/me", "/api/v1/reference", "/api/v1/cases",
                "/api/v1/cases/{case_id}", "/api/v1/intake", "/api/v1/events",
                "/api/v1/attachments/{attachment_id}", "/api/v1/health"}
    expected |= {f"/api/v1/cases/{{case_id}}/{name}" for name in
                 ("claim", "release", "edit", "file", "confirm", "reject", "dispatch", "acknowledge", "verify",
                  "verify_result")}
    expected |= {"/api/v1/calls", "/api/v1/callers/{phone}/cases", "/api/v1/places", "/api/v1/places/at"}
    expected |= {"/api/v1/similarity/check", "/api/v1/similarity/stats", "/api/v1/map/base", "/api/v1/requests"}
    assert expected <= paths
