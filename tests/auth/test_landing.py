"""Each role lands where its work is after signing in, unless it asked for a page (`next`)."""

import pytest

from app.auth.models import Role
from tests.factories import PASSWORD


@pytest.mark.parametrize(
    ("role", "with_org", "landing"),
    [
        (Role.PARTNER, True, "/outcomes/"),
        (Role.ORGANIZER, True, "/outcomes/attention"),
        (Role.DONOR, True, "/dashboard"),
        (Role.ADMIN, False, "/"),
    ],
)
def test_each_role_lands_on_its_work(client, make, role, with_org, landing):
    org = make.organization() if with_org else None
    make.user(email="someone@example.org", role=role, organization=org)
    response = client.post(
        "/auth/login", data={"email": "someone@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == landing
    assert client.get(landing).status_code == 200


def test_next_wins_over_the_landing_page(client, make):
    make.user(email="p@example.org", role=Role.PARTNER, organization=make.organization())
    response = client.post(
        "/auth/login", data={"email": "p@example.org", "password": PASSWORD, "next": "/map"}
    )
    assert response.headers["Location"] == "/map"
