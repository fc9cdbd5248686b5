"""Demo localities: parts of the Orlicko municipalities, with a few remote hamlets badly connected.

The names are the real parts of these municipalities; dwellings, inhabitants
and positions are rounded or approximate, and no official RÚIAN codes are
given: import the real list with `flask localities import` for production use.

A report is (source, fixed technology, advertised download, advertised upload,
measured download or None, flags): source "resident" or "office" (a paper
form), flags any of "r" (refused), "w" (long wait), "f" (high fee).
"""

GIGABIT = (("resident", "fibre", 1000, 500, None, ""), ("resident", "fibre", 1000, 300, 930, ""),
           ("resident", "cable", 500, 50, None, ""))

# municipality -> (locality, latitude, longitude, dwellings, inhabitants, reports)
LOCALITIES: dict[str, tuple] = {
    "Ústí nad Orlicí": (
        ("Ústí nad Orlicí", 49.9739, 16.3936, 5200, 12100, GIGABIT),
        ("Hylváty", 49.9648, 16.4196, 600, 1500, (
            ("resident", "cable", 300, 30, None, ""), ("resident", "dsl", 50, 5, 38, ""),
            ("resident", "fixed_wireless", 100, 20, None, ""))),
        ("Kerhartice", 49.9880, 16.3750, 180, 450, (
            ("resident", "dsl", 20, 2, None, ""), ("resident", "fixed_wireless", 50, 10, 41, ""),
            ("resident", "dsl", 16, 1, None, "w"))),
        ("Knapovec", 49.9857, 16.3420, 90, 230, (
            ("resident", "dsl", 8, 1, 6, "r"), ("resident", "none", None, None, None, "r"),
            ("resident", "fixed_wireless", 20, 5, 12, ""), ("office", "satellite", 200, 20, None, "f"))),
        ("Horní Houžovec", 49.9990, 16.4190, 25, 60, (
            ("office", "none", None, None, None, "r"), ("office", "satellite", 150, 20, None, ""),
            ("resident", "dsl", 4, 0.5, 3, "wf"))),
        # The demo's whole chain: unserved by its reports, named by the backbone's proposal, connected by it.
        ("Dolní Houžovec", 49.9930, 16.4040, 20, 45, (
            ("resident", "dsl", 10, 1, None, "r"), ("office", "none", None, None, None, "r"),
            ("resident", "satellite", 100, 10, None, "w"))),
        ("Oldřichovice", 49.9590, 16.3700, 70, 170, ()),
    ),
    "Česká Třebová": (
        ("Česká Třebová", 49.9019, 16.4473, 6800, 14000, GIGABIT),
        ("Parník", 49.8930, 16.4270, 300, 700, (
            ("resident", "cable", 250, 25, None, ""), ("resident", "cable", 250, 25, 210, ""),
            ("resident", "dsl", 40, 4, None, ""))),
        ("Skuhrov", 49.8820, 16.4820, 60, 150, (
            ("resident", "dsl", 10, 1, None, ""), ("resident", "fixed_wireless", 30, 5, 18, "w"),
            ("office", "none", None, None, None, "r"))),
        ("Kozlov", 49.8690, 16.4700, 40, 90, (
            ("resident", "fixed_wireless", 40, 10, None, ""), ("resident", "dsl", 20, 2, None, ""),
            ("resident", "fixed_wireless", 50, 10, 44, ""))),
        ("Svinná", 49.9250, 16.4650, 110, 260, (
            ("resident", "dsl", 20, 2, None, ""), ("resident", "fixed_wireless", 30, 5, None, ""))),
        ("Lhotka", 49.9130, 16.4990, 45, 100, ()),
    ),
    "Králíky": (
        ("Králíky", 50.0840, 16.7610, 1500, 3700, (
            ("resident", "cable", 250, 25, None, ""), ("resident", "fibre", 500, 100, None, ""),
            ("resident", "dsl", 50, 5, None, ""))),
        ("Horní Lipka", 50.1180, 16.7870, 30, 60, (
            ("resident", "none", None, None, None, "r"), ("office", "satellite", 100, 10, None, ""),
            ("resident", "dsl", 2, 0.5, None, "f"))),
        ("Vojtíškov", 50.1370, 16.8110, 15, 25, (
            ("office", "none", None, None, None, "r"), ("office", "none", None, None, None, "f"),
            ("resident", "none", None, None, None, "w"))),
        ("Prostřední Lipka", 50.1090, 16.7750, 35, 90, ()),
    ),
    "Dolní Dobrouč": (
        ("Dolní Dobrouč", 49.9930, 16.4970, 650, 1700, (
            ("resident", "fixed_wireless", 100, 20, None, ""), ("resident", "dsl", 40, 4, None, ""),
            ("resident", "cable", 100, 10, 85, ""), ("resident", "fixed_wireless", 100, 20, None, ""))),
        # Two reports: the demo resident's report puts it over the minimum.
        ("Horní Dobrouč", 50.0080, 16.5130, 120, 330, (
            ("resident", "dsl", 20, 2, None, ""), ("resident", "fixed_wireless", 30, 5, None, "w"))),
        ("Lanšperk", 50.0010, 16.4880, 8, 15, ()),
    ),
}
