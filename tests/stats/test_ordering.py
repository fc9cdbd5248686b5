"""Czech alphabetical order of municipality and grouping names."""

from participation.stats.ordering import czech_key


def test_czech_alphabetical_order():
    names = ["Žamberk", "Ústí nad Orlicí", "Česká Třebová", "Cvikov", "Chrudim", "Hradec", "Řetová",
             "Rybník", "Šumperk", "Svitavy", "Ádamov", "Brno", "Černovír", "Zlín", "Ivančice"]
    assert sorted(names, key=czech_key) == [
        "Ádamov", "Brno", "Cvikov", "Černovír", "Česká Třebová", "Hradec", "Chrudim", "Ivančice",
        "Rybník", "Řetová", "Svitavy", "Šumperk", "Ústí nad Orlicí", "Zlín", "Žamberk",
    ]
