"""Factories for test data. Records are flushed, not committed: the test's session owns them."""

from __future__ import annotations

import functools
from datetime import date, timedelta

import factory
from factory.alchemy import SQLAlchemyModelFactory
from werkzeug.security import generate_password_hash

from app.auth.models import Role, User
from app.dialogues.models import (
    Axis,
    Dialogue,
    DialogueFormat,
    DialogueOrganization,
    DialogueStatus,
    LinkRole,
    Priority,
    PriorityKind,
    Statement,
    Visibility,
)
from app.extensions import db
from app.organizations.models import Organization, OrganizationKind
from app.outcomes.models import Outcome, OutcomeKind, OutcomeStatus
from app.places.models import Place, PlaceKind
from app.themes.models import Theme

PASSWORD = "correct horse battery staple"


@functools.cache
def password_hash() -> str:
    """Hashing is slow on purpose; tests share one hash of PASSWORD."""
    return generate_password_hash(PASSWORD, method="scrypt")


class Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class GovernorateFactory(Base):
    class Meta:
        model = Place

    code = factory.Sequence(lambda n: f"SY{90 + n % 10}{n}")
    kind = PlaceKind.GOVERNORATE
    name_en = factory.Sequence(lambda n: f"Governorate {n}")
    name_ar = factory.Sequence(lambda n: f"محافظة {n}")
    lat = 35.0
    lon = 37.0


class CityFactory(Base):
    class Meta:
        model = Place

    code = factory.Sequence(lambda n: f"SY99-CITY{n}")
    kind = PlaceKind.CITY
    name_en = factory.Sequence(lambda n: f"City {n}")
    name_ar = factory.Sequence(lambda n: f"مدينة {n}")
    governorate = factory.SubFactory(GovernorateFactory)
    lat = 34.73
    lon = 36.71


class ThemeFactory(Base):
    class Meta:
        model = Theme

    code = factory.Sequence(lambda n: f"theme_{n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")
    name_ar = factory.Sequence(lambda n: f"محور {n}")


class OrganizationFactory(Base):
    class Meta:
        model = Organization

    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    name_ar = factory.Sequence(lambda n: f"منظمة {n}")
    kind = OrganizationKind.CIVIL_SOCIETY


class UserFactory(Base):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Sequence(lambda n: f"User {n}")
    role = Role.ORGANIZER
    organization = factory.SubFactory(OrganizationFactory)
    password_hash = factory.LazyFunction(password_hash)

    class Params:
        admin = factory.Trait(role=Role.ADMIN, organization=None)


class DialogueFactory(Base):
    class Meta:
        model = Dialogue

    title_ar = factory.Sequence(lambda n: f"جلسة حوار {n}")
    title_en = factory.Sequence(lambda n: f"Dialogue session {n}")
    format = DialogueFormat.SESSION
    held_on = factory.LazyFunction(lambda: date.today() - timedelta(days=30))
    city = factory.SubFactory(CityFactory)
    organizer = factory.SubFactory(OrganizationFactory)
    status = DialogueStatus.HELD
    visibility = Visibility.PUBLIC
    participants_total = 30
    participants_women = 12
    participants_men = 18
    participants_youth = 9


class LinkFactory(Base):
    class Meta:
        model = DialogueOrganization

    dialogue = factory.SubFactory(DialogueFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = LinkRole.PARTNER


class AxisFactory(Base):
    class Meta:
        model = Axis

    dialogue = factory.SubFactory(DialogueFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"محور النقاش {n}")
    theme = factory.SubFactory(ThemeFactory)


class PriorityFactory(Base):
    class Meta:
        model = Priority

    dialogue = factory.SubFactory(DialogueFactory)
    kind = PriorityKind.CONCERN
    text = factory.Sequence(lambda n: f"قلق رقم {n}")
    theme = factory.SubFactory(ThemeFactory)
    rank = 1


class OutcomeFactory(Base):
    class Meta:
        model = Outcome

    dialogue = factory.SubFactory(DialogueFactory)
    kind = OutcomeKind.COMMITMENT
    text = factory.Sequence(lambda n: f"التزام رقم {n}")
    theme = factory.SubFactory(ThemeFactory)
    responsible_org = factory.SubFactory(OrganizationFactory)
    due_on = factory.LazyFunction(lambda: date.today() + timedelta(days=60))
    status = OutcomeStatus.PROPOSED


class StatementFactory(Base):
    class Meta:
        model = Statement

    dialogue = factory.SubFactory(DialogueFactory)
    text = factory.Sequence(lambda n: f"قول رقم {n}")
    speaker_role = "Community volunteer"
    consent_to_publish = False


governorate = GovernorateFactory
city = CityFactory
theme = ThemeFactory
organization = OrganizationFactory
user = UserFactory
dialogue = DialogueFactory
link = LinkFactory
axis = AxisFactory
priority = PriorityFactory
outcome = OutcomeFactory
statement = StatementFactory


def api_token(user, *, scope=None, expires_on=None, name="Test token") -> str:
    """A personal API token of the user; returns the secret (the only time it is known)."""
    from app.tokens.models import TokenScope
    from app.tokens.services import create_token

    _, secret = create_token(
        user, name=name, scope=scope or TokenScope.READ_WRITE, expires_on=expires_on
    )
    return secret
