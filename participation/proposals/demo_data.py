"""Demo proposals for the Orlicko area: shared problems of neighbouring municipalities.

Municipality and grouping names refer to participation/territory/demo_data.py.
`support` says how much demo support a proposal gets: "reached" fills the
threshold in every municipality it touches, "close" about two thirds of it,
"some" a handful, "none" nothing. `status` is (status, who, reason) where
who is a demo login e-mail; `answer` is (who, on behalf of, text); `place` is (latitude,
longitude) where the problem is, shown on the map.
"""

DSO = "Mikroregion Orlicko-Třebovsko"
MAS = "MAS ORLICKO"
LAN = "Mikroregion Lanškrounsko"

MODERATOR_CT = "moderator@example.cz"
MODERATOR_UO = "moderator.usti@example.cz"
REP_DSO = "zastupce.dso@example.cz"
REP_MAS = "zastupce.mas@example.cz"
RESIDENT = "obyvatel@example.cz"

FIRST_NAMES_M = (
    "Jan", "Petr", "Pavel", "Jiří", "Josef", "Tomáš", "Martin", "Jaroslav", "Miroslav", "Zdeněk",
    "Václav", "Michal", "František", "Karel", "Lukáš", "Jakub", "David", "Ondřej", "Vojtěch", "Milan",
)
FIRST_NAMES_F = (
    "Jana", "Marie", "Eva", "Hana", "Anna", "Lenka", "Kateřina", "Lucie", "Věra", "Alena",
    "Petra", "Veronika", "Jaroslava", "Martina", "Tereza", "Michaela", "Zuzana", "Ivana", "Monika", "Markéta",
)
SURNAMES = (  # (masculine, feminine)
    ("Novák", "Nováková"), ("Svoboda", "Svobodová"), ("Novotný", "Novotná"), ("Dvořák", "Dvořáková"),
    ("Černý", "Černá"), ("Procházka", "Procházková"), ("Kučera", "Kučerová"), ("Veselý", "Veselá"),
    ("Horák", "Horáková"), ("Němec", "Němcová"), ("Pokorný", "Pokorná"), ("Marek", "Marková"),
    ("Pospíšil", "Pospíšilová"), ("Hájek", "Hájková"), ("Jelínek", "Jelínková"), ("Král", "Králová"),
    ("Růžička", "Růžičková"), ("Beneš", "Benešová"), ("Fiala", "Fialová"), ("Sedláček", "Sedláčková"),
    ("Doležal", "Doležalová"), ("Zeman", "Zemanová"), ("Kolář", "Kolářová"), ("Navrátil", "Navrátilová"),
    ("Čermák", "Čermáková"), ("Vaněk", "Vaňková"), ("Urban", "Urbanová"), ("Blažek", "Blažková"),
    ("Kopecký", "Kopecká"), ("Štěpánek", "Štěpánková"), ("Hubený", "Hubená"), ("Richter", "Richterová"),
)

# Demo residents per municipality: enough for small villages to reach a threshold,
# more in the towns (one in about 250 inhabitants), never fewer than MIN_RESIDENTS.
MIN_RESIDENTS = 16
RESIDENTS_PER_INHABITANT = 0.004

PROPOSALS: tuple[dict, ...] = (
    {
        "title": "Optika mezi Rybníkem, Třebovicemi a Semanínem",
        "place": (49.8868, 16.3625),
        "category": "broadband", "grouping": DSO, "support": "reached", "days_ago": 120,
        "municipalities": ("Rybník", "Třebovice", "Semanín"),
        "body": "Páteřní optická trasa končí v České Třebové a do našich tří obcí vede jen pomalý "
                "rádiový internet. Děti se nemohou učit na dálku a dvě firmy v Semaníně zvažují odchod.\n\n"
                "**Navrhujeme** společnou žádost o dotaci z programu Gigabitová infrastruktura a jednu "
                "výkopovou trasu podél silnice II/358.",
        "status": ("under_review", REP_DSO, "Svazek připravuje studii proveditelnosti pro celou trasu."),
        "answer": (REP_DSO, DSO, "Studii objednáme do konce roku; náklady rozdělíme podle počtu přípojek."),
    },
    {
        "title": "Společná autobusová linka Ústí – Libchavy – Dolní Dobrouč",
        "category": "transport", "grouping": DSO, "support": "reached", "days_ago": 95,
        "municipalities": ("Ústí nad Orlicí", "Libchavy", "Dolní Dobrouč", "Orlické Podhůří"),
        "body": "Ranní spoj do Ústí jede v 5:10 a další až v 7:45, takže lidé na směnu v 6:00 jezdí autem "
                "nebo stopem. Navrhujeme jeden spoj navíc kolem 5:30, objednaný společně všemi třemi obcemi.",
        "status": ("under_review", MODERATOR_UO, "Jednáme s krajským koordinátorem IREDO o jízdním řádu."),
    },
    {
        "title": "Cyklostezka Česká Třebová – Dlouhá Třebová přes hranici katastru",
        "place": (49.9163, 16.4312),
        "category": "transport", "grouping": DSO, "support": "reached", "days_ago": 200,
        "municipalities": ("Česká Třebová", "Dlouhá Třebová", "Řetová", "Řetůvka"),
        "body": "Cyklostezka z České Třebové končí na hranici katastru uprostřed pole a dál se jede po "
                "frekventované silnici. Chybí asi 1,8 km, které leží na pozemcích dvou obcí.\n\n"
                "- společný projekt a stavební povolení\n- jedna žádost o dotaci SFDI\n- údržba podle délky úseku",
        "status": ("solved", MODERATOR_CT, "Úsek je dokončen a otevřen, kolaudace proběhla v září."),
        "answer": (MODERATOR_CT, "Česká Třebová", "Stavba byla dokončena díky společné smlouvě obou obcí. Děkujeme všem podporovatelům."),
    },
    {
        "title": "Sběrný dvůr pro Řetovou, Řetůvku a Přívrat",
        "category": "waste", "grouping": DSO, "support": "reached", "days_ago": 150,
        "municipalities": ("Řetová", "Řetůvka", "Přívrat"),
        "body": "Každá z obcí vozí objemný odpad do České Třebové sama. Jeden společný sběrný dvůr "
                "u Řetové by ušetřil desítky jízd ročně a skončily by černé skládky v lese.",
        "status": ("under_review", REP_DSO, "Hledáme vhodný pozemek, jednáme s Řetovou."),
    },
    {
        "title": "Sdílený energetický manažer pro malé obce svazku",
        "category": "energy", "grouping": DSO, "support": "close", "days_ago": 60,
        "municipalities": ("Černovír", "Přívrat", "Řetůvka", "Orlické Podhůří"),
        "body": "Malé obce nemají nikoho, kdo by hlídal spotřebu energií ve školách a na úřadech a psal "
                "žádosti o dotace na fotovoltaiku. Jeden energetický manažer na částečný úvazek by mohl "
                "sloužit čtyřem obcím najednou.",
    },
    {
        "title": "Bezpečný přechod u školy na hranici Libchav a Ústí",
        "place": (49.9602, 16.3745),
        "category": "transport", "grouping": DSO, "support": "close", "days_ago": 40,
        "municipalities": ("Libchavy", "Ústí nad Orlicí"),
        "body": "Děti z Libchav chodí do školy v Ústí přes silnici I/14 bez přechodu. Silnice je hranicí "
                "obcí, a proto se o přechod nikdo nestará.",
        "answer": (MODERATOR_UO, "Ústí nad Orlicí", "Požádali jsme ŘSD o souhlas s nasvíceným přechodem; odpověď čekáme v únoru."),
    },
    {
        "title": "Společný svoz bioodpadu ve svazku",
        "category": "waste", "grouping": DSO, "support": "some", "days_ago": 30,
        "municipalities": ("Rybník", "Semanín", "Třebovice", "Dlouhá Třebová"),
        "body": "Hnědé popelnice se v každé obci vyvážejí jinak a jindy. Společná zakázka na svoz by byla "
                "levnější a kompost by mohl končit na jedné kompostárně.",
    },
    {
        "title": "Obnova polní cesty mezi Damníkovem a Rybníkem",
        "category": "transport", "grouping": DSO, "support": "some", "days_ago": 75,
        "municipalities": ("Damníkov", "Rybník"),
        "body": "Stará polní cesta je zkratkou pro pěší i cyklisty, ale po dešti je neprůjezdná. "
                "Navrhujeme ji zpevnit v rámci komplexních pozemkových úprav.",
        "status": ("not_taken_up", REP_DSO, "Cesta leží mimo plánované pozemkové úpravy; svazek ji letos neobnoví."),
        "answer": (REP_DSO, DSO, "Obnovu zařadíme do přípravy pozemkových úprav v roce 2028. Do té doby ji obce mohou udržovat samy."),
    },
    {
        "title": "Chodník podél silnice do Semanína",
        "place": (49.8791, 16.4318),
        "category": "transport", "grouping": DSO, "support": "close", "days_ago": 55,
        "municipalities": ("Semanín", "Česká Třebová"),
        "body": "Z vlakové zastávky do Semanína se chodí po krajnici bez osvětlení. Chodník by měl "
                "vzniknout na pozemcích obou obcí.",
    },
    {
        "title": "Vodovodní propojení Třebovic a Rybníka",
        "category": "water", "grouping": DSO, "support": "reached", "days_ago": 180,
        "municipalities": ("Třebovice", "Rybník", "Semanín"),
        "body": "Loňské sucho vyčerpalo místní vrt v Rybníku. Propojení s vodovodem Třebovic by zajistilo "
                "náhradní zdroj pro všechny tři obce.",
        "status": ("under_review", REP_DSO, "Vodárenská společnost zpracovává technické řešení."),
    },
    {
        "title": "Wi-Fi v knihovnách a na úřadech svazku",
        "category": "broadband", "grouping": DSO, "support": "none", "days_ago": 12,
        "municipalities": ("Černovír", "Řetůvka"),
        "body": "Veřejná Wi-Fi by pomohla seniorům s e-recepty i studentům. Stačí jedna společná zakázka "
                "na zařízení a správu sítě.",
    },
    {
        "title": "Dětská skupina pro tři vesnice pod Orlickými horami",
        "category": "social", "grouping": MAS, "support": "reached", "days_ago": 110,
        "municipalities": ("Kunvald", "Písečná", "Sopotnice", "Verměřovice"),
        "body": "Nejbližší školka s volným místem je 15 km daleko. Společná dětská skupina v Písečné by "
                "umožnila rodičům z okolních obcí vrátit se do práce.",
        "status": ("under_review", REP_MAS, "MAS připravuje výzvu z programu OP Zaměstnanost plus."),
        "answer": (REP_MAS, MAS, "Výzva bude vyhlášena na jaře; pomůžeme obcím se žádostí."),
    },
    {
        "title": "Turistická trasa po hřebenech Orlických hor",
        "category": "culture", "grouping": MAS, "support": "close", "days_ago": 85,
        "municipalities": ("Králíky", "Červená Voda", "Lichkov", "Mistrovice"),
        "body": "Značená trasa končí na hranici Králík. Propojení až do Lichkova by přivedlo turisty do "
                "menších obcí, které dnes nikdo nenavštíví.",
    },
    {
        "title": "Pojízdná prodejna pro obce bez obchodu",
        "category": "social", "grouping": MAS, "support": "reached", "days_ago": 70,
        "municipalities": ("Bystřec", "Lichkov", "Mistrovice", "Hnátnice"),
        "body": "V několika obcích zavřel poslední obchod. Pojízdná prodejna dvakrát týdně, dotovaná "
                "společně, by pomohla hlavně starším lidem bez auta.",
    },
    {
        "title": "Sdílený sociální pracovník pro obce MAS",
        "category": "social", "grouping": MAS, "support": "close", "days_ago": 45,
        "municipalities": ("Kunvald", "Verměřovice", "Hnátnice", "Lukavice"),
        "body": "Malé obce si nemohou dovolit vlastního sociálního pracovníka. Jeden sdílený by pomáhal "
                "s dávkami, dluhy i péčí o seniory.",
    },
    {
        "title": "Mobilní pokrytí v údolí Divoké Orlice",
        "place": (50.1702, 16.4581),
        "category": "broadband", "grouping": MAS, "support": "some", "days_ago": 25,
        "municipalities": ("Kunvald", "Žamberk", "Letohrad"),
        "body": "V údolí nefunguje ani volání na tísňovou linku. Obce by mohly společně nabídnout pozemek "
                "pro sdílený stožár operátorů.",
    },
    {
        "title": "Společná kompostárna pro Žamberk a okolí",
        "category": "waste", "grouping": MAS, "support": "some", "days_ago": 140,
        "municipalities": ("Žamberk", "Písečná", "Kunvald"),
        "body": "Bioodpad se vozí 40 km do Chrudimi. Kompostárna v Žamberku by zkrátila trasy a kompost "
                "by se vracel na obecní zeleň.",
        "status": ("not_taken_up", REP_MAS, "Žamberk postaví kompostárnu sám; ostatní obce se mohou připojit smlouvou."),
        "answer": (REP_MAS, MAS, "Projekt kompostárny převzalo město Žamberk, připojení dalších obcí řeší veřejnoprávní smlouva."),
    },
    {
        "title": "Obnova lipové aleje mezi Letohradem a Žamberkem",
        "place": (50.0623, 16.4931),
        "category": "environment", "grouping": MAS, "support": "close", "days_ago": 65,
        "municipalities": ("Letohrad", "Žamberk", "Písečná"),
        "body": "Stará alej podél cesty usychá. Náhradní výsadba by mohla být společným projektem obcí a "
                "spolků, s dotací z programu Výsadba stromů.",
    },
    {
        "title": "Kulturní léto: jeden kalendář akcí pro celé Orlicko",
        "category": "culture", "grouping": MAS, "support": "none", "days_ago": 8,
        "municipalities": ("Letohrad", "Jablonné nad Orlicí", "Červená Voda"),
        "body": "Akce v sousedních obcích se často konají ve stejný den. Společný kalendář by pomohl "
                "pořadatelům i návštěvníkům.",
    },
    {
        "title": "Autobus k vlaku do Letohradu i o víkendu",
        "category": "transport", "grouping": MAS, "support": "close", "days_ago": 35,
        "municipalities": ("Verměřovice", "Mistrovice", "Letohrad"),
        "body": "O víkendu nejede žádný autobus k vlakům do Letohradu. Dva páry spojů v sobotu a neděli "
                "by stačily.",
        "status": ("under_review", REP_MAS, "Objednávka víkendových spojů se projedná s krajem."),
    },
    {
        "title": "Páteřní optická síť Lanškrounska",
        "category": "broadband", "grouping": LAN, "support": "reached", "days_ago": 160,
        "municipalities": ("Tatenice", "Horní Čermná", "Damníkov"),
        "body": "Lanškroun má optiku, okolní obce ne. Společná páteřní síť ve vlastnictví mikroregionu by "
                "umožnila připojit domácnosti za férovou cenu.",
        "status": ("under_review", MODERATOR_CT, "Mikroregion projednává vznik společné akciové společnosti."),
    },
    {
        "title": "Společný svoz tříděného odpadu na Lanškrounsku",
        "category": "waste", "grouping": LAN, "support": "close", "days_ago": 90,
        "municipalities": ("Lanškroun", "Tatenice", "Rudoltice"),
        "body": "Obce mají smlouvy s různými svozovými firmami. Společná zakázka by snížila cenu a "
                "sjednotila barvy kontejnerů.",
    },
    {
        "title": "Obnova rybníka na hranici Dolní a Horní Čermné",
        "category": "water", "grouping": LAN, "support": "some", "days_ago": 50,
        "municipalities": ("Dolní Čermná", "Horní Čermná"),
        "body": "Zanesený rybník už nezadrží přívalovou vodu, která pak zaplavuje sklepy v obou obcích.",
    },
    {
        "title": "Cyklostezka Lanškroun – Rudoltice podél železnice",
        "category": "transport", "grouping": LAN, "support": "close", "days_ago": 130,
        "municipalities": ("Lanškroun", "Rudoltice", "Damníkov"),
        "body": "Trasa podél zrušené vlečky je rovná a bezpečná. Pozemky patří Správě železnic a dvěma obcím.",
    },
    {
        "title": "Sdílený pečovatelský vůz pro seniory",
        "category": "social", "grouping": LAN, "support": "some", "days_ago": 20,
        "municipalities": ("Tatenice", "Rudoltice", "Horní Čermná"),
        "body": "Pečovatelská služba z Lanškrouna jezdí do okolních obcí jen jednou týdně. Druhý vůz, "
                "financovaný společně, by zdvojnásobil návštěvy.",
    },
    {
        "title": "Energetické společenství obcí kolem Lanškrouna",
        "category": "energy", "grouping": LAN, "support": "close", "days_ago": 15,
        "municipalities": ("Lanškroun", "Tatenice", "Damníkov"),
        "body": "Střechy škol a hasičáren mohou vyrábět elektřinu pro všechny obce. Nový energetický zákon "
                "dovoluje sdílet ji v rámci společenství.",
    },
    {
        "title": "Bezbariérové nádraží v Choceni pro okolní obce",
        "category": "transport", "grouping": None, "support": "some", "days_ago": 100,
        "municipalities": ("Choceň", "Brandýs nad Orlicí", "Vysoké Mýto"),
        "body": "Lidé na vozíku z okolních obcí nemohou v Choceni přestoupit na rychlík. Obce by měly "
                "společně požádat Správu železnic o výtah.",
    },
    {
        "title": "Protipovodňová opatření na Tiché Orlici",
        "category": "environment", "grouping": None, "support": "close", "days_ago": 210,
        "municipalities": ("Ústí nad Orlicí", "Brandýs nad Orlicí", "Choceň", "Dolní Dobrouč"),
        "body": "Povodeň z roku 1997 zasáhla všechny obce podél řeky. Poldry nad Ústím by ochránily i obce "
                "níže po proudu, ale žádná je sama nezaplatí.",
        "answer": (MODERATOR_UO, "Ústí nad Orlicí", "Povodí Labe zařadilo poldr do plánu na roky 2027–2030. Budeme informovat."),
    },
    {
        "title": "Společný úředník pro veřejné zakázky",
        "category": "administration", "grouping": None, "support": "some", "days_ago": 80,
        "municipalities": ("Řetůvka", "Černovír", "Přívrat"),
        "body": "Starostové malých obcí zadávají zakázky sami a bojí se chyb. Sdílený odborník na "
                "veřejné zakázky by pracoval pro všechny.",
    },
    {
        "title": "Naučná stezka o historii textilního průmyslu",
        "category": "culture", "grouping": None, "support": "none", "days_ago": 10,
        "municipalities": ("Ústí nad Orlicí", "Letohrad"),
        "body": "Textilky kdysi zaměstnávaly tisíce lidí z celého údolí. Stezka s tabulemi by propojila "
                "muzea v obou městech.",
    },
    {
        "title": "Kůrovcové holiny: společná výsadba lesa",
        "category": "environment", "grouping": None, "support": "close", "days_ago": 170,
        "municipalities": ("Třebovice", "Dlouhá Třebová", "Česká Třebová"),
        "body": "Obecní lesy po kůrovci zůstaly holé. Společný nákup sazenic a brigády by byly levnější "
                "a rychlejší.",
        "status": ("solved", MODERATOR_CT, "Výsadba 12 ha proběhla na jaře se stovkou dobrovolníků."),
    },
    {
        "title": "Linka 700 do České Třebové i večer",
        "category": "transport", "grouping": None, "support": "some", "days_ago": 28,
        "municipalities": ("Česká Třebová", "Rybník", "Dlouhá Třebová"),
        "body": "Poslední spoj z České Třebové jede v 19:05, takže z odpolední směny se nedá dojet domů.",
    },
    {
        "title": "Zimní údržba cesty přes kopec do Řetůvky",
        "category": "transport", "grouping": None, "support": "none", "days_ago": 5,
        "municipalities": ("Řetová", "Řetůvka"),
        "body": "Cesta patří půl na půl oběma obcím a v zimě se neudržuje ani jedna polovina.",
    },
    {
        "title": "Sdílená hasičská cisterna pro horské obce",
        "category": "other", "grouping": None, "support": "some", "days_ago": 115,
        "municipalities": ("Lichkov", "Červená Voda", "Králíky"),
        "body": "Cisterna z Králík dojede do Lichkova za 25 minut. Druhá cisterna umístěná v Lichkově, "
                "pořízená společně, by zkrátila dojezd na polovinu.",
        "status": ("not_taken_up", MODERATOR_CT, "Plošné pokrytí řeší Hasičský záchranný sbor kraje, ne obce."),
    },
    {
        "title": "Rychlejší internet pro školy v Dolní Dobrouči a Libchavech",
        "category": "education", "grouping": None, "support": "close", "days_ago": 33,
        "municipalities": ("Dolní Dobrouč", "Libchavy"),
        "body": "Školy sdílejí jednu pomalou linku. Společná přípojka by stačila pro výuku informatiky.",
    },
    {
        "title": "Optika pro Semanín a Třebovice (duplicitní)",
        "category": "broadband", "grouping": DSO, "support": "some", "days_ago": 90,
        "municipalities": ("Semanín", "Třebovice"),
        "body": "Chceme rychlý internet do Semanína a Třebovic, dnes tu jde jen pomalé připojení přes rádio.",
        "merge_into": "Optika mezi Rybníkem, Třebovicemi a Semanínem",
    },
    {
        "title": "Parkoviště u nádraží v Ústí pro dojíždějící",
        "category": "transport", "grouping": None, "support": "some", "days_ago": 22,
        "municipalities": ("Ústí nad Orlicí", "Černovír"),
        "body": "Lidé z okolních obcí nemají kde nechat auto a parkují po ulicích.",
        "withdrawn": "Město mezitím rozšířilo parkoviště, návrh už není potřeba.",
    },
    {
        "title": "Sdílené elektrokolo pro úředníky malých obcí",
        "category": "energy", "grouping": None, "support": "none", "days_ago": 3,
        "municipalities": ("Dolní Dobrouč", "Sopotnice"),
        "author": RESIDENT,
        "body": "Úředníci jezdí mezi obcemi služebním autem i na krátké vzdálenosti.",
    },
    {
        "title": "Senior taxi pro Dolní Dobrouč a Sopotnici",
        "category": "social", "grouping": MAS, "support": "close", "days_ago": 18,
        "municipalities": ("Dolní Dobrouč", "Sopotnice", "Libchavy", "Letohrad"),
        "author": RESIDENT,
        "body": "Senioři potřebují dojet k lékaři do Letohradu. Senior taxi za 30 Kč by mohly obce "
                "financovat společně podle počtu jízd.",
    },
    {
        "title": "Koncept: nabíječky pro elektromobily na návsích",
        "category": "energy", "grouping": None, "support": "none", "days_ago": 1,
        "municipalities": ("Dolní Dobrouč",),
        "author": RESIDENT, "draft": True,
        "body": "Rozepsaný návrh: kde by měly nabíječky stát a kdo je zaplatí.",
    },
)
