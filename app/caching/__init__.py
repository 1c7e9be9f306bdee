"""Caching the aggregate figures (issue 18): a data version bumped by every write, and the cache
of the map's and the dashboards' results keyed by audience, filters, language and that version."""
