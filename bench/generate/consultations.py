"""Joint consultations of a grouping, five kinds of question, and the residents' responses and answers.

Responses and answers are drawn from their own random stream, seeded once
from the run's: the plan runs twice (once per table) and gives the same
rows both times, so neither table has to sit in memory.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from bench.generate.accounts import People
from bench.generate.context import Context
from bench.generate.skew import allocate, zipf_weights
from bench.generate.territory import Territory
from bench.generate.texts import COMMENT_TEXTS

QUESTIONS = (("single", ("Sever", "Jih", "Západ")), ("multiple", ("Práce", "Škola", "Lékař", "Nákupy")),
             ("scale", ()), ("ranking", ("Rychlost", "Cena", "Dostupnost")), ("text", ()))
CONSULTATION_COLUMNS = ("id", "grouping_id", "title", "introduction", "opens_at", "closes_at", "eligibility",
                        "results_visibility", "status", "created_by_id", "thread_id", "published_at",
                        "first_answered_at", "created_at", "updated_at")
RESPONSE_COLUMNS = ("id", "consultation_id", "user_id", "municipality_id", "source", "recorded_by_id",
                    "created_at", "updated_at")
ANSWER_COLUMNS = ("response_id", "consultation_id", "question_id", "option_id", "municipality_id", "source",
                  "rank", "scale_value", "text", "hidden_reason")


@dataclass
class _Planned:
    """One written consultation, as its responses need it."""

    cid: int
    members: list[int]
    questions: dict[str, tuple[int, list[int]]]  # kind -> (question id, its option ids)
    opens: datetime
    closes: datetime


def fill_consultations(context: Context, territory: Territory, people: People) -> None:
    """`scale.consultations` consultations (most closed), then up to `scale.responses` responses, Zipf."""
    s = context.scale
    planned = _write_consultations(context, territory)
    shares = allocate(s.responses, zipf_weights(s.consultations, 0.6), cap=s.responses)
    plan_seed = context.rng.random()

    def plan():
        return _responses(context.now, people, list(zip(planned, shares, strict=True)), plan_seed)

    context.writer.write("consultation_response", RESPONSE_COLUMNS, (response for response, _ in plan()))
    context.writer.write("consultation_answer", ANSWER_COLUMNS,
                         (answer for _, answers in plan() for answer in answers))


def _write_consultations(context: Context, territory: Territory) -> list[_Planned]:
    s, rng, now = context.scale, context.rng, context.now
    threads = context.threads("consultation", s.consultations, now - timedelta(days=400))
    consultations, participating, questions, options, planned = [], [], [], [], []
    for cid in range(1, s.consultations + 1):
        grouping = (cid - 1) % s.groupings + 1
        members = territory.grouping_members[grouping]
        closed = cid % 10 < 7  # most are over; the rest are open
        opens = now - timedelta(days=rng.randint(40, 400)) if closed else now - timedelta(days=5)
        closes = opens + timedelta(days=30) if closed else now + timedelta(days=20)
        consultations.append((cid, grouping, f"Konzultace {cid}: kudy povede optika a kam autobus",
                              "Ptáme se obyvatel všech členských obcí.", opens, closes, "residents",
                              "after_closing", "published", None, threads[cid - 1], opens - timedelta(days=3),
                              opens + timedelta(hours=2), now, now))
        participating.extend((cid, m) for m in members)
        planned.append(_Planned(cid, members, _add_questions(cid, questions, options), opens, closes))
    context.writer.write("consultation", CONSULTATION_COLUMNS, consultations)
    context.writer.write("consultation_municipality", ("consultation_id", "municipality_id"), participating)
    context.writer.write("consultation_question", ("id", "consultation_id", "position", "kind", "text",
                                                   "help_text", "required", "max_choices"), questions)
    context.writer.write("consultation_option", ("id", "question_id", "position", "text"), options)
    return planned


def _add_questions(cid: int, questions: list, options: list) -> dict[str, tuple[int, list[int]]]:
    """One question of each kind in QUESTIONS, with its options; returns their ids by kind."""
    ids = {}
    for position, (kind, choices) in enumerate(QUESTIONS, start=1):
        qid = len(questions) + 1
        questions.append((qid, cid, position, kind, f"Otázka {position}", "", kind == "single",
                          2 if kind == "multiple" else None))
        ids[kind] = (qid, [])
        for k, choice in enumerate(choices, start=1):
            options.append((len(options) + 1, qid, k, choice))
            ids[kind][1].append(len(options))
    return ids


def _responses(now: datetime, people: People, plan: list[tuple[_Planned, int]], seed: float):
    """(response row, [answer rows]) for each consultation's share of its residents, in a fixed order."""
    rng = random.Random(seed)
    response_id = 0
    for consultation, share in plan:
        residents = [u for m in consultation.members for u in people.users_of.get(m, ())]
        span = (min(consultation.closes, now) - consultation.opens).total_seconds()
        for user_id in rng.sample(residents, min(share, len(residents))):
            response_id += 1
            municipality = people.home[user_id]
            when = consultation.opens + timedelta(seconds=rng.random() * span)
            response = (response_id, consultation.cid, user_id, municipality, "online", None, when, when)
            yield response, _answers(rng, (response_id, consultation.cid), consultation.questions, municipality)


def _answers(rng: random.Random, base: tuple[int, int], ids: dict, municipality: int) -> list[tuple]:
    """A full response: single and multiple choice, scale, ranking; free text in 15 % of cases."""
    answers = []
    single_q, single = ids["single"]
    answers.append((*base, single_q, single[(municipality + rng.randint(0, 1)) % len(single)],
                    municipality, "online", None, None, None, ""))
    multiple_q, multiple = ids["multiple"]
    for option in rng.sample(multiple, 2):
        answers.append((*base, multiple_q, option, municipality, "online", None, None, None, ""))
    answers.append((*base, ids["scale"][0], None, municipality, "online", None, rng.randint(1, 5), None, ""))
    ranking_q, ranking = ids["ranking"]
    for rank, option in enumerate(rng.sample(ranking, len(ranking)), start=1):
        answers.append((*base, ranking_q, option, municipality, "online", rank, None, None, ""))
    if rng.random() < 0.15:
        answers.append((*base, ids["text"][0], None, municipality, "online", None, None,
                        rng.choice(COMMENT_TEXTS), ""))
    return answers
