"""Infrastructure projects of a grouping's members: funding, milestones, updates, links to proposals."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from bench.generate.accounts import People
from bench.generate.context import Context
from bench.generate.proposals import Proposals
from bench.generate.territory import Territory
from bench.generate.texts import TOPICS
from participation.common.text import fold

KINDS = ("fibre_backbone", "shared_infrastructure", "roads_paths", "water_sewage", "energy", "waste", "other")
STATUSES = ("planned", "preparing", "tendering", "building", "building", "operating", "done")
PROJECT_COLUMNS = ("id", "title", "search_title", "kind", "status", "description", "agreement_id", "budget",
                   "progress_mode", "manual_progress", "place_name", "latitude", "longitude", "done_at",
                   "created_by_id", "thread_id", "created_at", "updated_at")
UPDATE_COLUMNS = ("id", "created_at", "project_id", "posted_on", "body", "image_key", "image_content_type",
                  "image_description", "author_id")


def fill_projects(context: Context, territory: Territory, people: People, proposals: Proposals) -> None:
    """`scale.projects` projects, each with two funding sources, 3–6 milestones and 2–10 updates."""
    s = context.scale
    threads = context.threads("project", s.projects, context.now - timedelta(days=1000))
    in_progress = [p for p in range(1, s.proposals + 1) if proposals.status[p] == "in_progress"]
    projects, places, funding, milestones, updates, links = [], [], [], [], [], []
    for pid in range(1, s.projects + 1):
        municipalities = _places(context, territory)
        budget = Decimal(context.rng.randint(5, 900) * 100_000)
        created = context.ago(1500, 60)
        author = people.moderator_of.get(municipalities[0])
        projects.append(_project_row(context, territory, pid, municipalities, budget, created, author,
                                     threads[pid - 1]))
        places.extend((pid, m) for m in municipalities)
        funding.append((len(funding) + 1, pid, "IROP", (budget * Decimal("0.7")).quantize(Decimal("1")), 1))
        funding.append((len(funding) + 1, pid, "Obce", (budget * Decimal("0.3")).quantize(Decimal("1")), 2))
        _add_milestones(context, pid, created.date(), milestones)
        _add_updates(context, pid, created.date(), author, updates)
        if in_progress and pid % 2 == 0:
            links.append((pid, in_progress[pid % len(in_progress)]))
    _write(context, projects, places, funding, milestones, updates, sorted(set(links)))


def _places(context: Context, territory: Territory) -> list[int]:
    """2 to 6 members of a random grouping."""
    rng = context.rng
    members = territory.grouping_members[rng.randint(1, context.scale.groupings)]
    return sorted(rng.sample(members, min(len(members), rng.randint(2, 6))))


def _project_row(context: Context, territory: Territory, pid: int, municipalities: list[int], budget: Decimal,
                 created: datetime, author: int | None, thread: int) -> tuple:
    status = STATUSES[pid % len(STATUSES)]
    place = territory.municipality_names[municipalities[0]]
    title = f"{TOPICS[pid % len(TOPICS)][1].format(town=place)} – projekt {pid}"
    agreement = pid if pid <= context.scale.agreements and pid % 3 else None
    done = created + timedelta(days=900) if status == "done" else None
    return (pid, title, fold(title), KINDS[pid % len(KINDS)], status, "Společná investice obcí.", agreement, budget,
            "milestones", None, place, None, None, done, author, thread, created, created)


def _add_milestones(context: Context, pid: int, start: date, milestones: list) -> None:
    """Every 90 days from the start; a past milestone is done in 70 % of cases."""
    for k in range(context.rng.randint(3, 6)):
        planned = start + timedelta(days=90 * (k + 1))
        done = planned if planned < context.now.date() and context.rng.random() < 0.7 else None
        milestones.append((len(milestones) + 1, pid, f"Etapa {k + 1}", planned, done))


def _add_updates(context: Context, pid: int, start: date, author: int | None, updates: list) -> None:
    """Every 30 days from the start, by the first municipality's moderator."""
    for k in range(context.rng.randint(2, 10)):
        posted = start + timedelta(days=30 * (k + 1))
        updates.append((len(updates) + 1, datetime.combine(posted, datetime.min.time(), UTC), pid, posted,
                        "Pokračují práce na další etapě; harmonogram se drží.", None, None, "", author))


def _write(context: Context, projects, places, funding, milestones, updates, links) -> None:
    write = context.writer.write
    write("project", PROJECT_COLUMNS, projects)
    write("project_municipality", ("project_id", "municipality_id"), places)
    write("funding_source", ("id", "project_id", "name", "amount", "position"), funding)
    write("milestone", ("id", "project_id", "title", "planned_on", "done_on"), milestones)
    write("project_update", UPDATE_COLUMNS, updates)
    write("project_proposal", ("id", "created_at", "project_id", "proposal_id", "note", "created_by_id"),
          [(i + 1, context.now, p, q, "", None) for i, (p, q) in enumerate(links)])
