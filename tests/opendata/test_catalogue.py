"""The DCAT-AP catalogue: parsed as RDF, every dataset with its licence, frequency and working download links."""

import rdflib
from rdflib.namespace import DCTERMS, RDF

from participation.opendata.catalogue import OPEN_DATASETS

DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
CC_BY = rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")


def _graph(visitor) -> rdflib.Graph:
    response = visitor.get("/otevrena-data/katalog.jsonld")
    assert response.status_code == 200 and response.mimetype == "application/ld+json"
    return rdflib.Graph().parse(data=response.get_data(as_text=True), format="json-ld")


def test_the_catalogue_describes_every_dataset_as_dcat(visitor, world):
    graph = _graph(visitor)
    catalogue = next(graph.subjects(RDF.type, DCAT.Catalog))
    datasets = set(graph.objects(catalogue, DCAT.dataset))
    assert len(datasets) == len(OPEN_DATASETS)
    for dataset in datasets:
        assert (dataset, RDF.type, DCAT.Dataset) in graph
        titles = {title.language: str(title) for title in graph.objects(dataset, DCTERMS.title)}
        assert titles["cs"] and titles["en"] and titles["cs"] != titles["en"]
        assert str(graph.value(dataset, DCTERMS.accrualPeriodicity)).endswith("/frequency/CONT")
        assert graph.value(dataset, DCTERMS.publisher) is not None
        distributions = list(graph.objects(dataset, DCAT.distribution))
        assert len(distributions) == 3
        for distribution in distributions:
            assert graph.value(distribution, DCTERMS.license) == CC_BY
            assert graph.value(distribution, DCAT.accessURL) is not None


def test_every_download_link_in_the_catalogue_works(visitor, world):
    graph = _graph(visitor)
    urls = sorted(str(url) for url in graph.objects(None, DCAT.downloadURL))
    assert len(urls) == 2 * len(OPEN_DATASETS)
    for url in urls:
        response = visitor.get(url.replace("http://localhost", ""))
        assert response.status_code == 200 and response.get_data(), url


def test_the_licence_and_frequency_are_settings(app, visitor, world):
    app.config.update(OPEN_DATA_LICENSE="https://creativecommons.org/publicdomain/zero/1.0/",
                      OPEN_DATA_UPDATE_FREQUENCY="DAILY")
    try:
        graph = _graph(visitor)
    finally:
        app.config.update(OPEN_DATA_LICENSE=str(CC_BY), OPEN_DATA_UPDATE_FREQUENCY="CONT")
    assert {str(value) for value in graph.objects(None, DCTERMS.license)} == {
        "https://creativecommons.org/publicdomain/zero/1.0/"}
    assert {str(value).rsplit("/", 1)[1] for value in graph.objects(None, DCTERMS.accrualPeriodicity)} == {"DAILY"}


def test_the_open_data_page_lists_the_datasets(client, world):
    page = client.get("/otevrena-data").get_data(as_text=True)
    assert "Podněty obyvatel" in page and "/otevrena-data/podnety.csv" in page
    assert "/otevrena-data/katalog.jsonld" in page and "CC BY 4.0" in page
