"""Third-party front-end assets, served by the app from their XStatic Python packages."""

from __future__ import annotations

from pathlib import Path

import xstatic.pkg.bootstrap
import xstatic.pkg.jquery
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster

VENDOR_PACKAGES: dict[str, Path] = {
    "bootstrap": Path(xstatic.pkg.bootstrap.BASE_DIR),
    "jquery": Path(xstatic.pkg.jquery.BASE_DIR),
    "leaflet": Path(xstatic.pkg.leaflet.BASE_DIR),
    "leaflet-markercluster": Path(xstatic.pkg.leaflet_markercluster.BASE_DIR),
}
