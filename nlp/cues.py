"""Every cue phrase in one place, matched against folded text (lower case, no accents).

Cues are the generalizable part of the engine: the way people in Spanish
and English say who they are, where they work, or that they agree to be
contacted, regardless of the exact wording of any one script.
"""

from __future__ import annotations

import re

AGENT_LABELS = frozenset(
    "agente agent operator operador operadora asesor asesora comercial rep representative support soporte "
    "bot asistente assistant vendedor vendedora sales ventas teleoperador teleoperadora atencion "
    "advisor consultant consultor consultora staff host moderator".split()
)
PROSPECT_LABELS = frozenset(
    "cliente customer caller client prospect prospecto usuario usuaria user visitor visitante llamante "
    "lead contact contacto guest invitado interesado interesada".split()
)
FIELD_LABELS = frozenset(
    "nombre name email e-mail correo mail telefono phone tel movil mobile empresa company ciudad city "
    "cargo title job title puesto mensaje message interes interest asunto subject comentarios comments "
    "nota note re fecha date hora time ps http https pedido order ref referencia direccion address "
    "web website url pais country consentimiento consent".split()
) | {"job title", "full name", "nombre completo", "e mail", "phone number", "numero de telefono"}


def _any(*phrases: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(phrases) + r")(?!\w)")


AGENT_BEHAVIOUR = [
    _any(r"gracias por (?:llamar|contactar|escribir|comunicarse)", r"le atiende", r"te atiende", r"le habla",
         r"(?:en )?que (?:le |te )?puedo ayudar", r"como (?:le |te )?puedo ayudar", r"bienvenid[oa] a",
         r"thank(?:s| you) for (?:calling|contacting|reaching out)", r"how (?:can|may) i (?:help|assist)",
         r"welcome to", r"you'?re speaking (?:to|with)", r"speaking with \w+ from"),
]

_FIELD_QUESTIONS = {
    "name": _any(r"su nombre", r"tu nombre", r"como se llama", r"como te llamas", r"con quien hablo",
                 r"con quien tengo el gusto", r"your (?:full )?name", r"who am i speaking", r"who i'?m speaking",
                 r"(?:get|have) a name", r"nombre completo", r"nombre y apellidos?"),
    "email": _any(r"correo", r"e-?mail", r"mail", r"direccion electronica"),
    "phone": _any(r"telefono", r"numero de contacto", r"movil", r"numero", r"phone", r"(?:contact |best |call ?back )number",
                  r"your number", r"reach you", r"llamarle", r"llamarte"),
    "company": _any(r"empresa", r"compania", r"company", r"organi[sz]ation", r"business", r"negocio",
                    r"de parte de quien", r"where do you work", r"donde trabaja"),
    "city": _any(r"ciudad", r"desde donde", r"de donde", r"city", r"where are you (?:calling from|based|located)",
                 r"where (?:are you|is that)", r"localidad", r"en que zona"),
    "job_title": _any(r"cargo", r"puesto", r"your role", r"position", r"job title", r"your title", r"a que se dedica",
                      r"what do you do"),
}


def asked_fields(folded: str) -> frozenset[str]:
    """Fields an agent's turn asks for: they tell how to read the prospect's next answer."""
    if "?" not in folded and not _REQUEST.search(folded):
        return frozenset()
    return frozenset(field for field, pattern in _FIELD_QUESTIONS.items() if pattern.search(folded))


_REQUEST = _any(r"(?:me|nos) (?:da|das|dice|dices|facilita|facilitas|indica|indicas|deja|dejas|puede|puedes)",
                r"please", r"could", r"can i", r"may i", r"dime", r"digame", r"indiqueme", r"facilite", r"let me have")


# Cue phrases that introduce the prospect's own value. Strong cues need no other evidence.
NAME_STRONG = _any(r"me llamo", r"mi nombre es", r"mi nombre completo es", r"my name is", r"my name'?s", r"name is",
                   r"nombre\s*:", r"name\s*:", r"full name\s*:", r"nombre completo\s*:", r"nombre y apellidos?\s*:")
NAME_WEAK = _any(r"soy", r"i'?m", r"i am", r"this is", r"habla", r"le habla", r"hablas con", r"you'?re speaking with",
                 r"you'?re talking to", r"call me", r"llamame", r"llameme")
COMPANY_CUES = _any(r"trabajo (?:en|para)", r"trabajamos (?:en|para)", r"de la empresa", r"la empresa (?:es|se llama)",
                    r"mi empresa(?: es| se llama)?", r"nuestra empresa(?: es| se llama)?", r"empresa\s*:",
                    r"llamo de", r"llamo desde", r"te escribo de", r"le escribo de", r"escribo desde", r"en nombre de",
                    r"de parte de", r"represento a", r"empresa llamada", r"compania", r"soy de la empresa",
                    r"work (?:at|for|with)", r"i'?m with", r"i am with", r"calling from", r"company is",
                    r"company'?s called", r"company called", r"company\s*:", r"from the company", r"on behalf of",
                    r"we are", r"we'?re", r"i represent", r"employed (?:at|by)", r"de", r"from", r"con", r"with")
CITY_CUES = _any(r"soy de", r"vivo en", r"estoy en", r"estamos en", r"desde", r"ubicad[oa]s? en", r"en la ciudad de",
                 r"ciudad\s*:", r"localidad\s*:", r"sede en", r"oficinas? en", r"based in", r"located in", r"live in",
                 r"i'?m in", r"we'?re in", r"out of", r"from", r"city\s*:", r"en", r"in", r"de")
JOB_CUES = _any(r"soy (?:el|la)", r"soy", r"trabajo como", r"mi cargo es", r"mi puesto es", r"cargo\s*:", r"puesto\s*:",
                r"como", r"i'?m the", r"i am the", r"i'?m an?", r"i am an?", r"i work as", r"as the", r"as an?",
                r"my (?:title|role|position) is", r"title\s*:", r"job title\s*:", r"role\s*:")
INTEREST_CUES = _any(r"me interesa(?:n|ria)?", r"estoy interesad[oa] en", r"estamos interesados en",
                     r"queria (?:informacion|info) (?:sobre|de|acerca de)", r"quisiera (?:informacion|info) (?:sobre|de)",
                     r"informacion sobre", r"queria", r"quisiera", r"necesito", r"necesitamos", r"busco", r"buscamos",
                     r"presupuesto (?:para|de)", r"me gustaria", r"i'?m interested in", r"we'?re interested in",
                     r"interested in", r"i'?d like(?: to)?", r"i would like(?: to)?", r"looking for", r"i need",
                     r"we need", r"information (?:about|on)", r"info (?:about|on)", r"a quote (?:for|on)",
                     r"pricing (?:for|on)", r"asking about", r"preguntar por", r"interes\s*:", r"interest\s*:",
                     r"asunto\s*:", r"subject\s*:")
CORRECTION_CUES = _any(r"perdon", r"perdona", r"disculpa", r"disculpe", r"me equivoque", r"corrijo", r"mejor dicho",
                       r"quiero decir", r"quise decir", r"no,? es", r"sorry", r"i mean", r"i meant", r"correction",
                       r"actually", r"scratch that", r"my mistake", r"rather", r"no,? it'?s", r"en realidad")
# The agent's or the company's own contact points: never the prospect's.
AGENT_OWN_CUES = _any(r"nuestro (?:numero|telefono|correo|email)", r"nuestra (?:linea|oficina|direccion)",
                      r"mi (?:linea|extension) directa", r"mi extension", r"llamenos", r"llamanos", r"escribanos",
                      r"(?:llamar|escribir|contactar)nos", r"nuestro numero", r"our office",
                      r"escribenos", r"our (?:number|phone|email|office|line|address)", r"my direct line",
                      r"my extension", r"call us", r"email us", r"reach us", r"write to us", r"contact us",
                      r"customer service", r"atencion al cliente", r"support at", r"nuestro whatsapp")
# Numbers introduced by these are identifiers, amounts or dates, not phones.
NUMBER_NEGATIVE_CUES = _any(r"pedido", r"order", r"referencia", r"reference", r"ref", r"ticket", r"factura",
                            r"invoice", r"numero de cliente", r"customer (?:number|id)", r"account", r"cuenta",
                            r"dni", r"nif", r"cif", r"nie", r"codigo postal", r"postal code", r"postcode", r"zip",
                            r"cp", r"tracking", r"seguimiento", r"expediente", r"case number", r"numero de caso", r"incidencia",
                            r"contrato", r"contract", r"poliza", r"policy", r"serie", r"serial", r"iban", r"tarjeta",
                            r"card", r"importe", r"amount", r"total", r"precio", r"price", r"euros?", r"dolares",
                            r"dollars?", r"€", r"\$", r"usd", r"eur", r"localizador", r"booking", r"reserva",
                            r"confirmation", r"confirmacion", r"pin", r"codigo", r"order id", r"vat")
EMAIL_CUES = _any(r"correo", r"e-?mail", r"mail", r"email address", r"direccion", r"address", r"escribi\w*",
                  r"write", r"arroba")
PHONE_CUES = _any(r"telefono", r"movil", r"numero", r"llamar\w*", r"whatsapp", r"phone", r"number", r"cell", r"mobile",
                  r"call me", r"reach me", r"tlf", r"tel", r"extension", r"ext")
