from tests.dashboards.conftest import world  # noqa: F401 - the same hand-counted world
