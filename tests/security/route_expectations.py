"""Who may use each route that changes something: the declarations the authorization matrix checks.

An outcome is "ok" (allowed: the page, a redirect elsewhere, or a form error),
"login" (sent to sign in), "403", "404" (the thing is hidden from this role)
or "405". A profile maps every role in tests/security/matrix_world.ROLES to
one. EXPECTATIONS names the profile per endpoint (or per method of it);
PREFIX_RULES cover a whole blueprint; an endpoint in EXPECTATIONS wins.

To declare a new route: add `"blueprint.endpoint": PROFILE` (or
`{"POST": PROFILE, "GET": OTHER}`) to EXPECTATIONS; if its URL has an
argument the world does not know, map it in ARGUMENTS; if an allowed request
should leave a trace cheap to check, add it to EFFECTS.
"""

from flask import url_for
from sqlalchemy import select

from participation.extensions import db
from tests.security.matrix_world import ROLES

# --- Profiles: one outcome per role ---------------------------------------------------------

STAFF_ROLES = ("moderator", "moderator_elsewhere", "dso_representative", "mas_representative",
               "representative_elsewhere", "administrator")


def profile(default: str, anonymous: str = "login", **roles: str) -> dict:
    """Every role gets `default`, the anonymous visitor `anonymous`, the named roles their own."""
    unknown = set(roles) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: roles.get(role, anonymous if role == "anonymous" else default) for role in ROLES}


def allowed_for(*roles: str, denied: str = "403", anonymous: str = "login") -> dict:
    """Only the named roles are allowed; the other signed-in roles get `denied`."""
    return profile(denied, anonymous, **{role: "ok" for role in roles})


EVERYONE = profile("ok", anonymous="ok")
SIGNED_IN = profile("ok")
CONFIRMED = profile("ok", unconfirmed="403")
# Posting: an unconfirmed or blocked account gets the form back with a message, nothing is saved.
POSTING = profile("ok", unconfirmed="refused", blocked="refused")
AUTHOR = allowed_for("resident")  # the resident wrote the proposal, the draft and the comment
STAFF_HERE_ROLES = ("moderator", "dso_representative", "mas_representative", "administrator")
STAFF_HERE = allowed_for(*STAFF_HERE_ROLES)
# Staff elsewhere may open the form but what they send about "here" is refused.
STAFF_HERE_REFUSING_ELSEWHERE = {**STAFF_HERE, "moderator_elsewhere": "refused", "representative_elsewhere": "refused"}
ANY_STAFF = allowed_for(*STAFF_ROLES)  # forms that create something in one's own scope
MUNICIPAL_STAFF = allowed_for("moderator", "administrator")
REPRESENTATIVES = allowed_for("dso_representative", "mas_representative", "representative_elsewhere", "administrator")
CONSULTATION_OWNER = allowed_for("dso_representative", "administrator")  # the DSO runs the consultation
ADMINISTRATOR = allowed_for("administrator")

# Rules for a whole blueprint, first match wins; EXPECTATIONS below override them per endpoint.
PREFIX_RULES: tuple[tuple[str, dict | dict[str, dict]], ...] = (
    ("territory.admin_", ADMINISTRATOR),
    ("admin.", ADMINISTRATOR),
    ("accounts.", SIGNED_IN),
    ("agreements.", STAFF_HERE),
    ("projects.", STAFF_HERE),
    ("good_practice.", STAFF_HERE),
    ("referrals.", STAFF_HERE),
    ("localities.", MUNICIPAL_STAFF),
    ("infrastructure.", STAFF_HERE),
    ("consultations.", CONSULTATION_OWNER),
    ("moderation.", STAFF_HERE),
    ("notifications.", SIGNED_IN),
    ("follows.", SIGNED_IN),
    ("comments.", AUTHOR),
    ("proposals.", STAFF_HERE),
)

# Exceptions to PREFIX_RULES, and endpoints no prefix covers.
EXPECTATIONS: dict[str, dict | dict[str, dict]] = {
    "core.set_language": EVERYONE,
    "accounts.login": EVERYONE,
    "accounts.logout": EVERYONE,
    "accounts.register": EVERYONE,
    "accounts.request_reset": EVERYONE,
    "accounts.reset_password": EVERYONE,  # the token decides; a bad one gets a message
    "agreements.create": ANY_STAFF,
    "projects.create": ANY_STAFF,
    "good_practice.create": ANY_STAFF,
    "localities.report": SIGNED_IN,
    "consultations.create": REPRESENTATIVES,
    "consultations.paper": MUNICIPAL_STAFF,
    "consultations.hide_answer": allowed_for("moderator", "dso_representative", "administrator"),
    "consultations.withdraw": SIGNED_IN,  # one's own answers; nothing to withdraw is no error
    # Residents of participating municipalities answer; the others (and the unconfirmed) are told why not.
    "consultations.answer": profile("ok", unconfirmed="refused", moderator_elsewhere="refused",
                                    representative_elsewhere="refused", administrator="refused"),
    "moderation.block_user": {"GET": ANY_STAFF, "POST": STAFF_HERE_REFUSING_ELSEWHERE},
    "moderation.lift_block": ADMINISTRATOR,  # the world's block is everywhere: only administrators lift it
    # Only confirmed accounts in good standing report, and nobody their own item (issue 22).
    "moderation.report_comment": {"GET": SIGNED_IN, "POST": profile("ok", resident="refused", unconfirmed="refused",
                                                                   blocked="refused")},
    "moderation.report_proposal": {"GET": SIGNED_IN, "POST": profile("ok", resident="refused", unconfirmed="refused",
                                                                    blocked="refused")},
    "notifications.mark_read": allowed_for("resident", denied="404"),  # another's notification does not exist
    "notifications.unsubscribe": EVERYONE,  # the token decides
    "comments.create": POSTING,
    "comments.reply": {"GET": SIGNED_IN, "POST": POSTING},
    "proposals.new": CONFIRMED,
    "proposals.preview": SIGNED_IN,
    "proposals.support": CONFIRMED,
    "proposals.unsupport": CONFIRMED,
    "proposals.publish": AUTHOR,
    "proposals.withdraw": AUTHOR,
    "proposals.edit": AUTHOR,
    # Retired anonymous paper form: a redirect to the office desk for everyone, nothing recorded.
    "proposals.paper_support": EVERYONE,
    "proposals.delete": AUTHOR,
    # Photos, the PDF and updates (issue 20). The world's proposal is published: its author may post updates
    # but no longer add or remove files; staff covering it may (audited). No photo, PDF or update of it
    # exists, so whoever passes the rule gets 404.
    "proposals.add_attachment": STAFF_HERE,
    "proposals.remove_photo": profile("403", moderator="404", dso_representative="404",
                                      mas_representative="404", administrator="404"),
    "proposals.remove_document": profile("403", moderator="404", dso_representative="404",
                                         mas_representative="404", administrator="404"),
    "proposals.post_update": allowed_for("resident", "moderator", "dso_representative", "mas_representative",
                                         "administrator"),
    "proposals.hide_update": profile("403", moderator="404", dso_representative="404",
                                     mas_representative="404", administrator="404"),
    "workspaces.bulk_status": STAFF_HERE_REFUSING_ELSEWHERE,
    # Answer templates: a municipality's office (its moderators, administrators); a moderator elsewhere
    # may open the add form, but a template for "here" is refused (not among the choices).
    "workspaces.new_answer_template": {
        "GET": allowed_for("moderator", "moderator_elsewhere", "administrator"),
        "POST": {**allowed_for("moderator", "moderator_elsewhere", "administrator"), "moderator_elsewhere": "refused"},
    },
    "workspaces.edit_answer_template": MUNICIPAL_STAFF,
    "workspaces.delete_answer_template": MUNICIPAL_STAFF,
    # Residency verification: a resident's own code or register match (an empty form is refused);
    # the municipality's office (its moderators, administrators) makes letters, verifies, files on paper.
    "verification.redeem": SIGNED_IN,
    "verification.match_register": SIGNED_IN,
    "verification.letters": MUNICIPAL_STAFF,
    "verification.in_person": MUNICIPAL_STAFF,
    "verification.register_upload": MUNICIPAL_STAFF,
    # The world has no paper participant: the office gets 404 for the made-up id, everyone else 403 first.
    "verification.erase_participant": {**MUNICIPAL_STAFF, "moderator": "404", "administrator": "404"},
    "verification.file_support": MUNICIPAL_STAFF,
    "verification.file_answers": MUNICIPAL_STAFF,
    "verification.file_proposal": MUNICIPAL_STAFF,  # the office writes a proposal for a resident
    "verification.file_comment": MUNICIPAL_STAFF,  # the office writes a comment for a resident
    # Localities named by a proposal: linked like agreements and projects, by staff covering the proposal.
    # The staff covering the proposal, and its author (the matrix's resident), name its localities.
    "localities.link": {**STAFF_HERE, "resident": "ok"},
    "localities.unlink": {**STAFF_HERE, "resident": "ok"},
    # Internet operators: administrators keep them; only an operator's own staff declare (no role here is);
    # residents of the locality's municipality confirm or dispute; its office decides a dispute.
    "operators.create": ADMINISTRATOR,
    "operators.edit": ADMINISTRATOR,
    "operators.add_staff": ADMINISTRATOR,
    "operators.declare": allowed_for(),
    "operators.respond": allowed_for("resident", "other_resident", "moderator", "mas_representative"),
    "operators.decide": MUNICIPAL_STAFF,
    # An operator's staff answer a single report (no role in the world is); the office decides a dispute.
    "operators.answer_report": allowed_for(),
    "operators.decide_report_answer": MUNICIPAL_STAFF,
    # Shared infrastructure: any municipality's staff open the forms (their municipalities to choose from);
    # the staff covering "here" edit its assets and works and answer operators' requests there (others do
    # not see the requests: 404); only an operator's staff ask (no role in the world is).
    "infrastructure.asset_create": ANY_STAFF,
    "infrastructure.work_create": ANY_STAFF,
    "infrastructure.access_create": allowed_for(),
    "infrastructure.work_join": allowed_for(),
    "infrastructure.access_answer": allowed_for(*STAFF_HERE_ROLES, denied="404"),
    "infrastructure.access_agreement": allowed_for(*STAFF_HERE_ROLES, denied="404"),
    "infrastructure.join_answer": allowed_for(*STAFF_HERE_ROLES, denied="404"),
    # Shared advisors: administrators make advisors and coordinators; the offices and representatives ask;
    # only the question's advisor answers (nobody here is one: 403 for the staff who see the open question,
    # 404 for those who may not); administrators assign; confirmed residents request an opinion, the
    # proposal's office decides; only advisors log work; advisors, coordinators and administrators write guides.
    "advisors.create": ADMINISTRATOR,
    "advisors.edit": ADMINISTRATOR,
    "advisors.coordinators": ADMINISTRATOR,
    "advisors.remove_coordinator": ADMINISTRATOR,
    "advisors.ask": ANY_STAFF,
    "advisors.answer": profile("404", moderator="403", dso_representative="403", mas_representative="403",
                               administrator="403"),
    "advisors.assign": profile("404", moderator="403", dso_representative="403", mas_representative="403",
                               administrator="ok"),
    "advisors.request_opinion": CONFIRMED,
    "advisors.decide": MUNICIPAL_STAFF,
    "advisors.log_work": allowed_for(),
    "advisors.new_guide": ADMINISTRATOR,
    "advisors.edit_guide": ADMINISTRATOR,
    # Ending a sign-in session that is not one's own (here: none has the id) is a 404 for everyone.
    "accounts.end_sign_in_session": profile("404"),
    # The read-only API's catch-all: an unknown address or a write is a JSON 404/405 for everyone.
    "api.unknown": profile("404", anonymous="404"),
    # The widget's allowed web sites: the municipality's office; the world has no registered site to remove.
    "opendata.embed_settings": MUNICIPAL_STAFF,
    "opendata.remove_origin": {**MUNICIPAL_STAFF, "moderator": "404", "administrator": "404"},
}


def expectation_for(cell) -> dict | None:
    """The declared outcome per role for a cell, or None when nothing declares it."""
    declared = EXPECTATIONS.get(cell.endpoint)
    if declared is None:
        declared = next((rule for prefix, rule in PREFIX_RULES if cell.endpoint.startswith(prefix)), None)
    if declared is None:
        return None
    if set(declared) <= {"GET", "POST", "PUT", "PATCH", "DELETE"}:
        return declared.get(cell.method)
    return declared


# --- URL arguments and form data ---------------------------------------------------------------

# Where an argument's value comes from, by name; ARGUMENTS overrides it per endpoint.
DEFAULT_ARGUMENTS = {
    "subject_type": "proposal", "subject_id": "proposal_id", "kind": "comment", "item_id": "comment_id",
    "action": "hide", "token": "not-a-valid-token", "language": "en",
}
ARGUMENTS: dict[str, dict[str, str]] = {
    # A published proposal that has comments is frozen for its author; the draft is not.
    "proposals.publish": {"proposal_id": "draft_id"},
    "proposals.edit": {"proposal_id": "draft_id"},
    "proposals.delete": {"proposal_id": "draft_id"},
    "proposals.remove_photo": {"photo_id": "missing_id"},
    "proposals.hide_update": {"update_id": "missing_id"},
    "admin.grant": {"kind": "moderator"},
    "admin.revoke": {"user_id": "moderator_user_id"},
    "verification.erase_participant": {"participant_id": "missing_id"},  # no such participant here
    "accounts.end_sign_in_session": {"session_id": "missing_id"},  # nobody's session has that id
    "infrastructure.access_answer": {"request_id": "access_request_id"},
    "infrastructure.access_agreement": {"request_id": "agreed_request_id"},
    "infrastructure.join_answer": {"request_id": "join_request_id"},
    "opendata.remove_origin": {"origin_id": "missing_id"},  # no web site is registered in the world
}


def url_for_cell(app, cell, things: dict) -> str:
    """The cell's URL with the world's things in its arguments."""
    rule = next(r for r in app.url_map.iter_rules(cell.endpoint) if r.rule == cell.rule)
    values = {}
    for name in rule.arguments:
        source = ARGUMENTS.get(cell.endpoint, {}).get(name) or DEFAULT_ARGUMENTS.get(name) or name
        values[name] = things.get(source, source)
    with app.test_request_context():
        return url_for(cell.endpoint, **values)


FORMS: dict = {
    "POST comments.create": lambda t: {f"t{t['thread_id']}-body": "Přidávám se k podnětu."},
    "POST comments.reply": lambda t: {f"r{t['comment_id']}-body": "Odpověď na komentář."},
    "POST comments.edit": lambda t: {f"e{t['comment_id']}-body": "Upravený komentář."},
    "POST consultations.answer": lambda t: {f"q-{t['question_id']}": "Optiku nejdřív do osad."},
    "POST consultations.hide_answer": lambda t: {"reason": "Osobní údaje."},
    "POST opendata.embed_settings": lambda t: {"origin": "https://www.obec-tady.cz"},
    "POST moderation.hide": lambda t: {"reason": "offensive", "explanation": ""},
    "POST moderation.report_comment": lambda t: {"reason": "offensive", "note": ""},
    "POST moderation.report_proposal": lambda t: {"reason": "spam", "note": ""},
    "POST moderation.block_user": lambda t: {"municipality": str(t["municipality_id"]), "days": "7",
                                             "reason": "Opakované urážky."},
    "POST proposals.change_status": lambda t: {"status-status": "under_review", "status-reason": "Prověřujeme."},
    "POST infrastructure.join_answer": lambda t: {"outcome": "agree", "answer": "Hloubka 1,2 m."},
    "POST infrastructure.access_answer": lambda t: {"outcome": "refuse", "answer": "Stožár je plný."},
    "POST proposals.post_update": lambda t: {"body": "Dopravce odpověděl."},
    "POST workspaces.bulk_status": lambda t: {"proposal": str(t["proposal_id"]), "status": "under_review",
                                              "reason": "Prověřujeme všechny najednou."},
    "POST workspaces.new_answer_template": lambda t: {"municipality": str(t["municipality_id"]),
                                                      "title": "Předáno kraji", "body": "Předali jsme to kraji."},
    "POST workspaces.edit_answer_template": lambda t: {"title": "Upravená šablona", "body": "Nový text."},
}


def form_for(cell, things: dict) -> dict:
    maker = FORMS.get(cell.key)
    return maker(things) if maker else {}


# --- Effects: what an allowed write leaves in the database (checked where cheap) ----------------

def _exists(statement) -> bool:
    return db.session.scalar(statement) is not None


def _get(model, id_):
    return db.session.get(model, id_)


def _effects() -> dict:
    from participation.comments.models import Comment
    from participation.consultations.models import Answer, Response
    from participation.follows.models import Follow
    from participation.infrastructure.models import AccessRequest, JoinRequest, RequestState
    from participation.moderation.models import PostingBlock, Report
    from participation.notifications.models import Notification
    from participation.opendata.models import EmbedOrigin
    from participation.proposals.media_models import ProposalUpdate
    from participation.proposals.models import Proposal, ProposalStatus, Support
    from participation.workspaces.models import AnswerTemplate

    def status_of(key, status):
        return lambda t, user: _get(Proposal, t[key]).status == status

    return {
        "POST proposals.support": lambda t, user: _exists(select(Support.id).where(
            Support.proposal_id == t["proposal_id"], Support.user_id == user)),
        "POST proposals.publish": status_of("draft_id", ProposalStatus.PUBLISHED),
        "POST proposals.withdraw": status_of("proposal_id", ProposalStatus.WITHDRAWN),
        "POST proposals.delete": lambda t, user: _get(Proposal, t["draft_id"]) is None,
        "POST proposals.change_status": status_of("proposal_id", ProposalStatus.UNDER_REVIEW),
        "POST proposals.post_update": lambda t, user: _exists(select(ProposalUpdate.id).where(
            ProposalUpdate.proposal_id == t["proposal_id"], ProposalUpdate.author_id == user)),
        "POST workspaces.bulk_status": status_of("proposal_id", ProposalStatus.UNDER_REVIEW),
        "POST workspaces.new_answer_template": lambda t, user: _exists(select(AnswerTemplate.id).where(
            AnswerTemplate.municipality_id == t["municipality_id"], AnswerTemplate.title == "Předáno kraji")),
        "POST workspaces.edit_answer_template": lambda t, user: _get(AnswerTemplate, t["template_id"]).title
        == "Upravená šablona",
        "POST workspaces.delete_answer_template": lambda t, user: _get(AnswerTemplate, t["template_id"]) is None,
        "POST comments.create": lambda t, user: _exists(select(Comment.id).where(
            Comment.thread_id == t["thread_id"], Comment.author_id == user, Comment.parent_id.is_(None),
            Comment.id != t["comment_id"])),
        "POST comments.reply": lambda t, user: _exists(select(Comment.id).where(
            Comment.parent_id == t["comment_id"], Comment.author_id == user)),
        "POST comments.edit": lambda t, user: _get(Comment, t["comment_id"]).body == "Upravený komentář.",
        "POST consultations.answer": lambda t, user: _exists(select(Response.id).where(
            Response.consultation_id == t["consultation_id"], Response.user_id == user)),
        "POST consultations.hide_answer": lambda t, user: _get(Answer, t["answer_id"]).hidden_at is not None,
        "POST follows.follow": lambda t, user: _exists(select(Follow.id).where(
            Follow.user_id == user, Follow.proposal_id == t["proposal_id"])),
        "POST moderation.hide": lambda t, user: _get(Comment, t["comment_id"]).hidden_at is not None,
        "POST moderation.report_comment": lambda t, user: _exists(select(Report.id).where(
            Report.reporter_id == user, Report.comment_id == t["comment_id"])),
        "POST moderation.report_proposal": lambda t, user: _exists(select(Report.id).where(
            Report.reporter_id == user, Report.proposal_id == t["proposal_id"])),
        "POST moderation.block_user": lambda t, user: _exists(select(PostingBlock.id).where(
            PostingBlock.user_id == t["user_id"], PostingBlock.blocked_by_id == user)),
        "POST moderation.lift_block": lambda t, user: _get(PostingBlock, t["block_id"]).lifted_at is not None,
        "POST infrastructure.join_answer": lambda t, user: _get(JoinRequest, t["join_request_id"]).state
        == RequestState.AGREED,
        "POST infrastructure.access_answer": lambda t, user: _get(AccessRequest, t["access_request_id"]).state
        == RequestState.REFUSED,
        "POST infrastructure.access_agreement": lambda t, user: _get(
            AccessRequest, t["agreed_request_id"]).agreement_id is not None,
        "POST opendata.embed_settings": lambda t, user: _exists(select(EmbedOrigin.id).where(
            EmbedOrigin.municipality_id == t["municipality_id"], EmbedOrigin.added_by_id == user)),
        "POST notifications.mark_read": lambda t, user: _get(Notification, t["notification_id"]).read_at is not None,
    }


EFFECTS: dict = _effects()


__all__ = ["EFFECTS", "EXPECTATIONS", "PREFIX_RULES", "expectation_for", "form_for", "select", "url_for_cell"]
