"""The national map: one marker per city, from the dialogues the viewer may see."""
