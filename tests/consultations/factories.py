"""Builders for consultations in tests: a grouping, its members and a questionnaire of every kind."""

from datetime import timedelta

from participation.comments.models import Thread
from participation.common.models import utcnow
from participation.consultations.models import (
    Consultation,
    ConsultationStatus,
    Eligibility,
    Option,
    Question,
    QuestionKind,
    ResultsVisibility,
)
from participation.extensions import db
from tests.factories import GroupingFactory, MunicipalityFactory, UserFactory

EVERY_KIND = (
    (QuestionKind.SINGLE, "Kudy povede optika nejdřív?", ["Sever", "Jih"]),
    (QuestionKind.MULTIPLE, "Co je pro vás důležité?", ["Rychlost", "Cena", "Spolehlivost"]),
    (QuestionKind.SCALE, "Jak moc optiku potřebujete?", []),
    (QuestionKind.RANKING, "Seřaďte obce podle priority", ["Lhota", "Ves", "Hora"]),
    (QuestionKind.TEXT, "Co dalšího nám chcete říct?", []),
)


def make_consultation(grouping=None, municipalities=None, *, phase="open", kinds=EVERY_KIND,
                      required=False, max_choices=2, results_visibility=ResultsVisibility.AFTER_CLOSING,
                      eligibility=Eligibility.RESIDENTS, title="Kudy povede optika") -> Consultation:
    """A consultation in the given phase ("draft", "upcoming", "open", "closed")."""
    if municipalities is None:
        municipalities = [MunicipalityFactory(population=100), MunicipalityFactory(population=200)]
    if grouping is None:
        grouping = GroupingFactory(members=municipalities)
    now = utcnow()
    opens, closes = {
        "draft": (now + timedelta(days=1), now + timedelta(days=10)),
        "upcoming": (now + timedelta(days=1), now + timedelta(days=10)),
        "open": (now - timedelta(days=1), now + timedelta(days=10)),
        "closed": (now - timedelta(days=10), now - timedelta(days=1)),
    }[phase]
    consultation = Consultation(
        grouping_id=grouping.id, title=title, introduction="**Úvod**", opens_at=opens, closes_at=closes,
        status=ConsultationStatus.DRAFT if phase == "draft" else ConsultationStatus.PUBLISHED,
        eligibility=eligibility, results_visibility=results_visibility,
        thread=Thread(subject_type="consultation"),
    )
    consultation.municipalities = list(municipalities)
    for position, (kind, text, options) in enumerate(kinds, start=1):
        consultation.questions.append(Question(
            kind=kind, text=text, position=position, required=required,
            max_choices=max_choices if kind == QuestionKind.MULTIPLE else None,
            options=[Option(text=o, position=i) for i, o in enumerate(options, start=1)],
        ))
    db.session.add(consultation)
    db.session.commit()
    return consultation


def questions_by_kind(consultation) -> dict:
    return {q.kind: q for q in consultation.questions}


def form_for(consultation, single=None, multiple=(), scale=None, ranking=None, text=None) -> dict:
    """Form data by option text: form_for(c, single="Sever", multiple=["Cena"], ranking=["Ves", ...])."""
    q = questions_by_kind(consultation)
    data: dict = {}

    def option_id(kind, label):
        return next(o.id for o in q[kind].options if o.text == label)

    if single is not None and QuestionKind.SINGLE in q:
        data[f"q-{q[QuestionKind.SINGLE].id}"] = str(option_id(QuestionKind.SINGLE, single))
    if multiple and QuestionKind.MULTIPLE in q:
        data[f"q-{q[QuestionKind.MULTIPLE].id}"] = [str(option_id(QuestionKind.MULTIPLE, m)) for m in multiple]
    if scale is not None and QuestionKind.SCALE in q:
        data[f"q-{q[QuestionKind.SCALE].id}"] = str(scale)
    if ranking and QuestionKind.RANKING in q:
        for rank, label in enumerate(ranking, start=1):
            data[f"q-{q[QuestionKind.RANKING].id}-o-{option_id(QuestionKind.RANKING, label)}"] = str(rank)
    if text is not None and QuestionKind.TEXT in q:
        data[f"q-{q[QuestionKind.TEXT].id}"] = text
    return data


def resident_of(municipality, **kwargs):
    return UserFactory(home_municipality=municipality, **kwargs)
