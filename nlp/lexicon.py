"""Word lists that validate candidates: what can (not) be a name, a title, a city, a legal form.

They check shape and plausibility of values found after cue phrases; they are
not the source of values. Lists are folded (lower case, no accents).
"""

from __future__ import annotations

from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS as _ENGLISH_STOP_WORDS
from spacy.lang.es.stop_words import STOP_WORDS as _SPANISH_STOP_WORDS

from nlp.tokens import fold, word_list

FILLERS = frozenset(
    word_list(
        "eh em ehm mm mmm hmm um umm uh uhh er erm ah este esto pues bueno vale o sea like well so ok okay "
        "oh hola hello hi hey buenas buenos dias tardes noches jaja jajaja jeje haha hahaha lol dale listo genial "
        "perfecto"
    )
)
HESITATIONS = frozenset(word_list("eh em ehm mm mmm hmm um umm uh uhh er erm ah"))
YES_WORDS = frozenset(word_list("si sí claro vale yes yeah yep sure ok okay correcto exacto perfecto"))

NAME_PARTICLES = frozenset(word_list("de del la las los van von der den da di du le y mac st san"))

_EXTRA_NON_NAMES = (
    "interesado interesada interested calling llamando looking buscando gracias thanks thank please "
    "cliente customer senor senora señor señora sir madam mister miss hola hello hi hey buenas buenos "
    "good fine bien mal here aqui just solo very muy sorry perdon disculpe yes si no ok okay sure claro "
    "vale sales ventas support soporte email correo phone telefono number numero empresa company "
    "nuevo nueva new old the owner manager director gerente jefe responsable encargado ceo "
    "informacion information info presupuesto quote precio price llamo call going trying wondering "
    "happy glad pleased encantado encantada calling writing escribiendo escribo from de con with "
    "para for en in at del al una uno un a an wanted quiero quería queria want need necesito "
    "vivo trabajo trabajamos llamaba estamos somos tenemos work works working live living based located "
    "looking enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre "
    "january february march april may june july august september october november december "
    "lunes martes miercoles jueves viernes sabado domingo monday tuesday wednesday thursday friday "
    "saturday sunday today tomorrow yesterday hoy manana ayer speaking hablando hablo escribo "
    "im ive id ill youre dont cant wont whats thats theres its hes shes theyre lets "
    "i'm i'd i'll i've it's we're we'd that's there's you're he's she's they're let's can't don't won't"
)
STOP_WORDS = frozenset(fold(word) for word in (_ENGLISH_STOP_WORDS | _SPANISH_STOP_WORDS))
NON_NAME_WORDS = STOP_WORDS | FILLERS | frozenset(fold(w) for w in _EXTRA_NON_NAMES.split())

FIRST_NAMES = frozenset(
    fold(name)
    for name in word_list(
        "juan jose josé antonio manuel francisco david javier daniel carlos jesus jesús alejandro miguel "
        "rafael pedro pablo angel ángel sergio fernando jorge luis alberto alvaro álvaro diego adrian "
        "adrián raul raúl enrique ramon ramón vicente ignacio andres andrés ruben rubén oscar óscar "
        "victor víctor roberto mario marcos hugo ivan iván lucas martin martín santiago gonzalo emilio "
        "julian julián tomas tomás felipe maria maría carmen ana isabel laura cristina marta lucia lucía "
        "elena pilar dolores paula sara raquel rosa patricia beatriz silvia julia irene nuria andrea alba "
        "teresa monica mónica sonia mercedes rocio rocío claudia sofia sofía marina natalia alicia eva "
        "ines inés lorena susana noelia veronica verónica esther celia gloria yolanda montserrat montse "
        "begoña ainhoa itziar nerea aitor iker jon mikel rodrigo agustin agustín nicolas nicolás joaquin "
        "joaquín cristian borja inigo iñigo unai xabier jaime ricardo eduardo arturo hector héctor mateo "
        "leonardo bruno samuel inmaculada inma consuelo amparo encarnacion encarna remedios milagros "
        "rosario soledad esperanza belen belén macarena guadalupe lupita ximena valentina camila fernanda "
        "daniela gabriela mariana valeria regina renata john james robert michael william david richard "
        "joseph thomas charles christopher daniel matthew anthony mark donald steven paul andrew joshua "
        "kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary nicholas eric "
        "jonathan stephen larry justin scott brandon benjamin samuel gregory alexander frank patrick "
        "raymond jack dennis jerry tyler aaron henry adam peter nathan zachary kyle walter harold jeremy "
        "ethan carl keith roger gerald christian terry sean arthur austin noah lawrence jesse joe bryan "
        "billy jordan albert dylan bruce willie gabriel alan juan logan wayne ralph roy eugene louis "
        "philip bobby liam oliver harry oscar charlie leo archie tom mary patricia jennifer linda "
        "elizabeth barbara susan jessica sarah karen nancy lisa betty margaret sandra ashley kimberly "
        "emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca sharon laura cynthia "
        "kathleen amy shirley angela helen anna brenda pamela nicole emma samantha katherine christine "
        "debra rachel catherine carolyn janet ruth maria heather diane virginia julie joyce victoria "
        "olivia kelly christina lauren joan evelyn judith megan cheryl andrea hannah martha jacqueline "
        "frances gloria ann teresa kathryn sara janice jean alice madison doris abigail julia judy grace "
        "denise amber marilyn beverly danielle theresa sophia marie diana brittany natalie isabella "
        "charlotte rose alexis kayla amelia ava mia chloe ella lily grace priya raj wei mohammed ahmed "
        "fatima aisha omar ali hiroshi yuki kenji chen li zhang ngozi kwame lars ingrid sven pierre jean "
        "luc sofia"
    )
)

JOB_TITLE_HEADS = frozenset(
    fold(word)
    for word in word_list(
        "director directora gerente jefe jefa responsable encargado encargada coordinador coordinadora "
        "administrador administradora administrativo administrativa ingeniero ingeniera analista "
        "consultor consultora socio socia fundador fundadora cofundador cofundadora propietario "
        "propietaria dueño dueña presidente presidenta consejero consejera ceo cto cfo coo cmo cio vp "
        "técnico técnica supervisor supervisora comercial contable abogado abogada arquitecto arquitecta "
        "gestor gestora secretario secretaria asistente auxiliar comprador compradora programador "
        "programadora desarrollador desarrolladora diseñador diseñadora profesor profesora delegado "
        "delegada agente vendedor vendedora manager head lead owner founder co-founder cofounder "
        "president vice officer engineer developer analyst consultant partner specialist coordinator "
        "administrator assistant accountant attorney lawyer architect designer buyer purchaser "
        "representative executive chief principal controller recruiter teacher nurse doctor médico médica "
        "enfermero enfermera gerenta administrator associate clerk superintendent treasurer secretary "
        "editor producer agent broker estimator planner strategist tesorero tesorera interventor contador "
        "contadora dentist dentista"
    )
)

LEGAL_FORMS = frozenset(
    word_list(
        "s.l. sl s.l s.l.u. slu s.l.p. slp s.a. sa s.a s.a.u. sau s.coop. scoop s.c. sc s.a.s. sas "
        "s.l.l. sll "
        "inc. inc llc l.l.c. ltd. ltd limited corp. corp corporation co. plc llp gmbh ag bv nv "
        "s.r.l. srl s.p.a. spa pty lp l.p. pllc limitada ltda ltda."
    )
)
# Legal forms spelled out, and how they are written: "ese a de ce ve" is "S.A. de C.V.", "s a s" is "SAS".
SPOKEN_LEGAL_FORMS = {
    tuple(spoken.split()): written
    for spoken, written in (("ese a de ce ve", "S.A. de C.V."), ("ese a ese", "S.A.S."), ("ese erre ele", "S.R.L."),
                            ("ese ele u", "S.L.U."), ("ese ele", "S.L."), ("ese a", "S.A."), ("ele te de a", "Ltda."),
                            ("ese pe a", "SpA"),
                            # letter by letter, as ASR writes them
                            ("s a de c v", "S.A. de C.V."), ("s a s", "SAS"), ("s r l", "S.R.L."),
                            ("s a c", "S.A.C."), ("s l u", "S.L.U."), ("s l", "S.L."), ("s a", "S.A."),
                            ("l l c", "LLC"))
}


_SPOKEN_LEGAL_FORMS_LONGEST_FIRST = sorted(SPOKEN_LEGAL_FORMS, key=len, reverse=True)


def spoken_legal_form_at(words: list[str], index: int) -> tuple[str, ...] | None:
    """The longest spelled legal form starting at ``words[index]`` (folded words), or None."""
    for form in _SPOKEN_LEGAL_FORMS_LONGEST_FIRST:
        if tuple(words[index : index + len(form)]) == form:
            return form
    return None


COMPANY_WORDS = frozenset(word_list("hijos sons cia compania compañía company")) | frozenset(
    fold(word)
    for word in word_list(
        "talleres grupo consultores consultoria consultoría construcciones servicios soluciones "
        "industrias transportes distribuciones hermanos asociados tecnologias tecnologías sistemas "
        "ingenieria ingeniería inmobiliaria clinica clínica farmacia restaurante hotel hoteles academia "
        "estudio agencia laboratorios logistica logística seguros abogados comercial importaciones "
        "exportaciones instalaciones systems solutions group technologies technology industries services "
        "consulting partners holdings labs logistics enterprises associates brothers manufacturing "
        "software analytics bakery dental clinic studio agency foods motors media ventures capital realty "
        "insurance networks"
    )
)

_CITY_LIST = (
    "madrid, barcelona, valencia, sevilla, zaragoza, málaga, murcia, palma, palma de mallorca, "
    "bilbao, alicante, "
    "córdoba, valladolid, vigo, gijón, granada, vitoria, a coruña, la coruña, elche, oviedo, "
    "santander, pamplona, "
    "almería, san sebastián, donostia, burgos, albacete, salamanca, logroño, badajoz, huelva, cádiz, "
    "jaén, lleida, "
    "tarragona, girona, castellón, cáceres, león, toledo, segovia, ávila, cuenca, guadalajara, "
    "soria, teruel, "
    "huesca, zamora, palencia, lugo, ourense, pontevedra, marbella, getafe, alcalá de henares, móstoles, "
    "fuenlabrada, leganés, sabadell, terrassa, badalona, jerez, las palmas, las palmas de gran canaria, "
    "santa cruz de tenerife, ciudad de méxico, cdmx, monterrey, puebla, tijuana, bogotá, medellín, "
    "cali, lima, "
    "santiago, santiago de chile, buenos aires, rosario, montevideo, quito, caracas, la paz, asunción, "
    "new york, new york city, los angeles, chicago, houston, phoenix, philadelphia, san antonio, san diego, "
    "dallas, austin, san jose, jacksonville, fort worth, columbus, charlotte, san francisco, indianapolis, "
    "seattle, denver, boston, nashville, detroit, portland, las vegas, memphis, louisville, baltimore, "
    "milwaukee, albuquerque, tucson, fresno, sacramento, atlanta, miami, oakland, minneapolis, tulsa, "
    "cleveland, tampa, orlando, pittsburgh, cincinnati, st louis, st. louis, raleigh, salt lake city, "
    "kansas city, omaha, new orleans, buffalo, richmond, london, manchester, birmingham, leeds, glasgow, "
    "liverpool, bristol, sheffield, edinburgh, cardiff, belfast, leicester, nottingham, newcastle, brighton, "
    "oxford, cambridge, toronto, vancouver, montreal, dublin, sydney, melbourne, paris, berlin, "
    "lisbon, lisboa, "
    "rome, roma, amsterdam, brussels, "
    "guayaquil, cusco, arequipa, cochabamba, barranquilla, cartagena de indias, bucaramanga, "
    "cucuta, manizales, mar del plata, tucuman, valparaiso, vina del mar, antofagasta, "
    "queretaro, merida, cancun, acapulco, "
    "auckland, wellington, christchurch, brisbane, perth, adelaide, canberra, cork, galway, limerick, "
    "mumbai, delhi, new delhi, bangalore, bengaluru, hyderabad, chennai, kolkata, pune, johannesburg, "
    "cape town, durban, pretoria, singapore, calgary, edmonton, ottawa, winnipeg, halifax, quebec city"
)
CITIES = frozenset(fold(city.strip()) for city in _CITY_LIST.split(","))
# Towns of 15,000+ people in Spanish- and English-speaking countries, with their country (GeoNames,
# scripts/build_city_list.py): trusted only after a strong cue or when the city was asked, since many are
# also words or surnames. The country says which national format a local phone number is in.
CITY_COUNTRIES = {
    fold(name): country
    for name, _, country in (
        line.partition("\t")
        for line in (Path(__file__).parent / "data" / "cities.txt").read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
}
CUED_CITIES = CITIES | frozenset(CITY_COUNTRIES)
MAX_CITY_WORDS = max(len(city.split()) for city in CUED_CITIES)
CITY_FIRST_WORDS = frozenset(city.split()[0] for city in CUED_CITIES)

# Countries and regions (es/en): a place, but never the answer "which city?". "Galway, Ireland" is Galway.
_COUNTRY_LIST = (
    "españa, spain, mexico, méxico, estados unidos, united states, usa, us, u.s., america, eeuu, ee.uu., "
    "reino unido, united kingdom, uk, england, inglaterra, scotland, escocia, wales, gales, ireland, irlanda, "
    "francia, france, alemania, germany, italia, italy, portugal, holanda, netherlands, paises bajos, belgica, "
    "belgium, suiza, switzerland, austria, suecia, sweden, noruega, norway, dinamarca, denmark, finlandia, "
    "finland, polonia, poland, grecia, greece, turquia, turkey, marruecos, morocco, argelia, algeria, "
    "egipto, egypt, china, japon, japan, corea, korea, india, pakistan, vietnam, filipinas, philippines, "
    "australia, canada, canadá, argentina, chile, colombia, peru, perú, venezuela, ecuador, bolivia, uruguay, "
    "paraguay, brasil, brazil, cuba, guatemala, honduras, el salvador, nicaragua, costa rica, panama, panamá, "
    "republica dominicana, dominican republic, puerto rico, rusia, russia, ucrania, ukraine, rumania, romania, "
    "nigeria, sudafrica, south africa, emiratos arabes, uae, arabia saudi, saudi arabia, israel, "
    "cataluña, catalonia, andalucia, andalusia, galicia, euskadi, pais vasco, basque country, texas, "
    "california, florida"
)
COUNTRIES = frozenset(fold(country.strip()) for country in _COUNTRY_LIST.split(","))
