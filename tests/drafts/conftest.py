"""The drafting tests' world: the shipped places and themes and the demo's organisation
registry, in the database (pages, API) or read from files (the extractor on its own)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.auth.models import Role
from app.demo.content import ORGANIZATIONS
from app.drafts.reference import OrgEntry, from_files

CORPUS = Path(__file__).parents[1] / "fixtures" / "reports"
PLACES = Path(__file__).parents[2] / "app" / "places" / "data"


@pytest.fixture(scope="session")
def file_reference():
    organizations = [OrgEntry(i, o.name_ar, o.name_en) for i, o in enumerate(ORGANIZATIONS, 1)]
    registry = {o.name_en: i for i, o in enumerate(ORGANIZATIONS, 1)}
    return from_files(PLACES, organizations), registry


@pytest.fixture
def registry(reference_data, make, db):
    """The demo organisations as the registry; returns them by English name."""
    orgs = {
        o.name_en: make.organization(name_en=o.name_en, name_ar=o.name_ar, kind=o.kind)
        for o in ORGANIZATIONS
    }
    db.session.commit()
    return orgs


@pytest.fixture
def organiser(registry, make, db):
    user = make.user(role=Role.ORGANIZER, organization=registry["Al-Jisr Dialogue Centre"])
    db.session.commit()
    return user
