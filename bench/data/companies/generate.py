"""Deterministic generator of a labelled company register: firm names only, written many ways.

Run ``python -m bench.data.companies.generate`` to rewrite ``companies.jsonl`` (the
committed set the benchmark scores); ``generate(n, seed)`` draws any size with any
seed (``scripts/train_matcher.py`` draws its training firms with another seed).
Each record is ``{"id", "company", "entity"}``: the benchmark removes ``entity``.

Built the way real registers, supplier lists and trade-fair lists differ: one
firm is written up to ten ways (legal form spelled out, abbreviated, dotted or
left out; accents and case lost; "Hermanos"/"Hnos.", "and"/"&", "Compañía"/
"Cía."; words reordered as registers do ("RUIZ, TALLERES"); a typo; an
acronym firm as "IBM", "I.B.M.", "I BM", "I-B-M" or spelled out in full), and
look-alike firms that are different are built in: the same name with another
word and another legal form ("Talleres Ruiz S.L." / "Talleres Ruiz Hermanos
S.A."), the same family in another trade ("Transportes Ruiz"), the same trade
and a similar surname ("Talleres Ruano"), sister firms of one group in other
regions ("Acme Iberia" / "Acme Portugal"), and numbered companies ("Inversiones
Gil 2010" / "Inversiones Gil 2012").

The generator only draws data: it shares no code or table with the matcher (its
abbreviation and legal-form lists are its own), so the set does not grade the
matcher against itself.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from bench.data.labelled import write_generated

OUTPUT = Path(__file__).with_name("companies.jsonl")
DEFAULT_SIZE = 1500
DEFAULT_SEED = 20260517

ES_TRADES = ["Talleres", "Transportes", "Construcciones", "Reformas", "Bodegas", "Carpintería",
             "Instalaciones", "Suministros", "Distribuciones", "Asesoría", "Inmobiliaria", "Panadería",
             "Ferretería", "Cárnicas", "Excavaciones", "Climatización", "Electricidad", "Gestoría",
             "Clínica Dental", "Autoescuela", "Imprenta", "Muebles", "Hormigones", "Aluminios"]
ES_SURNAMES = ["Ruiz", "García", "Martínez", "López", "Sánchez", "Pérez", "Gómez", "Fernández", "Moreno",
               "Jiménez", "Álvarez", "Romero", "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos", "Gil",
               "Serrano", "Blanco", "Molina", "Ortega", "Delgado", "Castro", "Ortiz", "Marín", "Núñez",
               "Iglesias", "Medina", "Garrido", "Cortés", "Lozano", "Cano", "Prieto", "Méndez", "Calvo",
               "Peña", "Cabrera", "Vega", "Fuentes", "Carrasco", "Aguilar", "Pascual", "Herrero", "Ibáñez",
               "Ferrer", "Durán", "Crespo", "Pastor", "Soler", "Parra", "Bravo", "Rojas", "Echevarría"]
SIMILAR_SURNAMES = {"Ruiz": "Ruano", "Gil": "Giner", "Vega": "Vegas", "Soler": "Solé", "Cano": "Canales",
                    "Peña": "Peñas", "Marín": "Marina", "Calvo": "Calvet", "Parra": "Parras",
                    "Moreno": "Morena", "Navarro": "Navarrete", "Ramos": "Ramón", "Ferrer": "Ferreras"}
ES_PLACES = ["Levante", "Poniente", "del Norte", "del Sur", "Castilla", "Aragón", "Galicia", "Andalucía",
             "del Mediterráneo", "Cantábrico", "La Mancha", "Rioja", "Navarra", "Atlántico"]
EN_SURNAMES = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
               "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark",
               "Lewis", "Walker", "Hall", "Allen", "Young", "King", "Wright", "Scott", "Green", "Baker",
               "Adams", "Nelson", "Carter", "Mitchell", "Turner", "Parker", "Collins", "Edwards", "Stewart"]
EN_TRADES = ["Logistics", "Plumbing", "Builders", "Engineering", "Foods", "Motors", "Printing", "Roofing",
             "Electrical", "Landscaping", "Bakery", "Hardware", "Consulting", "Dental Care", "Insurance",
             "Accountants", "Removals", "Joinery", "Catering", "Architects", "Manufacturing"]
EN_WORDS = ["Blue River", "Red Oak", "Silver Lake", "Golden Gate", "North Star", "Green Valley", "Iron Bridge",
            "Black Rock", "White Horse", "Maple Leaf", "Eagle Point", "Stone Creek", "Harbour View"]
EN_REGIONS = ["Europe", "Iberia", "UK", "Ireland", "Americas", "Asia Pacific", "Nordics", "France"]
ACRONYM_FIRMS = [("International Business Machines", "IBM"), ("Hewlett Packard Enterprise", "HPE"),
                 ("British Petroleum", "BP"), ("Banco Bilbao Vizcaya Argentaria", "BBVA"),
                 ("Construcciones y Auxiliar de Ferrocarriles", "CAF"), ("Minnesota Mining and Manufacturing", "MMM"),
                 ("Red Eléctrica de España", "REE"), ("Compañía Española de Petróleos", "CEPSA"),
                 ("American Telephone and Telegraph", "ATT"), ("Sociedad Estatal de Loterías", "SELAE"),
                 ("General Motors Corporation", "GMC"), ("Fomento de Construcciones y Contratas", "FCC"),
                 ("Asea Brown Boveri", "ABB"), ("Industria de Diseño Textil", "IDT"),
                 ("Transportes Unidos de Asturias", "TUA"), ("Digital Equipment Corporation", "DEC")]

ES_FORMS = {"S.L.": ["SL", "S.L", "S. L.", "Sociedad Limitada", "SOCIEDAD LIMITADA", "S.L.U.", ""],
            "S.A.": ["SA", "S.A", "S. A.", "Sociedad Anónima", "SOCIEDAD ANONIMA", ""],
            "S.Coop.": ["S. Coop.", "SCOOP", "Sociedad Cooperativa", ""],
            "C.B.": ["CB", "C. B.", ""]}
EN_FORMS = {"Ltd": ["Limited", "Ltd.", "LTD", "limited", ""],
            "Inc.": ["Inc", "Incorporated", "INC", ", Inc.", ""],
            "LLC": ["L.L.C.", "llc", ", LLC", ""],
            "PLC": ["plc", "P.L.C.", "Public Limited Company", ""]}
ABBREVIATE = {"Hermanos": "Hnos.", "Compañía": "Cía.", "Brothers": "Bros.", "International": "Intl.",
              "Manufacturing": "Mfg.", "Distribuciones": "Dist.", "Construcciones": "Const.",
              "Instalaciones": "Inst.", "Engineering": "Eng.", "Suministros": "Sumin.", "Associates": "Assoc.",
              "and": "&", "y": "&", "Saint": "St.", "Company": "Co."}
ACCENTS = str.maketrans("áéíóúÁÉÍÓÚñÑüÜ", "aeiouAEIOUnNuU")
CONFUSABLES = {"a": "а", "e": "е", "o": "о", "c": "с", "A": "А", "E": "Е", "O": "О"}


@dataclass
class Firm:
    entity: str
    lang: str
    words: list[str]  # the name without legal form
    form: str  # the legal form as registered ("" for none)
    acronym: str = ""


class Generator:
    """Draws firms, their look-alikes and their records; all randomness comes from one seeded RNG."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.firms: list[Firm] = []
        self.names: set[str] = set()

    def new_firm(self, lang: str, words: list[str], form: str, acronym: str = "") -> Firm | None:
        key = " ".join(words).lower().translate(ACCENTS)
        if key in self.names:
            return None
        self.names.add(key)
        firm = Firm(f"f{len(self.firms):05d}", lang, words, form, acronym)
        self.firms.append(firm)
        return firm

    def es_firm(self) -> Firm | None:
        rng = self.rng
        form = rng.choice(list(ES_FORMS))
        shape = rng.random()
        surname = rng.choice(ES_SURNAMES)
        if shape < 0.45:
            words = [*rng.choice(ES_TRADES).split(), surname]
        elif shape < 0.6:
            words = [*rng.choice(ES_TRADES).split(), *rng.choice(ES_PLACES).split()]
        elif shape < 0.72:
            words = [surname, "e", "Hijos"]
        elif shape < 0.84:
            words = ["Grupo", surname]
        else:
            words = [surname, "y", rng.choice(ES_SURNAMES), "Asociados"]
        return self.new_firm("es", words, form)

    def en_firm(self) -> Firm | None:
        rng = self.rng
        form = rng.choice(list(EN_FORMS))
        shape = rng.random()
        if shape < 0.45:
            words = [rng.choice(EN_SURNAMES), *rng.choice(EN_TRADES).split()]
        elif shape < 0.65:
            words = [*rng.choice(EN_WORDS).split(), *rng.choice(EN_TRADES).split()]
        elif shape < 0.8:
            words = [rng.choice(EN_SURNAMES), "and", "Sons"]
        else:
            words = [rng.choice(EN_SURNAMES), "Brothers", *rng.choice(EN_TRADES).split()]
        return self.new_firm("en", words, form)

    def acronym_firm(self) -> Firm | None:
        full, acronym = self.rng.choice(ACRONYM_FIRMS)
        lang = "es" if any(ch in full for ch in "ñé") or " de " in full or " y " in full else "en"
        form = self.rng.choice(list(ES_FORMS if lang == "es" else EN_FORMS))
        return self.new_firm(lang, full.split(), form, acronym)

    # ---------------------------------------------------------- look-alikes (different firms)

    def look_alikes(self, firm: Firm) -> list[Firm]:
        rng = self.rng
        if firm.acronym:
            return []
        made: list[Firm | None] = []
        forms = ES_FORMS if firm.lang == "es" else EN_FORMS
        other_form = rng.choice([f for f in forms if f != firm.form])
        family = "Hermanos" if firm.lang == "es" else "Brothers"
        if not {family, "Hijos", "Sons", "Asociados"} & set(firm.words):
            made.append(self.new_firm(firm.lang, [*firm.words, family], other_form))
        surname = next((w for w in firm.words if w in ES_SURNAMES or w in EN_SURNAMES), None)
        if firm.lang == "es" and firm.words[0] in ES_TRADES and firm.words[-1] == surname:
            trade = rng.choice([t for t in ES_TRADES if t != firm.words[0] and " " not in t])
            made.append(self.new_firm("es", [trade, surname], rng.choice(list(forms))))
            similar = SIMILAR_SURNAMES.get(surname)
            if similar:
                made.append(self.new_firm("es", [*firm.words[:-1], similar], firm.form))
        if firm.lang == "en" and firm.words[0] == surname and len(firm.words) == 2:
            trade = rng.choice([t for t in EN_TRADES if t not in firm.words and " " not in t])
            made.append(self.new_firm("en", [surname, trade], rng.choice(list(forms))))
        if rng.random() < 0.3:
            regions = rng.sample(EN_REGIONS, 2)
            made += [self.new_firm(firm.lang, [*firm.words, *region.split()], firm.form) for region in regions]
        if surname and rng.random() < 0.15:
            made += [self.new_firm(firm.lang, ["Inversiones", surname, year], "S.L.")
                     for year in rng.sample(["2008", "2010", "2012", "2015", "2019"], 2)]
        return [f for f in made if f is not None]

    # ---------------------------------------------------------- spellings of one firm

    def written(self, firm: Firm, variant: bool) -> str:
        rng = self.rng
        words = list(firm.words)
        form = firm.form
        if firm.acronym and variant and rng.random() < 0.6:
            words = [self.acronym_spelling(firm.acronym)]
        if variant:
            forms = ES_FORMS if firm.lang == "es" else EN_FORMS
            form = rng.choice([firm.form, *forms.get(firm.form, [""])]) if firm.form else ""
            if rng.random() < 0.25:
                words = [ABBREVIATE.get(w, w) for w in words]
            if rng.random() < 0.08 and len(words) > 1:
                form = ""
                words = [words[-1].upper() + ",", *(w.upper() for w in words[:-1])]  # "RUIZ, TALLERES"
            long_words = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
            if rng.random() < 0.12 and long_words:
                index = rng.choice(long_words)
                words[index] = self.typo(words[index])
            if firm.lang == "en" and rng.random() < 0.05:
                words = ["The", *words]
        text = " ".join(words)
        text = f"{text}{form}" if form.startswith(",") else f"{text} {form}".strip()
        return self.case_and_accents(text) if variant else text

    def acronym_spelling(self, acronym: str) -> str:
        letters = list(acronym)
        return self.rng.choice([acronym, ".".join(letters) + ".", " ".join(letters), "-".join(letters),
                                f"{letters[0]} {''.join(letters[1:])}", acronym.lower()])

    def case_and_accents(self, text: str) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.25:
            text = text.translate(ACCENTS)
        elif roll < 0.4:
            text = text.upper()
        elif roll < 0.48:
            text = text.lower()
        elif roll < 0.51:
            text = "".join(CONFUSABLES.get(ch, ch) if rng.random() < 0.3 else ch for ch in text)
        if rng.random() < 0.1:
            text = text.replace(" ", "  ", 1)
        return text

    def typo(self, word: str) -> str:
        rng = self.rng
        i = rng.randrange(1, len(word) - 2)
        kind = rng.choice(["drop", "swap", "double"])
        if kind == "drop":
            return word[:i] + word[i + 1:]
        if kind == "swap":
            return word[:i] + word[i + 1] + word[i] + word[i + 2:]
        return word[:i] + word[i] + word[i:]


def generate(size: int = DEFAULT_SIZE, seed: int = DEFAULT_SEED) -> list[dict]:
    """Exactly ``size`` labelled company records, ids ``c00001``... in shuffled order."""
    gen = Generator(seed)
    records: list[dict] = []
    while len(records) < size:
        roll = gen.rng.random()
        firm = gen.acronym_firm() if roll < 0.08 else gen.es_firm() if roll < 0.6 else gen.en_firm()
        if firm is None:
            continue
        family = [firm, *(gen.look_alikes(firm) if gen.rng.random() < 0.5 else [])]
        for member in family:
            copies = gen.rng.choices([1, 2, 3, 4, 6, 8, 10], weights=[30, 22, 16, 12, 9, 6, 5])[0]
            records.extend({"company": gen.written(member, variant=i > 0), "entity": member.entity}
                           for i in range(copies))
    records = records[:size]
    gen.rng.shuffle(records)
    return [{"id": f"c{i:05d}", **record} for i, record in enumerate(records, start=1)]


# ---------------------------------------------------------------- business listings

ES_STREETS = ["Calle Mayor", "Avenida de la Constitución", "Calle Real", "Paseo de Gracia", "Calle de Alcalá",
              "Gran Vía", "Avenida de América", "Calle del Carmen", "Polígono Industrial El Olivar",
              "Calle San Fernando", "Ronda de Segovia", "Camino de Ronda", "Avenida de Andalucía"]
EN_STREETS = ["High Street", "Station Road", "Main Street", "Church Lane", "Park Avenue", "Victoria Road",
              "Mill Road", "King Street", "Market Street", "Broadway", "Elm Avenue", "Industrial Park Road"]
ES_CITIES = [("Madrid", "28", "91"), ("Barcelona", "08", "93"), ("Sevilla", "41", "954"), ("Valencia", "46", "96"),
             ("Zaragoza", "50", "976"), ("Bilbao", "48", "94"), ("Málaga", "29", "952"), ("Murcia", "30", "968")]
EN_CITIES = [("Chicago", "606", "312"), ("Boston", "021", "617"), ("Seattle", "981", "206"), ("Austin", "787", "512"),
             ("Denver", "802", "303"), ("Portland", "972", "503")]
STREET_SHORT = {"Calle": "C/", "Avenida": "Avda.", "Paseo": "Pº", "Polígono Industrial": "Pol. Ind.",
                "Street": "St.", "Road": "Rd", "Avenue": "Ave", "Lane": "Ln"}


@dataclass
class Site:
    entity: str
    firm: Firm
    street: str
    number: int
    city: tuple[str, str, str]
    phone: str


def _site(gen: Generator, firm: Firm, index: int, building: Site | None = None) -> Site:
    rng = gen.rng
    city = building.city if building else rng.choice(ES_CITIES if firm.lang == "es" else EN_CITIES)
    street, number = (building.street, building.number) if building else (
        rng.choice(ES_STREETS if firm.lang == "es" else EN_STREETS), rng.randrange(1, 400))
    local = f"{rng.randrange(10 ** (9 - len(city[2]) - 1), 10 ** (9 - len(city[2]))):d}" if firm.lang == "es" \
        else f"{rng.randrange(2000000, 9999999)}"
    return Site(f"{firm.entity}-{index}", firm, street, number, city, city[2] + local)


def _listing(gen: Generator, site: Site, variant: bool) -> dict:
    rng = gen.rng
    street = site.street
    if variant and rng.random() < 0.4:
        for long, short in STREET_SHORT.items():
            street = street.replace(long, short)
    city, postal, area = site.city
    postcode = f"{postal}{rng.randrange(0, 10)}{rng.randrange(0, 100):02d}"[:5] if postal else ""
    if site.firm.lang == "es":
        address = f"{street} {site.number}" + (f", {postcode}" if rng.random() < 0.4 else "")
    else:
        address = f"{site.number} {street}" + (f" {postcode}" if rng.random() < 0.4 else "")
    phone = site.phone
    if variant:
        if site.firm.lang == "es":  # Spanish numbers are always dialled whole
            phone = rng.choice([phone, f"{phone[:3]} {phone[3:6]} {phone[6:]}", f"+34 {phone}"])
        else:
            phone = rng.choice([phone, phone[len(area):], f"({area}) {phone[len(area):]}", f"+1 {phone}"])
    record = {"company": gen.written(site.firm, variant), "address": address, "city": city, "phone": phone}
    if variant:
        for key in rng.sample(["address", "city", "phone"], rng.choice([0, 0, 1, 2])):
            record[key] = None
    return record


def generate_listings(size: int, seed: int) -> list[dict]:
    """Business listings (firm name, address, city, phone): one entity per site of a firm.

    Look-alikes: the same firm's other sites (another town or street: another entity),
    several firms in one building (a business centre), and the company register's
    look-alike names.
    """
    gen = Generator(seed)
    records: list[dict] = []
    while len(records) < size:
        firm = gen.es_firm() if gen.rng.random() < 0.55 else gen.en_firm()
        if firm is None:
            continue
        sites = [_site(gen, firm, i) for i in range(gen.rng.choice([1, 1, 1, 2, 3]))]
        if gen.rng.random() < 0.15:  # a business centre: other firms at the first site's address
            for other in filter(None, (gen.es_firm() if firm.lang == "es" else gen.en_firm() for _ in range(2))):
                sites.append(_site(gen, other, 0, sites[0]))
        sites += [_site(gen, alike, 0) for alike in gen.look_alikes(firm) if gen.rng.random() < 0.5]
        for site in sites:
            copies = gen.rng.choices([1, 2, 3, 4, 5], weights=[35, 30, 18, 10, 7])[0]
            records.extend({**_listing(gen, site, variant=i > 0), "entity": site.entity} for i in range(copies))
    records = records[:size]
    gen.rng.shuffle(records)
    return [{"id": f"l{i:05d}", **record} for i, record in enumerate(records, start=1)]


def main() -> None:
    write_generated(OUTPUT, generate, DEFAULT_SIZE)


if __name__ == "__main__":
    main()
