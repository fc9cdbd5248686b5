"""Demo data: the response-time figures of the seeded proposals and answers (their dates are backdated)."""

from participation.stats import precomputed


def seed(context: dict) -> None:
    """Compute and store every place's response times, as the nightly command would."""
    precomputed.refresh_all()
