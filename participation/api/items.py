"""The JSON shape of each public item, as the OpenAPI document (openapi.py) describes it.

Only what a visitor's page shows goes out, and less: no author, no e-mail, no
recorder, no paper participant, no moderator's note. Linked items appear only
when they are public themselves (a draft agreement, a hidden proposal are left out).
"""

from datetime import date, datetime
from decimal import Decimal

from flask import g, has_request_context, request, url_for

from participation.common.models import as_utc
from participation.permissions import api as rules


def timestamp(value: datetime | None) -> str | None:
    """An ISO 8601 time in UTC."""
    return as_utc(value).isoformat() if value is not None else None


def day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def money(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def page_url(endpoint: str, **values) -> str:
    """The item's HTML page."""
    return _external_url(endpoint, values)


def api_url(endpoint: str, **values) -> str:
    return _external_url(f"api.{endpoint}", values)


# Stands in for an item's id while an address is built once per endpoint; no real id has it.
_STAND_IN_ID = 2_147_480_002


def _external_url(endpoint: str, values: dict) -> str:
    """url_for, built once per request and endpoint for addresses naming one item by its id.

    A page of 100 items names 200 addresses; url_for's routing for each was a
    tenth of the list's time. Other addresses (codes, several values) go through url_for.
    """
    if len(values) != 1 or not isinstance(next(iter(values.values())), int) or not has_request_context():
        return url_for(endpoint, _external=True, **values)
    (name, value), = values.items()
    patterns = g.setdefault("_spolu_api_addresses", {})
    key = (request.host_url, endpoint, name)
    if key not in patterns:
        patterns[key] = url_for(endpoint, _external=True, **{name: _STAND_IN_ID})
    return patterns[key].replace(str(_STAND_IN_ID), str(value))


# ----- territory -----

def municipality_ref(municipality) -> dict:
    return {"id": municipality.id, "code": municipality.code, "name": municipality.name}


def grouping_ref(grouping) -> dict:
    return {"id": grouping.id, "name": grouping.name, "kind": str(grouping.kind)}


def municipality(item, groupings=None) -> dict:
    data = {
        **municipality_ref(item), "population": item.population,
        "region": {"code": item.region.code, "name": item.region.name},
        "url": page_url("territory.municipality", code=item.code),
        "api_url": api_url("municipality", code=item.code),
    }
    if groupings is not None:
        data["groupings"] = [grouping_ref(g) for g in groupings]
    return data


def grouping(item, member_count: int, members=None) -> dict:
    data = {
        **grouping_ref(item), "description": item.description,
        "region": {"code": item.region.code, "name": item.region.name} if item.region else None,
        "member_count": member_count,
        "threshold": {
            "municipalities": item.threshold_municipalities,
            "min_supporters": item.threshold_min_supporters,
            "population_percent": float(item.threshold_population_percent),
        },
        "url": page_url("territory.grouping", grouping_id=item.id),
        "api_url": api_url("grouping", grouping_id=item.id),
    }
    if members is not None:
        data["members"] = [{**municipality_ref(m), "population": m.population} for m in members]
    return data


# ----- proposals -----

def proposal_ref(item) -> dict:
    return {"id": item.id, "title": item.title, "api_url": api_url("proposal", proposal_id=item.id)}


def public_proposal_refs(proposals) -> list[dict]:
    return [proposal_ref(p) for p in proposals if rules.shows_proposal(p)]


def supports(counts: dict[int, int], names: dict[int, object]) -> dict:
    """Supporters in total and per home municipality, most first."""
    lines = sorted(counts.items(), key=lambda pair: (-pair[1], names[pair[0]].name if pair[0] in names else ""))
    return {
        "total": sum(counts.values()),
        "municipality_count": len(counts),
        "by_municipality": [
            {"municipality": municipality_ref(names[municipality_id]), "supporters": count}
            for municipality_id, count in lines if municipality_id in names
        ],
    }


def proposal(item, counts: dict[int, int], names: dict[int, object]) -> dict:
    merged_into = item.merged_into if item.merged_into_id else None
    return {
        "id": item.id, "title": item.title, "body": item.body,
        "category": str(item.category), "status": str(item.status),
        "published_at": timestamp(item.published_at),
        "last_activity_at": timestamp(item.last_activity_at),
        "threshold_reached": item.threshold_reached_at is not None,
        "threshold_reached_at": timestamp(item.threshold_reached_at),
        "municipalities": [municipality_ref(m) for m in item.municipalities],
        "grouping": grouping_ref(item.grouping) if item.grouping else None,
        "latitude": item.latitude, "longitude": item.longitude,
        "merged_into": proposal_ref(merged_into) if merged_into and rules.shows_proposal(merged_into) else None,
        "supports": supports(counts, names),
        "url": page_url("proposals.detail", proposal_id=item.id),
        "api_url": api_url("proposal", proposal_id=item.id),
    }


def proposal_detail(item, counts, names, history, answers, links: dict) -> dict:
    data = proposal(item, counts, names)
    data["status_history"] = [
        {"status": str(change.to_status), "from_status": str(change.from_status) if change.from_status else None,
         "at": timestamp(change.created_at), "reason": change.reason}
        for change in history
    ]
    data["official_answers"] = [
        {"body": answer.body, "at": timestamp(answer.created_at),
         "municipality": municipality_ref(answer.municipality) if answer.municipality else None,
         "grouping": grouping_ref(answer.grouping) if answer.grouping else None}
        for answer in answers
    ]
    data.update(links)
    return data


def proposal_media(proposal_id: int, media) -> dict:
    """The photos (re-encoded, without metadata) and the PDF a visitor sees on the proposal's page."""
    def photo_url(photo, size: str) -> str:
        return page_url("proposals.photo", proposal_id=proposal_id, photo_id=photo.id, size=size)

    document = media.document
    return {
        "photos": [{"url": photo_url(photo, "full"), "thumbnail_url": photo_url(photo, "small"),
                    "alt_text": photo.alt_text, "width": photo.width, "height": photo.height}
                   for photo in media.photos],
        "document": {"url": page_url("proposals.document", proposal_id=proposal_id),
                     "file_name": document.file_name, "size": document.size} if document else None,
    }


def proposal_updates(updates) -> list[dict]:
    """The author's dated updates; hidden ones are left out, and so is who wrote them."""
    return [{"at": timestamp(update.created_at), "body": update.body} for update in updates if update.hidden_at is None]


def expert_opinions(questions) -> list[dict]:
    """Advisors' public answers about the item; internal ones are for staff only and never leave."""
    return [{"advisor": question.advisor.name if question.advisor else None, "field": str(question.field),
             "title": question.title, "answer": question.answer, "answered_at": timestamp(question.answered_at)}
            for question in questions if not question.internal and question.answered_at is not None]


# ----- agreements, projects, good practice -----

def item_ref(kind: str, item) -> dict:
    endpoint, key = {"agreement": ("agreement", "agreement_id"), "project": ("project", "project_id"),
                     "good_practice": ("good_practice_item", "practice_id")}[kind]
    return {"id": item.id, "title": item.title, "api_url": api_url(endpoint, **{key: item.id})}


def _proposal_links(links) -> list[dict]:
    return [{**proposal_ref(link.proposal), "linked_at": timestamp(link.created_at), "note": link.note}
            for link in links if rules.shows_proposal(link.proposal)]


def agreement(item) -> dict:
    return {
        "id": item.id, "title": item.title, "kind": str(item.kind), "status": str(item.status),
        "summary": item.summary, "signed_on": day(item.signed_on), "effective_on": day(item.effective_on),
        "ends_on": day(item.ends_on), "created_at": timestamp(item.created_at),
        "updated_at": timestamp(item.updated_at),
        "municipalities": [municipality_ref(m) for m in item.municipalities],
        "groupings": [grouping_ref(g) for g in item.groupings],
        "url": page_url("agreements.detail", agreement_id=item.id),
        "api_url": api_url("agreement", agreement_id=item.id),
    }


def agreement_detail(item, projects) -> dict:
    data = agreement(item)
    data["documents"] = [
        {"title": document.title,
         "url": page_url("agreements.document", agreement_id=item.id, document_id=document.id)
         if document.is_file else document.url,
         "added_at": timestamp(document.created_at)}
        for document in item.documents
    ]
    data["proposals"] = _proposal_links(item.proposal_links)
    data["projects"] = [item_ref("project", project) for project in projects]
    return data


def project(item) -> dict:
    return {
        "id": item.id, "title": item.title, "kind": str(item.kind), "status": str(item.status),
        "description": item.description, "budget": money(item.budget), "progress": item.progress,
        "place_name": item.place_name, "latitude": item.latitude, "longitude": item.longitude,
        "done_at": timestamp(item.done_at), "updated_at": timestamp(item.updated_at),
        "municipalities": [municipality_ref(m) for m in item.municipalities],
        "milestones": [{"title": m.title, "planned_on": day(m.planned_on), "done_on": day(m.done_on)}
                       for m in item.milestones],
        "url": page_url("projects.detail", project_id=item.id),
        "api_url": api_url("project", project_id=item.id),
    }


def project_detail(item, updates) -> dict:
    data = project(item)
    data["agreement"] = item_ref("agreement", item.agreement) if rules.shows_agreement(item.agreement) else None
    data["funding_sources"] = [{"name": f.name, "amount": money(f.amount)} for f in item.funding_sources]
    data["proposals"] = _proposal_links(item.proposal_links)
    data["updates"] = [{"posted_on": day(u.posted_on), "body": u.body} for u in updates]
    return data


def good_practice(item) -> dict:
    return {
        "id": item.id, "title": item.title, "summary": item.summary, "category": str(item.category),
        "published_at": timestamp(item.published_at),
        "municipalities": [municipality_ref(m) for m in item.municipalities],
        "url": page_url("good_practice.detail", practice_id=item.id),
        "api_url": api_url("good_practice_item", practice_id=item.id),
    }


def good_practice_detail(item) -> dict:
    data = good_practice(item)
    data.update({
        "body": item.body, "contact": item.contact,
        "project": item_ref("project", item.project) if item.project else None,
        "agreement": item_ref("agreement", item.agreement) if rules.shows_agreement(item.agreement) else None,
        "proposals": public_proposal_refs(item.proposals),
    })
    return data
