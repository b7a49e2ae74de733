"""The OpenAPI document: served at /api/v1/openapi.json, kept in docs/openapi.json, and each
operation names the scope it needs."""

from __future__ import annotations

import json
from pathlib import Path

from django.test import Client

from akasse.web.api.command import openapi_text
from akasse.web.api.scopes import SCOPES

DOCUMENT = Path(__file__).parents[3] / "docs" / "openapi.json"
REGENERATE = "AKASSE_DEMO=true .venv/bin/akasse api openapi -o docs/openapi.json"


def served() -> dict[str, object]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document: dict[str, object] = response.json()
    return document


def test_the_checked_in_document_is_the_one_served(db: None) -> None:
    kept = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    assert served() == kept, f"docs/openapi.json is not the API's document: run {REGENERATE}"
    assert DOCUMENT.read_text(encoding="utf-8") == openapi_text(), f"run {REGENERATE}"


def test_every_operation_needs_a_token_with_one_scope_and_every_scope_is_used(db: None) -> None:
    paths = served()["paths"]
    assert isinstance(paths, dict)
    used = set()
    for operations in paths.values():
        for operation in operations.values():
            (requirement,) = operation["security"]
            (scope,) = requirement["TokenAuth"]
            assert scope == operation["x-scope"] and scope in SCOPES
            assert {"401", "403", "404", "422"} <= set(operation["responses"])
            used.add(scope)
    assert used == set(SCOPES)


def test_it_answers_a_path_it_does_not_have_in_json(db: None) -> None:
    for path in ("/api/v1/ingenting", "/api/v2/spells", "/api/"):
        response = Client().get(path)
        assert response.status_code == 404
        assert response.json() == {
            "detail": "API'et har ingen sådan adresse. Se /api/v1/openapi.json.",
            "errors": [],
        }
