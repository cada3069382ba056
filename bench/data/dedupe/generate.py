"""Deterministic generator of labelled lead records for the dedupe benchmark.

Run ``python -m bench.data.dedupe.generate`` to rewrite ``leads.jsonl`` (the
committed labelled set); ``generate(n, seed)`` synthesises any size for the
timing runs. Each record carries ``entity``: the true person, removed before
clustering.

People are Spanish or English speakers. A person's records vary the way real
leads do: typos, accents dropped, upper case, surnames swapped or one of two
surnames missing, "Surname, Given" order, nicknames, legal forms written
differently, phones with or without +34 or spaced differently, Gmail dots and
+tags, a new email address, missing fields, look-alike Cyrillic letters.
Hard negatives are built in: namesakes (same name, different people), family
members sharing a phone and an address, company staff sharing info@ and the
switchboard number.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from bench.data.labelled import write_generated

OUTPUT = Path(__file__).with_name("leads.jsonl")
DEFAULT_SIZE = 2400
DEFAULT_SEED = 20261123

ES_GIVEN = [
    "José",
    "Francisco",
    "Manuel",
    "Antonio",
    "Juan",
    "Javier",
    "Jesús",
    "Enrique",
    "Ignacio",
    "Rafael",
    "Fernando",
    "Daniel",
    "Alejandro",
    "Pablo",
    "Sergio",
    "Jorge",
    "Alberto",
    "Luis",
    "Carlos",
    "Miguel",
    "Raúl",
    "Andrés",
    "Óscar",
    "Rubén",
    "Iván",
    "Álvaro",
    "Adrián",
    "Diego",
    "María",
    "Carmen",
    "Dolores",
    "Isabel",
    "Pilar",
    "Teresa",
    "Rosario",
    "Mercedes",
    "Lucía",
    "Laura",
    "Marta",
    "Cristina",
    "Elena",
    "Sara",
    "Paula",
    "Raquel",
    "Beatriz",
    "Nuria",
    "Silvia",
    "Rocío",
    "Inés",
    "Alicia",
    "Sonia",
    "Patricia",
    "Ángela",
    "Natalia",
    "Irene",
    "Begoña",
    "Consuelo",
    "Concepción",
    "Guillermo",
    "Santiago",
    "Eduardo",
    "Nicolás",
    "Ainhoa",
    "Iker",
]
ES_NICK = {
    "José": "Pepe",
    "Francisco": "Paco",
    "Manuel": "Manolo",
    "Antonio": "Toni",
    "Jesús": "Chus",
    "Enrique": "Quique",
    "Ignacio": "Nacho",
    "Rafael": "Rafa",
    "Dolores": "Lola",
    "Concepción": "Concha",
    "Rosario": "Charo",
    "Mercedes": "Merche",
    "Guillermo": "Guille",
    "Santiago": "Santi",
    "Javier": "Javi",
    "Alejandro": "Álex",
    "Daniel": "Dani",
    "Pilar": "Pili",
}
ES_SURNAMES = [
    "García",
    "Fernández",
    "González",
    "Rodríguez",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Martín",
    "Jiménez",
    "Ruiz",
    "Hernández",
    "Díaz",
    "Moreno",
    "Muñoz",
    "Álvarez",
    "Romero",
    "Alonso",
    "Gutiérrez",
    "Navarro",
    "Torres",
    "Domínguez",
    "Vázquez",
    "Ramos",
    "Gil",
    "Ramírez",
    "Serrano",
    "Blanco",
    "Molina",
    "Morales",
    "Suárez",
    "Ortega",
    "Delgado",
    "Castro",
    "Ortiz",
    "Rubio",
    "Marín",
    "Sanz",
    "Núñez",
    "Iglesias",
    "Medina",
    "Garrido",
    "Cortés",
    "Castillo",
    "Santos",
    "Lozano",
    "Guerrero",
    "Cano",
    "Prieto",
    "Méndez",
    "Cruz",
    "Calvo",
    "Gallego",
    "Vidal",
    "León",
    "Márquez",
    "Herrera",
    "Peña",
    "Flores",
    "Cabrera",
    "Campos",
    "Vega",
    "Fuentes",
    "Carrasco",
    "Diez",
    "Caballero",
    "Reyes",
    "Nieto",
    "Aguilar",
    "Pascual",
    "Santana",
    "Herrero",
    "Lorenzo",
    "Montero",
    "Hidalgo",
    "Giménez",
    "Ibáñez",
    "Ferrer",
    "Durán",
    "Santiago",
    "Benítez",
    "Mora",
    "Vicente",
    "Vargas",
    "Arias",
    "Carmona",
    "Crespo",
    "Román",
    "Pastor",
    "Soto",
    "Sáez",
    "Velasco",
    "Moya",
    "Soler",
    "Parra",
    "Esteban",
    "Bravo",
    "Gallardo",
    "Rojas",
    "de la Fuente",
    "del Río",
    "de la Torre",
    "Echevarría",
    "Goikoetxea",
    "Urrutia",
    "Aguirre",
    "Etxeberria",
    "Zubizarreta",
    "Olabarrieta",
]
EN_GIVEN = [
    "Robert",
    "William",
    "James",
    "John",
    "Michael",
    "David",
    "Richard",
    "Thomas",
    "Charles",
    "Christopher",
    "Daniel",
    "Matthew",
    "Anthony",
    "Steven",
    "Andrew",
    "Joshua",
    "Kenneth",
    "Elizabeth",
    "Katherine",
    "Margaret",
    "Jennifer",
    "Patricia",
    "Susan",
    "Jessica",
    "Sarah",
    "Karen",
    "Nancy",
    "Rebecca",
    "Samantha",
    "Victoria",
    "Emily",
    "Olivia",
    "Hannah",
    "Rachel",
    "Megan",
    "Lauren",
    "Amanda",
    "Stephanie",
    "Nicole",
    "Alexander",
    "Benjamin",
    "Jonathan",
    "Timothy",
    "Gregory",
    "Patrick",
    "Peter",
    "Edward",
    "Henry",
    "George",
    "Frances",
    "Alice",
]
EN_NICK = {
    "Robert": "Bob",
    "William": "Bill",
    "James": "Jim",
    "Michael": "Mike",
    "Richard": "Dick",
    "Thomas": "Tom",
    "Charles": "Chuck",
    "Christopher": "Chris",
    "Matthew": "Matt",
    "Anthony": "Tony",
    "Steven": "Steve",
    "Andrew": "Andy",
    "Elizabeth": "Liz",
    "Katherine": "Kate",
    "Margaret": "Peggy",
    "Jennifer": "Jen",
    "Patricia": "Patty",
    "Rebecca": "Becky",
    "Samantha": "Sam",
    "Alexander": "Alex",
    "Benjamin": "Ben",
    "Jonathan": "Jon",
    "Timothy": "Tim",
    "Gregory": "Greg",
    "Edward": "Ted",
    "Peter": "Pete",
}
EN_SURNAMES = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Anderson",
    "Taylor",
    "Thomas",
    "Moore",
    "Martin",
    "Jackson",
    "Thompson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Hill",
    "Green",
    "Adams",
    "Baker",
    "Nelson",
    "Carter",
    "Mitchell",
    "Roberts",
    "Turner",
    "Phillips",
    "Campbell",
    "Parker",
    "Evans",
    "Edwards",
    "Collins",
    "Stewart",
    "Morris",
    "Murphy",
    "Cook",
    "Rogers",
    "Morgan",
    "Cooper",
    "Peterson",
    "Reed",
    "Bailey",
    "Kelly",
    "Howard",
    "Ward",
    "O'Brien",
    "O'Connor",
    "MacDonald",
    "Fitzgerald",
    "Van der Berg",
    "Hughes",
    "Price",
]
ES_COMPANY_WORDS = [
    "Talleres",
    "Construcciones",
    "Transportes",
    "Distribuciones",
    "Hermanos",
    "Inmobiliaria",
    "Consultoría",
    "Asesoría",
    "Reformas",
    "Cárnicas",
    "Bodegas",
    "Instalaciones",
    "Ingeniería",
    "Grupo",
    "Comercial",
    "Suministros",
    "Logística",
]
ES_LEGAL = [
    ("S.L.", ["SL", "S.L", ", S.L.", "S. L.", "Sociedad Limitada", ""]),
    ("S.A.", ["SA", ", S.A.", "S.A", "Sociedad Anónima", ""]),
    ("S.L.U.", ["SLU", ", S.L.U.", ""]),
    ("S.Coop.", ["S. Coop.", "SCOOP", ""]),
    ("C.B.", ["CB", ""]),
]
EN_COMPANY_WORDS = [
    "Global",
    "Solutions",
    "Systems",
    "Partners",
    "Logistics",
    "Consulting",
    "Digital",
    "Analytics",
    "Industries",
    "Holdings",
    "Networks",
    "Foods",
    "Energy",
    "Media",
    "Capital",
    "Labs",
    "Dynamics",
    "Ventures",
    "Brothers",
    "Engineering",
]
EN_LEGAL = [
    ("Ltd", ["Limited", "Ltd.", "LTD", ""]),
    ("Inc.", ["Inc", ", Inc.", "Incorporated", ""]),
    ("LLC", ["L.L.C.", ", LLC", ""]),
    ("Corp.", ["Corporation", "Corp", ""]),
    ("PLC", ["plc", "P.L.C.", ""]),
    ("GmbH", ["GMBH", ""]),
]
ES_CITIES = [
    ("Madrid", "280"),
    ("Barcelona", "080"),
    ("Valencia", "460"),
    ("Sevilla", "410"),
    ("Zaragoza", "500"),
    ("Málaga", "290"),
    ("Bilbao", "480"),
    ("A Coruña", "150"),
    ("Córdoba", "140"),
    ("Valladolid", "470"),
    ("Alicante", "030"),
    ("Murcia", "300"),
    ("Palma", "070"),
    ("Logroño", "260"),
    ("San Sebastián", "200"),
    ("Cádiz", "110"),
]
EN_CITIES = [
    ("London", "EC"),
    ("Manchester", "M"),
    ("Birmingham", "B"),
    ("Leeds", "LS"),
    ("Bristol", "BS"),
    ("Dublin", "D"),
    ("Edinburgh", "EH"),
    ("New York", "100"),
    ("Boston", "021"),
    ("Chicago", "606"),
    ("Seattle", "981"),
    ("Austin", "787"),
]
ES_STREETS = [
    "Calle Mayor",
    "Avenida de la Constitución",
    "Calle Real",
    "Paseo de Gracia",
    "Calle de Alcalá",
    "Gran Vía",
    "Calle San Fernando",
    "Avenida de América",
    "Calle del Carmen",
    "Plaza de España",
    "Calle Nueva",
    "Ronda de Segovia",
]
EN_STREETS = [
    "High Street",
    "Station Road",
    "Main Street",
    "Church Lane",
    "Park Avenue",
    "Victoria Road",
    "Green Lane",
    "Oak Street",
    "Mill Road",
    "King Street",
    "Elm Street",
]
FREE_MAIL = ["gmail.com", "hotmail.com", "yahoo.es", "outlook.com", "icloud.com", "gmail.com"]
CONFUSABLES = {"a": "а", "e": "е", "o": "о", "c": "с", "p": "р", "A": "А", "E": "Е", "O": "О"}
ACCENTS = str.maketrans("áéíóúÁÉÍÓÚñÑüÜ", "aeiouAEIOUnNuU")


@dataclass
class Person:
    entity: str
    lang: str
    given: str
    surnames: list[str]
    company: str = ""
    company_domain: str = ""
    legal: tuple[str, list[str]] | None = None
    email: str = ""
    alt_email: str = ""
    phone: str = ""
    city: str = ""
    postcode: str = ""
    address: str = ""
    dob: str = ""
    shared: set[str] = field(default_factory=set)  # fields shared with others: keep them verbatim


def _slug(text: str) -> str:
    return "".join(ch for ch in text.translate(ACCENTS).lower() if ch.isalnum())


def _mailbox(address: str) -> str:
    """The mailbox an address delivers to: Gmail ignores dots (and +tags)."""
    local, _, domain = address.lower().partition("@")
    return f"{local.replace('.', '')}@{domain}" if domain == "gmail.com" else f"{local}@{domain}"


def _phone(rng: random.Random, lang: str, landline: bool = False) -> str:
    if lang == "es":
        first = rng.choice("89") + rng.choice("1345") if landline else rng.choice("67")
        return f"+34{first}{rng.randrange(10 ** (9 - len(first))):0{9 - len(first)}d}"
    if rng.random() < 0.5:
        return f"+447{rng.randrange(400, 999)}{rng.randrange(10**6):06d}"
    return (
        f"+1{rng.choice(['212', '415', '617', '312', '206', '512'])}{rng.randrange(200, 999)}"
        f"{rng.randrange(10**4):04d}"
    )


class Generator:
    """Builds people, then their records; all randomness comes from one seeded RNG."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.people: list[Person] = []
        self.companies: list[tuple[str, str, tuple[str, list[str]] | None, str]] = []
        self.used_emails: set[str] = set()

    # ---------------------------------------------------------- people

    def company(self, lang: str) -> tuple[str, str, tuple[str, list[str]] | None, str]:
        rng = self.rng
        if self.companies and rng.random() < 0.35:
            picked = rng.choice(self.companies)
            if (picked[3] == lang) or rng.random() < 0.2:
                return picked
        if lang == "es":
            name = f"{rng.choice(ES_COMPANY_WORDS)} {rng.choice(ES_SURNAMES)}"
            legal = rng.choice(ES_LEGAL)
        else:
            name = f"{rng.choice(EN_SURNAMES)} {rng.choice(EN_COMPANY_WORDS)}"
            legal = rng.choice(EN_LEGAL)
        domain = _slug(name.split()[-1] + name.split()[0])[:14] + rng.choice(
            [".es", ".com", ".co.uk", ".net"]
        )
        made = (name, domain, legal, lang)
        self.companies.append(made)
        return made

    def person(self, lang: str | None = None, **fixed) -> Person:
        rng = self.rng
        lang = lang or ("es" if rng.random() < 0.6 else "en")
        if lang == "es":
            given = rng.choice(ES_GIVEN)
            if rng.random() < 0.15:
                given = f"{given} {rng.choice(ES_GIVEN)}"
            surnames = [rng.choice(ES_SURNAMES), rng.choice(ES_SURNAMES)]
            city, prefix = rng.choice(ES_CITIES)
            postcode = f"{prefix}{rng.randrange(1, 99):02d}"
            address = f"{rng.choice(ES_STREETS)} {rng.randrange(1, 150)}, {rng.randrange(1, 8)}º"
        else:
            given = rng.choice(EN_GIVEN)
            surnames = [rng.choice(EN_SURNAMES)]
            city, prefix = rng.choice(EN_CITIES)
            postcode = (
                f"{prefix}{rng.randrange(1, 30)} {rng.randrange(1, 9)}{rng.choice('ABDEFGHJ')}"
                if not prefix.isdigit()
                else f"{prefix}{rng.randrange(10, 99)}"
            )
            address = f"{rng.randrange(1, 300)} {rng.choice(EN_STREETS)}"
        person = Person(
            f"e{len(self.people):06d}",
            lang,
            given,
            surnames,
            city=city,
            postcode=postcode,
            address=address,
            phone=_phone(rng, lang),
        )
        if rng.random() < 0.7:
            person.company, person.company_domain, person.legal, _ = self.company(lang)
        if rng.random() < 0.25:
            person.dob = f"{rng.randrange(1950, 2004)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        for key, value in fixed.items():
            setattr(person, key, value)
        person.email = self.email(person)
        person.alt_email = self.email(person, free=True)
        self.people.append(person)
        return person

    def email(self, person: Person, free: bool = False) -> str:
        rng = self.rng
        given = _slug(person.given.split()[0])
        surname = _slug(person.surnames[0])
        local = rng.choice(
            [
                f"{given}.{surname}",
                f"{given[0]}{surname}",
                f"{given}{surname}",
                f"{given}_{surname}{rng.randrange(10, 99)}",
                f"{surname}.{given}",
            ]
        )
        if free or not person.company_domain or rng.random() < 0.3:
            domain = rng.choice(FREE_MAIL)
        else:
            domain = person.company_domain
        address = f"{local}@{domain}"
        while _mailbox(address) in self.used_emails:  # a mailbox belongs to one person
            address = f"{local}{rng.randrange(100, 999)}@{domain}"
        self.used_emails.add(_mailbox(address))
        return address

    # ---------------------------------------------------------- hard negatives

    def namesakes(self) -> None:
        """Two or three different people with exactly the same name."""
        template = self.person()
        for _ in range(self.rng.choice([1, 2])):
            self.person(template.lang, given=template.given, surnames=list(template.surnames))

    def family(self) -> None:
        """Members of a household: same surname(s), phone and address, different given names."""
        head = self.person()
        head.phone = _phone(self.rng, head.lang, landline=True)
        head.shared |= {"phone", "address"}
        taken = {head.given[:3]}
        for _ in range(self.rng.choice([1, 2, 3])):
            pool = ES_GIVEN if head.lang == "es" else EN_GIVEN
            given = self.rng.choice([g for g in pool if g[:3] not in taken])
            taken.add(given[:3])
            surnames = (
                list(head.surnames) if head.lang == "en" else [head.surnames[0], self.rng.choice(ES_SURNAMES)]
            )
            member = self.person(
                head.lang,
                given=given,
                surnames=surnames,
                phone=head.phone,
                address=head.address,
                city=head.city,
                postcode=head.postcode,
            )
            member.shared |= {"phone", "address"}

    def staff(self) -> None:
        """A company's staff all writing from info@/ventas@ and the switchboard number."""
        rng = self.rng
        lang = "es" if rng.random() < 0.6 else "en"
        name, domain, legal, _ = self.company(lang)
        inbox = f"{rng.choice(['info', 'ventas', 'contacto', 'hello', 'sales'])}@{domain}"
        switchboard = _phone(rng, lang, landline=True)
        for _ in range(rng.randrange(5, 15)):
            member = self.person(lang, company=name, company_domain=domain, legal=legal)
            member.email, member.phone = inbox, switchboard
            member.shared |= {"email", "phone"}

    # ---------------------------------------------------------- records

    def record(self, person: Person, variant: bool) -> dict:
        rng = self.rng
        record = {
            "name": self.name_variant(person, variant),
            "company": self.company_variant(person, variant),
            "email": self.email_variant(person, variant),
            "phone": self.phone_variant(person, variant),
            "city": person.city,
            "address": person.address,
            "postcode": person.postcode,
            "date_of_birth": person.dob or None,
            "entity": person.entity,
        }
        if variant:
            record["city"] = self.text_variant(person.city)
            if "address" not in person.shared and rng.random() < 0.3:
                record["address"] = self.typo(person.address)
            droppable = ["company", "email", "phone", "city", "address", "postcode", "date_of_birth"]
            for key in rng.sample(droppable, rng.choice([0, 1, 1, 2, 3])):
                record[key] = None
        else:
            for key in rng.sample(["address", "postcode", "date_of_birth", "city"], rng.choice([0, 1, 2])):
                record[key] = None
        return record

    def name_variant(self, person: Person, variant: bool) -> str:
        rng = self.rng
        given, surnames = person.given, list(person.surnames)
        if not variant:
            return f"{given} {' '.join(surnames)}"
        nicknames = ES_NICK if person.lang == "es" else EN_NICK
        roll = rng.random()
        if roll < 0.12 and given.split()[0] in nicknames:
            given = nicknames[given.split()[0]]
        elif roll < 0.22 and len(surnames) == 2:
            surnames = surnames[:1]
        elif roll < 0.3 and len(surnames) == 2:
            surnames.reverse()
        elif roll < 0.45:
            surnames[0] = self.typo(surnames[0])
        elif roll < 0.55:
            given = self.typo(given)
        text = f"{given} {' '.join(surnames)}"
        if rng.random() < 0.1:
            text = f"{' '.join(surnames)}, {given}"
        return self.text_variant(text)

    def text_variant(self, text: str) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.2:
            return text.translate(ACCENTS)
        if roll < 0.3:
            return text.upper()
        if roll < 0.35:
            return text.lower()
        if roll < 0.38:
            return "".join(CONFUSABLES.get(ch, ch) if rng.random() < 0.3 else ch for ch in text)
        return text

    def typo(self, text: str) -> str:
        rng = self.rng
        if len(text) < 4:
            return text
        i = rng.randrange(1, len(text) - 1)
        kind = rng.choice(["drop", "swap", "replace", "double"])
        if kind == "drop":
            return text[:i] + text[i + 1 :]
        if kind == "swap":
            return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        if kind == "double":
            return text[:i] + text[i] + text[i:]
        return text[:i] + rng.choice("aeioulnrst") + text[i + 1 :]

    def company_variant(self, person: Person, variant: bool) -> str | None:
        if not person.company:
            return None
        base, legal = person.company, person.legal
        if legal is None:
            return base
        form = legal[0]
        if variant:
            form = self.rng.choice([legal[0], *legal[1]])
            base = self.text_variant(base)
        return f"{base}{form}" if form.startswith(",") else f"{base} {form}".strip()

    def email_variant(self, person: Person, variant: bool) -> str | None:
        rng = self.rng
        email = person.email
        if not variant or "email" in person.shared:
            return email
        roll = rng.random()
        if roll < 0.25:
            return person.alt_email  # a new address for the same person
        local, _, domain = email.partition("@")
        if domain == "gmail.com" and roll < 0.6:
            local = (
                local.replace(".", "")
                if "." in local
                else ".".join(local[i : i + 3] for i in range(0, len(local), 3))
            )
            if rng.random() < 0.4:
                local += f"+{rng.choice(['leads', 'web', 'news'])}"
            domain = rng.choice(["gmail.com", "googlemail.com", "GMAIL.com"])
        if rng.random() < 0.2:
            local = local.upper()
        return f"{local}@{domain}"

    def phone_variant(self, person: Person, variant: bool) -> str | None:
        phone = person.phone
        if not variant:
            return phone
        rng = self.rng
        national = phone[3:] if phone.startswith("+34") else phone
        if phone.startswith("+34"):
            return rng.choice(
                [
                    phone,
                    national,
                    f"0034 {national}",
                    f"+34 {national[:3]} {national[3:6]} {national[6:]}",
                    f"{national[:3]}-{national[3:5]}-{national[5:7]}-{national[7:]}",
                ]
            )
        return rng.choice([phone, f"{phone[:3]} {phone[3:7]} {phone[7:]}", f"00{phone[1:]}"])


def generate(size: int = DEFAULT_SIZE, seed: int = DEFAULT_SEED) -> list[dict]:
    """About ``size`` labelled records (exactly ``size`` rows), ids ``r0000001``... in shuffled order."""
    gen = Generator(seed)
    records: list[dict] = []
    while len(records) < size:
        roll = gen.rng.random()
        before = len(gen.people)
        if roll < 0.06:
            gen.namesakes()
        elif roll < 0.12:
            gen.family()
        elif roll < 0.15:
            gen.staff()
        else:
            gen.person()
        for person in gen.people[before:]:
            copies = gen.rng.choices([1, 2, 3, 4, 5], weights=[45, 28, 15, 8, 4])[0]
            records.extend(gen.record(person, variant=i > 0) for i in range(copies))
    records = records[:size]
    gen.rng.shuffle(records)
    width = max(7, len(str(size)))
    return [{"id": f"r{i:0{width}d}", **r} for i, r in enumerate(records, start=1)]


def main() -> None:
    write_generated(OUTPUT, generate, DEFAULT_SIZE)


if __name__ == "__main__":
    main()
