"""Translation catalogues: one per domain, merged at run time by Flask-Babel.

Each domain keeps `participation/<domain>/translations/{cs,en}/LC_MESSAGES/
messages.po`, extracted from its Python package and its `templates/<domain>/`
folder, so that work on one domain never touches another's catalogue. The
core catalogue covers the shared templates and modules.
"""

from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

from participation import DOMAINS, PACKAGE_DIR, ROOT_DIR

LOCALES = ("cs", "en")
KEYWORDS = ["-k", "_l", "-k", "lazy_gettext", "-k", "lazy_ngettext:1,2", "-k", "ngettext:1,2"]
CORE_TEMPLATE_DIRS = ("", "_macros", "_partials", "errors", "core", "core/legal")
CORE_PYTHON = ("common", "core", "permissions")


def catalogue_dir(domain: str) -> Path:
    return PACKAGE_DIR / domain / "translations"


def sources_of(domain: str) -> list[Path]:
    """The files a domain's catalogue is extracted from."""
    templates = ROOT_DIR / "templates"
    if domain == "core":
        files = [p for p in PACKAGE_DIR.glob("*.py")]
        for sub in CORE_PYTHON:
            files += (PACKAGE_DIR / sub).rglob("*.py")
        for sub in CORE_TEMPLATE_DIRS:
            files += (templates / sub).glob("*.html") if sub else templates.glob("*.html")
        files += [ROOT_DIR / "config.py"]
    else:
        files = list((PACKAGE_DIR / domain).rglob("*.py")) + list((templates / domain).rglob("*.html"))
        files += (templates / "email" / domain).rglob("*") if (templates / "email" / domain).is_dir() else []
    return sorted(p for p in files if p.is_file() and "translations" not in p.parts)


def extract(domain: str, output: Path) -> bool:
    """Write the domain's .pot; False when it has no source files."""
    sources = sources_of(domain)
    if not sources:
        return False
    output.parent.mkdir(parents=True, exist_ok=True)
    argv = ["pybabel", "-q", "extract", "-F", str(ROOT_DIR / "babel.cfg"), *KEYWORDS,
            "--no-location", "--sort-output", "-o", str(output)]
    argv += [str(p) for p in sources]
    CommandLineInterface().run(argv)
    return True


def _fill_english(po_path: Path) -> None:
    """English is the source language: an empty English entry is its own msgid."""
    with po_path.open("rb") as handle:
        catalogue = read_po(handle, locale="en")
    for message in catalogue:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if not any(message.string):
                message.string = (message.id[0], message.id[1])
        elif not message.string:
            message.string = message.id
        message.flags.discard("fuzzy")
    with po_path.open("wb") as handle:
        write_po(handle, catalogue, width=100, omit_header=False, no_location=True)


def update(domain: str) -> None:
    """Extract and merge new strings into the domain's cs and en catalogues."""
    directory = catalogue_dir(domain)
    pot = directory / "messages.pot"
    if not extract(domain, pot):
        return
    for locale in LOCALES:
        po = directory / locale / "LC_MESSAGES" / "messages.po"
        command = "update" if po.exists() else "init"
        argv = ["pybabel", "-q", command, "-i", str(pot), "-d", str(directory), "-l", locale,
                "--width=100"]
        if command == "update":
            argv += ["--no-fuzzy-matching", "--ignore-obsolete"]
        CommandLineInterface().run(argv)
        if locale == "en":
            _fill_english(po)


def compile_all() -> None:
    for directory in sorted(PACKAGE_DIR.glob("*/translations")):
        CommandLineInterface().run(["pybabel", "-q", "compile", "-d", str(directory), "--use-fuzzy"])


@click.group("translations")
def translations_group() -> None:
    """Keep the Czech and English catalogues up to date."""


@translations_group.command("update")
@click.argument("domains", nargs=-1)
def update_command(domains: tuple[str, ...]) -> None:
    """Extract new strings into the catalogues of DOMAINS (default: every domain)."""
    for domain in domains or DOMAINS:
        update(domain)
        click.echo(f"updated {domain}")


@translations_group.command("compile")
def compile_command() -> None:
    """Compile every catalogue to .mo files."""
    compile_all()
