"""Compression (br, gzip) of pages, JSON and vendored assets; fingerprinted asset URLs with
long-lived caching (issue 18)."""

from __future__ import annotations

import gzip
import re

import brotli
import pytest

from app.core.fingerprint import A_YEAR, fingerprint


@pytest.fixture
def city(make):
    homs = make.city(name_en="Homs", name_ar="حمص", lat=34.73, lon=36.71)
    for _ in range(12):  # a points body worth compressing
        make.dialogue(city=homs)
    return homs


@pytest.mark.parametrize(
    ("encoding", "decode"), [("br", brotli.decompress), ("gzip", gzip.decompress)]
)
@pytest.mark.parametrize(
    "path",
    [
        "/map",
        "/dashboard",
        "/map/points.json?zoom=12&bbox=36,34,37.5,35.5",
        "/vendor/leaflet/leaflet.js",
        "/vendor/bootstrap/css/bootstrap.min.css",
    ],
)
def test_pages_json_and_assets_are_compressed(client, city, path, encoding, decode):
    plain = client.get(path)
    packed = client.get(path, headers={"Accept-Encoding": f"{encoding}, deflate"})
    assert packed.status_code == plain.status_code == 200
    assert packed.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert int(packed.headers["Content-Length"]) < len(plain.data) / 2
    if path.startswith(("/vendor", "/static")):
        assert decode(packed.data) == plain.data  # pages differ per request (nonce, ids)
    else:
        assert decode(packed.data)[:15] == plain.data[:15]


def test_a_client_that_asks_for_nothing_gets_plain_bytes(client, city):
    assert "Content-Encoding" not in client.get("/map").headers


def test_asset_urls_carry_the_files_fingerprint_and_are_kept_a_year(client, city):
    body = client.get("/map").get_data(as_text=True)
    urls = re.findall(r'(?:src|href)="(/(?:static|vendor)/[^"]+)"', body)
    assert any(url.startswith("/vendor/leaflet/leaflet.js?v=") for url in urls)
    assert any(url.startswith("/static/js/hiwar-map.js?v=") for url in urls)
    for url in urls:
        assert re.search(r"[?&]v=[0-9a-f]{12}$", url.replace("&amp;", "&")), url
        response = client.get(url.replace("&amp;", "&"))
        assert response.status_code == 200
        assert response.cache_control.max_age == A_YEAR
        assert response.cache_control.immutable and response.cache_control.public


def test_an_old_or_missing_fingerprint_is_not_kept_for_long(client):
    for url in ("/static/css/hiwar.css", "/static/css/hiwar.css?v=000000000000"):
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cache_control.immutable
        assert (response.cache_control.max_age or 0) < A_YEAR


def test_a_changed_file_gets_a_new_fingerprint(tmp_path):
    asset = tmp_path / "a.js"
    asset.write_text("one")
    first = fingerprint(str(asset))
    asset.write_text("two, longer")
    assert fingerprint(str(asset)) != first
    assert fingerprint(str(tmp_path / "missing.js")) is None


def test_a_compressed_points_etag_still_gets_a_304(client, city):
    path = "/map/points.json?zoom=12&bbox=36,34,37.5,35.5"
    first = client.get(path, headers={"Accept-Encoding": "br"})
    assert first.headers["ETag"].endswith(':br"')
    again = client.get(
        path, headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304
