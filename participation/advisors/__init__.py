"""Shared advisors: experts serving several municipalities, their questions, work log and guides."""
