"""Demo referrals: two problems of the Ústí area passed on to the Pardubice Region, one answered."""

from sqlalchemy import select

from participation.accounts.models import User
from participation.extensions import db
from participation.proposals.models import Proposal
from participation.referrals import services
from participation.referrals.models import Referral, ReferralLevel

MODERATOR = "moderator.usti@example.cz"  # moderates Ústí nad Orlicí, which both proposals touch

REFERRALS = (
    {
        "proposal": "Bezpečný přechod u školy na hranici Libchav a Ústí",
        "addressee": "Pardubický kraj, odbor dopravy a silničního hospodářství",
        "reason": "Přechod leží na silnici II. třídy, kterou spravuje kraj; obce samy nemohou "
                  "přechod ani osvětlení na krajské silnici zřídit.",
        "response": "Kraj zařadil osvětlení přechodu do plánu oprav na příští rok; Správa a údržba "
                    "silnic Pardubického kraje připraví projekt ve spolupráci s oběma obcemi.",
    },
    {
        "proposal": "Společná autobusová linka Ústí – Libchavy – Dolní Dobrouč",
        "addressee": "Pardubický kraj – koordinátor veřejné dopravy (OREDO)",
        "reason": "Linky veřejné dopravy objednává kraj; svazek může doplatit spoje navíc, "
                  "ale novou linku musí zařadit do krajského jízdního řádu.",
        "response": "",
    },
)


def seed(context: dict) -> None:
    """Pass the two demo proposals on (once); answer the first."""
    moderator = db.session.scalar(select(User).where(User.email == MODERATOR))
    if moderator is None:
        return
    for spec in REFERRALS:
        proposal = db.session.scalar(select(Proposal).where(Proposal.title == spec["proposal"]))
        if proposal is None or db.session.scalar(
                select(Referral.id).where(Referral.proposal_id == proposal.id).limit(1)):
            continue
        referral = services.refer(moderator, proposal, ReferralLevel.REGION, spec["addressee"], spec["reason"])
        if spec["response"]:
            services.record_response(moderator, referral, spec["response"])
