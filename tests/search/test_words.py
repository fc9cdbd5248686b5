"""Czech word forms and diacritics: what a query and a text are reduced to before they meet."""

import pytest

from participation.common.search import index_text, query_stems, stem, stems


@pytest.mark.parametrize("forms", [
    ("silnice", "silnici", "silnic", "silnicemi", "SILNICÍ"),
    ("Ústí", "usti", "ÚSTÍ"),
    ("Třebová", "Třebové", "Třebovou"),
    ("cesta", "cesty", "cestě", "cestu", "cest"),
    ("chodník", "chodníku", "chodníky", "chodníků", "chodníkem"),
])
def test_forms_of_a_word_share_one_stem(forms):
    assert len({stems(form)[0] for form in forms}) == 1


@pytest.mark.parametrize("hard, soft", [("lávka", "lávce"), ("optika", "optice"), ("Praha", "Praze")])
def test_a_softened_consonant_keeps_its_hard_form_beside(hard, soft):
    assert set(stems(hard)) <= set(stems(soft))
    assert query_stems(soft)[0][-1] == stems(hard)[0]


def test_short_words_function_words_and_digits():
    assert stems("a v na pro u") == []
    assert stems("Oprava silnice II/305") == ["oprav", "silnic", "silnik", "ii", "305"]
    assert stem("les") == "les"  # a stem keeps three letters


def test_index_holds_each_stem_once_after_a_space():
    assert index_text("Oprava silnice", "silnici v Ústí") == " oprav silnic silnik ust"


def test_a_query_searches_at_most_eight_words():
    assert len(query_stems(" ".join(f"slovo{n}" for n in range(20)))) == 8
