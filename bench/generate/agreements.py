"""Cooperation agreements between the members of a grouping, some tied to proposals in cooperation."""

from datetime import date, datetime, timedelta

from bench.generate.accounts import People
from bench.generate.context import Context
from bench.generate.proposals import Proposals
from bench.generate.territory import Territory
from bench.generate.texts import TOPICS
from participation.common.text import fold

KINDS = ("dso_statute", "public_law_contract", "memorandum", "joint_procurement", "shared_advisor")
STATUSES = ("draft", "negotiation", "signed", "in_force", "in_force", "in_force", "ended")
SIGNED_STATUSES = ("signed", "in_force", "ended")
AGREEMENT_COLUMNS = ("id", "title", "search_title", "kind", "status", "summary", "signed_on", "effective_on",
                     "ends_on", "created_by_id", "thread_id", "created_at", "updated_at")
TIE_COLUMNS = ("id", "created_at", "agreement_id", "proposal_id", "note", "created_by_id")


def fill_agreements(context: Context, territory: Territory, people: People, proposals: Proposals) -> None:
    """`scale.agreements` agreements; their parties are municipalities, and every other one a grouping."""
    s = context.scale
    threads = context.threads("agreement", s.agreements, context.now - timedelta(days=1000))
    cooperating = [p for p in range(1, s.proposals + 1) if proposals.status[p] == "in_cooperation"]
    agreements, parties_m, parties_g, ties = [], [], [], []
    for aid in range(1, s.agreements + 1):
        grouping, parties = _parties(context, territory, aid)
        row = _agreement_row(context, people, aid, parties, threads[aid - 1])
        agreements.append(row)
        parties_m.extend((aid, m) for m in parties)
        if aid % 2:
            parties_g.append((aid, grouping))
        # At most one tie per agreement, so no (agreement, proposal) pair repeats.
        if cooperating and aid % 2 == 0:
            created = row[AGREEMENT_COLUMNS.index("created_at")]
            ties.append((len(ties) + 1, created, aid, cooperating[aid % len(cooperating)], "Řeší to tato smlouva.",
                         None))
    context.writer.write("agreement", AGREEMENT_COLUMNS, agreements)
    context.writer.write("agreement_municipality", ("agreement_id", "municipality_id"), parties_m)
    context.writer.write("agreement_grouping", ("agreement_id", "grouping_id"), parties_g)
    context.writer.write("agreement_proposal", TIE_COLUMNS, ties)


def _parties(context: Context, territory: Territory, aid: int) -> tuple[int, list[int]]:
    """A random grouping and 2 to 8 of its members."""
    rng = context.rng
    grouping = rng.randint(1, context.scale.groupings)
    members = territory.grouping_members[grouping]
    return grouping, sorted(rng.sample(members, min(len(members), rng.randint(2, 8))))


def _agreement_row(context: Context, people: People, aid: int, parties: list[int], thread: int) -> tuple:
    status = STATUSES[aid % len(STATUSES)]
    signed = _signed_on(context) if status in SIGNED_STATUSES else None
    title = f"Smlouva o spolupráci č. {aid}: {TOPICS[aid % len(TOPICS)][1].format(town='regionu')}"
    created: datetime = context.ago(1600, 20)
    return (aid, title, fold(title), KINDS[aid % len(KINDS)], status, "Obce se dohodly na společném postupu.",
            signed, signed, None, people.moderator_of.get(parties[0]), thread, created, created)


def _signed_on(context: Context) -> date:
    return (context.now - timedelta(days=context.rng.randint(30, 1500))).date()
