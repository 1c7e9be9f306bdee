"""The rule modules under mutation, each with the only tests run against its mutants, and the
mutants known to be equivalent (no behaviour can tell them from the original), with why."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    tests: tuple[str, ...]
    reload: tuple[str, ...] = ()  # modules that derive values from the target when imported

    @property
    def module(self) -> str:
        return self.path.removesuffix(".py").replace("/", ".")


# app/dashboards/suppression.py applies app/dashboards/disclosure.py for a viewer: both modules
# are mutated against the same tests (the rule cell by cell, the viewer-facing edges, the
# disclosure tests and the differencing attacks).
_DISCLOSURE_TESTS = (
    "tests/dashboards/test_suppression_rule.py",
    "tests/dashboards/test_suppression_edges.py",
    "tests/dashboards/test_suppression.py",
    "tests/dashboards/test_attacks.py",
)

TARGETS = (
    Target(
        "visibility",
        "app/dialogues/visibility.py",
        ("tests/dialogues/test_visibility_edges.py", "tests/dialogues/test_visibility.py"),
    ),
    Target(
        "dialogue-permissions",
        "app/dialogues/permissions.py",
        (
            "tests/dialogues/test_permission_edges.py",
            "tests/dialogues/test_visibility_edges.py",
            "tests/dialogues/test_visibility.py",
            "tests/dialogues/test_roles_in_organiser.py",
            "tests/outcomes/test_follow_up.py",
        ),
    ),
    Target(
        "account-permissions",
        "app/accounts/permissions.py",
        ("tests/accounts/test_permissions_table.py", "tests/admin/test_users.py"),
    ),
    Target(
        "suppression",
        "app/dashboards/suppression.py",
        _DISCLOSURE_TESTS,
    ),
    Target(
        "disclosure",
        "app/dashboards/disclosure.py",
        _DISCLOSURE_TESTS,
    ),
    Target(
        "outcome-steps",
        "app/outcomes/services.py",
        (
            "tests/outcomes/test_step_rules.py",
            "tests/outcomes/test_follow_up.py",
            "tests/api/test_outcomes.py",
        ),
        reload=("app.outcomes.forms",),
    ),
    Target(
        "normalisation",
        "app/search/normalize.py",
        ("tests/test_search_normalize.py", "tests/test_search_normalize_table.py"),
    ),
)

# The default of getattr() in the signed-in checks only counts for a viewer object without
# `is_authenticated`; every viewer is a User, Flask-Login's anonymous user (both have it) or
# None, which `user is not None` has already turned away.
_GETATTR_DEFAULT = (
    "Every viewer has is_authenticated, or is None and stopped by `user is not None` first."
)
_SIGNED_IN = 'return bool(user is not None and getattr(user, "is_authenticated", False))'

# target name -> {mutant key (as printed with --survivors): why no test can kill it}
EQUIVALENT: dict[str, dict[str, str]] = {
    "visibility": {
        f"_is_signed_in: False -> True in `{_SIGNED_IN}`": _GETATTR_DEFAULT,
    },
    "dialogue-permissions": {
        f"_signed_in: False -> True in `{_SIGNED_IN}`": _GETATTR_DEFAULT,
    },
    "account-permissions": {
        f"_signed_in: False -> True in `{_SIGNED_IN}`": _GETATTR_DEFAULT,
    },
}
