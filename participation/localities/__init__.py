"""Localities (parts and settlements of a municipality) and the connection reports of their residents."""
