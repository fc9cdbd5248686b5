"""CSV exports of a consultation: the public one of aggregates, and the managers' one of responses.

The public export (aggregate_csv) counts answers overall and per municipality
and suppresses the figures of any group of fewer than API_MIN_RESPONDENTS
respondents. The managers' export (csv_rows) has one row per response and
answer, no personal data:

A row names the response by its number in the export (not its database id),
its municipality and source; never the user, the recording moderator or a
timestamp. Hidden free-text answers are left out. UTF-8 with a byte order
mark, so that spreadsheet programs read Czech accents correctly.
"""

import csv
import io
from collections.abc import Iterator

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participation.consultations.models import Answer, Consultation, QuestionKind
from participation.consultations.results import disclosure
from participation.extensions import db

BOM = "\ufeff"
HEADER = (
    "response", "source", "municipality_code", "municipality", "question_number", "question",
    "question_kind", "option", "rank", "scale_value", "text",
)


def _line(writer_buffer: io.StringIO, writer, row) -> str:
    writer.writerow(row)
    value = writer_buffer.getvalue()
    writer_buffer.seek(0)
    writer_buffer.truncate(0)
    return value


def csv_rows(consultation: Consultation, batch: int = 2000) -> Iterator[str]:
    """Yield the CSV text in chunks, streaming the answers in response order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    municipalities = {m.id: m for m in consultation.municipalities}
    questions = {q.id: q for q in consultation.questions}
    options = {o.id: o for q in consultation.questions for o in q.options}
    yield BOM + _line(buffer, writer, HEADER)
    statement = (
        select(Answer.response_id, Answer.source, Answer.municipality_id, Answer.question_id,
               Answer.option_id, Answer.rank, Answer.scale_value, Answer.text, Answer.hidden_at)
        .where(Answer.consultation_id == consultation.id)
        .order_by(Answer.response_id, Answer.id)
        .execution_options(yield_per=batch)
    )
    numbers: dict[int, int] = {}
    pending = 0
    for row in db.session.execute(statement):
        if row.text is not None and row.hidden_at is not None:
            continue
        number = numbers.setdefault(row.response_id, len(numbers) + 1)
        municipality = municipalities.get(row.municipality_id)
        question = questions.get(row.question_id)
        option = options.get(row.option_id)
        writer.writerow((
            number, str(row.source), municipality.code if municipality else "",
            municipality.name if municipality else "", question.position if question else "",
            question.text if question else "", str(question.kind) if question else "",
            option.text if option else "", row.rank if row.rank is not None else "",
            row.scale_value if row.scale_value is not None else "", row.text or "",
        ))
        pending += 1
        if pending >= batch:
            pending = 0
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate(0)
    yield buffer.getvalue()


# ----- the public export: aggregates only -----

AGGREGATE_HEADER = (
    (_l("Municipality code"), "municipality_code"), (_l("Municipality"), "municipality"),
    (_l("Question number"), "question_number"), (_l("Question"), "question"), (_l("Question kind"), "question_kind"),
    (_l("Answer option"), "answer"), (_l("Respondents"), "respondents"), (_l("Count"), "count"), (_l("Share"), "share"),
    (_l("Average rank"), "average_rank"), (_l("Figures hidden"), "hidden"),
)


def _aggregate_lines(result, tally, municipality, shown: bool):
    """One line per answer of a question among one group of respondents; figures blank unless `shown`."""
    question = result.question
    place = (municipality.code, municipality.name) if municipality is not None else ("", _("All municipalities"))
    start = (*place, question.position, question.text, str(question.kind))
    if question.kind == QuestionKind.TEXT:
        yield (*start, "", tally.respondents, "", "", "", "" if shown else "1")
        return
    for key, label in result.labelled_keys:
        if not shown:
            yield (*start, label, tally.respondents, "", "", "", "1")
            continue
        rank = tally.average_rank(key) if question.kind == QuestionKind.RANKING else None
        yield (*start, label, tally.respondents, tally.counts.get(key, 0), format_decimal(tally.share(key), "0.####"),
               format_decimal(rank, "0.##") if rank is not None else "", "")


def aggregate_csv(computed, minimum: int) -> Iterator[str]:
    """Counts and shares per question overall and per municipality; no response, no free text.

    A tally of fewer than `minimum` respondents keeps its number of respondents
    but not its figures, so nobody's answer in a small village can be told.
    UTF-8 with a BOM, separated by semicolons, headers in the reader's language.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    yield BOM + _line(buffer, writer, [str(label) for label, _key in AGGREGATE_HEADER])
    municipalities = {m.id: m for m in computed.consultation.municipalities}
    for result in computed.questions:
        shown = disclosure(result, computed.municipality_ids, minimum)
        for row in _aggregate_lines(result, result.overall, None, shown.overall):
            writer.writerow(row)
        for municipality_id in computed.municipality_ids:
            tally = result.by_municipality.get(municipality_id)
            if tally is None or not tally.respondents:
                continue
            for row in _aggregate_lines(result, tally, municipalities.get(municipality_id),
                                        shown.shows(municipality_id)):
                writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
