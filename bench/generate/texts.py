"""The Czech words generated rows are made of: place and person names, proposal topics, comments."""

NAME_FIRST = ("Horní", "Dolní", "Nová", "Stará", "Velká", "Malá", "Černá", "Bílá", "Vysoká", "Dlouhá")
NAME_ROOT = ("Lhota", "Ves", "Bystřice", "Újezd", "Bukovina", "Lipnice", "Hora", "Rovná", "Polná", "Ždár",
             "Kamenice", "Olešná", "Borovnice", "Třebíč", "Radostín", "Jablonec")
FIRST_NAMES = ("Jana", "Petr", "Eva", "Jan", "Marie", "Tomáš", "Lucie", "Josef", "Hana", "Martin", "Věra",
               "Jiří", "Alena", "Pavel", "Zuzana", "Karel")
LAST_NAMES = ("Nováková", "Svoboda", "Dvořák", "Černá", "Procházka", "Kučerová", "Veselý", "Horák",
              "Němcová", "Marek", "Pokorná", "Král")
# (category, title with a {town} to fill in, body): proposals, and the titles of agreements and projects.
TOPICS = (
    ("transport", "Autobus do {town} i o víkendu", "Spoj v sobotu ráno chybí, lidé nedojedou k lékaři ani na vlak."),
    ("broadband", "Optika pro {town}", "Internet po mobilní síti nestačí na práci z domova ani na školu."),
    ("energy", "Společný energetický manažer pro {town}", "Ceny energií rostou; obce by mohly nakupovat spolu."),
    ("water", "Vodovod a kanalizace v {town}", "Studny v létě vysychají, čistírna je přetížená."),
    ("waste", "Sběrný dvůr blíž k {town}", "Do sběrného dvora je to dvacet kilometrů, odpad končí v lese."),
    ("social", "Pečovatelská služba pro {town}", "Senioři zůstávají sami, terénní služba sem nejezdí."),
    ("education", "Školní autobus z {town}", "Děti chodí na zastávku podél silnice bez chodníku."),
    ("environment", "Stromořadí podél cesty u {town}", "Cesta mezi obcemi je v létě bez stínu, chybí zeleň."),
    ("culture", "Společný kulturní kalendář {town}", "Akce se kryjí, protože o sobě obce nevědí."),
    ("administration", "Sdílený právník pro {town}", "Malé obce si nemohou dovolit vlastního právníka."),
)
# Comments on proposals, and the free-text answers in consultations.
COMMENT_TEXTS = (
    "Souhlasím, týká se to i nás.", "Tohle řešíme už roky, díky za návrh.",
    "Nebylo by levnější domluvit se se sousední obcí?", "Kolik by to stálo a kdo by to platil?",
    "Podporuji, ale chtělo by to i noční spoj.", "U nás to funguje, můžeme poslat zkušenosti.",
    "Nesouhlasím, priority jsou jinde.", "Připojte prosím i místní části.",
)
