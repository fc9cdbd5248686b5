"""Proposals with their municipalities and status history, and the support they draw.

The first proposals are the popular ones: kept open and public, they draw
most of the support (Zipf), and most supporters live where the proposal is.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from bench.generate.accounts import People
from bench.generate.context import Context
from bench.generate.skew import allocate, zipf_weights
from bench.generate.territory import Territory
from bench.generate.texts import TOPICS
from participation.common.search import index_text
from participation.common.text import fold
from participation.extensions import db

STATUSES = (["published"] * 60 + ["under_review"] * 12 + ["in_cooperation"] * 6 + ["in_progress"] * 6
            + ["solved"] * 5 + ["not_taken_up"] * 5 + ["withdrawn"] * 3 + ["draft"] * 3)
SUPPORTABLE = ("published", "under_review", "in_cooperation", "in_progress", "solved", "not_taken_up")
PROPOSAL_COLUMNS = ("id", "title", "body", "search_text", "search_index", "category", "status", "author_id", "grouping_id",
                    "thread_id", "latitude", "longitude", "published_at", "withdrawn_at", "threshold_reached_at",
                    "last_activity_at", "merged_into_id", "hidden_at", "hidden_reason", "hidden_by_id",
                    "recorded_by_id", "created_at", "updated_at")
SUPPORT_COLUMNS = ("id", "created_at", "proposal_id", "user_id", "municipality_id", "source", "recorded_by_id")


@dataclass
class Proposals:
    """Per proposal id (index 0 unused): what supports, comments, agreements and projects refer to."""

    status: list[str]
    published: list[datetime | None]
    municipalities: list[list[int]]
    thread: list[int]


@dataclass
class _Drawn:
    """One proposal's random choices, before they become rows."""

    pid: int
    status: str
    author: int
    home: int
    municipalities: list[int]
    grouping: int | None
    created: datetime
    published: datetime | None


def fill_proposals(context: Context, territory: Territory, people: People) -> Proposals:
    """`scale.proposals` proposals, their municipalities, status changes and official answers."""
    threads = context.threads("proposal", context.scale.proposals, context.now - timedelta(days=1500))
    proposals = Proposals([""], [None], [[]], [0])
    rows, links, changes, answers = [], [], [], []
    for pid in range(1, context.scale.proposals + 1):
        drawn = _draw(context, territory, people, pid)
        rows.append(_proposal_row(drawn, territory, threads[pid - 1]))
        links.extend((pid, m) for m in drawn.municipalities)
        _history(drawn, people.moderator_of.get(drawn.home), changes, answers)
        proposals.status.append(drawn.status)
        proposals.published.append(drawn.published)
        proposals.municipalities.append(drawn.municipalities)
        proposals.thread.append(threads[pid - 1])
    context.writer.write("proposal", PROPOSAL_COLUMNS, rows)
    context.writer.write("proposal_municipality", ("proposal_id", "municipality_id"), links)
    context.writer.write("status_change", ("id", "created_at", "proposal_id", "author_id", "from_status",
                                           "to_status", "reason"), changes)
    context.writer.write("official_answer", ("id", "created_at", "proposal_id", "author_id", "municipality_id",
                                             "grouping_id", "body"), answers)
    return proposals


def _draw(context: Context, territory: Territory, people: People, pid: int) -> _Drawn:
    """Status, author, the author's municipality and up to three near ones, grouping, creation time."""
    s, rng = context.scale, context.rng
    status = "published" if pid <= 50 else rng.choice(STATUSES)
    author = rng.randint(1, s.users)
    home = people.home[author]
    count = 1 if rng.random() < 0.55 else rng.randint(2, 4)
    municipalities = {home}
    while len(municipalities) < min(count, s.municipalities):
        municipalities.add(max(1, min(s.municipalities, home + rng.randint(-8, 8))))
    groupings = territory.groupings_of
    grouping = rng.choice(groupings[home]) if home in groupings and rng.random() < 0.6 else None
    created = context.ago(1400, 2)
    published = None if status == "draft" else created + timedelta(hours=1)
    return _Drawn(pid, status, author, home, sorted(municipalities), grouping, created, published)


def _proposal_row(drawn: _Drawn, territory: Territory, thread: int) -> tuple:
    category, title, body = TOPICS[drawn.pid % len(TOPICS)]
    title = title.format(town=territory.municipality_names[drawn.home])
    if drawn.pid > 1:
        title = f"{title} ({drawn.pid})"
    withdrawn = drawn.published + timedelta(days=3) if drawn.status == "withdrawn" else None
    last_activity = drawn.published or drawn.created
    return (drawn.pid, title, body, fold(f"{title} {body}"), index_text(title, body), category, drawn.status, drawn.author, drawn.grouping,
            thread, None, None, drawn.published, withdrawn, None, last_activity, None, None, "",
            None, None, drawn.created, drawn.created)


def _history(drawn: _Drawn, moderator: int | None, changes: list, answers: list) -> None:
    """Published by the author; moved on by the home moderator 20 days later, with an answer if closed."""
    if drawn.published is None:
        return
    changes.append((len(changes) + 1, drawn.published, drawn.pid, drawn.author, "draft", "published", ""))
    if drawn.status in ("published", "withdrawn"):
        return
    decided = drawn.published + timedelta(days=20)
    changes.append((len(changes) + 1, decided, drawn.pid, moderator, "published", drawn.status,
                    "Projednáno na zastupitelstvu."))
    if drawn.status in ("not_taken_up", "solved"):
        answers.append((len(answers) + 1, decided, drawn.pid, moderator, drawn.home, None,
                        "Obec se návrhem zabývala na zasedání zastupitelstva."))


def fill_supports(context: Context, people: People, proposals: Proposals) -> None:
    """Zipf-distributed over public proposals; most supporters live in an affected municipality."""
    s = context.scale
    supportable = [pid for pid in range(1, s.proposals + 1) if proposals.status[pid] in SUPPORTABLE]
    shares = allocate(s.supports, zipf_weights(len(supportable), 0.7), cap=s.users // 2)
    plan = list(zip(supportable, shares, strict=True))
    context.writer.write("support", SUPPORT_COLUMNS, _support_rows(context, people, proposals, plan))
    # Roughly: proposals with a few hundred supporters reached their grouping's threshold.
    _mark_threshold_reached(context, [pid for pid, share in plan if share >= 200])


def _support_rows(context: Context, people: People, proposals: Proposals, plan: list[tuple[int, int]]):
    support_id = 0
    for pid, share in plan:
        if share == 0:
            continue
        supporters = _supporters(context, people, proposals.municipalities[pid], share)
        published = proposals.published[pid]
        span = max(1.0, (context.now - published).total_seconds())
        for user_id in supporters:
            support_id += 1
            when = published + timedelta(seconds=context.rng.random() * span)
            yield (support_id, when, pid, user_id, people.home[user_id], "online", None)


def _supporters(context: Context, people: People, municipalities: list[int], share: int) -> set[int]:
    """`share` distinct users: up to 70 % from the proposal's municipalities (at most half of their
    residents), the rest from anywhere."""
    rng = context.rng
    pools = [people.users_of[m] for m in municipalities if m in people.users_of]
    local_size = sum(len(pool) for pool in pools)
    local_target = min(int(share * 0.7), local_size // 2)
    chosen: set[int] = set()
    while len(chosen) < local_target:
        pool = rng.choice(pools)
        chosen.add(pool[rng.randrange(len(pool))])
    while len(chosen) < share:
        chosen.add(rng.randint(1, context.scale.users))
    return chosen


def _mark_threshold_reached(context: Context, reached: list[int]) -> None:
    if not reached:
        return
    table = db.metadata.tables["proposal"]
    with db.engine.begin() as connection:
        for start in range(0, len(reached), 1000):
            connection.execute(table.update().where(table.c.id.in_(reached[start:start + 1000]))
                               .values(threshold_reached_at=context.now - timedelta(days=10)))
