"""Demo good practice: two solved problems written up, linked to demo proposals and projects,
so that the chain proposal -> agreement -> project -> solved -> good practice can be walked to its end."""

import click
from sqlalchemy import select

from participation.agreements.seed import _actor
from participation.extensions import db
from participation.good_practice import services
from participation.good_practice.models import GoodPractice
from participation.projects.models import Project
from participation.proposals.models import Category, Proposal, ProposalStatus
from participation.proposals.services import change_status_in_transaction

WASTE_BODY = """\
### Co bylo za problém
Malé obce Lanškrounska neměly kam odvážet objemný odpad, stavební suť ani elektroodpad. Každá obec
objednávala kontejnery dvakrát do roka zvlášť, svoz byl drahý a mezi termíny vznikaly černé skládky.

### Co jsme udělali
Čtyři obce uzavřely veřejnoprávní smlouvu: město Lanškroun rozšířilo sběrný dvůr technických služeb,
ostatní obce do něj přispívají podle počtu obyvatel a jejich občané ho používají za stejných podmínek.
Přibyla kompostárna a re-use point, kam lidé nosí věci, které ještě poslouží.

### Náklady a financování
- celkem 12,4 mil. Kč
- OP Životní prostředí (EU): 7,44 mil. Kč
- Pardubický kraj: 1,24 mil. Kč
- obce: 3,72 mil. Kč (Lanškroun dvě třetiny, ostatní podle počtu obyvatel)

### Na co si dát pozor
- Smlouva musí řešit i provozní náklady po skončení dotace, nejen stavbu.
- Evidenci ukládek podle obce vést od prvního dne: podle ní se dělí náklady.
- Otevírací dobu domluvit i pro lidi, kteří dojíždějí za prací (sobota dopoledne).
"""

PATH_BODY = """\
### Co bylo za problém
Chodci a cyklisté mezi Českou Třebovou a Dlouhou Třebovou jezdili po silnici bez krajnice. Stezka
končila na hranici katastru, protože každá obec plánovala jen svůj úsek.

### Co jsme udělali
Obě obce projekt připravily společně: jedna projektová dokumentace, jedno stavební řízení, jeden
zhotovitel. Pozemky pod stezkou vykoupila každá obec na svém katastru.

### Náklady a financování
- celkem 18 mil. Kč, z toho 85 % IROP (EU) a Státní fond dopravní infrastruktury
- zbytek obce podle délky úseku na svém katastru

### Na co si dát pozor
- Výkupy pozemků začněte hned: trvaly déle než projekt.
- Domluvte předem, kdo bude stezku udržovat a zimně uklízet.
"""

PRACTICES = (
    {
        "title": "Společný sběrný dvůr a svoz objemného odpadu na Lanškrounsku",
        "summary": ("Čtyři obce sdílejí jeden rozšířený sběrný dvůr s kompostárnou a re-use pointem. "
                    "Objemný odpad, suť a elektroodpad odvezou jejich obyvatelé kdykoli během týdne, "
                    "svoz kontejnerů po obcích skončil a černých skládek ubylo."),
        "body": WASTE_BODY, "category": Category.WASTE,
        "contact": "Městský úřad Lanškroun, odbor životního prostředí",
        "project": "Společný sběrný dvůr Lanškroun", "proposal": None,
    },
    {
        "title": "Cyklostezka přes hranici katastru: jeden projekt pro dvě obce",
        "summary": ("Česká Třebová a Dlouhá Třebová připravily stezku jako jeden projekt s jedním "
                    "zhotovitelem, takže nekončí na hranici obcí a dotace pokryla 85 % nákladů."),
        "body": PATH_BODY, "category": Category.TRANSPORT,
        "contact": "Svazek obcí – koordinátor projektů",
        "project": None, "proposal": "Cyklostezka Česká Třebová – Dlouhá Třebová přes hranici katastru",
    },
)


def seed(context: dict) -> None:
    """Write up the demo good practice that is missing; running it again adds nothing twice."""
    actor = _actor()
    if actor is None:
        click.echo("  no administrator yet: demo good practice skipped")
        return
    for spec in PRACTICES:
        if db.session.scalar(select(GoodPractice.id).where(GoodPractice.title == spec["title"])):
            continue
        project = (db.session.scalar(select(Project).where(Project.title == spec["project"]))
                   if spec["project"] else None)
        proposals = _solved_proposals(actor, spec, project)
        if project is None and not proposals:
            click.echo(f"  nothing solved to write up for “{spec['title']}”: skipped")
            continue
        data = services.PracticeData(
            title=spec["title"], summary=spec["summary"], body=spec["body"], category=spec["category"],
            contact=spec["contact"], proposals=proposals, project=project,
            agreement=project.agreement if project is not None else None,
        )
        try:
            practice = services.create(actor, data)
        except services.Invalid as invalid:
            click.echo(f"  “{spec['title']}” not written up: {'; '.join(map(str, invalid.errors.values()))}")
            continue
        services.publish(actor, practice)


def _solved_proposals(actor, spec: dict, project) -> list:
    """The solved proposals to link; the demo proposal is marked solved (with its status change) if needed."""
    if project is not None:
        return [link.proposal for link in project.proposal_links if link.proposal.status == ProposalStatus.SOLVED]
    proposal = db.session.scalar(select(Proposal).where(Proposal.title == spec["proposal"]))
    if proposal is None or proposal.status in (ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN,
                                               ProposalStatus.MERGED):
        return []
    if proposal.status != ProposalStatus.SOLVED:
        change_status_in_transaction(actor, proposal, ProposalStatus.SOLVED,
                                     "Stezka je dokončena a otevřena, kolaudace proběhla v září.")
        db.session.commit()
    return [proposal]
