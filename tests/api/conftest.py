"""Calling the API as a token's owner or anonymously."""

from __future__ import annotations

import pytest


class ApiClient:
    def __init__(self, client):
        self.client = client

    def _headers(self, token, language, headers):
        sent = {"Accept-Language": language, **(headers or {})}
        if token:
            sent["Authorization"] = f"Bearer {token}"
        return sent

    def get(self, path, *, token=None, language="en", headers=None, **kwargs):
        return self.client.get(
            f"/api/v1{path}", headers=self._headers(token, language, headers), **kwargs
        )

    def post(self, path, *, token=None, language="en", headers=None, **kwargs):
        return self.client.post(
            f"/api/v1{path}", headers=self._headers(token, language, headers), **kwargs
        )


@pytest.fixture
def api(client):
    return ApiClient(client)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["items"]]
