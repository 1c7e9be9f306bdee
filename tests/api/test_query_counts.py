"""Each API list page runs a fixed number of queries, whatever the number of records."""

from __future__ import annotations

import pytest

from app.auth.models import Role
from app.dialogues.models import Visibility
from tests import factories


def _world(make, organizer, partner, cities, themes, n):
    for i in range(n):
        d = make.dialogue(
            city=cities[i % len(cities)],
            organizer=organizer,
            visibility=Visibility.PARTNERS if i % 2 else Visibility.PUBLIC,
        )
        make.link(dialogue=d, organization=partner)
        make.outcome(dialogue=d, theme=themes[i % len(themes)], responsible_org=partner)


@pytest.mark.parametrize(
    "path",
    [
        "/dialogues",
        "/dialogues?per_page=200",
        "/dialogues?q=City&sort=city",
        "/outcomes?per_page=200",
        "/outcomes?queue=true",
        "/organizations",
        "/places?per_page=200",
        "/cities/{city}/statistics",
    ],
)
def test_list_pages_run_the_same_queries_at_10_and_200_dialogues(api, make, count_queries, path):
    cities = [make.city() for _ in range(4)]
    themes = [make.theme() for _ in range(3)]
    organizer, partner = make.organization(), make.organization()
    token = factories.api_token(make.user(role=Role.PARTNER, organization=partner))
    path = path.format(city=cities[0].code)
    _world(make, organizer, partner, cities, themes, 10)
    api.get("/themes", token=token)  # the token's last use is recorded on its first request
    with count_queries() as few:
        assert api.get(path, token=token).status_code == 200
    _world(make, organizer, partner, cities, themes, 190)
    with count_queries() as many:
        assert api.get(path, token=token).status_code == 200
    assert len(many) == len(few), path
