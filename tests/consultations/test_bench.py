"""The benchmark's generator at a small scale, so that bench/consultation_results.py cannot rot."""

from bench import consultation_results as bench
from participation.consultations.results import compute_results
from participation.consultations.views import load_consultation


def test_generator_and_measurement_at_small_scale(app):
    consultation_id, answers = bench.generate(responses=120, municipality_count=5)
    assert answers >= 120 * 7
    consultation = load_consultation(consultation_id)
    results = compute_results(consultation)
    assert results.total == 120
    assert all(q.overall.respondents > 0 for q in results.questions)
    timings = bench.measure(app, consultation_id, repeat=1)
    assert set(timings) >= {"compute_results", "page ?view=overall", "CSV export"}
