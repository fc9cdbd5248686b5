"""Demo photos and author's updates on a few demo proposals (run by proposals.seed).

The pictures are drawn here with Pillow (sky, hills, a road and the thing the
proposal is about), so no binary file is kept in the repository; they go
through the same checks and re-encoding as a resident's upload. Idempotent:
a proposal that has photos or updates already is left as it is.
"""

import io
import random
from datetime import timedelta

from PIL import Image, ImageDraw
from sqlalchemy import exists, select
from werkzeug.datastructures import FileStorage

from participation.common.models import utcnow
from participation.extensions import db
from participation.proposals import attachments, updates
from participation.proposals.media_models import ProposalPhoto, ProposalUpdate
from participation.proposals.models import Proposal

# Title -> photos (drawing, alt text) and updates (days after publication, text).
DEMO_MEDIA = {
    "Bezpečný přechod u školy na hranici Libchav a Ústí": {
        "photos": [("crossing", "Silnice před školou bez přechodu, děti čekají na krajnici"),
                   ("road", "Silnice mezi Libchavami a Ústím v ranní špičce")],
        "updates": [(12, "Dopravní policie přislíbila **měření rychlosti** u školy v říjnu."),
                    (30, "Kraj jako vlastník silnice odpověděl: přechod podpoří, pokud obě obce zaplatí osvětlení.")],
    },
    "Společná autobusová linka Ústí – Libchavy – Dolní Dobrouč": {
        "photos": [("bus_stop", "Zastávka v Libchavách bez přístřešku, na lavičce prší")],
        "updates": [(20, "Dopravce poslal návrh jízdního řádu se třemi novými spoji. Přikládáme ho k podnětu.")],
    },
    "Obnova lipové aleje mezi Letohradem a Žamberkem": {
        "photos": [("alley", "Řada starých lip podél silnice, několik stromů chybí")],
        "updates": [],
    },
    "Mobilní pokrytí v údolí Divoké Orlice": {
        "photos": [("valley", "Zalesněné údolí řeky, na telefonu žádný signál")],
        "updates": [(9, "Operátor potvrdil, že stožár v údolí je v plánu na příští rok.")],
    },
}


def _landscape(seed: int, size=(1200, 800)) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    """Sky, two hills and a field: the background of every demo picture."""
    rng = random.Random(seed)
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height // 2):
        shade = int(150 + 90 * y / (height / 2))
        draw.line([(0, y), (width, y)], fill=(shade - 60, shade - 20, 255))
    for offset, colour in ((0, (92, 140, 70)), (120, (70, 118, 52))):
        top = height // 2 - 60 + offset // 2 + rng.randint(-20, 20)
        draw.ellipse([-200 + offset * 3, top, width // 2 + 200 + offset * 2, height + 300], fill=colour)
    draw.rectangle([0, int(height * 0.72), width, height], fill=(104, 150, 78))
    return image, draw


def _draw(kind: str, seed: int) -> bytes:
    image, draw = _landscape(seed)
    width, height = image.size
    road = [(width * 0.35, height), (width * 0.65, height), (width * 0.53, height * 0.55), (width * 0.47, height * 0.55)]
    if kind in ("crossing", "road", "bus_stop", "alley"):
        draw.polygon(road, fill=(80, 80, 84))
    if kind == "crossing":
        for step in range(6):
            y = height * 0.85 - step * 8
            draw.rectangle([width * 0.38 + step * 12, y - 10, width * 0.62 - step * 12, y], fill=(240, 240, 240))
        draw.rectangle([width * 0.1, height * 0.45, width * 0.3, height * 0.72], fill=(200, 170, 120))  # the school
        draw.polygon([(width * 0.08, height * 0.45), (width * 0.2, height * 0.35), (width * 0.32, height * 0.45)],
                     fill=(160, 60, 50))
    elif kind == "bus_stop":
        draw.rectangle([width * 0.7, height * 0.5, width * 0.71, height * 0.75], fill=(60, 60, 60))
        draw.rectangle([width * 0.68, height * 0.46, width * 0.73, height * 0.51], fill=(250, 200, 0))
        draw.rectangle([width * 0.75, height * 0.68, width * 0.88, height * 0.7], fill=(120, 80, 40))  # the bench
    elif kind == "alley":
        for index in range(7):
            if index == 3:
                continue  # a missing tree
            x = width * (0.1 + index * 0.13)
            draw.rectangle([x - 6, height * 0.55, x + 6, height * 0.72], fill=(90, 60, 40))
            draw.ellipse([x - 50, height * 0.35, x + 50, height * 0.6], fill=(60, 110, 45))
    elif kind == "valley":
        draw.polygon([(0, height * 0.4), (width * 0.45, height), (0, height)], fill=(40, 80, 40))
        draw.polygon([(width, height * 0.4), (width * 0.55, height), (width, height)], fill=(40, 80, 40))
        draw.polygon([(width * 0.45, height), (width * 0.55, height), (width * 0.5, height * 0.6)], fill=(90, 140, 200))
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=80)
    return output.getvalue()


def seed() -> int:
    """Photos and updates for the demo proposals that have none; returns how many proposals got them."""
    touched = 0
    for index, (title, spec) in enumerate(DEMO_MEDIA.items()):
        proposal = db.session.scalar(select(Proposal).where(Proposal.title == title))
        if proposal is None or proposal.author is None:
            continue
        has_photos = db.session.scalar(select(exists().where(ProposalPhoto.proposal_id == proposal.id)))
        has_updates = db.session.scalar(select(exists().where(ProposalUpdate.proposal_id == proposal.id)))
        if not has_photos and spec["photos"]:
            prepared = attachments.Prepared(photos=[
                attachments.prepare_photo(FileStorage(io.BytesIO(_draw(kind, index * 10 + number)),
                                                      filename=f"{kind}.jpg"), alt)
                for number, (kind, alt) in enumerate(spec["photos"])
            ])
            # Added as the author would have while writing the draft: no audit entry.
            attachments.attach(proposal.author, proposal, prepared)
        if not has_updates and proposal.published_at is not None:
            for days, body in spec["updates"]:
                update = updates.post_update(proposal.author, proposal, body)
                update.created_at = min(proposal.published_at + timedelta(days=days), utcnow())
            db.session.commit()
        touched += 1
    return touched
