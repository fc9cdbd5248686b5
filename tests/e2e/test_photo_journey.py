"""A resident writes a proposal, is offered a similar one, attaches a photo, publishes, and sees the thumbnail."""

import io
import re
import uuid

from PIL import Image
from playwright.sync_api import expect

from tests.e2e import data
from tests.e2e.steps import sign_in


def _photo() -> bytes:
    """A small JPEG with a GPS tag, as a phone would send it."""
    image = Image.new("RGB", (900, 600), (90, 140, 200))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (49.0, 53.0, 10.0), 3: "E", 4: (16.0, 19.0, 5.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_resident_attaches_a_photo_after_seeing_a_similar_proposal(new_page, check, live_server, javascript):
    neighbour = data.resident(live_server, home="Česká Třebová", display_name="Petr Soused")
    existing = data.published_proposal(live_server, neighbour, ["Dlouhá Třebová", "Česká Třebová"])
    author = data.resident(live_server, home="Dlouhá Třebová", display_name="Eva Fotografka")

    page = new_page()
    page.goto("/podnety/")
    sign_in(page, check, author)
    page.get_by_role("link", name="Write a proposal").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a proposal")
    page.wait_for_load_state("load")  # htmx listens to the title from its start-up on: typing before it is lost
    title = f"Svoz velkoobjemového odpadu i do Dlouhé Třebové {uuid.uuid4().hex[:4]}"
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Description").fill("Kontejnery na velký odpad přijedou jen dvakrát do roka.")
    if not javascript:
        page.get_by_role("button", name="Preview").click()  # without JavaScript, similar ones come with the preview
    similar = page.get_by_role("region", name="Similar proposals already published")
    expect(similar.get_by_role("link", name=existing, exact=True)).to_be_visible()
    expect(similar.get_by_role("link", name=re.compile(rf"^Support this instead\s*: {re.escape(existing)}$"))).to_be_visible()
    check(page, "proposal-form-similar")

    page.get_by_label("Category").select_option(label="Waste and circular economy")
    page.get_by_label("Photo (optional)").set_input_files(
        files=[{"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": _photo()}])
    page.get_by_label("What the photo shows").fill("Přeplněný kontejner u návsi v Dlouhé Třebové")
    page.get_by_role("button", name="Publish").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    photo = page.get_by_role("img", name="Přeplněný kontejner u návsi v Dlouhé Třebové")
    expect(photo).to_be_visible()
    assert photo.get_attribute("srcset") and photo.get_attribute("width") and photo.get_attribute("height")
    assert page.evaluate("(img) => img.naturalWidth", photo.element_handle()) > 0
    check(page, "proposal-with-photo")

    page.goto("/podnety/?q=" + title.split()[-1])
    card = page.locator(".proposal-card").filter(has=page.get_by_role("link", name=title))
    expect(card.get_by_role("img", name="Přeplněný kontejner u návsi v Dlouhé Třebové")).to_be_visible()
    check(page, "proposals-with-thumbnail")
