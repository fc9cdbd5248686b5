"""Results of a consultation: overall, per municipality, and each municipality counted equally.

Nothing is counted when the page is shown: `consultation_tally` keeps, per
question, option (or scale value), municipality and source, the numbers
below, updated by triggers in the same transaction as each answer
(counters.py). Computing the results reads those few rows and the newest
free-text answers, two queries for ten responses or a hundred thousand;
Python only adds them up.

Shares are of the respondents to the question: for single choice they add up
to 100 %; for multiple choice each is the share of respondents who ticked the
option, so together they may exceed 100 %.

Rankings: every respondent ranks all n options (1 = first). An option's
average rank is the mean of its ranks (lower is better). Its Borda points are
the sum over respondents of (n - rank + 1): first place gets n points, last
place 1, so Borda points = count * (n + 1) - sum of ranks.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select, union_all

from participation.consultations.models import (
    SCALE_VALUES,
    Answer,
    Consultation,
    Question,
    QuestionKind,
    ResponseSource,
)
from participation.consultations.models import Tally as StoredTally
from participation.extensions import db
from participation.permissions import api as disclosure_rules

TEXTS_ON_RESULTS_PAGE = 30


@dataclass
class Tally:
    """Counts for one question among one group of respondents (everybody, a municipality, paper)."""

    respondents: int = 0
    counts: dict[int, int] = field(default_factory=lambda: defaultdict(int))  # option id or scale value
    rank_sums: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    first_places: dict[int, int] = field(default_factory=lambda: defaultdict(int))

    def share(self, key: int) -> float:
        return self.counts.get(key, 0) / self.respondents if self.respondents else 0.0

    def scale_average(self) -> float | None:
        answered = sum(self.counts.values())
        if not answered:
            return None
        return sum(value * count for value, count in self.counts.items()) / answered

    def average_rank(self, option_id: int) -> float | None:
        count = self.counts.get(option_id, 0)
        return self.rank_sums.get(option_id, 0) / count if count else None

    def borda(self, option_id: int, option_count: int) -> int:
        """Borda points: (n - rank + 1) per respondent, i.e. count * (n + 1) - sum of ranks."""
        return self.counts.get(option_id, 0) * (option_count + 1) - self.rank_sums.get(option_id, 0)

    def leaders(self) -> set[int]:
        """The most chosen option(s); empty when nobody answered."""
        if not self.counts:
            return set()
        top = max(self.counts.values())
        return {key for key, count in self.counts.items() if count == top and top > 0}


@dataclass
class QuestionResult:
    question: Question
    overall: Tally = field(default_factory=Tally)
    paper: Tally = field(default_factory=Tally)
    by_municipality: dict[int, Tally] = field(default_factory=lambda: defaultdict(Tally))
    texts: list[dict] = field(default_factory=list)

    @property
    def keys(self) -> list[int]:
        """What the question's answers are counted by: option ids, or scale values 1-5."""
        if self.question.kind == QuestionKind.SCALE:
            return list(SCALE_VALUES)
        return [option.id for option in self.question.options]

    @property
    def labelled_keys(self) -> list[tuple[int, str]]:
        """(key, label) pairs in the order the questionnaire shows them."""
        if self.question.kind == QuestionKind.SCALE:
            return [(value, str(value)) for value in SCALE_VALUES]
        return [(option.id, option.text) for option in self.question.options]

    def borda_fraction(self, option_id: int) -> float:
        """Borda points as a share of the most an option could get (first for everybody)."""
        option_count = len(self.question.options)
        most = self.overall.respondents * option_count
        return self.overall.borda(option_id, option_count) / most if most else 0.0

    def municipal_tallies(self, municipality_ids) -> list[Tally]:
        """The tallies of the given municipalities that have at least one respondent."""
        return [self.by_municipality[m] for m in municipality_ids
                if m in self.by_municipality and self.by_municipality[m].respondents]

    def equal_weight_shares(self, municipality_ids) -> dict[int, float]:
        """Each municipality counts equally: the plain mean of the municipal shares.

        For option o: (1 / |M|) * sum over m in M of count_m(o) / respondents_m,
        where M are the participating municipalities with at least one respondent
        to this question (online or paper). A municipality where nobody answered
        the question has no distribution to weigh, so it is left out of the
        mean rather than counted as 0 % for every option (which would make the
        shares add up to less than 100 %); the page says how many municipalities
        the view rests on. Turnout does not matter here: a village where 5 people
        answered weighs as much as a town where 500 did, as at a DSO assembly.
        """
        tallies = self.municipal_tallies(municipality_ids)
        if not tallies:
            return {key: 0.0 for key in self.keys}
        return {key: sum(t.share(key) for t in tallies) / len(tallies) for key in self.keys}

    def equal_weight_scale_average(self, municipality_ids) -> float | None:
        """The mean of the municipal averages, over municipalities with answers."""
        averages = [t.scale_average() for t in self.municipal_tallies(municipality_ids)]
        averages = [a for a in averages if a is not None]
        return sum(averages) / len(averages) if averages else None

    def equal_weight_average_rank(self, option_id: int, municipality_ids) -> float | None:
        """The mean of the municipal average ranks of the option."""
        ranks = [t.average_rank(option_id) for t in self.municipal_tallies(municipality_ids)]
        ranks = [r for r in ranks if r is not None]
        return sum(ranks) / len(ranks) if ranks else None

    def municipalities_leading(self, municipality_ids) -> dict[int, int]:
        """In how many municipalities each option is the most chosen (ties count for each)."""
        leading = dict.fromkeys(self.keys, 0)
        for tally in self.municipal_tallies(municipality_ids):
            for key in tally.leaders():
                if key in leading:
                    leading[key] += 1
        return leading


@dataclass(frozen=True)
class Disclosure:
    """Which of a question's tallies may be shown; fewer respondents than the minimum hide a group's figures.

    The rule is permissions.api's, shared by the page, the CSV export and the
    API: a municipality below the minimum keeps its number of respondents but
    not its figures; the overall figures are hidden too when overall minus the
    shown municipalities would give the hidden ones away; the paper column
    likewise when paper or online alone is a small group. A minimum of 0 shows
    everything.
    """

    overall: bool
    paper: bool
    municipalities: frozenset[int]

    def shows(self, municipality_id: int) -> bool:
        return municipality_id in self.municipalities


def disclosure(result: QuestionResult, municipality_ids, minimum: int) -> Disclosure:
    """What of one question's results the minimum of respondents lets through."""
    municipal = {m: result.by_municipality[m].respondents for m in municipality_ids
                 if m in result.by_municipality and result.by_municipality[m].respondents}
    overall = result.overall.respondents
    overall_shown = disclosure_rules.shows_overall_figures(overall, list(municipal.values()), minimum)
    paper = result.paper.respondents
    return Disclosure(
        overall=overall_shown,
        paper=overall_shown and disclosure_rules.shows_overall_figures(overall, [paper, overall - paper], minimum),
        municipalities=frozenset(m for m, count in municipal.items()
                                 if disclosure_rules.shows_figures(count, minimum)),
    )


@dataclass
class Turnout:
    municipality: object
    online: int = 0
    paper: int = 0

    @property
    def total(self) -> int:
        return self.online + self.paper

    @property
    def share(self) -> float | None:
        population = self.municipality.population or 0
        return self.total / population if population else None


@dataclass
class ConsultationResults:
    consultation: Consultation
    questions: list[QuestionResult]
    turnout: list[Turnout]

    @property
    def municipality_ids(self) -> list[int]:
        return [t.municipality.id for t in self.turnout]

    @property
    def municipality_names(self) -> dict[int, str]:
        return {t.municipality.id: t.municipality.name for t in self.turnout}

    @property
    def total(self) -> int:
        return sum(t.total for t in self.turnout)

    @property
    def turnout_share(self) -> float | None:
        return self.total / self.population if self.population else None

    @property
    def paper(self) -> int:
        return sum(t.paper for t in self.turnout)

    @property
    def online(self) -> int:
        return sum(t.online for t in self.turnout)

    @property
    def population(self) -> int:
        return sum(t.municipality.population or 0 for t in self.turnout)

    def disclosures(self, minimum: int) -> dict[int, Disclosure]:
        """Per question id, what the minimum of respondents lets through."""
        ids = self.municipality_ids
        return {result.question.id: disclosure(result, ids, minimum) for result in self.questions}


def _tally_rows(consultation_id: int):
    """Every stored tally of the consultation (kept by triggers, counters.py): one query."""
    return db.session.execute(
        select(StoredTally.kind, StoredTally.question_id, StoredTally.key, StoredTally.municipality_id,
               StoredTally.source, StoredTally.count, StoredTally.rank_sum, StoredTally.first_places)
        .where(StoredTally.consultation_id == consultation_id, StoredTally.count != 0)
    ).all()


def _turnout(consultation: Consultation, rows) -> list[Turnout]:
    turnout = {m.id: Turnout(m) for m in consultation.municipalities}
    for row in rows:
        if row.kind != "turnout" or row.municipality_id not in turnout:
            continue  # cannot happen: the municipalities are frozen once answered
        if row.source == ResponseSource.PAPER:
            turnout[row.municipality_id].paper += row.count
        else:
            turnout[row.municipality_id].online += row.count
    return list(turnout.values())


def _tallies_for(result: QuestionResult, municipality_id: int, source) -> list[Tally]:
    tallies = [result.overall, result.by_municipality[municipality_id]]
    if source == ResponseSource.PAPER:
        tallies.append(result.paper)
    return tallies


def _count(rows, results: dict[int, QuestionResult]) -> None:
    """Add the stored question tallies up into overall, per-municipality and paper tallies."""
    for row in rows:
        if row.kind == "turnout" or row.question_id not in results:
            continue
        for tally in _tallies_for(results[row.question_id], row.municipality_id, row.source):
            if row.kind == "respondents":
                tally.respondents += row.count
            elif row.kind == "option":
                tally.counts[row.key] += row.count
                tally.rank_sums[row.key] += row.rank_sum
                tally.first_places[row.key] += row.first_places
            elif row.kind == "scale":
                tally.counts[row.key] += row.count


def latest_texts(consultation_id: int, *, include_hidden: bool, limit: int,
                 question_ids=None) -> dict[int, list[dict]]:
    """The newest free-text answers of every text question, `limit` per question, in one query.

    With `question_ids`, one LIMIT query per question joined by UNION ALL, each read
    backwards from the index on (question_id, id): the cost does not grow with the
    number of answers. Without, a window over every text answer of the consultation.
    """
    columns = (Answer.id, Answer.question_id, Answer.text, Answer.municipality_id, Answer.source,
               Answer.hidden_at, Answer.hidden_reason)
    if question_ids:
        parts = []
        for question_id in question_ids:
            part = select(*columns).where(Answer.question_id == question_id, Answer.text.is_not(None))
            if not include_hidden:
                part = part.where(Answer.hidden_at.is_(None))
            parts.append(part.order_by(Answer.id.desc()).limit(limit).subquery().select())
        rows = db.session.execute(union_all(*parts) if len(parts) > 1 else parts[0]).mappings().all()
        texts: dict[int, list[dict]] = defaultdict(list)
        for row in sorted(rows, key=lambda r: (r["question_id"], -r["id"])):
            texts[row["question_id"]].append(dict(row))
        for question_texts in texts.values():
            for position, row in enumerate(question_texts, start=1):
                row["position"] = position
        return texts
    numbered = (
        select(*columns,
               func.row_number().over(partition_by=Answer.question_id, order_by=Answer.id.desc())
               .label("position"))
        .where(Answer.consultation_id == consultation_id, Answer.text.is_not(None))
    )
    if not include_hidden:
        numbered = numbered.where(Answer.hidden_at.is_(None))
    numbered = numbered.subquery()
    rows = db.session.execute(
        select(numbered).where(numbered.c.position <= limit)
        .order_by(numbered.c.question_id, numbered.c.position)
    ).mappings()
    texts = defaultdict(list)
    for row in rows:
        texts[row["question_id"]].append(dict(row))
    return texts


def compute_results(consultation: Consultation, *, include_hidden: bool = False,
                    text_limit: int = TEXTS_ON_RESULTS_PAGE) -> ConsultationResults:
    """All results views of a consultation: the stored tallies and the newest texts, two queries.

    The tallies are kept by triggers as people answer (counters.py), so the cost
    does not grow with the number of responses. The consultation must come with
    its municipalities, questions and options loaded (see views.load_consultation).
    """
    results = {q.id: QuestionResult(q) for q in consultation.questions}
    rows = _tally_rows(consultation.id)
    turnout = _turnout(consultation, rows)
    _count(rows, results)
    text_questions = [q.id for q in consultation.questions if q.kind == QuestionKind.TEXT]
    if text_questions and text_limit > 0:
        for question_id, texts in latest_texts(consultation.id, include_hidden=include_hidden,
                                               limit=text_limit, question_ids=text_questions).items():
            if question_id in results:
                results[question_id].texts = texts
    return ConsultationResults(consultation, list(results.values()), turnout)
