"""Shared infrastructure: assets a municipality offers, planned civil works, operators\x27 requests."""
