"""The JSON shape of consultations (aggregate results only) and localities (their connection status).

A consultation's results go out once a visitor may read them and only as counts:
never a free-text answer, never a response. A tally of fewer respondents than
API_MIN_RESPONDENTS keeps its respondent count but not its figures, so no
villager's answer can be picked out; nor can it by subtraction: the overall
figures are hidden too while the hidden municipalities together hold fewer
than the minimum. A locality's report count and newest report
show only once its status rests on CONNECTIVITY_MIN_REPORTS reports.
"""

from participation.api.items import api_url, grouping_ref, municipality_ref, page_url, timestamp
from participation.consultations.models import QuestionKind
from participation.consultations.results import disclosure
from participation.permissions import api as rules


def consultation(item, responses: int, now) -> dict:
    return {
        "id": item.id, "title": item.title, "introduction": item.introduction,
        "grouping": grouping_ref(item.grouping),
        "municipalities": [municipality_ref(m) for m in item.municipalities],
        "opens_at": timestamp(item.opens_at), "closes_at": timestamp(item.closes_at),
        "published_at": timestamp(item.published_at), "phase": item.phase(now),
        "eligibility": str(item.eligibility), "results_visibility": str(item.results_visibility),
        "responses": responses, "results_available": rules.shows_results(item, now),
        "url": page_url("consultations.detail", consultation_id=item.id),
        "api_url": api_url("consultation", consultation_id=item.id),
    }


def _question(question) -> dict:
    return {
        "id": question.id, "kind": str(question.kind), "text": question.text, "help_text": question.help_text,
        "required": question.required, "max_choices": question.max_choices,
        "options": [{"id": o.id, "text": o.text} for o in question.options],
    }


def _answers(result, tally, shown: bool) -> list[dict] | None:
    """Counts and shares per option (or scale value); None when the group is too small to show."""
    if not shown:
        return None
    ranking = result.question.kind == QuestionKind.RANKING
    return [{"key": key, "label": label, "count": tally.counts.get(key, 0), "share": round(tally.share(key), 4),
             "average_rank": tally.average_rank(key) if ranking else None}
            for key, label in result.labelled_keys]


def _scale_average(result, tally, shown: bool) -> float | None:
    if result.question.kind != QuestionKind.SCALE or not shown:
        return None
    return tally.scale_average()


def _question_result(result, municipality_ids, minimum: int) -> dict:
    counted = result.question.kind != QuestionKind.TEXT
    # Overall minus the shown municipalities must not give away the hidden ones' answers.
    shown = disclosure(result, municipality_ids, minimum)
    data = {
        "question_id": result.question.id, "kind": str(result.question.kind),
        "respondents": result.overall.respondents,
        "answers": _answers(result, result.overall, shown.overall) if counted else None,
        "scale_average": _scale_average(result, result.overall, shown.overall),
        "by_municipality": [],
    }
    for municipality_id in municipality_ids:
        tally = result.by_municipality.get(municipality_id)
        if tally is None or not tally.respondents:
            continue
        data["by_municipality"].append({
            "municipality_id": municipality_id, "respondents": tally.respondents,
            "answers": _answers(result, tally, shown.shows(municipality_id)) if counted else None,
            "scale_average": _scale_average(result, tally, shown.shows(municipality_id)),
        })
    return data


def results(computed, minimum: int) -> dict:
    """Turnout and tallies overall and per municipality; no free text."""
    ids = computed.municipality_ids
    return {
        "respondents": computed.total, "online": computed.online, "paper": computed.paper,
        "population": computed.population, "minimum_respondents": minimum,
        "turnout": [{"municipality": municipality_ref(t.municipality), "respondents": t.total,
                     "population": t.municipality.population} for t in computed.turnout],
        "questions": [_question_result(result, ids, minimum) for result in computed.questions],
    }


def consultation_detail(item, responses: int, now, computed, minimum: int) -> dict:
    data = consultation(item, responses, now)
    data["questions"] = [_question(q) for q in item.questions]
    data["results"] = results(computed, minimum) if computed is not None else None
    return data


def locality(item, minimum_reports: int) -> dict:
    evidence = rules.shows_connection_evidence(item, minimum_reports)
    return {
        "id": item.id, "name": item.name, "code": item.code,
        "municipality": municipality_ref(item.municipality),
        "latitude": item.latitude, "longitude": item.longitude,
        "dwellings": item.dwellings, "inhabitants": item.inhabitants,
        "status": str(item.status) if evidence else "unknown",
        "current_reports": item.report_count if evidence else None,
        "newest_report_at": timestamp(item.newest_report_at) if evidence else None,
        "url": page_url("localities.detail", locality_id=item.id),
        "api_url": api_url("locality", locality_id=item.id),
    }
