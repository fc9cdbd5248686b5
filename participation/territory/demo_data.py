"""Demo territory: the 14 Czech regions and the Orlicko area of the Pardubice region.

Region codes are the ISO 3166-2:CZ codes. Populations are rounded figures of
the right size. The six-digit municipality codes are plausible codes in the
range of the Ústí nad Orlicí district, chosen for the demo and not checked
against the official register: import the real list with
`flask territory import-municipalities` for production use.
"""

# (ISO 3166-2 code, Czech name)
REGIONS: tuple[tuple[str, str], ...] = (
    ("CZ-10", "Hlavní město Praha"),
    ("CZ-20", "Středočeský kraj"),
    ("CZ-31", "Jihočeský kraj"),
    ("CZ-32", "Plzeňský kraj"),
    ("CZ-41", "Karlovarský kraj"),
    ("CZ-42", "Ústecký kraj"),
    ("CZ-51", "Liberecký kraj"),
    ("CZ-52", "Královéhradecký kraj"),
    ("CZ-53", "Pardubický kraj"),
    ("CZ-63", "Kraj Vysočina"),
    ("CZ-64", "Jihomoravský kraj"),
    ("CZ-71", "Olomoucký kraj"),
    ("CZ-72", "Zlínský kraj"),
    ("CZ-80", "Moravskoslezský kraj"),
)

DEMO_REGION_CODE = "CZ-53"

# (code, name, population): all in the Pardubice region (CZ-53).
MUNICIPALITIES: tuple[tuple[str, str, int], ...] = (
    ("579025", "Česká Třebová", 15300),
    ("579891", "Ústí nad Orlicí", 14100),
    ("579939", "Choceň", 8500),
    ("581291", "Vysoké Mýto", 12200),
    ("580511", "Lanškroun", 9800),
    ("580538", "Letohrad", 6100),
    ("581356", "Žamberk", 5900),
    ("580457", "Králíky", 4200),
    ("580376", "Jablonné nad Orlicí", 3000),
    ("579068", "Brandýs nad Orlicí", 1400),
    ("579319", "Dlouhá Třebová", 1100),
    ("580911", "Rybník", 700),
    ("581151", "Třebovice", 1100),
    ("581011", "Semanín", 580),
    ("579181", "Damníkov", 330),
    ("579297", "Dolní Dobrouč", 2100),
    ("580562", "Libchavy", 1700),
    ("581020", "Sopotnice", 1000),
    ("580791", "Písečná", 900),
    ("580422", "Kunvald", 700),
    ("581267", "Verměřovice", 750),
    ("580627", "Mistrovice", 500),
    ("581101", "Tatenice", 800),
    ("579424", "Hnátnice", 800),
    ("580953", "Řetová", 750),
    ("580961", "Řetůvka", 250),
    ("579165", "Černovír", 250),
    ("580864", "Přívrat", 250),
    ("580716", "Orlické Podhůří", 500),
    ("580601", "Lukavice", 900),
    ("579289", "Dolní Čermná", 1400),
    ("579602", "Horní Čermná", 800),
    ("579122", "Bystřec", 600),
    ("580589", "Lichkov", 400),
    ("579203", "Červená Voda", 3200),
    ("580929", "Rudoltice", 1400),
)

# name -> kind, description, threshold and member municipality names.
GROUPINGS: tuple[dict, ...] = (
    {
        "name": "Mikroregion Orlicko-Třebovsko",
        "kind": "dso",
        "description": (
            "Dobrovolný svazek obcí kolem České Třebové a Ústí nad Orlicí: "
            "společná cyklostezka, odpady, sdílený energetický manažer."
        ),
        "threshold_municipalities": 3,
        "threshold_min_supporters": 10,
        "threshold_population_percent": 1,
        "members": (
            "Česká Třebová", "Ústí nad Orlicí", "Dlouhá Třebová", "Rybník", "Třebovice",
            "Semanín", "Damníkov", "Dolní Dobrouč", "Libchavy", "Řetová", "Řetůvka",
            "Černovír", "Přívrat", "Orlické Podhůří",
        ),
    },
    {
        "name": "MAS ORLICKO",
        "kind": "mas",
        "description": (
            "Místní akční skupina pod Orlickými horami: komunitně vedený místní rozvoj, "
            "venkovské služby, cestovní ruch."
        ),
        "threshold_municipalities": 4,
        "threshold_min_supporters": 10,
        "threshold_population_percent": 1,
        "members": (
            "Žamberk", "Letohrad", "Králíky", "Jablonné nad Orlicí", "Kunvald", "Písečná",
            "Sopotnice", "Verměřovice", "Mistrovice", "Dolní Dobrouč", "Libchavy", "Hnátnice",
            "Lukavice", "Bystřec", "Lichkov", "Červená Voda",
        ),
    },
    {
        "name": "Mikroregion Lanškrounsko",
        "kind": "microregion",
        "description": (
            "Obce Lanškrounska: společný svoz odpadu, páteřní optická síť a obnova "
            "polních cest."
        ),
        "threshold_municipalities": 3,
        "threshold_min_supporters": 5,
        "threshold_population_percent": 2,
        "members": (
            "Lanškroun", "Tatenice", "Dolní Čermná", "Horní Čermná", "Damníkov", "Rudoltice",
            "Dolní Dobrouč",
        ),
    },
)
