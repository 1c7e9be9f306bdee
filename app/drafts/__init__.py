"""Drafting a dialogue from a published report: read the file, extract the fields with the
sentence each came from, prefill the ordinary form. Rules, the gazetteer, the organisation
registry and a theme lexicon; no network, no model."""
