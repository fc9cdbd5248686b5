"""CSV export of a consultation's answers: one row per response and answer, no personal data.

A row names the response by its number in the export (not its database id),
its municipality and source; never the user, the recording moderator or a
timestamp. Hidden free-text answers are left out. UTF-8 with a byte order
mark, so that spreadsheet programs read Czech accents correctly.
"""

import csv
import io
from collections.abc import Iterator

from sqlalchemy import select

from participation.consultations.models import Answer, Consultation
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
