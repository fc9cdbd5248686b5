"""Demo discussions: Czech threads with stances and replies on the demo proposals."""

from datetime import timedelta

from sqlalchemy import exists, select

from participation.accounts.models import Role, User
from participation.comments.models import Comment, Stance
from participation.comments.services import ensure_thread
from participation.common.models import utcnow
from participation.extensions import db

# (stance, text, replies); a reply is (text, replies) and nests up to three levels.
GENERIC = [
    (Stance.FOR, "Souhlasím, tohle řešíme už několik let a každá obec zvlášť na to nemá.", [
        ("Přesně tak. Kdyby se obce domluvily, dá se požádat o dotaci společně.", [
            ("Na společnou žádost myslí i MAS, stálo by za to se jich zeptat.", []),
        ]),
        ("Jen aby se na menší obce nezapomnělo, jako minule.", []),
    ]),
    (Stance.AGAINST, "Nejsem proti myšlence, ale bojím se, kolik to bude stát náš rozpočet. "
                     "Kdo bude platit provoz po skončení dotace?", [
        ("Provoz by se dělil podle počtu obyvatel, tak to funguje i u svozu odpadu.", []),
    ]),
    (Stance.NEUTRAL, "Můžete prosím doplnit, které části obcí se to týká nejvíc? "
                     "Bydlím na samotě a nevím, jestli se to týká i nás.", []),
    (Stance.FOR, "Podporuji. Ráda pomůžu se sběrem podpisů u nás v obci.", []),
    (None, "Na posledním zasedání zastupitelstva se o tom mluvilo, zápis je na úřední desce.", [
        ("Díky za tip, přečetl jsem si ho. Starosta slíbil, že to projedná na svazku.", []),
    ]),
]

BY_CATEGORY = {
    "transport": [
        (Stance.FOR, "Ranní spoj v 6:10 by pomohl hlavně dětem, které dojíždějí do školy do Žamberka.", [
            ("A zpáteční spoj kolem 15. hodiny, jinak to pro rodiče nemá smysl.", []),
        ]),
        (Stance.AGAINST, "Autobus tu jezdí skoro prázdný. Nebylo by lepší zkusit spoj na zavolání?", [
            ("Spoj na zavolání zkoušeli v sousedním okrese a lidé si ho chválí.", []),
        ]),
    ],
    "broadband": [
        (Stance.FOR, "Doma máme 4 Mb/s, dcera se přes to nemůže připojit na online výuku.", [
            ("U nás je to stejné. Společná chránička s vodovodem by vyšla levněji.", []),
        ]),
    ],
    "waste": [
        (Stance.FOR, "Jezdit s nábytkem 20 km do sběrného dvora je nesmysl, společný dvůr dává smysl.", []),
        (Stance.NEUTRAL, "Kde by dvůr stál? Nechceme ho pod okny.", [
            ("Navrhuje se areál bývalého družstva, od domů je přes 300 m.", []),
        ]),
    ],
}


def _people(limit: int = 40) -> list[User]:
    """Residents to speak in the demo: accounts without any role."""
    has_role = exists().where(Role.user_id == User.id)
    return list(db.session.scalars(
        select(User).where(~has_role, User.deleted_at.is_(None)).order_by(User.id).limit(limit)
    ))


def _add(thread_id, author, text, stance, parent, when) -> Comment:
    comment = Comment(thread_id=thread_id, author_id=author.id, body=text, stance=stance,
                      parent_id=parent.id if parent else None, created_at=when, updated_at=when)
    db.session.add(comment)
    db.session.flush()
    if parent is None:
        comment.depth, comment.root_id, comment.path = 1, comment.id, f"{comment.id:010d}"
    else:
        comment.depth = parent.depth + 1
        comment.root_id = parent.root_id
        comment.path = f"{parent.path}/{comment.id:010d}"
    return comment


def _add_replies(thread_id, parent, replies, people, cursor, when):
    for text, nested in replies:
        cursor[0] += 1
        when = when + timedelta(hours=3)
        reply = _add(thread_id, people[cursor[0] % len(people)], text, None, parent, when)
        _add_replies(thread_id, reply, nested, people, cursor, when)


def seed(context: dict) -> None:
    """Threads on the published demo proposals that have none yet."""
    from participation.proposals.models import Proposal, ProposalStatus

    people = _people()
    if len(people) < 3:
        return
    proposals = db.session.scalars(
        select(Proposal).where(Proposal.status.in_([ProposalStatus.PUBLISHED, ProposalStatus.UNDER_REVIEW]),
                               Proposal.hidden_at.is_(None))
        .order_by(Proposal.id).limit(12)
    ).all()
    cursor = [0]
    for index, proposal in enumerate(proposals):
        thread = ensure_thread(proposal, "proposal")
        if db.session.scalar(select(Comment.id).where(Comment.thread_id == thread.id).limit(1)):
            continue  # already discussed: running the seed again adds nothing
        start = (proposal.published_at or utcnow()) + timedelta(hours=2)
        discussion = BY_CATEGORY.get(str(proposal.category), []) + GENERIC[index % 2:]
        for number, (stance, text, replies) in enumerate(discussion):
            cursor[0] += 1
            author = people[cursor[0] % len(people)]
            if author.id == proposal.author_id:
                cursor[0] += 1
                author = people[cursor[0] % len(people)]
            when = min(start + timedelta(hours=7 * number), utcnow() - timedelta(minutes=5))
            top = _add(thread.id, author, text, stance, None, when)
            _add_replies(thread.id, top, replies, people, cursor, when)
    db.session.commit()
