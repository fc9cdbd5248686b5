"""Users, living where the people live, and the roles that moderate and represent them."""

from bisect import bisect
from dataclasses import dataclass
from itertools import accumulate

from werkzeug.security import generate_password_hash

from bench.generate.context import Context
from bench.generate.territory import Territory
from bench.generate.texts import FIRST_NAMES, LAST_NAMES

# The password of every generated account (one hash, reused: hashing 200,000 would take hours).
PASSWORD = "bench-password"
USER_COLUMNS = ("id", "email", "password_hash", "display_name", "home_municipality_id", "locale",
                "email_confirmed_at", "residency_verified_at", "deleted_at", "last_login_at", "is_active_account",
                "created_at", "updated_at")
ROLE_COLUMNS = ("id", "user_id", "kind", "municipality_id", "grouping_id", "region_id", "granted_by_id",
                "created_at", "updated_at")


@dataclass
class People:
    """Who lives where and who moderates where, for the steps that write what people do."""

    home: list[int]  # home[user_id] = municipality id (index 0 unused)
    users_of: dict[int, list[int]]  # municipality id -> its residents' user ids
    moderator_of: dict[int, int]  # municipality id -> its moderator's user id


def fill_accounts(context: Context, territory: Territory) -> People:
    """`scale.users` users spread by population, an administrator, moderators and representatives."""
    home, users_of = _place_users(context, territory.populations)
    context.writer.write("user", USER_COLUMNS, _user_rows(context, home))
    moderator_of = _write_roles(context, territory.grouping_members)
    return People(home, users_of, moderator_of)


def _place_users(context: Context, populations: list[int]) -> tuple[list[int], dict[int, list[int]]]:
    """Each user's home drawn in proportion to population: big towns have more users."""
    cumulative = list(accumulate(populations))
    home: list[int] = [0]
    users_of: dict[int, list[int]] = {}
    for user_id in range(1, context.scale.users + 1):
        municipality = bisect(cumulative, context.rng.random() * cumulative[-1]) + 1
        home.append(municipality)
        users_of.setdefault(municipality, []).append(user_id)
    return home, users_of


def _user_rows(context: Context, home: list[int]):
    password_hash = generate_password_hash(PASSWORD)
    for user_id in range(1, context.scale.users + 1):
        created = context.ago(1500, 30)
        name = f"{FIRST_NAMES[user_id % len(FIRST_NAMES)]} {LAST_NAMES[(user_id // 7) % len(LAST_NAMES)]}"
        verified = created if user_id % 5 == 0 else None
        yield (user_id, f"user{user_id}@bench.spolu.test", password_hash, name, home[user_id], "cs",
               created, verified, None, None, True, created, created)


def _write_roles(context: Context, grouping_members: dict[int, list[int]]) -> dict[int, int]:
    """User 1 administers everything; users 2.. in order moderate the (up to) 50 biggest municipalities
    (ids follow population rank), then represent one grouping each."""
    now = context.now
    roles = [(1, 1, "administrator", None, None, None, None, now, now)]
    moderator_of: dict[int, int] = {}
    role_user = 2
    for m in range(1, min(context.scale.municipalities, 50) + 1):
        roles.append((len(roles) + 1, role_user, "moderator", m, None, None, 1, now, now))
        moderator_of[m] = role_user
        role_user += 1
    for g in grouping_members:
        roles.append((len(roles) + 1, role_user, "representative", None, g, None, 1, now, now))
        role_user += 1
    context.writer.write("role", ROLE_COLUMNS, roles)
    return moderator_of
