"""Helpers of the API tests (the `api` client fixture is in tests/conftest.py)."""

from __future__ import annotations


def ids(response) -> list[int]:
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["items"]]
