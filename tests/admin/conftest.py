"""The people around the administration pages: an admin, a manager and staff of one
organisation, and staff of another."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.auth.models import Role


@pytest.fixture
def people(make):
    home = make.organization(name_en="Homs Dialogue Centre", name_ar="مركز حمص للحوار")
    other = make.organization(name_en="Aleppo Youth Network", name_ar="شبكة شباب حلب")
    return SimpleNamespace(
        home=home,
        other=other,
        admin=make.user(admin=True, email="admin@example.org", name="Admin"),
        manager=make.user(
            role=Role.ORGANIZER, organization=home, is_manager=True, email="manager@example.org"
        ),
        staff=make.user(role=Role.ORGANIZER, organization=home, email="staff@example.org"),
        partner=make.user(role=Role.PARTNER, organization=other, email="partner@example.org"),
        donor=make.user(role=Role.DONOR, organization=other, email="donor@example.org"),
        outsider=make.user(role=Role.ORGANIZER, organization=other, email="out@example.org"),
    )


@pytest.fixture(autouse=True)
def english(client):
    """These tests read messages in English; the Arabic pages are checked in test_pages."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
