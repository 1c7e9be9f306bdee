"""Dashboards for donors and partners: a city's (or a governorate's) indicators and the overview."""
