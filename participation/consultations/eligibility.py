"""Who may answer a consultation now, and if not, why: read by the answering rule in permissions."""

from datetime import datetime

from flask_babel import gettext as _

from participation.common.formats import moment
from participation.common.models import utcnow
from participation.consultations.models import Consultation, Eligibility


def _can_participate(user) -> bool:
    """The accounts domain decides whether an account may take part (confirmed, not blocked)."""
    # Imported here: permissions imports this module (its answering rule), so importing the
    # permissions package at module level would start a cycle when this module is loaded first.
    from participation.permissions import accounts as account_rules

    rule = getattr(account_rules, "can_participate", None)
    if rule is not None:
        return rule(user)
    return user.is_active and not user.is_deleted


def why_cannot_answer(user, consultation: Consultation, now: datetime | None = None) -> str | None:
    """The reason this user cannot answer now, in their language; None when they can."""
    now = now or utcnow()
    phase = consultation.phase(now)
    if phase == "draft":
        return _("This consultation has not been published yet.")
    if phase == "upcoming":
        return _("Answering opens on %(when)s.", when=moment(consultation.opens_at))
    if phase == "closed":
        return _("This consultation closed on %(when)s.", when=moment(consultation.closes_at))
    if user is None or not user.is_authenticated:
        return _("Sign in to answer. Residents of the participating municipalities can answer.")
    if not _can_participate(user):
        return _("Your account cannot take part yet: confirm your email address first.")
    if user.home_municipality_id is None:
        return _("Set your home municipality in your profile to answer.")
    if user.home_municipality_id not in {m.id for m in consultation.municipalities}:
        return _(
            "Only residents of the participating municipalities can answer, and your home "
            "municipality does not take part in this consultation."
        )
    if consultation.eligibility == Eligibility.VERIFIED_RESIDENTS and user.residency_verified_at is None:
        return _("Only residents whose residency has been verified can answer this consultation.")
    return None
