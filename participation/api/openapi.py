"""The OpenAPI 3.1 document of /api/v1/: the one description of every address, parameter and response.

Tests validate the document itself and check every endpoint's real responses
against the schemas here, so a field added to a response must be added here
first. Schemas are closed (`additionalProperties: false`): a private field that
slipped into a response would fail the tests.
"""

from copy import deepcopy

from participation.api.lists import FILTERS

STRING, INTEGER, NUMBER, BOOLEAN = ({"type": t} for t in ("string", "integer", "number", "boolean"))
URL = {"type": "string", "format": "uri"}
TIME = {"type": "string", "format": "date-time"}
DATE = {"type": "string", "format": "date"}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    return {**schema, "type": [schema["type"], "null"]}


def array(schema: dict) -> dict:
    return {"type": "array", "items": schema}


def closed(properties: dict, description: str = "") -> dict:
    """An object with exactly these properties, all present (some may be null)."""
    schema = {"type": "object", "properties": properties, "required": list(properties),
              "additionalProperties": False}
    if description:
        schema["description"] = description
    return schema


REGION = {"code": STRING, "name": STRING}
MUNICIPALITY_REF = {"id": INTEGER, "code": {"type": "string", "pattern": "^[0-9]{6}$"}, "name": STRING}
GROUPING_REF = {"id": INTEGER, "name": STRING, "kind": {"type": "string", "enum": ["dso", "mas", "iti", "microregion", "other"]}}
ITEM_REF = {"id": INTEGER, "title": STRING, "api_url": URL}
LINKED_PROPOSAL = {**ITEM_REF, "linked_at": TIME, "note": STRING}

MUNICIPALITY = {**MUNICIPALITY_REF, "population": INTEGER, "region": closed(REGION), "url": URL, "api_url": URL}
GROUPING = {
    **GROUPING_REF, "description": STRING, "region": nullable(closed(REGION)), "member_count": INTEGER,
    "threshold": closed({"municipalities": INTEGER, "min_supporters": INTEGER, "population_percent": NUMBER},
                        "Supported in at least `municipalities` members, in each by max(min_supporters, "
                        "population_percent % of its population) residents."),
    "url": URL, "api_url": URL,
}
SUPPORTS = closed({
    "total": INTEGER, "municipality_count": INTEGER,
    "by_municipality": array(closed({"municipality": ref("MunicipalityRef"), "supporters": INTEGER})),
}, "Supporters counted for their home municipality (online and paper alike, each person once).")
PROPOSAL = {
    "id": INTEGER, "title": STRING, "body": {"type": "string", "description": "Markdown."},
    "category": STRING, "status": STRING, "published_at": nullable(TIME), "last_activity_at": nullable(TIME),
    "threshold_reached": BOOLEAN, "threshold_reached_at": nullable(TIME),
    "municipalities": array(ref("MunicipalityRef")), "grouping": nullable(ref("GroupingRef")),
    "latitude": nullable(NUMBER), "longitude": nullable(NUMBER), "merged_into": nullable(ref("ItemRef")),
    "supports": ref("Supports"), "url": URL, "api_url": URL,
}
PROPOSAL_DETAIL = {
    **PROPOSAL,
    "status_history": array(closed({"status": STRING, "from_status": nullable(STRING), "at": TIME, "reason": STRING})),
    "official_answers": array(closed({"body": STRING, "at": TIME, "municipality": nullable(ref("MunicipalityRef")),
                                      "grouping": nullable(ref("GroupingRef"))})),
    "agreements": array(ref("ItemRef")), "projects": array(ref("ItemRef")), "good_practice": array(ref("ItemRef")),
    "photos": array(closed({"url": URL, "thumbnail_url": URL, "alt_text": STRING, "width": INTEGER,
                            "height": INTEGER})),
    "document": nullable(closed({"url": URL, "file_name": STRING, "size": INTEGER}, "The proposal's PDF.")),
    "updates": array(closed({"at": TIME, "body": {"type": "string", "description": "Markdown."}},
                            "The author's dated updates, oldest first.")),
    "expert_opinions": array(closed({"advisor": nullable(STRING), "field": STRING, "title": STRING,
                                     "answer": {"type": "string", "description": "Markdown."},
                                     "answered_at": TIME}, "Advisors' public answers about the proposal.")),
}
AGREEMENT = {
    "id": INTEGER, "title": STRING, "kind": STRING, "status": STRING, "summary": STRING,
    "signed_on": nullable(DATE), "effective_on": nullable(DATE), "ends_on": nullable(DATE),
    "created_at": TIME, "updated_at": TIME, "municipalities": array(ref("MunicipalityRef")),
    "groupings": array(ref("GroupingRef")), "url": URL, "api_url": URL,
}
AGREEMENT_DETAIL = {
    **AGREEMENT,
    "documents": array(closed({"title": STRING, "url": nullable(STRING), "added_at": TIME})),
    "proposals": array(ref("LinkedProposal")), "projects": array(ref("ItemRef")),
}
PROJECT = {
    "id": INTEGER, "title": STRING, "kind": STRING, "status": STRING, "description": STRING,
    "budget": nullable({"type": "number", "description": "Czech crowns (CZK)."}),
    "progress": {"type": "integer", "minimum": 0, "maximum": 100}, "place_name": STRING,
    "latitude": nullable(NUMBER), "longitude": nullable(NUMBER), "done_at": nullable(TIME), "updated_at": TIME,
    "municipalities": array(ref("MunicipalityRef")),
    "milestones": array(closed({"title": STRING, "planned_on": nullable(DATE), "done_on": nullable(DATE)})),
    "url": URL, "api_url": URL,
}
PROJECT_DETAIL = {
    **PROJECT, "agreement": nullable(ref("ItemRef")),
    "funding_sources": array(closed({"name": STRING, "amount": NUMBER})),
    "proposals": array(ref("LinkedProposal")),
    "updates": array(closed({"posted_on": DATE, "body": STRING}, "The newest 20 updates.")),
}
GOOD_PRACTICE = {
    "id": INTEGER, "title": STRING, "summary": STRING, "category": STRING, "published_at": nullable(TIME),
    "municipalities": array(ref("MunicipalityRef")), "url": URL, "api_url": URL,
}
GOOD_PRACTICE_DETAIL = {
    **GOOD_PRACTICE, "body": STRING, "contact": STRING, "project": nullable(ref("ItemRef")),
    "agreement": nullable(ref("ItemRef")), "proposals": array(ref("ItemRef")),
}
CONSULTATION = {
    "id": INTEGER, "title": STRING, "introduction": STRING, "grouping": ref("GroupingRef"),
    "municipalities": array(ref("MunicipalityRef")), "opens_at": TIME, "closes_at": TIME,
    "published_at": nullable(TIME), "phase": {"type": "string", "enum": ["upcoming", "open", "closed"]},
    "eligibility": STRING, "results_visibility": STRING, "responses": INTEGER, "results_available": BOOLEAN,
    "url": URL, "api_url": URL,
}
ANSWERS = nullable(array(closed({
    "key": {"type": "integer", "description": "The option's id, or the scale value 1-5."},
    "label": STRING, "count": INTEGER, "share": {"type": "number", "minimum": 0},
    "average_rank": nullable(NUMBER),
})))
ANSWERS["description"] = "Null for free-text questions and for fewer respondents than minimum_respondents."
TALLY = {"respondents": INTEGER, "answers": ANSWERS, "scale_average": nullable(NUMBER)}
RESULTS = closed({
    "respondents": INTEGER, "online": INTEGER, "paper": INTEGER, "population": INTEGER,
    "minimum_respondents": INTEGER,
    "turnout": array(closed({"municipality": ref("MunicipalityRef"), "respondents": INTEGER, "population": INTEGER})),
    "questions": array(closed({
        "question_id": INTEGER, "kind": STRING, **TALLY,
        "by_municipality": array(closed({"municipality_id": INTEGER, **TALLY})),
    })),
}, "Aggregates only: never a response, never a free-text answer.")
CONSULTATION_DETAIL = {
    **CONSULTATION,
    "questions": array(closed({
        "id": INTEGER, "kind": STRING, "text": STRING, "help_text": STRING, "required": BOOLEAN,
        "max_choices": nullable(INTEGER), "options": array(closed({"id": INTEGER, "text": STRING})),
    })),
    "results": nullable(ref("Results")),
}
LOCALITY = {
    "id": INTEGER, "name": STRING, "code": nullable(STRING), "municipality": ref("MunicipalityRef"),
    "latitude": nullable(NUMBER), "longitude": nullable(NUMBER), "dwellings": INTEGER, "inhabitants": INTEGER,
    "status": {"type": "string", "enum": ["unknown", "unserved", "underserved", "served", "gigabit"]},
    "current_reports": nullable(INTEGER), "newest_report_at": nullable(TIME), "url": URL, "api_url": URL,
}
ERROR = closed({"error": {
    "type": "object", "required": ["code", "message"], "additionalProperties": False,
    "properties": {"code": STRING, "message": STRING, "parameter": STRING},
}})

# (path, list schema, item schema, item path parameter, summary of the list, summary of the item)
RESOURCES = (
    ("municipalities", "Municipality", "MunicipalityDetail", "code", "Municipalities", "A municipality by its code"),
    ("groupings", "Grouping", "GroupingDetail", "grouping_id", "Groupings", "A grouping"),
    ("proposals", "Proposal", "ProposalDetail", "proposal_id", "Public proposals", "A proposal"),
    ("agreements", "Agreement", "AgreementDetail", "agreement_id", "Cooperation agreements", "An agreement"),
    ("projects", "Project", "ProjectDetail", "project_id", "Infrastructure projects", "A project"),
    ("good-practice", "GoodPractice", "GoodPracticeDetail", "practice_id", "Good practice", "A write-up"),
    ("consultations", "Consultation", "ConsultationDetail", "consultation_id", "Published consultations",
     "A consultation with its aggregate results"),
    ("localities", "Locality", "Locality", "locality_id", "Localities and their connection status", "A locality"),
)


def _schemas() -> dict:
    schemas = {
        "Error": ERROR, "MunicipalityRef": closed(MUNICIPALITY_REF), "GroupingRef": closed(GROUPING_REF),
        "ItemRef": closed(ITEM_REF), "LinkedProposal": closed(LINKED_PROPOSAL), "Supports": SUPPORTS,
        "Results": RESULTS,
        "Municipality": closed(MUNICIPALITY),
        "MunicipalityDetail": closed({**MUNICIPALITY, "groupings": array(ref("GroupingRef"))}),
        "Grouping": closed(GROUPING),
        "GroupingDetail": closed({**GROUPING, "members": array(closed({**MUNICIPALITY_REF, "population": INTEGER}))}),
        "Proposal": closed(PROPOSAL), "ProposalDetail": closed(PROPOSAL_DETAIL),
        "Agreement": closed(AGREEMENT), "AgreementDetail": closed(AGREEMENT_DETAIL),
        "Project": closed(PROJECT), "ProjectDetail": closed(PROJECT_DETAIL),
        "GoodPractice": closed(GOOD_PRACTICE), "GoodPracticeDetail": closed(GOOD_PRACTICE_DETAIL),
        "Consultation": closed(CONSULTATION), "ConsultationDetail": closed(CONSULTATION_DETAIL),
        "Locality": closed(LOCALITY),
        "Index": closed({"openapi": URL, "lists": {"type": "object", "additionalProperties": URL}}),
    }
    for _, item, *_rest in RESOURCES:
        schemas[f"{item}Page"] = closed({
            "data": array(ref(item)),
            "links": closed({"self": URL, "next": nullable(URL)}),
            "meta": closed({"limit": INTEGER, "next_cursor": nullable(STRING)}),
        })
    return schemas


def _filter_parameter(spec) -> dict:
    schema = {"type": "string"}
    if spec.kind == "id":
        schema = {"type": "integer", "minimum": 1}
    elif spec.kind == "choice":
        schema = {"type": "string", "enum": list(spec.choices)}
    elif spec.kind == "region":
        schema = {"type": "string", "pattern": "^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$"}
    else:
        schema = {"type": "string", "maxLength": spec.max_length}
    parameter = {"name": spec.name, "in": "query", "required": False, "schema": schema}
    if spec.description:
        parameter["description"] = spec.description
    return parameter


def _json(schema_name: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ref(schema_name)}}}


ERRORS = {"400": {"$ref": "#/components/responses/BadRequest"},
          "429": {"$ref": "#/components/responses/TooManyRequests"}}
OK_HEADERS = {"ETag": {"schema": STRING, "description": "Send it back in If-None-Match to get a 304."},
              "Cache-Control": {"schema": STRING}}


def _paths() -> dict:
    paths = {
        "/": {"get": {"operationId": "index", "summary": "Where each list is",
                      "responses": {"200": _json("Index", "The lists"), **ERRORS}}},
        "/openapi.json": {"get": {"operationId": "openapi", "summary": "This document",
                                  "responses": {"200": {"description": "The OpenAPI document",
                                                        "content": {"application/json": {"schema": {"type": "object"}}}}}}},
    }
    for path, item, detail, key, list_summary, item_summary in RESOURCES:
        name = path.replace("-", "_")
        parameters = [_filter_parameter(spec) for spec in FILTERS[name]]
        parameters += [{"$ref": "#/components/parameters/limit"}, {"$ref": "#/components/parameters/cursor"}]
        paths[f"/{path}"] = {"get": {
            "operationId": f"list_{name}", "summary": list_summary, "parameters": parameters,
            "responses": {"200": {**_json(f"{item}Page", "A page of the list"), "headers": {
                **OK_HEADERS, "Link": {"schema": STRING, "description": "The next page, as links.next."}}},
                          "304": {"description": "Not modified since the ETag sent"}, **ERRORS},
        }}
        key_schema = {"type": "string", "pattern": "^[0-9]{6}$"} if key == "code" else {"type": "integer", "minimum": 1}
        paths[f"/{path}/{{{key}}}"] = {"get": {
            "operationId": f"get_{name}", "summary": item_summary,
            "parameters": [{"name": key, "in": "path", "required": True, "schema": key_schema}],
            "responses": {"200": {**_json(detail, "The item"), "headers": OK_HEADERS},
                          "304": {"description": "Not modified since the ETag sent"},
                          "404": {"$ref": "#/components/responses/NotFound"}, **ERRORS},
        }}
    return paths


DESCRIPTION = """Spolu's public data, read-only: municipalities, groupings, proposals with their support
per municipality, cooperation agreements, infrastructure projects, good practice, consultations
(aggregate results once published) and localities' connection status.

Only what a visitor without an account sees, and less: no drafts, hidden or withdrawn items, no authors
or e-mail addresses, no paper participants. Lists are paged with an opaque `cursor` (follow `links.next`);
an unknown parameter, a malformed value, a page size over the limit or a foreign cursor is a 400 with a
JSON error. Responses carry an ETag (send `If-None-Match` for a 304), may be cached publicly for a minute,
and may be read from any website (CORS). Requests are rate limited per address."""


def document() -> dict:
    """A fresh copy of the document (callers may change theirs)."""
    return deepcopy({
        "openapi": "3.1.0",
        "info": {"title": "Spolu open data API", "version": "1.0.0", "description": DESCRIPTION,
                 "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"}},
        "servers": [{"url": "/api/v1"}],
        "paths": _paths(),
        "components": {
            "schemas": _schemas(),
            "parameters": {
                "limit": {"name": "limit", "in": "query", "required": False,
                          "description": "Items per page (default 20, at most API_MAX_PAGE_SIZE, 100 unless configured).",
                          "schema": {"type": "integer", "minimum": 1}},
                "cursor": {"name": "cursor", "in": "query", "required": False,
                           "description": "Opaque: take it from links.next or meta.next_cursor; "
                                          "it is only good for the same list and filters.",
                           "schema": {"type": "string"}},
            },
            "responses": {
                "BadRequest": _json("Error", "An unknown parameter, a malformed value, a page size over the limit "
                                             "or a cursor that is not valid for this list"),
                "NotFound": _json("Error", "No public item has this identifier"),
                "TooManyRequests": _json("Error", "Too many requests from this address; see Retry-After"),
            },
        },
    })
