"""The open datasets, and their DCAT-AP catalogue for the national open data catalogue (DCAT-AP-CZ).

The catalogue is JSON-LD with its own context naming the DCAT, Dublin Core
and FOAF terms, so any harvester reading RDF gets the DCAT-AP triples. Each
dataset is one public list (api.datasets) with two distributions (CSV, JSON)
and the API as a data service. The licence (CC BY 4.0 by default), the
publisher and the update frequency are settings.
"""

from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
TERMS_OF_USE = "https://data.gov.cz/slovník/podmínky-užití/"


@dataclass(frozen=True)
class OpenDataset:
    name: str  # the API's list and the exports' dataset
    slug: str  # the file's name in the address
    title: object
    description: object
    keywords: tuple[str, ...]  # Czech keywords
    api_path: str


OPEN_DATASETS: tuple[OpenDataset, ...] = (
    OpenDataset("proposals", "podnety", _l("Residents' proposals"),
                _l("Public proposals of residents that concern one or more municipalities, with their status and "
                   "supporters counted per home municipality."),
                ("podněty", "participace", "obce"), "proposals"),
    OpenDataset("agreements", "dohody", _l("Cooperation agreements"),
                _l("Agreements between municipalities and groupings (DSO statutes, public-law contracts, memoranda) "
                   "with their parties, kind, status and dates."),
                ("meziobecní spolupráce", "smlouvy", "dohody"), "agreements"),
    OpenDataset("projects", "projekty", _l("Shared infrastructure projects"),
                _l("Infrastructure built or run by several municipalities together: kind, status, progress, "
                   "budget and place."),
                ("infrastruktura", "projekty", "investice"), "projects"),
    OpenDataset("consultations", "konzultace", _l("Joint consultations"),
                _l("Published consultations of groupings with their member municipalities, dates and number of "
                   "responses. Results: aggregates only, per consultation."),
                ("konzultace", "participace", "ankety"), "consultations"),
    OpenDataset("good_practice", "dobra-praxe", _l("Good practice"),
                _l("Solved problems written up so that other municipalities can copy them."),
                ("dobrá praxe", "obce", "inspirace"), "good-practice"),
    OpenDataset("municipalities", "obce", _l("Municipalities"),
                _l("Municipalities taking part in Spolu, with their official codes, population and region."),
                ("obce", "územní členění"), "municipalities"),
    OpenDataset("groupings", "seskupeni", _l("Groupings of municipalities"),
                _l("Voluntary associations of municipalities (DSO), local action groups (MAS), ITI and "
                   "micro-regions, with their number of member municipalities."),
                ("DSO", "MAS", "mikroregiony"), "groupings"),
    OpenDataset("localities", "lokality", _l("Internet connection of localities"),
                _l("Parts of municipalities with the internet connection their residents report: unserved, "
                   "underserved, served or gigabit; figures only once enough reports were made."),
                ("internet", "připojení", "vysokorychlostní internet", "místní části"), "localities"),
)
BY_SLUG = {dataset.slug: dataset for dataset in OPEN_DATASETS}
BY_NAME = {dataset.name: dataset for dataset in OPEN_DATASETS}
FORMATS = {"csv": ("CSV", "text/csv"), "json": ("JSON", "application/json")}

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "pu": TERMS_OF_USE,
    "id": "@id",
    "type": "@type",
    "title": {"@id": "dct:title", "@container": "@language"},
    "description": {"@id": "dct:description", "@container": "@language"},
    "keyword": {"@id": "dcat:keyword", "@container": "@language"},
    "name": {"@id": "foaf:name", "@container": "@language"},
    "publisher": {"@id": "dct:publisher", "@type": "@id"},
    "dataset": {"@id": "dcat:dataset", "@type": "@id"},
    "service": {"@id": "dcat:service", "@type": "@id"},
    "distribution": {"@id": "dcat:distribution", "@type": "@id"},
    "theme": {"@id": "dcat:theme", "@type": "@id"},
    "spatial": {"@id": "dct:spatial", "@type": "@id"},
    "accrualPeriodicity": {"@id": "dct:accrualPeriodicity", "@type": "@id"},
    "landingPage": {"@id": "dcat:landingPage", "@type": "@id"},
    "homepage": {"@id": "foaf:homepage", "@type": "@id"},
    "documentation": {"@id": "foaf:page", "@type": "@id"},
    "downloadURL": {"@id": "dcat:downloadURL", "@type": "@id"},
    "accessURL": {"@id": "dcat:accessURL", "@type": "@id"},
    "endpointURL": {"@id": "dcat:endpointURL", "@type": "@id"},
    "endpointDescription": {"@id": "dcat:endpointDescription", "@type": "@id"},
    "servesDataset": {"@id": "dcat:servesDataset", "@type": "@id"},
    "accessService": {"@id": "dcat:accessService", "@type": "@id"},
    "mediaType": {"@id": "dcat:mediaType", "@type": "@id"},
    "format": {"@id": "dct:format", "@type": "@id"},
    "license": {"@id": "dct:license", "@type": "@id"},
    "conformsTo": {"@id": "dct:conformsTo", "@type": "@id"},
    "contactPoint": {"@id": "dcat:contactPoint", "@type": "@id"},
    "hasEmail": {"@id": "vcard:hasEmail", "@type": "@id"},
    "fn": {"@id": "vcard:fn", "@container": "@language"},
    "termsOfUse": {"@id": "pu:specifikace", "@type": "@id"},
    "authorsWork": {"@id": "pu:autorské-dílo", "@type": "@id"},
    "originalDatabase": {"@id": "pu:originální-databáze", "@type": "@id"},
    "specialDatabaseRights": {"@id": "pu:databáze-chráněná-zvláštními-právy", "@type": "@id"},
    "personalData": {"@id": "pu:osobní-údaje", "@type": "@id"},
}


def _both(text) -> dict:
    """A text in Czech and English (lazy strings rendered in each language)."""
    values = {}
    for language in ("cs", "en"):
        with force_locale(language):
            values[language] = str(text)
    return values


def download_url(dataset: OpenDataset, fmt: str) -> str:
    return url_for("opendata.export", slug=dataset.slug, fmt=fmt, _external=True)


def _terms_of_use(base: str) -> dict:
    """The Czech national catalogue's terms of use: the licence for the work and the database, no personal data."""
    licence = current_app.config["OPEN_DATA_LICENSE"]
    return {
        "id": f"{base}#podminky-uziti", "type": "pu:Specifikace",
        "authorsWork": licence, "originalDatabase": licence,
        "specialDatabaseRights": TERMS_OF_USE.replace("slovník/", "") + "neobsahuje-zvláštní-práva-pořizovatele-databáze/",
        "personalData": TERMS_OF_USE.replace("slovník/", "") + "neobsahuje-osobní-údaje/",
    }


def _distribution(dataset: OpenDataset, fmt: str, service_id: str) -> dict:
    label, media_type = FORMATS[fmt]
    url = download_url(dataset, fmt)
    return {
        "id": url + "#distribuce", "type": "dcat:Distribution",
        "title": _both(f"{dataset.title} ({label})"),
        "downloadURL": url, "accessURL": url,
        "mediaType": IANA + media_type, "format": EU + "file-type/" + label,
        "license": current_app.config["OPEN_DATA_LICENSE"],
        "termsOfUse": _terms_of_use(url),
    }


def _api_distribution(dataset: OpenDataset, service_id: str) -> dict:
    url = url_for("api.index", _external=True).rstrip("/") + "/" + dataset.api_path
    return {
        "id": url + "#distribuce", "type": "dcat:Distribution",
        "title": _both(f"{dataset.title} (API)"),
        "accessURL": url, "accessService": service_id,
        "mediaType": IANA + "application/json", "format": EU + "file-type/JSON",
        "license": current_app.config["OPEN_DATA_LICENSE"],
        "termsOfUse": _terms_of_use(url),
    }


def _publisher() -> dict:
    config = current_app.config
    return {"id": config["OPEN_DATA_PUBLISHER"] or url_for("core.home", _external=True) + "#vydavatel",
            "type": "foaf:Agent", "name": {"cs": config["OPEN_DATA_PUBLISHER_NAME"]}}


def _dataset(dataset: OpenDataset, publisher: dict, service_id: str) -> dict:
    config = current_app.config
    page = url_for("opendata.index", _external=True)
    data = {
        "id": f"{page}#{dataset.slug}", "type": "dcat:Dataset",
        "title": _both(dataset.title), "description": _both(dataset.description),
        "keyword": {"cs": list(dataset.keywords)},
        "publisher": publisher["id"],
        "theme": [EU + "data-theme/GOVE"],
        "spatial": [EU + "country/CZE"],
        "accrualPeriodicity": EU + "frequency/" + config["OPEN_DATA_UPDATE_FREQUENCY"],
        "landingPage": page,
        "documentation": url_for("api.openapi", _external=True),
        "distribution": [_distribution(dataset, "csv", service_id), _distribution(dataset, "json", service_id),
                         _api_distribution(dataset, service_id)],
    }
    if config.get("OPEN_DATA_CONTACT_EMAIL"):
        data["contactPoint"] = {"type": "vcard:Organization", "fn": {"cs": config["OPEN_DATA_PUBLISHER_NAME"]},
                                "hasEmail": "mailto:" + config["OPEN_DATA_CONTACT_EMAIL"]}
    return data


def catalogue() -> dict:
    """The DCAT-AP catalogue of every open dataset, as JSON-LD."""
    home = url_for("core.home", _external=True)
    self_url = url_for("opendata.catalogue", _external=True)
    publisher = _publisher()
    service_id = url_for("api.index", _external=True) + "#sluzba"
    service = {
        "id": service_id, "type": "dcat:DataService",
        "title": _both(_l("Spolu's open read-only API")),
        "endpointURL": url_for("api.index", _external=True),
        "endpointDescription": url_for("api.openapi", _external=True),
        "conformsTo": "https://spec.openapis.org/oas/v3.1.0",
        "servesDataset": [f"{url_for('opendata.index', _external=True)}#{d.slug}" for d in OPEN_DATASETS],
        "license": current_app.config["OPEN_DATA_LICENSE"],
    }
    return {
        "@context": CONTEXT,
        "@graph": [
            {
                "id": self_url, "type": "dcat:Catalog",
                "title": _both(_l("Spolu: open data of municipalities cooperating")),
                "description": _both(_l("Proposals, agreements, projects, consultations and good practice of "
                                        "municipalities solving shared problems together.")),
                "publisher": publisher["id"], "homepage": home,
                "dataset": [f"{url_for('opendata.index', _external=True)}#{d.slug}" for d in OPEN_DATASETS],
                "service": [service_id],
            },
            publisher, service,
            *[_dataset(dataset, publisher, service_id) for dataset in OPEN_DATASETS],
        ],
    }
