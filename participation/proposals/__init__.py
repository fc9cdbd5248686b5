"""Proposals of shared problems, supported per municipality."""

# The photos, PDF and updates tables live beside models.py; importing the package makes them known.
from participation.proposals import media_models as _media_models  # noqa: E402, F401
