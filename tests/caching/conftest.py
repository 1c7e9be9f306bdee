"""The maps' world (two cities, four visibilities, four viewers) and the editing tests' setting."""

from tests.dialogues.test_editing import setting  # noqa: F401 - a fixture
from tests.maps.conftest import world  # noqa: F401 - a fixture
