"""Language knowledge the matcher folds names and addresses with: data, not logic.

Every table is folded (ASCII, lower case) and applies to Spanish and English
records alike. Extend a table when a spelling slips through; the code that
reads them (``store.normalize``, ``store.addresses``) does not change.
"""

from __future__ import annotations


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _pairs(text: str) -> dict[str, str]:
    """ "a=b c=d" → {"a": "b", "c": "d"}; one abbreviation per item, "_" for a space in the long form."""
    return {short: long.replace("_", " ") for short, long in (item.split("=") for item in text.split())}


# ---------------------------------------------------------------- companies

# Abbreviations written in company names, mapped to the word they shorten.
COMPANY_ABBREVIATIONS = _pairs(
    "assn=association assoc=association asoc=asociacion ctr=center cntr=center centre=center "
    "intl=international natl=national mfg=manufacturing mfrs=manufacturers bros=brothers hnos=hermanos "
    "hmnos=hermanos cia=compania dept=department dpto=departamento depto=departamento univ=university "
    "svcs=services grp=group gpo=grupo hosp=hospital mgmt=management mgt=management hldgs=holdings "
    "hldg=holdings fincl=financial assocs=associates sch=school acad=academy elem=elementary "
    "st=saint sta=santa sto=santo mt=mount ft=fort cmty=community "
    "y=and e=and und=and et=and"
)
# Only unambiguous shortenings are spelled out here: "Dist." may be "distribution" or "distribuciones",
# so a word cut short with a dot is matched as the start of the other name's word instead.

# Legal forms grouped by kind: two firms whose names agree but whose legal
# forms are of different kinds (an S.L. and an S.A.) are usually two firms.
# Forms of one kind are spellings of the same thing (S.L.U. is an S.L. with
# one partner; Inc., Corp. and Co. are used interchangeably in the US).
LEGAL_FORM_KINDS: dict[str, tuple[str, ...]] = {
    "limitada": ("sl", "s l", "slu", "s l u", "slne", "sll", "slp", "srl", "s r l", "ltda", "limitada",
                 "sociedad limitada", "sociedad limitada unipersonal", "sociedad de responsabilidad limitada",
                 "sociedad limitada laboral", "sociedad limitada nueva empresa", "sociedad limitada profesional"),
    "anonima": ("sa", "s a", "sau", "s a u", "sal", "sociedad anonima", "sociedad anonima unipersonal",
                "sociedad anonima laboral", "sa de cv", "s a de c v", "sab de cv", "saa", "sac", "saic"),
    "cooperativa": ("scoop", "s coop", "coop", "sociedad cooperativa", "scl", "sccl", "s coop and"),
    "comunidad": ("cb", "c b", "comunidad de bienes", "scp", "sociedad civil", "sc", "s c"),
    "corporation": ("inc", "incorporated", "corp", "corporation", "co", "company", "cos"),
    "llc": ("llc", "l l c", "limited liability company"),
    "limited": ("ltd", "limited", "pty ltd", "pty", "proprietary limited", "pte ltd"),
    "plc": ("plc", "p l c", "public limited company"),
    "partnership": ("llp", "lp", "l p", "lllp", "partnership", "and partners", "and co"),
    "gmbh": ("gmbh", "gesellschaft mit beschrankter haftung", "gmbh and co kg", "kg", "ohg"),
    "ag": ("ag", "aktiengesellschaft"),
    "sas": ("sas", "s a s", "sasu"),
    "sarl": ("sarl", "eurl"),
    "spa": ("spa", "s p a"),
    "bv": ("bv", "b v", "nv", "n v"),
    "eirl": ("eirl", "eirl ltda"),
}

# Words that describe what a firm does or is rather than which firm it is:
# "Talleres Ruiz" and "Ruiz" are likely one firm, "Talleres Ruiz" and
# "Talleres Gil" are not, whatever the shared "talleres".
COMPANY_DESCRIPTORS = _word_set(
    "the of de del la las los el en for a an at al y and "
    "group grupo company compania holding holdings international internacional national nacional "
    "services servicios service servicio solutions soluciones systems sistemas global industries industrias "
    "enterprises empresa empresas associates asociados partners socios consulting consultores consultoria "
    "management gestion center centro institute instituto foundation fundacion association asociacion "
    "corporation corporacion agency agencia office oficina offices studio estudio network networks "
    "brothers hermanos sons hijos family familia trading comercial commercial comercializadora "
    "distribution distribuciones distribuidora logistics logistica transport transportes "
    "technologies technology tecnologias tecnologia digital software labs laboratories laboratorios "
    "engineering ingenieria construction construcciones reformas talleres taller workshop "
    "inc ltd llc plc sl sa "
    "care child children childcare daycare day nursery preschool school schools academy learning "
    "early education development community church ministry ministries head start program "
    "public private new north south east west norte sur este oeste central"
)


# ---------------------------------------------------------------- addresses

# Street types, each spelling mapped to one form ("st" → "street", "avda" → "avenida").
STREET_TYPES = _pairs(
    "st=street str=street street=street rd=road road=road ave=avenue av=avenue avn=avenue avenue=avenue "
    "blvd=boulevard bvd=boulevard bl=boulevard boulevard=boulevard dr=drive drv=drive drive=drive "
    "ln=lane lane=lane ct=court crt=court court=court pl=place place=place pkwy=parkway parkway=parkway "
    "hwy=highway highway=highway sq=square square=square ter=terrace terr=terrace terrace=terrace "
    "cres=crescent cr=crescent crescent=crescent cct=circuit cir=circle circle=circle circuit=circuit "
    "way=way wy=way cl=close close=close gr=grove grove=grove pde=parade parade=parade esp=esplanade "
    "hts=heights mews=mews row=row walk=walk expy=expressway fwy=freeway "
    "c=calle cl=calle cll=calle calle=calle avda=avenida avd=avenida avenida=avenida "
    "pza=plaza pl=plaza plza=plaza plaza=plaza po=paseo pso=paseo paseo=paseo ctra=carretera "
    "crta=carretera carretera=carretera cmno=camino camino=camino rda=ronda ronda=ronda "
    "trav=travesia travesia=travesia gta=glorieta glorieta=glorieta urb=urbanizacion "
    "urbanizacion=urbanizacion pje=pasaje pasaje=pasaje"
)
# "cl" and "pl" are English (close, place) and Spanish (calle, plaza) abbreviations alike;
# the table keeps the Spanish reading (the dictionary's last entry), which only changes a type word.

DIRECTIONS = _pairs(
    "n=n north=n s=s south=s e=e east=e w=w west=w ne=ne northeast=ne nw=nw northwest=nw "
    "se=se southeast=se sw=sw southwest=sw norte=n sur=s este=e oeste=w"
)

# Words that introduce a unit inside a building: what follows is the unit, not the street.
UNIT_WORDS = _word_set(
    "apt apartment apto suite ste unit flat floor fl level lvl rm room bldg building villa lot shop "
    "piso planta puerta pta esc escalera bajo local portal bloque blq oficina of dpto dcha izq izda"
)

# Words that carry nothing for matching an address.
ADDRESS_STOP_WORDS = _word_set("de del la las los el the of and y at")
