"""Synthetic data at a chosen scale, for benchmarks: `flask generate-data --scale small|region`.

Not demo data (that is `flask seed-demo`): this fills an empty database with
many municipalities, users, proposals, supports, comments, agreements,
projects and consultations, with a realistic skew (a few proposals draw
most of the support and discussion; big towns have more users), so that
`bench/load.py` can measure the pages at the size of a region.

Rows are written in bulk and never through the ORM: PostgreSQL COPY (psycopg
3 `cursor.copy`) on PostgreSQL, SQLAlchemy Core `insert()` with executemany
in large batches elsewhere. Ids are assigned here (the database starts
empty), so rows can refer to each other without a round trip; PostgreSQL
sequences are moved past them at the end, then ANALYZE runs.

Every table constraint holds: one support per user and proposal, one
response per user and consultation, one membership per grouping and
municipality, unique emails and codes, comment trees with depth, root and
path as the discussion code writes them.
"""

import random
import time
from bisect import bisect
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import accumulate

import click
from sqlalchemy import func, select, text
from werkzeug.security import generate_password_hash

from participation.common.text import fold
from participation.extensions import db

# The password of every generated account (one hash, reused: hashing 200,000 would take hours).
PASSWORD = "bench-password"
DISCUSSED_COMMENTS = 200  # the proposal the load runner opens has this many comments


@dataclass(frozen=True)
class Scale:
    municipalities: int
    groupings: int
    users: int
    proposals: int
    supports: int
    comments: int
    agreements: int
    projects: int
    consultations: int
    responses: int
    discussed_comments: int = DISCUSSED_COMMENTS


SCALES = {
    "tiny": Scale(municipalities=8, groupings=3, users=120, proposals=40, supports=600, comments=150,
                  agreements=4, projects=4, consultations=2, responses=60, discussed_comments=30),
    "small": Scale(municipalities=20, groupings=4, users=2_000, proposals=500, supports=20_000,
                   comments=5_000, agreements=20, projects=20, consultations=5, responses=3_000),
    "region": Scale(municipalities=600, groupings=40, users=200_000, proposals=50_000, supports=2_000_000,
                    comments=500_000, agreements=2_000, projects=2_000, consultations=100, responses=300_000),
}

BATCH = 20_000

NAME_FIRST = ("Horní", "Dolní", "Nová", "Stará", "Velká", "Malá", "Černá", "Bílá", "Vysoká", "Dlouhá")
NAME_ROOT = ("Lhota", "Ves", "Bystřice", "Újezd", "Bukovina", "Lipnice", "Hora", "Rovná", "Polná", "Ždár",
             "Kamenice", "Olešná", "Borovnice", "Třebíč", "Radostín", "Jablonec")
FIRST_NAMES = ("Jana", "Petr", "Eva", "Jan", "Marie", "Tomáš", "Lucie", "Josef", "Hana", "Martin", "Věra",
               "Jiří", "Alena", "Pavel", "Zuzana", "Karel")
LAST_NAMES = ("Nováková", "Svoboda", "Dvořák", "Černá", "Procházka", "Kučerová", "Veselý", "Horák",
              "Němcová", "Marek", "Pokorná", "Král")
TOPICS = (
    ("transport", "Autobus do {town} i o víkendu", "Spoj v sobotu ráno chybí, lidé nedojedou k lékaři ani na vlak."),
    ("broadband", "Optika pro {town}", "Internet po mobilní síti nestačí na práci z domova ani na školu."),
    ("energy", "Společný energetický manažer pro {town}", "Ceny energií rostou; obce by mohly nakupovat spolu."),
    ("water", "Vodovod a kanalizace v {town}", "Studny v létě vysychají, čistírna je přetížená."),
    ("waste", "Sběrný dvůr blíž k {town}", "Do sběrného dvora je to dvacet kilometrů, odpad končí v lese."),
    ("social", "Pečovatelská služba pro {town}", "Senioři zůstávají sami, terénní služba sem nejezdí."),
    ("education", "Školní autobus z {town}", "Děti chodí na zastávku podél silnice bez chodníku."),
    ("environment", "Stromořadí podél cesty u {town}", "Cesta mezi obcemi je v létě bez stínu, chybí zeleň."),
    ("culture", "Společný kulturní kalendář {town}", "Akce se kryjí, protože o sobě obce nevědí."),
    ("administration", "Sdílený právník pro {town}", "Malé obce si nemohou dovolit vlastního právníka."),
)
COMMENT_TEXTS = (
    "Souhlasím, týká se to i nás.", "Tohle řešíme už roky, díky za návrh.",
    "Nebylo by levnější domluvit se se sousední obcí?", "Kolik by to stálo a kdo by to platil?",
    "Podporuji, ale chtělo by to i noční spoj.", "U nás to funguje, můžeme poslat zkušenosti.",
    "Nesouhlasím, priority jsou jinde.", "Připojte prosím i místní části.",
)


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class Writer:
    """Bulk writes: COPY on PostgreSQL, Core executemany in batches elsewhere; prints progress."""

    def __init__(self, echo=click.echo):
        self.engine = db.engine
        self.postgres = self.engine.dialect.name == "postgresql"
        self.echo = echo
        self.counts: dict[str, int] = {}

    def write(self, table_name: str, columns: tuple[str, ...], rows) -> int:
        started = time.perf_counter()
        table = db.metadata.tables[table_name]
        written = 0
        if self.postgres:
            written = self._copy(table_name, columns, rows)
        else:
            statement = table.insert()
            batch = []
            with self.engine.begin() as connection:
                for row in rows:
                    batch.append(dict(zip(columns, row, strict=True)))
                    if len(batch) >= BATCH:
                        connection.execute(statement, batch)
                        written += len(batch)
                        batch = []
                if batch:
                    connection.execute(statement, batch)
                    written += len(batch)
        self.counts[table_name] = self.counts.get(table_name, 0) + written
        self.echo(f"  {table_name:<26} {written:>10,} rows  {time.perf_counter() - started:6.1f} s")
        return written

    def _copy(self, table_name: str, columns: tuple[str, ...], rows) -> int:
        written = 0
        raw = self.engine.raw_connection()
        try:
            with raw.cursor() as cursor:
                names = ", ".join(f'"{c}"' for c in columns)
                with cursor.copy(f'COPY "{table_name}" ({names}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
                        written += 1
            raw.commit()
        finally:
            raw.close()
        return written


def is_empty() -> bool:
    from participation.accounts.models import User
    from participation.territory.models import Municipality

    return not (db.session.scalar(select(func.count()).select_from(Municipality))
                or db.session.scalar(select(func.count()).select_from(User)))


def clear_all() -> None:
    """Delete every row of every table (the schema stays)."""
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


def _zipf_weights(n: int, exponent: float) -> list[float]:
    return [1 / (rank ** exponent) for rank in range(1, n + 1)]


def _allocate(total: int, weights: list[float], cap: int) -> list[int]:
    """Split `total` by `weights`, each share at most `cap` (the rest moves down the list)."""
    weight_sum = sum(weights)
    shares = [min(cap, int(total * w / weight_sum)) for w in weights]
    missing = total - sum(shares)
    index = 0
    while missing > 0 and index < 10 * len(shares) and cap > 0:
        position = index % len(shares)
        if shares[position] < cap:
            shares[position] += 1
            missing -= 1
        index += 1
    return shares


class Generator:
    def __init__(self, scale: Scale, seed: int = 1, echo=click.echo):
        self.scale = scale
        self.rng = random.Random(seed)
        self.writer = Writer(echo)
        self.echo = echo
        self.now = _now()
        self.next_thread = 1

    # --- helpers ---

    def _threads(self, subject_type: str, count: int, when) -> list[int]:
        first = self.next_thread
        ids = list(range(first, first + count))
        self.next_thread += count
        self.writer.write("thread", ("id", "created_at", "subject_type"),
                          ((i, when, subject_type) for i in ids))
        return ids

    def _ago(self, max_days: int, min_days: int = 0) -> datetime:
        return self.now - timedelta(days=self.rng.uniform(min_days, max_days))

    # --- territory ---

    def territory(self) -> None:
        s, rng, now = self.scale, self.rng, self.now
        self.writer.write("region", ("id", "code", "name", "created_at", "updated_at"),
                          [(1, "CZ-63", "Kraj Vysočina", now, now)])
        # Zipf-like populations: one town of ~35,000, most villages under 1,000.
        self.populations = [max(60, int(35_000 / (rank ** 1.1)) + rng.randint(0, 150))
                            for rank in range(1, s.municipalities + 1)]
        rows = []
        for i in range(s.municipalities):
            name = f"{NAME_FIRST[i % len(NAME_FIRST)]} {NAME_ROOT[(i // len(NAME_FIRST)) % len(NAME_ROOT)]}"
            if i >= len(NAME_FIRST) * len(NAME_ROOT):
                name += f" {i // (len(NAME_FIRST) * len(NAME_ROOT)) + 1}"
            rows.append((i + 1, f"{500_001 + i:06d}", name, fold(name), self.populations[i], 1, now, now))
        self.municipality_names = {r[0]: r[2] for r in rows}
        self.writer.write("municipality", ("id", "code", "name", "search_name", "population", "region_id",
                                           "created_at", "updated_at"), rows)
        municipality_ids = list(range(1, s.municipalities + 1))
        kinds = ("dso", "mas", "microregion", "dso", "iti")
        groupings, memberships = [], []
        self.grouping_members: dict[int, list[int]] = {}
        membership_id = 0
        for g in range(1, s.groupings + 1):
            kind = kinds[g % len(kinds)]
            name = f"{'Mikroregion' if kind == 'microregion' else kind.upper()} {NAME_ROOT[g % len(NAME_ROOT)]} {g}"
            groupings.append((g, name, fold(name), kind, "", 1, 3, 10, Decimal("1.00"), now, now))
            # Overlapping: a run of neighbouring municipalities (ids) plus a few far ones.
            size = min(s.municipalities, rng.randint(6, 45))
            start = rng.randrange(s.municipalities)
            members = {municipality_ids[(start + k) % s.municipalities] for k in range(size)}
            members.update(rng.sample(municipality_ids, min(3, s.municipalities)))
            self.grouping_members[g] = sorted(members)
            for m in sorted(members):
                membership_id += 1
                memberships.append((membership_id, g, m, date(2010 + m % 12, 1, 1), None))
        self.writer.write("grouping", ("id", "name", "search_name", "kind", "description", "region_id",
                                       "threshold_municipalities", "threshold_min_supporters",
                                       "threshold_population_percent", "created_at", "updated_at"), groupings)
        self.writer.write("grouping_membership", ("id", "grouping_id", "municipality_id", "joined_on", "left_on"),
                          memberships)
        self.groupings_of: dict[int, list[int]] = {}
        for g, members in self.grouping_members.items():
            for m in members:
                self.groupings_of.setdefault(m, []).append(g)

    # --- accounts ---

    def accounts(self) -> None:
        s, rng, now = self.scale, self.rng, self.now
        password_hash = generate_password_hash(PASSWORD)
        cumulative = list(accumulate(self.populations))
        self.home: list[int] = [0]  # home[user_id] = municipality id
        self.users_of: dict[int, list[int]] = {}
        for user_id in range(1, s.users + 1):
            municipality = bisect(cumulative, rng.random() * cumulative[-1]) + 1
            self.home.append(municipality)
            self.users_of.setdefault(municipality, []).append(user_id)

        def rows():
            for user_id in range(1, s.users + 1):
                created = self._ago(1500, 30)
                name = f"{FIRST_NAMES[user_id % len(FIRST_NAMES)]} {LAST_NAMES[(user_id // 7) % len(LAST_NAMES)]}"
                verified = created if user_id % 5 == 0 else None
                yield (user_id, f"user{user_id}@bench.spolu.test", password_hash, name, self.home[user_id], "cs",
                       created, verified, None, None, True, created, created)

        self.writer.write("user", ("id", "email", "password_hash", "display_name", "home_municipality_id", "locale",
                                   "email_confirmed_at", "residency_verified_at", "deleted_at", "last_login_at",
                                   "is_active_account", "created_at", "updated_at"), rows())
        # User 1 administers everything; a moderator for each of the biggest municipalities;
        # a representative for each grouping (users 2.. are taken in order).
        roles = [(1, 1, "administrator", None, None, None, None, now, now)]
        self.moderator_of: dict[int, int] = {}
        role_user = 2
        for m in range(1, min(s.municipalities, 50) + 1):
            roles.append((len(roles) + 1, role_user, "moderator", m, None, None, 1, now, now))
            self.moderator_of[m] = role_user
            role_user += 1
        for g in self.grouping_members:
            roles.append((len(roles) + 1, role_user, "representative", None, g, None, 1, now, now))
            role_user += 1
        self.writer.write("role", ("id", "user_id", "kind", "municipality_id", "grouping_id", "region_id",
                                   "granted_by_id", "created_at", "updated_at"), roles)

    # --- proposals, supports, comments ---

    def proposals(self) -> None:
        s, rng = self.scale, self.rng
        statuses = (["published"] * 60 + ["under_review"] * 12 + ["in_cooperation"] * 6 + ["in_progress"] * 6
                    + ["solved"] * 5 + ["not_taken_up"] * 5 + ["withdrawn"] * 3 + ["draft"] * 3)
        threads = self._threads("proposal", s.proposals, self.now - timedelta(days=1500))
        self.proposal_status: list[str] = [""]
        self.proposal_published: list[datetime | None] = [None]
        self.proposal_municipalities: list[list[int]] = [[]]
        self.proposal_thread: list[int] = [0]
        rows, links, changes, answers = [], [], [], []
        for pid in range(1, s.proposals + 1):
            # The first proposals are the popular ones: keep them open and public.
            status = "published" if pid <= 50 else rng.choice(statuses)
            author = rng.randint(1, s.users)
            home = self.home[author]
            count = 1 if rng.random() < 0.55 else rng.randint(2, 4)
            municipalities = {home}
            while len(municipalities) < min(count, s.municipalities):
                municipalities.add(max(1, min(s.municipalities, home + rng.randint(-8, 8))))
            grouping = rng.choice(self.groupings_of[home]) if home in self.groupings_of and rng.random() < 0.6 else None
            category, title, body = TOPICS[pid % len(TOPICS)]
            title = title.format(town=self.municipality_names[home])
            if pid > 1:
                title = f"{title} ({pid})"
            created = self._ago(1400, 2)
            published = None if status == "draft" else created + timedelta(hours=1)
            withdrawn = published + timedelta(days=3) if status == "withdrawn" else None
            last_activity = published or created
            rows.append((pid, title, body, fold(f"{title} {body}"), category, status, author, grouping,
                         threads[pid - 1], None, None, published, withdrawn, None, last_activity, None, None, "",
                         None, None, created, created))
            for m in sorted(municipalities):
                links.append((pid, m))
            if published is not None:
                changes.append((len(changes) + 1, published, pid, author, "draft", "published", ""))
                if status not in ("published", "withdrawn"):
                    moderator = self.moderator_of.get(home)
                    changes.append((len(changes) + 1, published + timedelta(days=20), pid, moderator,
                                    "published", status, "Projednáno na zastupitelstvu."))
                    if status in ("not_taken_up", "solved"):
                        answers.append((len(answers) + 1, published + timedelta(days=20), pid, moderator, home,
                                        None, "Obec se návrhem zabývala na zasedání zastupitelstva."))
            self.proposal_status.append(status)
            self.proposal_published.append(published)
            self.proposal_municipalities.append(sorted(municipalities))
            self.proposal_thread.append(threads[pid - 1])
        self.writer.write("proposal", ("id", "title", "body", "search_text", "category", "status", "author_id",
                                       "grouping_id", "thread_id", "latitude", "longitude", "published_at",
                                       "withdrawn_at", "threshold_reached_at", "last_activity_at", "merged_into_id",
                                       "hidden_at", "hidden_reason", "hidden_by_id", "recorded_by_id", "created_at",
                                       "updated_at"), rows)
        self.writer.write("proposal_municipality", ("proposal_id", "municipality_id"), links)
        self.writer.write("status_change", ("id", "created_at", "proposal_id", "author_id", "from_status",
                                            "to_status", "reason"), changes)
        self.writer.write("official_answer", ("id", "created_at", "proposal_id", "author_id", "municipality_id",
                                              "grouping_id", "body"), answers)

    def supports(self) -> None:
        """Zipf-distributed over public proposals; most supporters live in an affected municipality."""
        s, rng = self.scale, self.rng
        supportable = [pid for pid in range(1, s.proposals + 1)
                       if self.proposal_status[pid] in ("published", "under_review", "in_cooperation",
                                                        "in_progress", "solved", "not_taken_up")]
        shares = _allocate(s.supports, _zipf_weights(len(supportable), 0.7), cap=s.users // 2)
        self.support_counts = dict(zip(supportable, shares, strict=True))
        reached = []

        def rows():
            support_id = 0
            for pid, share in zip(supportable, shares, strict=True):
                if share == 0:
                    continue
                pools = [self.users_of[m] for m in self.proposal_municipalities[pid] if m in self.users_of]
                local_size = sum(len(pool) for pool in pools)
                local_target = min(int(share * 0.7), local_size // 2)
                chosen: set[int] = set()
                while len(chosen) < local_target:
                    pool = rng.choice(pools)
                    chosen.add(pool[rng.randrange(len(pool))])
                while len(chosen) < share:
                    chosen.add(rng.randint(1, s.users))
                published = self.proposal_published[pid]
                span = max(1.0, (self.now - published).total_seconds())
                if share >= 200:
                    reached.append(pid)
                for user_id in chosen:
                    support_id += 1
                    when = published + timedelta(seconds=rng.random() * span)
                    yield (support_id, when, pid, user_id, self.home[user_id], "online", None)

        self.writer.write("support", ("id", "created_at", "proposal_id", "user_id", "municipality_id", "source",
                                      "recorded_by_id"), rows())
        # Roughly: proposals with a few hundred supporters reached their grouping's threshold.
        if reached:
            table = db.metadata.tables["proposal"]
            with db.engine.begin() as connection:
                for start in range(0, len(reached), 1000):
                    connection.execute(table.update().where(table.c.id.in_(reached[start:start + 1000]))
                                       .values(threshold_reached_at=self.now - timedelta(days=10)))

    def comments(self) -> None:
        """Zipf over proposal threads (the popular proposals are the discussed ones), replies nest to depth 3.

        Proposal 2 gets exactly `discussed_comments` comments: the load runner opens it.
        """
        s, rng = self.scale, self.rng
        public = [pid for pid in range(1, s.proposals + 1) if self.proposal_status[pid] != "draft" and pid != 2]
        remaining = max(0, s.comments - s.discussed_comments)
        shares = _allocate(remaining, _zipf_weights(len(public), 0.9), cap=max(50, remaining // 20))
        plan = [(2, s.discussed_comments)] + list(zip(public, shares, strict=True))

        def rows():
            comment_id = 0
            for pid, share in plan:
                thread = self.proposal_thread[pid]
                published = self.proposal_published[pid]
                span = max(1.0, (self.now - published).total_seconds())
                offsets = sorted(rng.random() * span for _ in range(share))
                written: list[tuple[int, int, int, str]] = []  # (id, depth, root, path)
                roots: dict[int, tuple[int, int, int, str]] = {}
                for offset in offsets:
                    comment_id += 1
                    when = published + timedelta(seconds=offset)
                    body = rng.choice(COMMENT_TEXTS)
                    if written and rng.random() < 0.4:
                        parent_id, parent_depth, root, parent_path = rng.choice(written[-30:])
                        if parent_depth >= 3:
                            parent_id, parent_depth, root, parent_path = roots[root]
                        depth, path, stance = parent_depth + 1, f"{parent_path}/{comment_id:010d}", None
                    else:
                        parent_id, depth, root, path = None, 1, comment_id, f"{comment_id:010d}"
                        stance = rng.choice(("for", "for", "against", "neutral", None))
                    written.append((comment_id, depth, root, path))
                    if depth == 1:
                        roots[comment_id] = written[-1]
                    yield (comment_id, thread, parent_id, root, depth, path, rng.randint(1, s.users), body, stance,
                           None, None, None, "", "", None, when, when)

        self.writer.write("comment", ("id", "thread_id", "parent_id", "root_id", "depth", "path", "author_id", "body",
                                      "stance", "edited_at", "deleted_at", "hidden_at", "hidden_reason",
                                      "hidden_reason_code", "hidden_by_id", "created_at", "updated_at"), rows())

    # --- agreements and projects ---

    def agreements_and_projects(self) -> None:
        s, rng, now = self.scale, self.rng, self.now
        kinds = ("dso_statute", "public_law_contract", "memorandum", "joint_procurement", "shared_advisor")
        statuses = ("draft", "negotiation", "signed", "in_force", "in_force", "in_force", "ended")
        threads = self._threads("agreement", s.agreements, now - timedelta(days=1000))
        agreements, parties_m, parties_g, ties = [], [], [], []
        cooperating = [p for p in range(1, s.proposals + 1) if self.proposal_status[p] == "in_cooperation"]
        for aid in range(1, s.agreements + 1):
            grouping = rng.randint(1, s.groupings)
            members = self.grouping_members[grouping]
            parties = sorted(rng.sample(members, min(len(members), rng.randint(2, 8))))
            status = statuses[aid % len(statuses)]
            signed = (now - timedelta(days=rng.randint(30, 1500))).date() if status in ("signed", "in_force",
                                                                                       "ended") else None
            title = f"Smlouva o spolupráci č. {aid}: {TOPICS[aid % len(TOPICS)][1].format(town='regionu')}"
            created = self._ago(1600, 20)
            agreements.append((aid, title, fold(title), kinds[aid % len(kinds)], status,
                               "Obce se dohodly na společném postupu.", signed, signed,
                               None, self.moderator_of.get(parties[0]), threads[aid - 1], created, created))
            parties_m.extend((aid, m) for m in parties)
            if aid % 2:
                parties_g.append((aid, grouping))
            if cooperating and aid % 2 == 0:
                ties.append((len(ties) + 1, created, aid, cooperating[aid % len(cooperating)], "Řeší to tato smlouva.",
                             None))
        ties = list({(t[2], t[3]): t for t in ties}.values())
        ties = [(i + 1, *t[1:]) for i, t in enumerate(ties)]
        self.writer.write("agreement", ("id", "title", "search_title", "kind", "status", "summary", "signed_on",
                                        "effective_on", "ends_on", "created_by_id", "thread_id", "created_at",
                                        "updated_at"), agreements)
        self.writer.write("agreement_municipality", ("agreement_id", "municipality_id"), parties_m)
        self.writer.write("agreement_grouping", ("agreement_id", "grouping_id"), parties_g)
        self.writer.write("agreement_proposal", ("id", "created_at", "agreement_id", "proposal_id", "note",
                                                 "created_by_id"), ties)

        pkinds = ("fibre_backbone", "shared_infrastructure", "roads_paths", "water_sewage", "energy", "waste", "other")
        pstatuses = ("planned", "preparing", "tendering", "building", "building", "operating", "done")
        threads = self._threads("project", s.projects, now - timedelta(days=1000))
        in_progress = [p for p in range(1, s.proposals + 1) if self.proposal_status[p] == "in_progress"]
        projects, places, funding, milestones, updates, links = [], [], [], [], [], []
        for pid in range(1, s.projects + 1):
            grouping = rng.randint(1, s.groupings)
            members = self.grouping_members[grouping]
            municipalities = sorted(rng.sample(members, min(len(members), rng.randint(2, 6))))
            status = pstatuses[pid % len(pstatuses)]
            budget = Decimal(rng.randint(5, 900) * 100_000)
            created = self._ago(1500, 60)
            title = f"{TOPICS[pid % len(TOPICS)][1].format(town=self.municipality_names[municipalities[0]])} – projekt {pid}"
            projects.append((pid, title, fold(title), pkinds[pid % len(pkinds)], status,
                             "Společná investice obcí.", pid if pid <= s.agreements and pid % 3 else None, budget,
                             "milestones", None, self.municipality_names[municipalities[0]], None, None,
                             created + timedelta(days=900) if status == "done" else None,
                             self.moderator_of.get(municipalities[0]), threads[pid - 1], created, created))
            places.extend((pid, m) for m in municipalities)
            funding.append((len(funding) + 1, pid, "IROP", (budget * Decimal("0.7")).quantize(Decimal("1")), 1))
            funding.append((len(funding) + 1, pid, "Obce", (budget * Decimal("0.3")).quantize(Decimal("1")), 2))
            start = created.date()
            for k in range(rng.randint(3, 6)):
                planned = start + timedelta(days=90 * (k + 1))
                milestones.append((len(milestones) + 1, pid, f"Etapa {k + 1}", planned,
                                   planned if planned < now.date() and rng.random() < 0.7 else None))
            for k in range(rng.randint(2, 10)):
                posted = start + timedelta(days=30 * (k + 1))
                updates.append((len(updates) + 1, datetime.combine(posted, datetime.min.time(), UTC), pid, posted,
                                "Pokračují práce na další etapě; harmonogram se drží.", None, None, "",
                                self.moderator_of.get(municipalities[0])))
            if in_progress and pid % 2 == 0:
                links.append((pid, in_progress[pid % len(in_progress)]))
        links = sorted(set(links))
        self.writer.write("project", ("id", "title", "search_title", "kind", "status", "description", "agreement_id",
                                      "budget", "progress_mode", "manual_progress", "place_name", "latitude",
                                      "longitude", "done_at", "created_by_id", "thread_id", "created_at",
                                      "updated_at"), projects)
        self.writer.write("project_municipality", ("project_id", "municipality_id"), places)
        self.writer.write("funding_source", ("id", "project_id", "name", "amount", "position"), funding)
        self.writer.write("milestone", ("id", "project_id", "title", "planned_on", "done_on"), milestones)
        self.writer.write("project_update", ("id", "created_at", "project_id", "posted_on", "body", "image_key",
                                             "image_content_type", "image_description", "author_id"), updates)
        self.writer.write("project_proposal", ("id", "created_at", "project_id", "proposal_id", "note",
                                               "created_by_id"),
                          [(i + 1, now, p, q, "", None) for i, (p, q) in enumerate(links)])

    # --- consultations ---

    def consultations(self) -> None:
        s, rng, now = self.scale, self.rng, self.now
        threads = self._threads("consultation", s.consultations, now - timedelta(days=400))
        consultations, participating, questions, options = [], [], [], []
        self.consultation_plan = []
        for cid in range(1, s.consultations + 1):
            grouping = (cid - 1) % s.groupings + 1
            members = self.grouping_members[grouping]
            closed = cid % 10 < 7  # most are over; the rest are open
            opens = now - timedelta(days=rng.randint(40, 400)) if closed else now - timedelta(days=5)
            closes = opens + timedelta(days=30) if closed else now + timedelta(days=20)
            consultations.append((cid, grouping, f"Konzultace {cid}: kudy povede optika a kam autobus",
                                  "Ptáme se obyvatel všech členských obcí.", opens, closes, "residents",
                                  "after_closing", "published", None, threads[cid - 1], opens - timedelta(days=3),
                                  opens + timedelta(hours=2), now, now))
            participating.extend((cid, m) for m in members)
            kinds = [("single", ("Sever", "Jih", "Západ")), ("multiple", ("Práce", "Škola", "Lékař", "Nákupy")),
                     ("scale", ()), ("ranking", ("Rychlost", "Cena", "Dostupnost")), ("text", ())]
            ids = {}
            for position, (kind, choices) in enumerate(kinds, start=1):
                qid = len(questions) + 1
                questions.append((qid, cid, position, kind, f"Otázka {position}", "", kind == "single",
                                  2 if kind == "multiple" else None))
                ids[kind] = (qid, [])
                for k, choice in enumerate(choices, start=1):
                    options.append((len(options) + 1, qid, k, choice))
                    ids[kind][1].append(len(options))
            self.consultation_plan.append((cid, members, ids, opens, closes))
        self.writer.write("consultation", ("id", "grouping_id", "title", "introduction", "opens_at", "closes_at",
                                           "eligibility", "results_visibility", "status", "created_by_id",
                                           "thread_id", "published_at", "first_answered_at", "created_at",
                                           "updated_at"), consultations)
        self.writer.write("consultation_municipality", ("consultation_id", "municipality_id"), participating)
        self.writer.write("consultation_question", ("id", "consultation_id", "position", "kind", "text",
                                                    "help_text", "required", "max_choices"), questions)
        self.writer.write("consultation_option", ("id", "question_id", "position", "text"), options)

        shares = _allocate(s.responses, _zipf_weights(s.consultations, 0.6), cap=s.responses)
        plan_seed = rng.random()

        def plan():
            """(response, [answers]) pairs; run twice with one seed so that neither table sits in memory."""
            rng = random.Random(plan_seed)
            response_id = 0
            for (cid, members, ids, opens, closes), share in zip(self.consultation_plan, shares, strict=True):
                residents = [u for m in members for u in self.users_of.get(m, ())]
                span = (min(closes, now) - opens).total_seconds()
                for user_id in rng.sample(residents, min(share, len(residents))):
                    response_id += 1
                    municipality = self.home[user_id]
                    when = opens + timedelta(seconds=rng.random() * span)
                    response = (response_id, cid, user_id, municipality, "online", None, when, when)
                    answers = []
                    base = (response_id, cid)
                    single_q, single = ids["single"]
                    answers.append((*base, single_q, single[(municipality + rng.randint(0, 1)) % len(single)],
                                    municipality, "online", None, None, None, ""))
                    multiple_q, multiple = ids["multiple"]
                    for option in rng.sample(multiple, 2):
                        answers.append((*base, multiple_q, option, municipality, "online", None, None, None, ""))
                    answers.append((*base, ids["scale"][0], None, municipality, "online", None,
                                    rng.randint(1, 5), None, ""))
                    ranking_q, ranking = ids["ranking"]
                    for rank, option in enumerate(rng.sample(ranking, len(ranking)), start=1):
                        answers.append((*base, ranking_q, option, municipality, "online", rank, None, None, ""))
                    if rng.random() < 0.15:
                        answers.append((*base, ids["text"][0], None, municipality, "online", None, None,
                                        rng.choice(COMMENT_TEXTS), ""))
                    yield response, answers

        self.writer.write("consultation_response", ("id", "consultation_id", "user_id", "municipality_id", "source",
                                                    "recorded_by_id", "created_at", "updated_at"),
                          (response for response, _ in plan()))
        self.writer.write("consultation_answer", ("response_id", "consultation_id", "question_id", "option_id",
                                                  "municipality_id", "source", "rank", "scale_value", "text",
                                                  "hidden_reason"),
                          (answer for _, answers in plan() for answer in answers))

    # --- finishing ---

    def finish(self) -> None:
        started = time.perf_counter()
        if db.engine.dialect.name != "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("ANALYZE"))  # statistics for SQLite's planner
            self.echo(f"  ANALYZE                          {time.perf_counter() - started:6.1f} s")
            return
        with db.engine.begin() as connection:
            for table in db.metadata.sorted_tables:
                if "id" in table.c and table.c.id.autoincrement and table.c.id.primary_key:
                    connection.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM \"{table.name}\"), 0) + 1, false)"))
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
        self.echo(f"  sequences moved, VACUUM ANALYZE  {time.perf_counter() - started:6.1f} s")

    def run(self) -> dict[str, int]:
        started = time.perf_counter()
        for step in (self.territory, self.accounts, self.proposals, self.supports, self.comments,
                     self.agreements_and_projects, self.consultations, self.finish):
            self.echo(f"{step.__name__.replace('_', ' ')}…")
            step()
        self.echo(f"Done in {time.perf_counter() - started:.0f} s.")
        return self.writer.counts


def generate(scale: str | Scale, seed: int = 1, echo=click.echo) -> dict[str, int]:
    """Fill an empty database at `scale`; returns rows written per table."""
    chosen = SCALES[scale] if isinstance(scale, str) else scale
    return Generator(chosen, seed=seed, echo=echo).run()


def scaled(name: str, factor: float) -> Scale:
    """A scale with every count multiplied by `factor` (at least the tiny counts)."""
    base, floor = SCALES[name], SCALES["tiny"]
    values = {f: max(getattr(floor, f), int(getattr(base, f) * factor))
              for f in ("municipalities", "groupings", "users", "proposals", "supports", "comments",
                        "agreements", "projects", "consultations", "responses")}
    return replace(base, **values)
