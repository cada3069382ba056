"""Every cue phrase in one place, matched against folded text (lower case, no accents).

Cues are the generalizable part of the engine: the way people in Spanish
and English say who they are, where they work, or that they agree to be
contacted, regardless of the exact wording of any one script.
"""

from __future__ import annotations

import re

from nlp.tokens import word_list

AGENT_LABELS = frozenset(
    word_list(
        "agente agent operator operador operadora asesor asesora comercial rep representative "
        "support soporte "
        "bot asistente assistant vendedor vendedora sales ventas teleoperador teleoperadora atencion "
        "advisor consultant consultor consultora staff host moderator ejecutivo ejecutiva recepcion reception "
        "recepcionista receptionist admisiones admissions"
    )
)
PROSPECT_LABELS = frozenset(
    word_list(
        "cliente customer caller client prospect prospecto usuario usuaria user visitor visitante llamante "
        "lead contact contacto guest invitado interesado interesada"
    )
)
FIELD_LABELS = frozenset(
    word_list(
        "nombre name email e-mail correo mail telefono phone tel movil mobile empresa company ciudad city "
        "cargo title job title puesto mensaje message interes interest asunto subject comentarios comments "
        "nota note re fecha date hora time ps http https pedido order ref referencia direccion address "
        "web website url pais country consentimiento consent from to subject cc sent de para asunto enviado "
        "apellido apellidos surname localidad provincia poblacion municipio estado state zip postcode cp"
    )
) | {"job title", "full name", "nombre completo", "e mail", "phone number", "numero de telefono"}


def _any(*phrases: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(phrases) + r")(?!\w)")


CONSENT_QUESTION = _any(
    r"autoriza\w*",
    r"consiente\w*",
    r"consentimiento",
    r"acepta\w* (?:que|recibir|la politica|el tratamiento)",
    r"le parece bien que",
    r"te parece bien que",
    r"(?:podemos|puedo|podriamos) (?:llamar|contactar|enviar|guardar|almacenar|escribir|conservar|mandar)\w*",
    r"(?:guardar|almacenar|conservar) (?:sus|tus) datos",
    r"tratamiento de (?:sus |tus )?datos",
    r"proteccion de datos",
    r"politica de privacidad",
    r"comunicaciones comerciales",
    r"do you consent",
    r"consent to",
    r"do you agree",
    r"agree to",
    r"(?:ok|okay|alright|all right|fine) (?:if|for) (?:we|us)",
    r"is it (?:ok|okay|alright) (?:if|to)",
    r"(?:may|can|could) we (?:contact|call|email|e-mail|store|keep|send|reach|save|text)",
    r"(?:store|keep|save) your (?:details|data|information|info|number|contact)",
    r"privacy policy",
    r"marketing (?:emails|communications|messages)",
    r"permission to",
    r"happy for us to",
    r"do we have your (?:consent|permission)",
    r"would you like (?:us )?to (?:receive|hear|be contacted|be added|join|add you|sign you up|keep you)",
)
_WE = r"(?:we|i|our(?: \w+){1,2}|one of our \w+|someone|somebody)"
_REACH_YOU = (
    r"(?:call|ring|phone|text|email|e-mail|message|whatsapp|contact|reach|send|follow up|get back to|give) you"
    r"|follow up|get back to you"
)
_REACH_YOU = f"(?:{_REACH_YOU})"
# Questions that name a marketing list or channel instead of the act of contacting.
# Only read as consent questions in an agent's turn (a prospect may mention a newsletter).
MARKETING_QUESTION = _any(
    r"newsletter",
    r"boletin(?:es)?",
    r"mailing list",
    r"lista de (?:correo|distribucion|difusion)",
    r"(?:dar|damos|demos|doy)(?:le|te)? de alta",
    r"(?:suscribir|apuntar|inscribir)(?:le|te)?",
    r"(?:add|sign|subscribe|put) you (?:to|up|on)",
    r"keep you (?:posted|updated|informed|in the loop)",
    r"(?:send|text|email|e-mail) you (?:updates|offers|news|promotions|deals|our|product|about)",
    r"(?:enviar|mandar)(?:le|te|les|os)? (?:ofertas|promociones|novedades|noticias|informacion comercial|nuestr)",
    r"(?:le|te|les|os) (?:mandamos|enviamos|mandemos|enviemos|mandaremos|enviaremos|mandamos) (?:\w+ ){0,3}"
    r"(?:ofertas|promociones|novedades|noticias|newsletter|boletin|publicidad|descuentos|comunicaciones)",
    r"(?:le|te|les|os) (?:apuntamos|apunto|suscribimos|incluimos)",
    r"(?:recibir|quiere recibir|quieres recibir) (?:nuestr\w+ |el |la |las |los )?"
    r"(?:ofertas|promociones|novedades|noticias|newsletter|boletin)",
    r"(?:may|can|could) we (?:text|message|whatsapp)",
    r"add your (?:number|email|e-mail|details|name) to",
    # Offers to follow up, however the agent words them: "can our account manager call you",
    # "shall we whatsapp you", "ok if I follow up by phone", "want us to text you".
    rf"(?:can|could|may|shall|should) {_WE} (?:also )?{_REACH_YOU}",
    rf"(?:ok|okay|alright|all right|fine|mind) if {_WE} (?:\w+ )?{_REACH_YOU}",
    rf"(?:want|like) (?:us|me|someone|one of our \w+) to {_REACH_YOU}",
    r"subscribe to",
    r"(?:de acuerdo|conforme) (?:en|con) que (?:le|te|les|lo|la|os) \w+",
    r"permiso para",
    r"(?:le|te|lo|la|les|os) (?:(?:podemos|puedo|podriamos) )?(?:agreg|sum|inclu|anot)\w* (?:a|en) "
    r"(?:nuestr\w*|la|el|los|las)",
    r"(?:quiere|quieres|desea|deseas|prefiere|prefieres) que (?:le|te|lo|la|les|os) "
    r"(?:llam|contact|escrib|envi|mand|avis)\w*",
)


AGENT_BEHAVIOUR = [
    CONSENT_QUESTION,
    _any(
        r"gracias por (?:llamar|contactar|escribir|comunicarse)",
        r"le atiende",
        r"te atiende",
        r"le habla",
        r"(?:buen[oa]s (?:dias|tardes|noches)|buen dia),? (?:le |te )?habla \w+",
        r"(?:en )?que (?:le |te )?puedo ayudar",
        r"como (?:le |te )?puedo ayudar",
        r"bienvenid[oa] a",
        r"thank(?:s| you) for (?:calling|contacting|reaching out)",
        r"how (?:can|may) i (?:help|assist)",
        r"welcome to",
        r"you'?re speaking (?:to|with)",
        r"speaking with \w+ from",
    ),
]

# Kinds of business: "¿Y el nombre de la clínica?" and "a bakery called …" name the prospect's company.
BUSINESS_NOUNS = frozenset(
    word_list(
        "empresa compania negocio tienda sociedad restaurante bar cafeteria panaderia taller clinica consulta "
        "despacho gestoria asesoria agencia bufete peluqueria gimnasio hotel hostal academia autoescuela "
        "floristeria ferreteria libreria carniceria pasteleria guarderia farmacia inmobiliaria bodega granja "
        "fabrica almacen oficina estudio salon escuela colegio cooperativa fundacion asociacion organizacion marca "
        "cerveceria pizzeria heladeria marisqueria polleria taqueria fruteria zapateria optica veterinaria "
        "lavanderia imprenta papeleria joyeria muebleria constructora distribuidora importadora consultora "
        "emprendimiento comercio "
        "business company firm shop store restaurant cafe diner pub bakery gym studio clinic practice agency "
        "office garage workshop farm factory warehouse motel school startup brewery winery boutique pharmacy "
        "nursery daycare spa franchise foundation charity nonprofit dealership brand organization organisation "
        "salon barbershop pizzeria deli bistro inn bookstore florist laundromat"
    )
)
_BUSINESS_NOUN = "(?:" + "|".join(sorted(BUSINESS_NOUNS)) + ")"
_OWNER = "(?:el|la|su|tu|vuestr[oa])"

_FIELD_QUESTIONS = {
    "name": _any(
        r"su nombre",
        r"tu nombre",
        rf"como se llama(?! {_OWNER} {_BUSINESS_NOUN})",  # not "cómo se llama la empresa"
        r"como te llamas",
        r"con quien hablo",
        r"y (?:usted|tu) (?:es|eres)\s*\??$",  # "¿y usted es…?" closing the agent's turn
        r"and you are\s*\??$",
        r"con quien tengo el gusto",
        r"your (?:full )?name",
        r"full name",
        r"who am i speaking",
        r"who i'?m speaking",
        r"(?:get|have) a name",
        r"nombre completo",
        r"nombre y apellidos?",
    ),
    "surname": _any(r"apellidos?", r"surname", r"last name", r"family name"),
    "email": _any(r"correo", r"e-?mail", r"mail", r"direccion electronica"),
    "phone": _any(
        r"telefono",
        r"numero de contacto",
        r"movil",
        # "¿número de pedido?" asks for a reference, not a phone
        r"numero(?! de (?:pedido|cuenta|cliente|referencia|factura|seguimiento|poliza|socio|caso|ticket|orden|"
        r"serie|documento|identificacion|tarjeta|expediente))",
        r"phone",
        r"(?:contact |best |call ?back )number",
        r"your number(?! (?:on|for) (?:the|your) (?:account|order|policy))",
        r"reach you",
        r"llamarle",
        r"llamarte",
        r"celular",
        r"cel",
        r"whatsapp",
        r"mobile",
        r"cell",
    ),
    "company": _any(
        r"empresa",
        r"compania",
        r"company",
        r"organi[sz]ation",
        r"your business",
        r"business name",
        rf"name of (?:the|your) {_BUSINESS_NOUN}",
        r"(?:what|which) (?:business|company|firm)",
        rf"nombre (?:del|de {_OWNER}) {_BUSINESS_NOUN}",
        rf"como se llama {_OWNER} {_BUSINESS_NOUN}",
        r"(?:que|cual) (?:empresa|compania|negocio)",
        r"tu negocio",
        r"su negocio",
        r"de parte de quien",
        r"where do you work",
        r"donde trabaja",
    ),
    "city": _any(
        r"ciudad",
        r"desde donde",
        r"de donde",
        r"city",
        r"where are you (?:calling from|based|located)",
        r"where (?:are you|is that)",
        r"localidad",
        r"en que zona",
        r"donde (?:esta|estan|estas|queda|quedan|se encuentra|se encuentran|se ubica|se ubican)",
        r"(?:usted|ustedes|tu|vos) (?:esta|estan|estas|estais) en",
        r"(?:vive|viven|vives|vivis) en",
        r"(?:usted|ustedes|tu|vos) (?:es|son|eres|sos) de",
        r"are you (?:in|from|based|located)",
        r"do you live in",
        r"where(?:'s| is| are)(?: \w+){0,3} (?:based|located)",
        r"whereabouts",
        r"post ?code",
        r"zip(?: code)?",
        r"codigo postal",
    ),
    "job_title": _any(
        r"cargo",
        r"puesto",
        r"your role",
        r"position",
        r"job title",
        r"your title",
        r"a que se dedica",
        r"what do you do",
    ),
}


# "¿su pollería cómo se llama?" asks for the business's name, not the person's.
_BUSINESS_NAME_QUESTION = re.compile(rf"(?<!\w){_OWNER} {_BUSINESS_NOUN} como se llama(?!\w)")


# "¿Cómo se llama el alumno?", "what's your son's name?": the answer names someone else.
_RELATIVES = (
    r"(?:alumn[oa]|nin[oa]|hij[oa]|nen[ea]|bebe|paciente|mascota|perr[oa]|gat[oa]|estudiante|son|daughter|child|"
    r"kid|student|pupil|pet|dog|cat|puppy|learner)"
)
_SOMEONE_ELSES_NAME_QUESTION = re.compile(
    rf"(?<!\w)(?:como se llama (?:el|la|los|las|su|tu) {_RELATIVES}"
    rf"|(?:nombre|edad) (?:del|de la|de su|de tu) {_RELATIVES}"
    rf"|(?:your|the) {_RELATIVES}'?s name|name of (?:your|the) {_RELATIVES})(?!\w)"
)


def asked_fields(folded: str) -> frozenset[str]:
    """Fields an agent's turn asks for: they tell how to read the prospect's next answer.

    "someone_else" marks a question about another person's name, whose answer is not the prospect's.
    """
    if _SOMEONE_ELSES_NAME_QUESTION.search(folded):
        folded = _SOMEONE_ELSES_NAME_QUESTION.sub(" ", folded)
        return frozenset({"someone_else"}) | asked_fields(folded) - {"name"}
    folded = _BUSINESS_NAME_QUESTION.sub(" nombre del negocio ", folded)
    return frozenset(field for field, pattern in _FIELD_QUESTIONS.items() if pattern.search(folded))


ASKS_PROSPECT = _any(
    r"your",
    r"su",
    r"sus",
    r"tu",
    r"tus",
    r"usted",
    r"are you",
    r"do you",
    r"can you",
    r"could you",
    r"who am i",
    r"con quien",
    r"me (?:da|facilita|dice|deja|indica|puede dar|pasa|pasas|regala|regalas|compartes|comparte|confirma|confirmas)",
    r"(?:pasame|dame|deme|digame|dime)",
    r"(?:share|send me|give me|tell me)",
)


# Cue phrases that introduce the prospect's own value. Strong cues need no other evidence.
NAME_STRONG = _any(
    r"me llamo",
    r"mi nombre es",
    r"mi nombre completo es",
    r"my name is",
    r"my name'?s",
    r"name is",
    r"nombre\s*:",
    r"name\s*:",
    r"full name\s*:",
    r"nombre completo\s*:",
    r"nombre y apellidos?\s*:",
)
SURNAME_FIELD = _any(r"apellidos?\s*:", r"surname\s*:", r"last name\s*:", r"family name\s*:")
NAME_WEAK = _any(
    r"soy",
    r"i'?m",
    r"i am",
    r"this is",
    r"it'?s",
    r"hi it'?s",
    r"habla",
    r"le habla",
    r"hablas con",
    r"you'?re speaking with",
    r"you'?re talking to",
    r"call me",
    r"llamame",
    r"llameme",
)
# "es Juan Pérez" is a name, "es Windows" is not: these cues need a known first name.
NAME_BARE = _any(r"es", r"aqui", r"soy yo", r"it is")
COMPANY_CUES = _any(
    r"trabajo (?:en|para)",
    r"trabajamos (?:en|para)",
    r"de la empresa",
    r"la empresa (?:es|se llama)",
    r"mi empresa(?: es| se llama)?",
    r"nuestra empresa(?: es| se llama)?",
    r"empresa\s*:",
    r"llamo (?:de|del)",
    r"(?:le |te )?hablo (?:de|del|desde)",
    r"llamo desde",
    r"te escribo de",
    r"le escribo de",
    r"escribo desde",
    r"en nombre de",
    r"de parte de",
    r"represento a",
    r"empresa llamada",
    r"compania",
    r"soy de la empresa",
    r"work (?:at|for|with)",
    r"i'?m with",
    r"i am with",
    r"calling from",
    r"company is",
    r"company'?s called",
    r"company called",
    r"company\s*:",
    r"from the company",
    r"on behalf of",
    r"we are",
    r"we'?re",
    r"i represent",
    r"employed (?:at|by)",
    r"i (?:run|own|manage)",
    r"we (?:run|own)",
    r"owner of",
    r"founder of",
    r"(?:dirijo|gestiono|llevo)",
    r"(?:propietari[oa]|duen[oa]|fundador[a]?|gerente) de",
    r"at",
    r"de",
    r"from",
    r"con",
    r"with",
)
CITY_CUES = _any(
    r"soy de",
    r"somos de",
    r"vivo en",
    r"(?:aqui|aca)(?: mismo)? en",
    r"here in",
    r"out in",
    r"(?:we are|i am) in",
    r"(?:office|offices|headquarters|hq|shop|store) (?:is |are )?in",
    r"estoy en",
    r"estamos en",
    r"desde",
    r"ubicad[oa]s? en",
    r"en la ciudad de",
    r"ciudad\s*:",
    r"localidad\s*:",
    r"sede en",
    r"oficinas? en",
    r"based in",
    r"located in",
    r"live in",
    r"(?:just |recently )?(?:moved|relocated) (?:up |down |over |back |here )?to",
    r"based out of",
    r"me (?:mude|traslade) a",
    r"nos (?:mudamos|trasladamos) a",
    r"i'?m in",
    r"we'?re in",
    r"out of",
    r"from",
    r"city\s*:",
    r"en",
    r"in",
    r"de",
)
# Cities in a move or a trip ("me mudo de Sevilla a Madrid", "a trip to Cancun") are not where the
# prospect is: the place left, the destination, or both.
TRAVEL_CUES = _any(
    r"mud(?:o|amos|arme|arnos|arse|ar|anza|ando)",
    r"traslad\w*",
    r"viaj\w*",
    r"vuelos?",
    r"volar",
    r"vacaciones",
    r"escapada",
    r"moving",
    r"move",
    r"moved",
    r"relocat\w*",
    r"trip",
    r"travel\w*",
    r"flights?",
    r"fly(?:ing)?",
    r"vacation",
    r"holidays?",
    r"visiting",
)
JOB_CUES = _any(
    r"soy (?:el|la)",
    r"soy",
    r"trabajo como",
    r"mi cargo es",
    r"mi puesto es",
    r"cargo\s*:",
    r"puesto\s*:",
    r"como",
    r"i'?m the",
    r"i am the",
    r"i'?m an?",
    r"i am an?",
    r"i work as",
    r"as the",
    r"as an?",
    r"my (?:title|role|position) is",
    r"title\s*:",
    r"job title\s*:",
    r"role\s*:",
)
INTEREST_CUES = _any(
    r"(?:me|nos|le|les) interesa(?:n|ria|rian)?",
    r"estoy interesad[oa] en",
    r"estamos interesados en",
    r"queria (?:informacion|info) (?:sobre|de|acerca de)",
    r"quisiera (?:informacion|info) (?:sobre|de)",
    r"informacion sobre",
    r"queria",
    r"queriamos",
    r"quisiera",
    r"quisieramos",
    r"queremos",
    r"quiero",
    r"necesito",
    r"necesitamos",
    r"necesitaria(?:mos)?",
    r"(?:llamo|llamaba|escribo|le escribo|te escribo) (?:por|para)",
    r"(?:i'?m |we'?re )?calling (?:about|regarding|for)",
    r"(?:i )?wanted to",
    r"i want(?: to)?",
    r"we want(?: to)?",
    r"we'?d like(?: to)?",
    r"mensaje\s*:",
    r"message\s*:",
    r"busco",
    r"buscamos",
    r"presupuesto (?:para|de)",
    r"(?:me|nos) gustaria",
    r"i'?m interested in",
    r"we'?re interested in",
    r"interested in",
    r"i'?d like(?: to)?",
    r"i would like(?: to)?",
    r"looking for",
    r"i need",
    r"we need",
    r"information (?:about|on)",
    r"info (?:about|on)",
    r"a quote (?:for|on)",
    r"pricing (?:for|on)",
    r"asking about",
    # Questions about an offer: "do you do gutter cleaning?", "¿cuánto cuesta la limpieza de sofás?"
    r"do you (?:guys |folks |all )?(?:do|offer|sell|have|provide|install|repair|fix|service|carry|rent)",
    r"how much (?:is|are|does|do|would|for)(?: it cost(?: for| to)?)?",
    r"(?:what'?s|what is|what are) (?:the )?(?:price|prices|cost|rates?) (?:of|for|on)",
    r"prices? (?:of|for|on)",
    r"(?:i was |we were |just )?wondering about",
    r"details (?:on|about|of)",
    r"cuanto (?:cuesta|cuestan|vale|valen|sale|salen|seria|costaria|cobran|cobrais)",
    r"precios? (?:de|del|para)",
    r"(?:podria|podrian|podriais|puede|pueden|podeis|puedes) informar(?:me|nos)? (?:sobre|de|acerca de)",
    r"(?:hacen|haceis|ofrecen|ofreceis|venden|vendeis|instalan|instalais|reparan|reparais)",
    r"(?:os|le|les|te) (?:contacto|contactamos|escribo|llamo) (?:por|para)",
    r"preguntar por",
    r"looking (?:at|into)",
    r"(?:we'?re|i'?m|we are|i am) (?:after|considering|evaluating|thinking (?:about|of)|hoping to|planning to|"
    r"shopping for|in the market for)",
    r"(?:i |we )?(?:was|were) after",
    r"(?:en|in)quir(?:e|ing) (?:about|for)",
    r"(?:want|like) to know more about",
    r"(?:i'?d|we'?d|would) love",
    r"(?:estoy|estamos|ando|andamos) (?:buscando|viendo|evaluando|pensando en|mirando)",
    r"(?:queria|quisiera|queriamos|quisieramos) (?:cotizar|consultar|averiguar|saber) "
    r"(?:por|sobre|de|el|la|los|las|un|una)",
    r"(?:para|por) cotizar",
    r"(?:nos|me) interesaria(?:n)?",
    r"interes\s*:",
    r"interest\s*:",
    r"asunto\s*:",
    r"subject\s*:",
)
# Leaving rather than buying: "quiero darme de baja", "I want to unsubscribe" is no interest.
OPT_OUT = _any(
    r"dar(?:me|nos|le)? de baja",
    r"(?:la|una) baja (?:de|del)",
    r"unsubscribe",
    r"cancel(?:ar)?(?: my| mi| el| la)? (?:subscription|membership|account|suscripcion|cuenta|contrato)",
    r"borr\w+ (?:mis|nuestros) datos",
    r"(?:delete|remove|erase) my (?:data|details|account|information)",
    r"opt out",
)
# After-sales matters: a call about them is customer service, not a sales interest.
SERVICE_MATTER_CUES = _any(
    r"pedidos?",
    r"orders?",
    r"facturas?",
    r"invoices?",
    r"ticket",
    r"incidencia",
    r"reclamacion",
    r"complaint",
    r"envio",
    r"shipment",
    r"delivery",
    r"devolucion",
    r"refund",
    r"reembolso",
)
CORRECTION_CUES = _any(
    r"perdon",
    r"perdona",
    r"disculpa",
    r"disculpe",
    r"me equivoque",
    r"corrijo",
    r"mejor dicho",
    r"quiero decir",
    r"quise decir",
    r"no,? es",
    r"sorry",
    r"i mean",
    r"i meant",
    r"correction",
    r"actually",
    r"scratch that",
    r"my mistake",
    r"rather",
    r"no,? it'?s",
    r"en realidad",
    r"wait",
    r"no no",
    r"o sea",
    r"bueno no",
)
# The agent's or the company's own contact points: never the prospect's.
# Someone else the prospect names: "my boss Morag Kerr makes the call", "Learner name: Kabelo".
THIRD_PARTY_WORDS = frozenset(
    word_list(
        "boss wife husband partner colleague coworker son daughter child kid learner student pupil mother father "
        "mom mum dad assistant jefe jefa socio socia esposa esposo marido mujer hijo hija companero companera "
        "alumno alumna estudiante madre padre mama papa asistente secretaria secretario"
    )
)
AGENT_OWN_CUES = _any(
    r"nuestro (?:numero|telefono|correo|email)",
    r"nuestra (?:linea|oficina|direccion)",
    r"mi (?:linea|extension) directa",
    r"mi extension",
    r"llamenos",
    r"llamanos",
    r"escribanos",
    r"(?:llamar|escribir|contactar)nos",
    r"nuestro numero",
    r"our office",
    r"escribenos",
    r"escribinos",
    r"our (?:number|phone|email|office|line|address)",
    r"my direct line",
    r"my extension",
    r"call us",
    r"email us",
    r"reach us",
    r"write to us",
    r"contact us",
    r"customer service",
    r"atencion al cliente",
    r"support at",
    r"nuestro whatsapp",
)
# Numbers introduced by these are identifiers, amounts or dates, not phones.
NUMBER_NEGATIVE_CUES = _any(
    r"(?:order|account|reference|invoice|case|ticket|tracking|confirmation|policy|serial|customer)"
    r" (?:number|no|#)",
    r"numero de (?:pedido|cuenta|referencia|factura|cliente|contrato|"
    r"seguimiento|poliza|serie|expediente|incidencia)",
    r"pedido",
    r"order",
    r"referencia",
    r"reference",
    r"ref",
    r"ticket",
    r"factura",
    r"invoice",
    r"numero de cliente",
    r"customer (?:number|id)",
    r"account",
    r"cuenta",
    r"dni",
    r"nif",
    r"cif",
    r"nie",
    r"codigo postal",
    r"postal code",
    r"postcode",
    r"zip",
    r"cp",
    r"tracking",
    r"seguimiento",
    r"expediente",
    r"case number",
    r"numero de caso",
    r"incidencia",
    r"contrato",
    r"contract",
    r"poliza",
    r"policy",
    r"serie",
    r"serial",
    r"iban",
    r"tarjeta",
    r"card",
    r"importe",
    r"amount",
    r"total",
    r"precio",
    r"price",
    r"euros?",
    r"dolares",
    r"dollars?",
    r"€",
    r"\$",
    r"usd",
    r"eur",
    r"localizador",
    r"booking",
    r"reserva",
    r"confirmation",
    r"confirmacion",
    r"pin",
    r"codigo",
    r"order id",
    r"vat",
)
EMAIL_CUES = _any(
    r"correo",
    r"e-?mail",
    r"mail",
    r"email address",
    r"direccion",
    r"address",
    r"escribi\w*",
    r"write",
    r"arroba",
)
PHONE_CUES = _any(
    r"telefono",
    r"movil",
    r"numero",
    r"llamar\w*",
    r"whatsapp",
    r"phone",
    r"number",
    r"cell",
    r"mobile",
    r"call me",
    r"reach me",
    r"tlf",
    r"tel",
    r"extension",
    r"ext",
)
POSTCODE_CUES = _any(
    r"zip(?: ?code)?",
    r"post ?code",
    r"postal code",
    r"pin(?: ?code)?",
    r"codigo postal",
    r"cod(?:\.|igo)? postal",
    r"c ?p",
    r"c\. ?p\.?",
    r"eircode",
)
