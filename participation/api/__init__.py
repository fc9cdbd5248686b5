"""The open read-only JSON API under /api/v1/: public data only, for other websites and open data."""
