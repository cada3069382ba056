"""Generate the labelled extraction corpus (corpus.jsonl), deterministically.

Run: python bench/data/extraction/generate.py  — the same seed always gives the same file.
Conversations are assembled from varied agent prompts and prospect answers in
Spanish and English, as chats and call transcripts, and include the hard
cases: dictated e-mails, spoken phone numbers, corrections, values split
across turns, the agent's own data, order numbers, dates, amounts, and
conversations with no contact data at all.
"""

from __future__ import annotations

import json
import random
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from nlp.contact import InvalidContact, normalize_phone

SEED = 20261123
PER_LANGUAGE = 170
OUT = Path(__file__).with_name("corpus.jsonl")

ES = {
    "first": [
        "Juan",
        "María",
        "José Luis",
        "Carmen",
        "Antonio",
        "Lucía",
        "Javier",
        "Ana Belén",
        "Francisco",
        "Elena",
        "Miguel Ángel",
        "Pilar",
        "Sergio",
        "Rocío",
        "Álvaro",
        "Nuria",
        "Raúl",
        "Marta",
        "Iñigo",
        "Begoña",
        "María del Carmen",
        "José María",
        "Inmaculada",
        "Gonzalo",
        "Ximena",
        "Valentina",
        "Rodrigo",
        "Itziar",
    ],
    "last": [
        "García",
        "Fernández",
        "López",
        "Martínez",
        "Sánchez",
        "Pérez",
        "Gómez",
        "Ruiz",
        "Díaz",
        "Moreno",
        "Muñoz",
        "Jiménez",
        "Romero",
        "Navarro",
        "Torres",
        "Domínguez",
        "Vázquez",
        "Ramos",
        "Gil",
        "Serrano",
        "de la Fuente",
        "del Río",
        "de los Santos",
        "Iglesias",
        "Castro",
        "Ortega",
        "Rubio",
        "Molina",
    ],
    "company": [
        "Talleres Ruiz S.L.",
        "Construcciones Martín S.A.",
        "Grupo Hostelero Sur",
        "Clínica Dental Sonrisas",
        "Transportes López e Hijos S.L.",
        "Asesoría Fiscal Norte",
        "Panadería La Espiga",
        "Logística Ibérica S.A.",
        "Soluciones Informáticas Levante S.L.",
        "Inmobiliaria Costa Blanca",
        "Ferretería Hermanos Gil S.L.",
        "Bodegas Valdeolivo S.A.",
        "Academia Cervantes",
        "Estudio Arquitectura Ibarra S.L.P.",
        "Distribuciones Norte S.L.U.",
        "Frutas Selectas del Ebro S.L.",
        "Hotel Mirador",
        "Seguros Atlántida S.A.",
    ],
    "city": [
        "Madrid",
        "Barcelona",
        "Sevilla",
        "Valencia",
        "Zaragoza",
        "Bilbao",
        "Málaga",
        "Alicante",
        "Valladolid",
        "Granada",
        "Murcia",
        "Alcalá de Henares",
        "Santander",
        "Vigo",
        "Pamplona",
        "Córdoba",
        "Salamanca",
    ],
    "title": [
        "director comercial",
        "gerente",
        "jefa de compras",
        "responsable de marketing",
        "administrativa",
        "director financiero",
        "encargado de tienda",
        "socia fundadora",
        "jefe de obra",
        "coordinadora de proyectos",
    ],
    "interest": [
        "un seguro de hogar",
        "el plan de fibra para empresas",
        "un presupuesto para reformar la oficina",
        "el software de facturación",
        "la tarifa de telefonía móvil",
        "un curso de inglés para empleados",
        "alquilar una furgoneta",
        "el servicio de limpieza de oficinas",
        "una página web para la tienda",
        "el renting de vehículos",
        "la instalación de placas solares",
        "un TPV para el restaurante",
    ],
    "agent": ["Laura", "Carlos", "Marta", "Sofía", "Pablo", "Irene"],
    "agent_company": [
        "Telefónica Empresas",
        "Seguros Nova",
        "Energía Verde",
        "Movistar Pymes",
        "Iberdrola Clientes",
        "Orange Negocios",
        "Mapfre",
        "Vodafone Empresas",
    ],
    "domains": ["gmail.com", "hotmail.com", "hotmail.es", "yahoo.es", "outlook.es", "telefonica.net"],
}
EN = {
    "first": [
        "John",
        "Sarah",
        "Michael",
        "Emily",
        "David",
        "Jessica",
        "Robert",
        "Ashley",
        "James",
        "Olivia",
        "William",
        "Grace",
        "Daniel",
        "Hannah",
        "Christopher",
        "Megan",
        "Kevin",
        "Rachel",
        "Patrick",
        "Laura",
        "Mary Ann",
        "Jean-Luc",
        "Priya",
        "Wei",
        "Siobhan",
        "Tyrone",
        "Ngozi",
        "Connor",
    ],
    "last": [
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
        "Jackson",
        "Martin",
        "Lee",
        "Thompson",
        "White",
        "Harris",
        "O'Brien",
        "McAllister",
        "Van der Berg",
        "Nguyen",
        "Patel",
        "Kowalski",
        "Fitzgerald",
        "Okafor",
        "Reyes",
        "Schmidt",
    ],
    "company": [
        "Acme Inc.",
        "Globex Corporation",
        "Initech LLC",
        "Blue Ridge Dental",
        "Harbor Freight Logistics LLC",
        "Summit Consulting Group",
        "Northwind Traders Ltd",
        "Pinecrest Realty",
        "Brightside Bakery",
        "Redwood Software Inc.",
        "Keystone Manufacturing Corp.",
        "Lakeside Veterinary Clinic",
        "Atlas Roofing Co.",
        "Greenleaf Landscaping LLC",
        "Silverline Media Ltd.",
        "Copperfield Analytics",
        "Maple Street Cafe",
    ],
    "city": [
        "Boston",
        "Chicago",
        "Seattle",
        "Austin",
        "Denver",
        "Atlanta",
        "Miami",
        "Portland",
        "San Diego",
        "New York",
        "Philadelphia",
        "Nashville",
        "London",
        "Manchester",
        "Dublin",
        "Toronto",
        "Salt Lake City",
    ],
    "title": [
        "office manager",
        "head of marketing",
        "operations director",
        "owner",
        "IT manager",
        "procurement lead",
        "sales director",
        "chief financial officer",
        "practice manager",
        "software engineer",
    ],
    "interest": [
        "your cloud backup plans",
        "a quote for commercial insurance",
        "the enterprise CRM package",
        "fleet tracking for our vans",
        "the small business phone plan",
        "bulk pricing on printer paper",
        "solar panels for the warehouse",
        "a website redesign",
        "payroll software",
        "weekly office cleaning",
        "your managed IT services",
        "catering for a corporate event",
    ],
    "agent": ["Dave", "Karen", "Mike", "Jenny", "Tom", "Priscilla"],
    "agent_company": [
        "Acme Support",
        "Comcast Business",
        "BrightPath Energy",
        "Summit Insurance",
        "Vonage",
        "StarNet",
    ],
    "domains": ["gmail.com", "yahoo.com", "outlook.com", "aol.com", "icloud.com", "hotmail.co.uk"],
}

ES_DIGITS = ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"]
EN_DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
ES_TENS = {
    2: "veinte",
    3: "treinta",
    4: "cuarenta",
    5: "cincuenta",
    6: "sesenta",
    7: "setenta",
    8: "ochenta",
    9: "noventa",
}
ES_TEENS = [
    "diez",
    "once",
    "doce",
    "trece",
    "catorce",
    "quince",
    "dieciséis",
    "diecisiete",
    "dieciocho",
    "diecinueve",
]
ES_TWENTIES = [
    "veinte",
    "veintiuno",
    "veintidós",
    "veintitrés",
    "veinticuatro",
    "veinticinco",
    "veintiséis",
    "veintisiete",
    "veintiocho",
    "veintinueve",
]
ES_HUNDREDS = [
    "",
    "ciento",
    "doscientos",
    "trescientos",
    "cuatrocientos",
    "quinientos",
    "seiscientos",
    "setecientos",
    "ochocientos",
    "novecientos",
]


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def slug(text: str) -> str:
    return "".join(ch for ch in strip_accents(text).lower() if ch.isalnum())


def es_number(value: int) -> str:
    """Spanish words for 0-999 the way numbers are read in groups."""
    if value == 100:
        return "cien"
    hundreds, rest = divmod(value, 100)
    words = [ES_HUNDREDS[hundreds]] if hundreds else []
    if rest >= 30:
        tens, unit = divmod(rest, 10)
        words.append(ES_TENS[tens] + (f" y {ES_DIGITS[unit]}" if unit else ""))
    elif rest >= 20:
        words.append(ES_TWENTIES[rest - 20])
    elif rest >= 10:
        words.append(ES_TEENS[rest - 10])
    elif rest or not hundreds:
        words.append(ES_DIGITS[rest])
    return " ".join(words)


class Generator:
    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)

    def pick(self, items):
        return self.random.choice(items)

    def chance(self, probability: float) -> bool:
        return self.random.random() < probability

    # --- people and contact points -------------------------------------------------
    def person(self, pools: dict) -> str:
        first = self.pick(pools["first"])
        last = self.pick(pools["last"])
        if pools is ES and self.chance(0.6):
            last += " " + self.pick([x for x in pools["last"] if x != last])
        return f"{first} {last}"

    def email(self, pools: dict, name: str, company: str | None) -> str:
        parts = [slug(p) for p in name.split() if p.lower() not in {"de", "del", "la", "los", "van", "der"}]
        first, last = parts[0], parts[-1]
        local = self.pick(
            [
                f"{first}.{last}",
                f"{first}{last}",
                f"{first[0]}{last}",
                f"{first}_{last}",
                f"{first}-{last}",
                f"{first}.{last}{self.random.randint(1, 99)}",
                first,
            ]
        )
        if company and self.chance(0.4):
            domain = slug(company.split()[0] + company.split()[1 if len(company.split()) > 2 else 0])[:14]
            domain += self.pick([".com", ".es", ".net"] if pools is ES else [".com", ".co.uk", ".io"])
        else:
            domain = self.pick(pools["domains"])
        return f"{local}@{domain}"

    def phone(self, lang: str) -> tuple[str, str]:
        """(national digits, E.164) of a valid number for the language's usual country."""
        while True:
            if lang == "es":
                digits = self.pick(["6", "7", "9"]) + "".join(
                    str(self.random.randint(0, 9)) for _ in range(8)
                )
                if digits[0] == "9":
                    digits = self.pick(["91", "93", "95", "96", "94"]) + digits[2:]
                region = "ES"
            elif self.chance(0.8):
                digits = (
                    self.pick(["617", "212", "415", "312", "202", "503", "305", "720"])
                    + str(self.random.randint(2, 9))
                    + "".join(str(self.random.randint(0, 9)) for _ in range(6))
                )
                region = "US"
            else:
                digits = (
                    "07"
                    + self.pick(["700", "911", "123", "400"])
                    + "".join(str(self.random.randint(0, 9)) for _ in range(6))
                )
                region = "GB"
            try:
                return digits, normalize_phone(digits, region)
            except InvalidContact:
                continue

    def say_phone(self, lang: str, digits: str, e164: str) -> str:
        style = self.random.randint(0, 6)
        country = e164[: len(e164) - len(digits.lstrip("0"))]
        if style == 0:
            return digits
        if style == 1:
            return " ".join([digits[:3], digits[3:6], digits[6:]])
        if style == 2:
            return f"{country} {digits.lstrip('0')[:3]} {digits.lstrip('0')[3:6]} {digits.lstrip('0')[6:]}"
        if style == 3:
            return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
        names = ES_DIGITS if lang == "es" else EN_DIGITS
        if lang == "en" and self.chance(0.5):
            names = [*EN_DIGITS]
            names[0] = "oh"
        if style == 4 or lang == "en":
            words = [names[int(d)] for d in digits]
            if lang == "en" and self.chance(0.4):
                words = self._doubles(words)
            groups = [" ".join(words[:3]), " ".join(words[3:6]), " ".join(words[6:])]
            return ", ".join(groups)
        if style == 5:
            prefix = "más treinta y cuatro, " if self.chance(0.5) else ""
            return prefix + " ".join(ES_DIGITS[int(d)] for d in digits)
        groups = [int(digits[:3]), int(digits[3:6]), int(digits[6:7]), int(digits[7:9])]
        if digits[3] == "0" or digits[7] == "0":
            return " ".join(ES_DIGITS[int(d)] for d in digits)
        return (
            f"{es_number(groups[0])}, {es_number(groups[1])}, {ES_DIGITS[groups[2]]}, {es_number(groups[3])}"
        )

    def _doubles(self, words: list[str]) -> list[str]:
        out, index = [], 0
        while index < len(words):
            if index + 1 < len(words) and words[index] == words[index + 1]:
                out.append(f"double {words[index]}")
                index += 2
            else:
                out.append(words[index])
                index += 1
        return out

    def say_email(self, lang: str, email: str) -> str:
        if self.chance(0.45):
            return email
        local, domain = email.split("@")
        dot, at = ("punto", "arroba") if lang == "es" else ("dot", "at")
        under = self.pick(["guion bajo", "barra baja"]) if lang == "es" else "underscore"
        dash = "guion" if lang == "es" else self.pick(["dash", "hyphen"])
        if lang == "en" and self.chance(0.2) and "." not in local and "_" not in local and "-" not in local:
            local_words = "-".join(local)
        else:
            local_words = local.replace(".", f" {dot} ").replace("_", f" {under} ").replace("-", f" {dash} ")
        return f"{local_words} {at} {domain.replace('.', f' {dot} ')}"


ES_TEXT = {
    "greet": [
        "Gracias por llamar a {ac}, le atiende {an}. ¿En qué puedo ayudarle?",
        "Buenos días, {ac}, soy {an}, ¿en qué le puedo ayudar?",
        "Hola, bienvenido a {ac}. ¿Qué necesita?",
    ],
    "ask_name": [
        "¿Me da su nombre, por favor?",
        "¿Con quién tengo el gusto?",
        "¿Me dice su nombre completo?",
    ],
    "ask_email": ["¿Me facilita un correo electrónico?", "¿Cuál es su email?", "¿Y su correo?"],
    "ask_phone": [
        "¿Y un teléfono de contacto?",
        "¿Me deja un número de móvil?",
        "¿A qué teléfono le llamamos?",
    ],
    "ask_company": ["¿De qué empresa me llama?", "¿Cómo se llama su empresa?"],
    "ask_consent": [
        "¿Nos autoriza a guardar sus datos para contactarle?",
        "¿Le parece bien que le llamemos con una oferta?",
        "¿Acepta que guardemos sus datos según nuestra política de privacidad?",
    ],
    "yes": ["Sí, claro.", "Sí, sin problema.", "Vale, de acuerdo.", "Sí, adelante.", "Por supuesto."],
    "no": ["No, prefiero que no.", "No, gracias.", "Mejor no, gracias.", "No, no autorizo."],
    "name": ["Me llamo {name}.", "Soy {name}.", "Mi nombre es {name}.", "{name}."],
    "company": [
        "Trabajo en {company}.",
        "Llamo de la empresa {company}.",
        "Es {company}.",
        "Soy de {company}.",
    ],
    "title": ["Soy {title} de la empresa.", "Trabajo como {title}."],
    "city": ["Estamos en {city}.", "Llamo desde {city}.", "Somos de {city}.", "Vivo en {city}."],
    "interest": [
        "Quería información sobre {interest}.",
        "Me interesa {interest}.",
        "Estoy interesado en {interest}.",
    ],
    "email": ["Mi correo es {email}.", "Sí, es {email}.", "Apunte: {email}"],
    "phone": ["Mi móvil es el {phone}.", "Sí, el {phone}.", "Mi teléfono es {phone}."],
    "correction": ["No, perdón, es el {phone}.", "Perdona, me equivoqué, es el {phone}."],
    "agent_line": [
        "Si lo necesita, mi línea directa es el {phone}.",
        "Puede llamarnos al {phone}, es nuestro número.",
    ],
    "order": [
        "Llamo por el pedido {order} del {date}, que aún no ha llegado.",
        "Tengo una incidencia con la factura {order} de {amount} euros.",
    ],
    "bye": ["Muchas gracias, que tenga buen día.", "Perfecto, le llamaremos pronto."],
    "filler": ["eh", "em", "mmm"],
}
EN_TEXT = {
    "greet": [
        "Thank you for calling {ac}, this is {an}. How can I help you today?",
        "Hi, welcome to {ac}! My name is {an}, how may I help?",
        "{ac}, {an} speaking, how can I help?",
    ],
    "ask_name": ["May I have your name, please?", "Who am I speaking with?", "Could I get your full name?"],
    "ask_email": ["What's the best email for you?", "Could I have your email address?", "And your email?"],
    "ask_phone": [
        "And a phone number where we can reach you?",
        "What's your phone number?",
        "Best callback number?",
    ],
    "ask_company": ["What company are you with?", "And the name of your business?"],
    "ask_consent": [
        "Is it okay if we store your details and contact you about this?",
        "Do you agree to us keeping your information to follow up?",
        "May we contact you with offers?",
    ],
    "yes": ["Yes, that's fine.", "Sure, go ahead.", "Yeah, no problem.", "Of course.", "Yes please."],
    "no": ["No, I'd rather not.", "No thanks.", "Please don't, no.", "No, I don't want that."],
    "name": ["My name is {name}.", "This is {name}.", "I'm {name}.", "It's {name}."],
    "company": [
        "I work at {company}.",
        "I'm with {company}.",
        "I'm calling from {company}.",
        "It's {company}.",
    ],
    "title": ["I'm the {title} there.", "I work as {title}."],
    "city": ["We're based in {city}.", "I'm in {city}.", "We're located in {city}."],
    "interest": [
        "I'm interested in {interest}.",
        "I'd like information about {interest}.",
        "I'm looking for {interest}.",
    ],
    "email": ["My email is {email}.", "Sure, it's {email}.", "You can use {email}"],
    "phone": ["My cell is {phone}.", "Sure, it's {phone}.", "You can reach me at {phone}."],
    "correction": ["Sorry, I meant {phone}.", "Actually, scratch that, it's {phone}."],
    "agent_line": [
        "If you need me, my direct line is {phone}.",
        "You can call us at {phone}, that's our office.",
    ],
    "order": [
        "I'm calling about order {order} from {date}, it never arrived.",
        "There's a problem with invoice {order} for {amount} dollars.",
    ],
    "bye": ["Thanks so much, have a great day.", "Great, we'll be in touch."],
    "filler": ["um", "uh", "er"],
}
LABELS = {
    "es": [("Agente", "Cliente"), ("Asesor", "Usuario"), ("Operadora", "Llamante"), ("A", "B"), (None, None)],
    "en": [("Agent", "Customer"), ("Operator", "Caller"), ("Rep", "Client"), ("A", "B"), (None, None)],
}


class Conversation:
    def __init__(self, gen: Generator, lang: str, index: int) -> None:
        self.gen, self.lang, self.index = gen, lang, index
        self.pools = ES if lang == "es" else EN
        self.t = ES_TEXT if lang == "es" else EN_TEXT
        self.kind = "transcript" if gen.chance(0.5) else "chat"
        self.asr = self.kind == "transcript" and gen.chance(0.35)
        self.turns: list[tuple[str, str]] = []
        self.expected: dict = dict.fromkeys(
            ["name", "email", "phone", "company", "job_title", "city", "interest", "consent"]
        )

    def say(self, role: str, text: str) -> None:
        self.turns.append((role, text))

    def line(self, key: str, **values) -> str:
        return self.gen.pick(self.t[key]).format(**values)

    def build(self) -> dict:
        gen, pools = self.gen, self.pools
        scenario = gen.pick(
            ["full", "full", "full", "partial", "split", "correction", "negative", "agent_only"]
        )
        agent, agent_company = gen.pick(pools["agent"]), gen.pick(pools["agent_company"])
        self.say("agent", self.line("greet", ac=agent_company, an=agent))
        if scenario in {"negative", "agent_only"}:
            return self._negative(scenario, agent_company)
        name = gen.person(pools)
        company = gen.pick(pools["company"]) if gen.chance(0.75) else None
        opening = []
        if gen.chance(0.6):
            opening.append(self.line("name", name=name))
            self.expected["name"] = name
        if company and gen.chance(0.6):
            opening.append(
                self.line("company", company=company)
                .replace("Es ", "Trabajo en ")
                .replace("It's ", "I work at ")
            )
            self.expected["company"] = company
        if gen.chance(0.3):
            title = gen.pick(pools["title"])
            opening.append(self.line("title", title=title))
            self.expected["job_title"] = title
        if gen.chance(0.4):
            city = gen.pick(pools["city"])
            opening.append(self.line("city", city=city))
            self.expected["city"] = city
        if gen.chance(0.7):
            interest = gen.pick(pools["interest"])
            opening.append(self.line("interest", interest=interest))
            self.expected["interest"] = interest
        gen.random.shuffle(opening)
        self.say(
            "prospect",
            " ".join(opening)
            or ("Hola, quería información." if self.lang == "es" else "Hi, I need some info."),
        )
        if self.expected["name"] is None and scenario != "partial":
            self.say("agent", self.line("ask_name"))
            self.say("prospect", self.line("name", name=name))
            self.expected["name"] = name
        if company and self.expected["company"] is None and gen.chance(0.5):
            self.say("agent", self.line("ask_company"))
            self.say("prospect", self.line("company", company=company))
            self.expected["company"] = company
        if gen.chance(0.3):
            self.say("agent", self.line("agent_line", phone=gen.say_phone(self.lang, *gen.phone(self.lang))))
        self._email(scenario, name, company)
        self._phone(scenario)
        self._consent()
        self.say("agent", self.line("bye"))
        return self.render()

    def _email(self, scenario: str, name: str, company: str | None) -> None:
        if scenario == "partial" and self.gen.chance(0.5):
            return
        email = self.gen.email(self.pools, name, company)
        self.say("agent", self.line("ask_email"))
        spoken = self.gen.say_email(self.lang, email)
        if scenario == "split" and " " in spoken:
            words = spoken.split()
            cut = max(1, len(words) // 2 - 1)
            lead = "mi correo es" if self.lang == "es" else "my email is"
            self.say("prospect", f"{lead} {' '.join(words[:cut])}")
            self.say("prospect", " ".join(words[cut:]))
        else:
            self.say("prospect", self.line("email", email=spoken))
        self.expected["email"] = email.lower()

    def _phone(self, scenario: str) -> None:
        if scenario == "partial" and self.gen.chance(0.5):
            return
        digits, e164 = self.gen.phone(self.lang)
        self.say("agent", self.line("ask_phone"))
        self.say("prospect", self.line("phone", phone=self.gen.say_phone(self.lang, digits, e164)))
        if scenario == "correction":
            digits, e164 = self.gen.phone(self.lang)
            self.say("prospect", self.line("correction", phone=self.gen.say_phone(self.lang, digits, e164)))
        self.expected["phone"] = e164

    def _consent(self) -> None:
        if self.gen.chance(0.35):
            return
        self.say("agent", self.line("ask_consent"))
        granted = self.gen.chance(0.7)
        self.say("prospect", self.line("yes" if granted else "no"))
        self.expected["consent"] = granted

    def _negative(self, scenario: str, agent_company: str) -> dict:
        gen = self.gen
        order = str(gen.random.randint(10**7, 10**9))
        date = gen.pick(
            ["12/03/2024", "3 de mayo", "2024-05-17", "15/11/2025"]
            if self.lang == "es"
            else ["03/12/2024", "May 3rd", "2024-05-17", "11/15/2025"]
        )
        amount = gen.pick(
            ["1.234,50", "612", "89,99", "2.500"] if self.lang == "es" else ["1,234.50", "612", "89.99"]
        )
        self.say("prospect", self.line("order", order=order, date=date, amount=amount))
        if self.lang == "es":
            self.say("agent", "Déjeme revisarlo. El código postal de entrega es el 28013, ¿verdad?")
            self.say("prospect", "Sí, ese es.")
        else:
            self.say("agent", "Let me check that. The delivery zip code is 02134, correct?")
            self.say("prospect", "Yes, that's right.")
        if scenario == "agent_only":
            digits, e164 = gen.phone(self.lang)
            self.say("agent", self.line("agent_line", phone=gen.say_phone(self.lang, digits, e164)))
            domain = slug(agent_company.split()[0]) + (".es" if self.lang == "es" else ".com")
            mail = f"soporte@{domain}" if self.lang == "es" else f"support@{domain}"
            self.say("agent", f"O escríbanos a {mail}." if self.lang == "es" else f"Or email us at {mail}.")
        self.say("agent", self.line("bye"))
        return self.render()

    def render(self) -> dict:
        agent_label, prospect_label = self.gen.pick(LABELS[self.lang])
        stamp = self.kind == "transcript" and self.gen.chance(0.5)
        lines, seconds = [], 0
        for role, text in self.turns:
            if self.asr:
                text = self._asr(text)
            label = agent_label if role == "agent" else prospect_label
            prefix = f"[00:{seconds // 60:02d}:{seconds % 60:02d}] " if stamp else ""
            seconds += self.gen.random.randint(3, 12)
            text = text.replace("..", ".")
            lines.append(f"{prefix}{label}: {text}" if label else f"{prefix}{text}")
        return {
            "id": f"{self.lang}-{self.index:03d}",
            "lang": self.lang,
            "kind": self.kind,
            "text": "\n".join(lines),
            "expected": self.expected,
        }

    def _asr(self, text: str) -> str:
        words = text.lower().replace(",", "").replace(".", " ").replace("¿", "").replace("?", "").split()
        if "@" in text.lower():
            words = [
                w for w in text.lower().replace(",", "").replace("¿", "").replace("?", "").rstrip(".").split()
            ]
        if words and self.gen.chance(0.4):
            words.insert(self.gen.random.randint(0, min(1, len(words) - 1)), self.gen.pick(self.t["filler"]))
        return " ".join(words)


def main() -> None:
    gen = Generator(SEED)
    rows = [Conversation(gen, lang, index).build() for lang in ("es", "en") for index in range(PER_LANGUAGE)]
    with OUT.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} conversations to {OUT}")


if __name__ == "__main__":
    main()
