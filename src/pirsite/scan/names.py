"""People's names in published text: common given names and surnames, and the words around them.

No model and nothing fetched at run time: two word lists ship in ``name-lists/`` (``given_names.txt`` and
``surnames.txt``: the US Census 1990 name files, public domain, and common names of other cultures
added by hand) and the rest is the context names are written in. One regular expression pass
finds every run of capitalised words on a line (with name particles such as van, de, bin, al-
between them); each run is then read token by token with set lookups, so the cost is one C-level
pass plus a few microseconds per capitalised run. A name is:

- a known given name and the capitalised surname tokens after it ("Priya Haddad", "Jan van der
  Berg", "Siobhán O'Neill-McCarthy"), or a known surname and a known given name ("Tanaka Hiroshi");
- an initial and a surname ("J. Smith"); a title or role and a capitalised word ("Dr. Okafor",
  "Officer Jenkins", "plaintiff Doe", "spokesperson Amara Obi");
- a known given name alone ("paged Siobhan"), unless it is also a common word, a place, a month or
  a product (Will, Mark, Grant, May, Georgia, Alexa): those need a surname, a title or a person's
  context (a verb such as said or emailed after it, a role word before it);
- a known surname alone before such a verb ("Okafor said"), and any word of a full name found
  earlier in the text ("Linda Marsh ... Marsh pleaded");
- a known given name and known names after it in capitals ("CLAIMANT: JOHN A. MERCER").

Not names: runs that are an organisation, a place or a law (followed by Inc, LLC, Bank, Hospital,
County, Street, University, Act; after San, Fort, Lake, Port), well-known companies named after
people (Morgan Stanley, Wells Fargo), months and weekdays, ALL-CAPS acronyms, CamelCase products.

``person_names`` returns spans only; the detector that calls it never keeps the value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from importlib.resources import files


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _letters(test: Callable[[str], bool]) -> str:
    """Latin letters (Basic, Latin-1, Extended-A/B and Extended Additional, for Vietnamese) passing test."""
    ranges = ((0x41, 0x250), (0x1E00, 0x1F00))
    return "".join(chr(c) for low, high in ranges for c in range(low, high) if test(chr(c)))


_UPPER = _letters(str.isupper)
_U = f"[{_UPPER}]"
_L = f"[{_letters(str.islower)}]"
_REST = (
    rf"(?:\.(?:{_U}\.)*|(?:['’]{_U})?{_L}+(?:{_U}{_L}+)?(?:-{_U}?{_L}+(?:{_U}{_L}+)?)*)"  # after a capital
)
_PARTICLES = sorted(
    _words(
        "van von de der den del della di da du la le ter ten bin binti bint ibn al el dos das do zu af av y"
    )
)
_PARTICLE = "(?:" + "|".join(_PARTICLES) + ")"
_ATTACHED = r"(?:(?:al|el|ad|ash|as|ar|abd|abu|bin|ibn|ben)-)"  # al-Rashid, el-Sayed
_SEP = r"\.?[ \t]+"  # one line: a signature's or a list's next line is not a surname
# A run of capitalised words: it starts with a capital letter that does not continue a word,
# a path or an address (the lookbehind comes after the first character, so the engine skips to
# the next capital letter in C), and goes on while capitalised tokens follow one space apart.
_RUN = re.compile(
    rf"{_U}(?<![\w./\\#$%-]{_U})(?<!\w['’]{_U}){_REST}(?:{_SEP}(?:{_PARTICLE}{_SEP})*{_ATTACHED}?{_U}{_REST})*"
)
# A run of words in capitals, where a name may be ("CLAIMANT: JOHN A. MERCER").
_CAPITALS = re.compile(rf"{_U}(?<![\w.]{_U}){_U}+(?:[ \t]+(?:{_U}\.|{_U}[{_UPPER}'’-]*{_U}))+(?!\w)")
_TOKEN = re.compile(rf"{_PARTICLE}(?=\s)|{_ATTACHED}?{_U}{_REST}")
_CAMEL = re.compile(rf"{_U}{_L}+{_U}")
_CAMEL_OK = ("mc", "mac", "de", "di", "da", "du", "la", "le", "van", "von", "fitz", "o'", "d'", "o’", "d’")
_WORDLIKE = re.compile(
    r"(?:ing|ings|tion|tions|sion|ment|ments|ness|ity|ities|ics|ogy|ed|ly|ive|ives|ous|ware|ance|ence"
    r"|ship|able|ible|ful|less|ism|ist|ists|ize|ise|ized|ised|ery|ary|ory|ure|ures|age|ages|ers|al|als|ry"
    r"|ies)$"
)
_DIGITS_AFTER = re.compile(r"[ \t]*(?:\d|'\d)")
_ARTICLE = re.compile(r"(?:^|[^\w])(?:the|a|an|our|their|its|this|that)[ \t]+$", re.IGNORECASE)
_CONTRACTION = re.compile(r"['’](?:t|ll|re|ve|d|m)\b")  # Don't, Can't, Won't: no names
_ORG_AFTER = re.compile(  # "Smith, Inc.", "Johnson & Johnson", "St Jude's Hospital" (its word in group 1)
    r",?[ \t]+(?:Inc|LLC|L\.L\.C|Ltd|Corp|LLP|PLC|Plc|GmbH|AG|S\.A|SA|Co|NV|BV|Pty|LP|SpA|SE|KG|Oy|AB)\b"
    r"|[ \t]*&[ \t]*[A-Z]|['’]s?[ \t]+([A-Z][a-z]+)"
)
# After a name alone: a verb only people do ("Okafor said", "Will emailed"), so a surname or a given
# name that is also a word counts as a name.
_SAID = re.compile(
    r"(?:[ \t]+(?:also|then|later|had|has|who|finally|reportedly|allegedly|personally|first|"
    r"immediately|subsequently|never|did not|didn't))?[ \t]+(?:said|says|told|tells|asked|asks|emailed|"
    r"e-mailed|texted|messaged|phoned|wrote|writes|replied|replies|responded|noticed|confirmed|"
    r"confirms|explained|stated|states|claimed|claims|alleged|alleges|admitted|complained|mentioned|"
    r"pleaded|pled|testified|apologised|apologized|resigned|insisted|argued|recalled|realised|realized|"
    r"believes|believed|thinks|thought|agreed|denied|refused|declined|sued|contacted|"
    r"was (?:arrested|charged|sentenced|convicted|indicted|fired|dismissed|terminated|interviewed|"
    r"notified|informed|contacted|paged|called)|is (?:a|an|the|our) (?:former )?(?:employee|customer|"
    r"patient|member|nurse|doctor|contractor|client|resident|student))\b"
)
# Before a name alone: a role or a relation ("plaintiff Doe", "employee Okafor", "named Smith").
ROLE_WORDS = _words(
    """plaintiff plaintiffs defendant defendants employee employees staffer contractor contractors
    customer customers patient patients nurse nurses doctor doctors physician technician administrator
    manager officer officers agent agents clerk cashier teller driver courier intern student students
    teacher resident residents tenant applicant claimant policyholder subscriber victim victims witness
    suspect suspects hacker insider spokesperson spokesman spokeswoman attorney attorneys lawyer counsel
    solicitor judge detective detectives sheriff senator inspector investigator investigators auditor
    colleague coworker co-worker caller son daughter wife husband mother father named dubbed nicknamed
    alias aka dear hi hello thanks cc cc: attn attn: ceo cfo cto ciso cio coo dpo vp actor actress singer
    musician rapper athlete footballer author novelist blogger influencer youtuber streamer journalist
    columnist presenter artist"""
)

_GREETINGS = _words(  # capitalised, before a name alone: greetings and the roles of a court case
    """Dear Hi Hello Hey Thanks Cc CC Attn Attn: CC: Cc: Plaintiff Plaintiffs Defendant Defendants Claimant
    Complainant Petitioner Respondent Appellant Decedent Victim Suspect Witness Spokesperson Spokesman
    Spokeswoman CEO CFO CTO CISO CIO COO CSO DPO VP SVP EVP MD"""
)

# Titles before a name. Strong ones make any capitalised word after them a name ("Officer Jenkins");
# soft ones (also job titles and words) only a known name or a name-shaped word.
STRONG_TITLES = _words(
    """mr mrs ms mx miss mister dr prof professor sgt sergeant det detective rep sen senator gov governor
    lt lieutenant capt captain cpl corporal insp inspector supt superintendent judge justice officer
    sheriff mayor constable trooper congressman congresswoman councilman councilwoman councillor
    councilor alderman alderwoman assemblyman assemblywoman magistrate chancellor sir dame lord lady
    rev reverend fr pastor rabbi imam prosecutor deputy commissioner ambassador dean baroness baron
    countess viscount marquess"""
)
SOFT_TITLES = _words(
    """president vice chairman chairwoman chair secretary minister director chief head agent doctor nurse
    father sister brother coach principal general admiral colonel col major marshal bishop cardinal
    attorney counsel auditor treasurer controller comptroller representative ceo cfo cto ciso cio coo dpo
    vp svp evp md spokesperson spokesman spokeswoman founder cofounder co-founder owner manager
    supervisor investigator analyst engineer technician"""
)
# Words after a name that make it an organisation, a place, a building, a law or an event.
ORG_WORDS = _words(
    """inc incorporated llc llp lp ltd limited corp corporation co company companies plc gmbh ag sa nv bv
    pty pte kg oy ab as spa srl sarl group holdings partners associates foundation trust fund funds
    capital ventures bank bancorp bankshares banking financial finance insurance assurance securities
    investments advisors advisers health healthcare hospital hospitals clinic clinics medical medicine
    pharmacy pharmaceuticals pharma labs laboratories laboratory systems solutions technologies
    technology tech software networks network security services service consulting communications media
    airlines airways motors energy power electric utilities foods stores store mart market markets
    restaurant restaurants hotel hotels resort casino industries international global worldwide
    enterprises institute institution university universities college school schools academy
    seminary county counties city town township village borough parish district state province
    region street st road rd avenue ave boulevard blvd lane ln drive way place square court ct park
    bridge beach island islands valley hills heights lake river mountain mountains bay harbor harbour
    airport station terminal center centre hall library museum church cathedral chapel temple mosque
    synagogue act acts law laws rule rules regulation regulations directive code bill amendment
    award awards prize day days memorial stadium arena tower towers building plaza mall gardens
    garden estates estate manor house castle palace county's department dept agency bureau office
    commission committee council board authority administration ministry court's tribunal police
    sheriff's army navy corps fire rescue clinic's association society club union league federation
    cooperative credit realty properties homes home care living dental vision eye surgery surgical
    orthopedics pediatrics cardiology oncology radiology imaging diagnostics rehab rehabilitation
    nursing hospice pharmacy's brands products studios studio records publishing press post times
    journal herald tribune gazette news magazine radio tv television channel network's motors auto
    automotive toyota honda chevrolet ford dodge exchange bourse mercantile"""
)
# Before a name: a place's or a thing's ("San Jose", "Fort Worth", "Lake Charles", "St. Louis",
# "Hurricane Katrina", "Operation Aurora").
PLACE_PREFIXES = _words(
    """san santa santo são sao st saint ste sainte fort ft lake mount mt port puerto cape new north south
    east west upper lower greater little great old los las el la le des du del hurricane storm typhoon
    cyclone tropical operation project codename rio río"""
)
MONTHS_AND_DAYS = _words(
    """january february march april may june july august september october november december jan feb mar
    apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday mon tue
    tues wed thu thur thurs fri sat sun"""
)
# Countries, states, provinces and cities, also where a name list has them (Florida, Ireland,
# Kenya): never a person's name alone. Places that are also common given names (Georgia, Virginia,
# Sydney, Jordan) are in AMBIGUOUS_GIVEN instead: a surname after them makes a name.
PLACES = _words(
    """afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan bahamas
    bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia botswana brazil brunei
    bulgaria burkina burundi cambodia cameroon canada chile china colombia comoros congo croatia cuba
    cyprus czechia czech denmark djibouti dominica ecuador egypt eritrea estonia eswatini ethiopia fiji
    finland france gabon gambia germany ghana greece grenada guatemala guinea guyana haiti honduras
    hungary iceland india indonesia iran iraq ireland israel italy jamaica japan kazakhstan kenya
    kiribati kosovo kuwait kyrgyzstan laos latvia lebanon lesotho liberia libya liechtenstein lithuania
    luxembourg madagascar malawi malaysia maldives mali malta mauritania mauritius mexico micronesia
    moldova monaco mongolia montenegro morocco mozambique myanmar namibia nauru nepal netherlands
    nicaragua niger nigeria norway oman pakistan palau palestine panama paraguay peru philippines
    poland portugal qatar romania russia rwanda samoa senegal serbia seychelles singapore slovakia
    slovenia somalia spain sri lanka sudan suriname sweden switzerland syria taiwan tajikistan tanzania
    thailand togo tonga trinidad tunisia turkey turkiye turkmenistan tuvalu uganda ukraine emirates
    uruguay uzbekistan vanuatu venezuela vietnam yemen zambia zimbabwe britain england scotland wales
    europe asia africa america americas oceania antarctica arctic atlantic pacific caribbean balkans
    scandinavia alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii
    idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan
    minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee
    texas utah vermont wisconsin wyoming ontario quebec alberta manitoba saskatchewan nunavut yukon
    bavaria saxony hesse catalonia andalusia flanders wallonia lombardy tuscany sicily sardinia
    london dublin paris berlin madrid rome lisbon amsterdam brussels vienna prague warsaw budapest
    stockholm oslo copenhagen helsinki athens istanbul moscow kyiv kiev zurich geneva frankfurt munich
    hamburg cologne milan naples barcelona valencia seville lyon marseille toulouse nice bordeaux
    manchester birmingham liverpool leeds glasgow edinburgh cardiff belfast bristol oxford cambridge
    cork galway limerick tokyo osaka kyoto seoul busan beijing shanghai shenzhen guangzhou hong kong
    taipei bangkok hanoi manila jakarta mumbai delhi bangalore bengaluru chennai hyderabad kolkata pune
    karachi lahore dhaka dubai doha riyadh jeddah cairo lagos abuja nairobi accra johannesburg
    cape town toronto montreal vancouver ottawa calgary sydney melbourne brisbane perth auckland
    wellington chicago boston seattle atlanta miami philadelphia detroit baltimore pittsburgh
    cincinnati columbus indianapolis nashville memphis louisville milwaukee minneapolis omaha tulsa
    albuquerque sacramento portland oakland berkeley stanford manhattan queens bronx staten hollywood
    silicon midtown downtown uptown norte sur oeste este nuevo nueva"""
)
_WEEKDAYS = _words(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri"
)
# Capitalised words that are never part of a person's name in incident text: they end a run.
STOP_WORDS = MONTHS_AND_DAYS | _words(
    """a an the this that these those there then than thus here it its we our ours us they their them
    he she his her hers him i me my you your yours who whom whose what which when where why how if
    as at by for from in into of on onto off out over under up down to with within without via per
    and or but nor not no yes so yet also all any each every some both either neither none one two
    three four five six seven eight nine ten first second third last next new old after before during
    since until while about above below between among against across along around behind beyond
    despite except like near past through toward towards upon is are was were be been being am do does
    did done has have had having can could should would will shall may might must let please note
    notes see also ok okay hi hello hey dear thanks thank regards best kind sincerely cheers team
    teams support help desk helpdesk service services office department dept division unit group
    groups board committee council court police security privacy data information incident incidents
    response report reports reporting review reviews summary impact timeline root cause causes cause's
    contributing factors factor detection resolution lessons learned action actions items item owner
    owners status severity priority category domain domains customer customers client clients user
    users employee employees staff member members people person persons public private internal
    external vendor vendors supplier suppliers partner partners third party parties legal compliance
    finance payroll sales marketing product products engineering operations ops platform infrastructure
    network networks cloud server servers system systems database databases application applications
    app apps api apis portal portals website site sites page pages web mobile desktop laptop laptops
    phone phones email emails mail mailbox inbox account accounts access admin admins administrator
    root password passwords token tokens key keys certificate certificates file files folder folders
    document documents record records log logs alert alerts ticket tickets case cases issue issues
    change changes request requests project projects program programme plan plans policy policies
    procedure procedures process processes standard standards framework control controls audit audits
    risk risks threat threats attack attacks breach breaches leak leaks exposure malware ransomware
    phishing fraud scam spam virus bug bugs patch patches update updates release releases version
    versions build builds deploy deployment deployments test tests testing production staging
    development dev prod config configuration settings setting feature features fix fixes hotfix
    outage outages downtime failure failures error errors warning warnings critical high medium low
    major minor severe none unknown pending open opened closed resolved fixed done complete completed
    approved rejected draft final interim initial preliminary full partial total overall general
    executive chief head lead senior junior principal associate assistant deputy acting interim former
    regional national federal state local global international european american british german french
    english spanish irish dutch polish indian chinese japanese korean african asian latin christian
    jewish muslim catholic university college school hospital clinic bank insurance health medical
    county city town street road avenue north south east west central northern southern eastern western
    united states kingdom republic union european commission authority agency bureau ministry
    government governor attorney general department's act law regulation directive article art section
    schedule annex appendix chapter part title clause paragraph exhibit figure table step steps phase
    phases stage stages level levels tier tiers region regions zone zones area areas site location
    building floor room desk home work office's week weeks month months year years day days today
    yesterday tomorrow morning afternoon evening night noon midnight hour hours minute minutes time
    date dates deadline deadlines quarter weekend holiday holidays christmas easter thanksgiving
    halloween black friday cyber internet online offline wifi bluetooth usb vpn sso mfa otp sms
    windows linux mac macos ios android chrome firefox safari edge outlook excel word powerpoint teams
    slack zoom jira confluence github gitlab bitbucket okta azure aws google microsoft apple amazon
    meta facebook instagram twitter linkedin tiktok youtube whatsapp telegram signal dropbox box
    salesforce workday servicenow zendesk splunk datadog pagerduty sentry grafana kibana terraform
    docker kubernetes helm ansible vault consul postgres mysql redis mongo kafka spark python
    java javascript typescript rust golang ruby perl php node react angular vue django flask rails
    spring hadoop hive snowflake databricks tableau looker oracle sap ibm cisco dell hp lenovo intel
    nvidia samsung sony visa mastercard paypal stripe square shopify ebay uber lyft airbnb netflix
    spotify adobe atlassian twilio cloudflare akamai fastly crowdstrike sentinelone palo alto fortinet
    zscaler proofpoint mimecast sophos mcafee norton kaspersky symantec trend micro bitdefender eset
    malwarebytes qualys tenable rapid7 nessus burp wireshark nmap metasploit mimikatz cobalt strike
    emotet trickbot qakbot ryuk conti lockbit blackcat alphv revil darkside maze clop akira medusa
    rhysida mirai petya notpetya wannacry stuxnet lazarus kimsuky sandworm typhoon blizzard panda bear
    kitten spider tempest sleet storm chollima ai ml llm gpt chatgpt copilot gemini claude bard
    bing siri alexa cortana bixby watson einstein whoever whatever someone somebody anyone anybody
    everyone everybody nobody noone mister miss madam sir sirs ma'am gentlemen ladies folks guys
    subject re fw fwd cc bcc to attn ref regarding pursuant under per via add adds added fix remove removed
    use uses install set bump drop allow make move run ask call email contact check send reset enable disable
    create delete rename replace improve refactor deprecate merge revert restore rotate unblock revoke
    escalate notify inform confirm verify validate ensure investigate monitor share publish upload download
    start restart roll rollback upgrade downgrade migrate configure assign reassign triage follow read
    write keep avoid prefer include exclude ignore skip handle raise return pass fail try tag sign approve
    reject accept decline cancel"""
)
# Given names that are also common words, places, brands or products: never a name alone, and
# before an unknown capitalised word only with a title or a person's context ("Will Resolve" is not).
AMBIGUOUS_GIVEN = MONTHS_AND_DAYS | _words(
    """will mark grant may june april august bill rose hope joy faith grace dawn iris ivy lily holly amber
    crystal ruby pearl jade summer autumn winter sunny art chase chance chip cliff dean drew frank gene
    guy hunter jack jay ken lane lee major mason max miles nick pat penny ray rich rob rod roman rusty
    sandy sky sterling wade ward warren carol don dale glen heath reed rex sage star storm earl honor
    patience prudence harmony melody trinity ebony ivory cherry candy ginger daisy violet hazel olive
    coral fern flora magnolia pansy sierra forest garland garnet opal raven robin fawn merry misty dusty
    windy stormy goldie buck bud buddy buster chuck clay colt rock rocky sonny hank herb kitty lucky
    mack marshall marshal page porter parker carter cooper palmer spencer taylor tucker walker baker
    fletcher foster tanner angel ariel alpha nova aurora luna stella chi dong hung sang sung bo ed ty al
    jo vera lina mona viola rhea eve tara tiara tera virginia georgia carolina dakota austin dallas
    houston florence sydney jordan madison chelsea lincoln jackson washington charlotte victoria
    adelaide alexandria regina beverly shelby lorraine kent devon camden brooklyn aspen savannah phoenix
    denver orlando tyler raleigh eugene troy paris helena marion lafayette augusta geneva asia india
    china kenya israel america africa jersey cleveland nelson chester preston clifton milton hamilton
    wellington kingston douglas mercedes harley bentley royce dodge lexus tesla hudson travis julia ada
    pascal jasper django hugo sphinx alexa siri cortana watson macie kendra polly athena atlas apollo
    artemis minerva juno gemini claude devin cody erica cassandra presto akira mirai petya medusa conti
    lazarus zeus loki hermes morgan stanley wells fargo schwab lloyd barclay dell ford jan jun li lin na
    yu ha he ma an ka wai man long hong jin min ming ning yang yi fang gang hui jie tao lei lan kai ren
    rui shan shu ting wen xin yan ying yong yun zhen zhi zhong bao hai hoa mai minh my nam nga son tam
    thi thu van vy yen duc dat tri tung nur sri adi ayu dian eko can cem ali said sola floor till harsh
    wing kin sander maxim sultan harper poppy sho shun rei aoi mio emi eri mana ryo sora saki rina kana
    miki tal gal dov nir shai noa eli ama esi nana yaw awa ba sy aria cam cole dick kerry shannon dee
    fay gay junior royal christian german noel mercy genesis serenity heaven haven nevaeh destiny
    journey legend rebel ace blaze rip tex duke bishop deacon cannon shepherd gunner ranger rider archer
    hawk fox wolf bear abbey alma aura barb basil beau berry blanch bonny booker brook brooks burl
    carmine chad chang coy dixie dolly dung earnest ester gale jean jed jewel kip lacy laurel les lien
    loan lulu mac marine marina marlin marquis mats merle merlin meta monte myrtle nan ora otto ping
    quan rana rosemary sal scot shad sherry sol tad tod tory trey wally willie willy yuan brandy newton
    hao chun ching ling rico rica milan valencia alberta florida trinidad"""
)
# Surnames that are also common words: after an ambiguous given name they make no name ("Grant Park").
AMBIGUOUS_SURNAMES = _words(
    """park page green white black brown gray grey young king hill wood woods stone price long bell
    ward cook rice bush field fields may day love rose fox west north south east church banks bank lane
    street hall wall little short small strong sharp best good bright sweet gold silver golden diamond
    rich major minor early swift quick cross case key law post root light block link call cash driver
    person friend story hand head land lake camp wolf bird crow hawk fish lamb moon snow frost winter
    summer spring rain storm flood branch rock house hope noble prince queen justice faith grace bond
    english french england holland ireland scotland wales german welsh march april june august kind
    hart ball bass marsh drake sparks huff cain nash chase hood clay kirk ware heath wall booth beard
    glass hurst sexton pace hull leach pugh rush bean frost duke guy berry cherry peck gamble battle
    case crane holder stark fry riddle craft wynn holden cotton beach cash good head bird elder minor
    bland smart lake bunch camp costa winter law pike blue field grace self land fish miner swift
    fountain deal ash hand temple post street grove lay link keen diamond rock person pack light root
    call gold early flood ring kitchen alley watt blank priest marsh major"""
)
# Products, services and malware named like people: a name only with a surname or after a title.
PRODUCTS = _words(
    """alexa siri cortana bixby watson einstein macie kendra polly athena atlas apollo artemis minerva
    juno gemini claude devin erica cassandra presto travis hudson julia ruby ada pascal jasper django
    hugo sphinx dell ford tesla mercedes harley bentley royce lexus dodge akira mirai petya medusa conti
    lazarus zeus loki hermes lincoln jackson catalina mojave monterey ventura sonoma sequoia yosemite"""
)
# Surnames written first (Chinese, Korean, Vietnamese): one of these and a given name is a name
# ("Zhang Wei", "Park Ji-woo", "Nguyen Van An"); the shortest are also English words (He, Do, Le),
# so they count only before a Vietnamese middle name ("Le Thi Hoa").
EAST_ASIAN_SURNAMES = _words(
    """li wang zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo lin luo gao zheng liang xie tang
    song feng deng han cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su lu yao shen
    zhong cui tan fan liao shi jin wong chan leung cheung lau ng chow tse yip kwok lam tsang fung chu
    chung mak kwan lai tsui yeung poon siu tam kim lee park choi jung jeong kang cho yoon yun jang lim oh
    seo shin kwon hwang ahn yoo ryu hong jeon ko moon son bae baek heo nam nguyen tran pham hoang huynh
    phan vu vo dang bui ngo duong truong dinh trinh luong quach"""
)
_KOREAN_GIVEN = re.compile(r"[a-z]{2,6}-[a-z]{2,5}")  # seung-hwan, ji-woo (folded)
VIETNAMESE_MIDDLE = _words("thi van duc minh thanh ngoc quang huu hoang anh kim thu xuan dinh cong")
_SHORT_SURNAMES = _words("le do ho he ha an oh so ye ly")
# Abbreviations whose full stop ends no sentence ("St. Louis", "Mt. Vernon", "Dr. Okafor").
_ABBREVIATIONS = _words("st mt ft ste no vs jr sr")

# Companies, products and places named like people: never a name.
KNOWN_NOT_PEOPLE = frozenset(
    """morgan stanley|wells fargo|charles schwab|edward jones|raymond james|goldman sachs|merrill lynch|
    jp morgan|j p morgan|chase manhattan|dow jones|ernst young|grant thornton|arthur andersen|booz allen|
    johns hopkins|kaiser permanente|john deere|john lewis|marks spencer|jack henry|jackson hewitt|
    henry schein|tommy hilfiger|ralph lauren|calvin klein|hugo boss|louis vuitton|michael kors|
    kate spade|vera bradley|tory burch|marc jacobs|steve madden|kenneth cole|anne klein|
    harley davidson|aston martin|alfa romeo|ben jerry|ted baker|paul smith|martha stewart|walt disney|
    sherwin williams|lockheed martin|northrop grumman|eli lilly|bristol myers|estee lauder|philip morris|
    thomson reuters|jack daniels|jim beam|johnnie walker|sam adams|samuel adams|trader joe|papa john|
    jimmy john|tim hortons|ruby tuesday|bob evans|
    cedars sinai|mount sinai|henry ford|st jude|st joseph|st mary|st luke|st vincent|baker mckenzie|
    allen overy|baker botts|clifford chance|herbert smith|norton rose|dla piper|reed smith|morgan lewis|
    jones day|kirkland ellis|hogan lovells|mayer brown|sidley austin|kelly services|robert half|
    michael page|adam smith|martin luther king|george washington|james madison|thomas jefferson|
    abraham lincoln|benjamin franklin|john hopkins|ronald reagan|john wayne|bob hope|will rogers|
    jackson memorial|mary washington|virginia mason|baylor scott|scott white|
    travis ci|jenkins x|ruby gems|ruby rails|julia computing|ada lovelace|alan turing|
    dr pepper|dr web|dr martens|mr robot|mrs baird|ms office|ms teams|ms word|ms excel|ms sql|
    freddie mac|fannie mae|sallie mae|ginnie mae|uncle sam|santa claus|ashley madison|
    """.replace("\n", "")
    .replace("    ", "")
    .split("|")
) - {""}


def _fold(text: str) -> str:
    """Lower case without accents or apostrophes: "Siobhán" and "siobhan", "O'Neill" and "oneill"."""
    text = text.lower().replace("'", "").replace("’", "")
    if text.isascii():
        return text
    text = text.translate(_FOLD_TABLE)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_FOLD_TABLE = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "ð": "d"}
)


@lru_cache(maxsize=1)
def name_lists() -> tuple[frozenset[str], frozenset[str]]:
    """(given names, surnames), folded; read once from the package's data files."""
    data = files("pirsite.scan") / "name-lists"

    def read(name: str) -> frozenset[str]:
        text = (data / name).read_text(encoding="utf-8")
        return frozenset(_fold(line) for line in text.splitlines() if line and not line.startswith("#"))

    return read("given_names.txt"), read("surnames.txt")


# Kinds of tokens in a run.
_GIVEN, _AMBIGUOUS, _SURNAME, _WORD, _INITIAL, _TITLE, _PARTICLE_KIND, _STOP, _ORG, _PLACE = range(10)
_NAMELIKE = frozenset({_GIVEN, _AMBIGUOUS, _SURNAME, _WORD, _INITIAL})
_PARTICLES_SET = frozenset(_PARTICLES)


def _kind(token: str, key: str, given: frozenset[str], surnames: frozenset[str]) -> int:
    if token[0].islower():
        return _PARTICLE_KIND if key in _PARTICLES_SET else _WORD  # "al-Rashid" is a surname token
    if token[-1] == "." and token[1] == ".":  # J. or A.J.
        return _INITIAL
    if key in STRONG_TITLES or key in SOFT_TITLES:
        return _TITLE
    if key in PLACE_PREFIXES:
        return _PLACE
    if key in AMBIGUOUS_GIVEN or key in PRODUCTS:
        return _AMBIGUOUS if key in given or key in surnames else _STOP
    if key in PLACES:
        return _STOP
    if key in ORG_WORDS:
        return _ORG
    if key in given:
        return _GIVEN
    if key in STOP_WORDS:
        return _STOP
    if _CAMEL.match(token) and not token.lower().startswith(_CAMEL_OK):
        return _STOP  # GitHub, PowerShell, JavaScript: products
    return _SURNAME if key in surnames else _WORD


def person_names(text: str, allowed: Iterable[str] = ()) -> Iterator[tuple[int, int]]:
    """(start, end) of each person's name in ``text``, except names made only of the words of one
    ``allowed`` name (a roster name or handle, a name the policy allows)."""
    allowed_sets = _allowed(tuple(allowed))
    given, surnames = name_lists()
    seen: set[str] = set()  # the words of full names found so far: "Marsh" after "Linda Marsh"
    for start, end, keys in _in_capitals(text, given, surnames):
        seen.update(keys)
        if not any(keys <= words for words in allowed_sets):
            yield start, end
    for run in _RUN.finditer(text):
        word = run.group()
        if " " not in word and "\t" not in word:  # one word: most runs
            found = _one_word(text, word, run.start(), given, surnames, seen)
            if found is not None and not any(found <= words for words in allowed_sets):
                yield run.start(), run.end()
            continue
        for start, end, keys in _names_in_run(text, run.start(), run.end(), given, surnames, seen):
            if not any(keys <= words for words in allowed_sets):
                yield start, end


def _one_word(
    text: str, word: str, start: int, given: frozenset[str], surnames: frozenset[str], seen: set[str]
) -> frozenset[str] | None:
    """The words of the name that the run of one ``word`` at ``start`` is, or None."""
    key = _fold(word)
    if key in STOP_WORDS and key not in given and key not in surnames:
        return None
    if _CONTRACTION.match(text, start + len(word)):
        return None
    kind = _kind(word, key, given, surnames)
    if kind not in _NAMELIKE or kind == _INITIAL:
        return None
    token = _Token(start, start + len(word), key, kind, False)
    if not _is_name(text, token, [], seen):
        return None
    if _org_after(text, token.end, start):
        return None
    return frozenset((key,))


def _org_after(text: str, end: int, start: int | None = None) -> bool:
    """Whether the name at ``text[start:end]`` is an organisation's: an organisation word after it
    (Smith, Inc.; Jude's Hospital) or an ampersand before or after it (Marks & Spencer)."""
    if start is not None and text[max(0, start - 2) : start].rstrip(" \t").endswith("&"):
        return True
    org = _ORG_AFTER.match(text, end)
    return org is not None and (org.group(1) is None or _fold(org.group(1)) in ORG_WORDS)


def _in_capitals(
    text: str, given: frozenset[str], surnames: frozenset[str]
) -> Iterator[tuple[int, int, frozenset[str]]]:
    """Names written in capitals: a known given name that is no word, then known names."""

    def known(key: str) -> bool:
        parts = key.split("-")
        return all(part in surnames or part in given for part in parts) and key not in STOP_WORDS

    for run in _CAPITALS.finditer(text):
        words = [(m.start(), m.end(), _fold(m.group().rstrip("."))) for m in re.finditer(r"\S+", run.group())]
        index = 0
        while index < len(words):
            key = words[index][2]
            if key not in given or key in AMBIGUOUS_GIVEN or key in PRODUCTS or key in STOP_WORDS:
                index += 1
                continue
            last = index + 1
            while last < len(words) and (len(words[last][2]) == 1 or known(words[last][2])):
                last += 1
            while last > index + 1 and len(words[last - 1][2]) == 1:  # no initial at the end
                last -= 1
            keys = [word[2] for word in words[index:last]]
            organisation = (
                any(k in ORG_WORDS or k in PLACES for k in keys) or " ".join(keys) in KNOWN_NOT_PEOPLE
            )
            if (
                last > index + 1
                and not organisation
                and not (last < len(words) and words[last][2] in ORG_WORDS)
            ):
                start = run.start() + words[index][0]
                yield start, run.start() + words[last - 1][1], frozenset(k for k in keys if len(k) > 1)
            index = last


@lru_cache(maxsize=8)
def _allowed(names: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    """Each allowed name as the set of its words (initials left out), folded as tokens are."""
    out = []
    for name in names:
        words = (word.rstrip(".") for word in re.split(r"[\s,]+", name.strip()))
        keys = frozenset(_fold(word) for word in words if len(word) > 1)
        if keys:
            out.append(keys)
    return tuple(out)


class _Token:
    __slots__ = ("end", "key", "kind", "start", "stop_after")

    def __init__(self, start: int, end: int, key: str, kind: int, stop_after: bool) -> None:
        self.start, self.end, self.key, self.kind, self.stop_after = start, end, key, kind, stop_after


def _tokens(text: str, start: int, end: int, given: frozenset[str], surnames: frozenset[str]) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(text, start, end):
        token = match.group()
        key = _fold(token.rstrip("."))
        kind = _kind(token, key, given, surnames)
        # A full stop after a word ends a sentence; after an initial, a title or St. it does not.
        stop_after = (
            text.startswith(".", match.end()) and kind not in (_INITIAL, _TITLE) and key not in _ABBREVIATIONS
        )
        tokens.append(_Token(match.start(), match.end(), key, kind, stop_after))
    return tokens


def _names_in_run(
    text: str, start: int, end: int, given: frozenset[str], surnames: frozenset[str], seen: set[str]
) -> Iterator[tuple[int, int, frozenset[str]]]:
    """The names in one run of capitalised words ``text[start:end]``: (start, end, its words)."""
    tokens = _tokens(text, start, end, given, surnames)
    count = len(tokens)
    index = 0
    while index < count:
        token = tokens[index]
        kind = token.kind
        if kind == _PLACE:  # San Jose, Fort Worth, Lake Charles: the names after it are a place's
            index = index + 1 if token.stop_after else max(_name_end(tokens, index + 1), index + 1)
            continue
        if kind == _TITLE:
            index = yield from _after_title(text, tokens, index, seen)
            continue
        if kind not in _NAMELIKE:
            asian = token.key in EAST_ASIAN_SURNAMES and index + 1 < count and not token.stop_after
            if asian and _surname_first(token, tokens[index + 1]):  # Park Ji-woo, Song Min-ho
                last = _name_end(tokens, index + 1)
                yield from _emit(text, tokens, index, last)
                index = last
                continue
            index += 1
            continue
        last = index + 1 if token.stop_after else _name_end(tokens, index + 1)
        rest = [t for t in tokens[index + 1 : last] if t.kind != _PARTICLE_KIND]
        if _is_name(text, token, rest, seen):
            for found in _emit(text, tokens, index, last):
                if rest and kind in (_GIVEN, _AMBIGUOUS, _INITIAL):  # a full name: its words are a person's
                    seen.update(found[2])
                yield found
            index = last
        else:
            index += 1


def _is_name(text: str, token: _Token, rest: list[_Token], seen: set[str]) -> bool:
    """Whether ``token`` and the surname-like tokens ``rest`` after it are a person's name."""
    kind, key = token.kind, token.key
    after = rest[0] if rest else None
    if kind == _GIVEN:  # Priya Haddad; Priya alone, unless a date (May 5) or "the Morgan account"
        return after is not None or _lone_given(text, token)
    if kind == _INITIAL:  # J. Smith, J. R. Tolkien
        return any(t.kind != _INITIAL for t in rest)
    if after is not None and _surname_first(token, after):
        return True
    if kind == _AMBIGUOUS:  # Will Smith, Mark Davies; Will alone only in a person's context
        if key in _WEEKDAYS or (key in MONTHS_AND_DAYS and (after is None or after.kind != _SURNAME)):
            return False
        if after is not None and after.kind in (_SURNAME, _GIVEN) and after.key not in AMBIGUOUS_SURNAMES:
            return True
        if after is not None and after.kind == _INITIAL and len(rest) > 1 and rest[1].kind != _INITIAL:
            return True
        if key in PRODUCTS:
            return False
        if not rest and _ARTICLE.search(text, max(0, token.start - 8), token.start):
            return False  # "the Chelsea office", "a Jordan visa"
        return key in seen or _context(text, token.start, (rest or [token])[-1].end)
    if kind == _SURNAME:  # Tanaka Hiroshi; Okafor alone only in a person's context
        if after is not None and after.kind == _GIVEN:
            return True
        if not rest and _ARTICLE.search(text, max(0, token.start - 8), token.start):
            return False  # "the Jenkins job"
        return key in seen or _context(text, token.start, (rest or [token])[-1].end)
    # An unknown capitalised word: a name before a known surname ("Thandeka Nkosi"), or after a
    # role word ("plaintiff Zyskowski"), or a word of a full name found before; not a word's shape
    # (Settings, Real-time).
    if _wordlike(key) or "-" in key:
        return False
    if (
        after is not None
        and after.kind == _SURNAME
        and after.key not in AMBIGUOUS_SURNAMES
        and all(t.kind in (_SURNAME, _GIVEN, _INITIAL) for t in rest)
    ):
        return True
    if not rest and _ARTICLE.search(text, max(0, token.start - 8), token.start):
        return False
    return key in seen or _role_before(text, token.start)


def _surname_first(token: _Token, after: _Token) -> bool:
    """Zhang Wei, Li Na, Park Ji-woo, Kim Seung-hwan, Nguyen Van An, Le Thi Hoa."""
    if token.key in EAST_ASIAN_SURNAMES:
        if after.kind == _WORD and _KOREAN_GIVEN.fullmatch(after.key):
            return True
        return after.kind in (_GIVEN, _AMBIGUOUS) and after.key not in MONTHS_AND_DAYS
    return token.key in _SHORT_SURNAMES and after.key in VIETNAMESE_MIDDLE


def _after_title(
    text: str, tokens: list[_Token], index: int, seen: set[str]
) -> Iterator[tuple[int, int, frozenset[str]]]:
    """The name after the title at ``index`` (Dr. Okafor, Detective Sergeant Mark Lee), its words
    added to ``seen``; returns the index to go on from."""
    count = len(tokens)
    strong = tokens[index].key in STRONG_TITLES
    first = index + 1
    while first < count and tokens[first].kind == _TITLE and not tokens[first - 1].stop_after:
        strong = strong or tokens[first].key in STRONG_TITLES
        first += 1
    if first >= count or (tokens[first - 1].stop_after and tokens[first - 1].kind != _TITLE):
        return first
    last = _name_end(tokens, first, after_title=True)
    if last == first:
        return first
    head = tokens[first]
    if head.key in MONTHS_AND_DAYS and last == first + 1:
        return last  # "Chief Executive, May 2026"
    # An unknown word after a soft title: a name ("President Biden") unless the title is a thing's
    # ("the Agent Install step").
    title = tokens[index].start
    unknown = head.kind == _WORD and last == first + 1 and not _ARTICLE.search(text, max(0, title - 8), title)
    if not (strong or _known(head) or unknown):
        return first  # "Nurse Practitioner Ellen Byrne": read on from the word after the title
    for found in _emit(text, tokens, first, last):
        seen.update(found[2])
        yield found
    return last


def _name_end(tokens: list[_Token], index: int, *, after_title: bool = False) -> int:
    """The index after the surname-like tokens from ``index`` on (particles only between them, at
    most five words: a long run of capitalised words is a heading, and reading it stays linear);
    after a title a surname that is also a product's name counts (Officer Jenkins)."""
    count = min(len(tokens), index + 5)
    start = last = index
    while index < count and index - last < 3:
        token = tokens[index]
        if token.kind == _PARTICLE_KIND:
            index += 1
            continue
        if token.kind not in _NAMELIKE or (token.kind == _WORD and _wordlike(token.key)):
            surname_title = token.kind == _TITLE and token.key in _TITLE_SURNAMES and index > start
            if surname_title and (index + 1 == count or tokens[index + 1].kind not in _NAMELIKE):
                index += 1  # Harold Bishop, Howard Dean: the last word of a name
                last = index
                break
            if not (after_title and index == last and token.key in _PRODUCT_SURNAMES):
                break
        index += 1
        last = index
        if token.stop_after:
            break
    return last


_TITLE_SURNAMES = _words("bishop dean marshall marshal major king judge sheriff chancellor chief general")
_SHOPS = _words("wendy denny macy kohl dillard hardee carl claire arby zaxby culver applebee chili")
_PRODUCT_SURNAMES = _words("jenkins norton mcafee dell ford watson hudson travis")


def _wordlike(key: str) -> bool:
    """An unknown word ending like an English word (Settings, Engineering, Approval); of a double
    surname only the first part counts (Oyelaran-Davies)."""
    first = key.split("-", 1)[0]
    return len(first) > 3 and _WORDLIKE.search(first) is not None


def _known(token: _Token) -> bool:
    return token.kind in (_GIVEN, _AMBIGUOUS, _SURNAME, _INITIAL) or _surname_shaped(token.key)


_SHAPED = re.compile(
    r"(?:ski|ska|sky|wicz|czyk|czak|enko|chuk|chenko|ov|ova|ev|eva|yev|yeva|escu|ovic|evic|ic|sson|sen|"
    r"poulos|opoulou|akis|idis|iadis|ian|yan|oglu|zadeh|pour|nejad|wala|kar|appa|ishvili|adze|shvili|"
    r"stein|berg|mann|feld|baum|witz|ez|ini|elli|etti|otti|ucci|eira|inho|ovich|ovna|uk|ak|ko)$"
)


def _surname_shaped(key: str) -> bool:
    """Endings of surnames in many languages (Kowalczyk, Petrović, Papadopoulos, Grigoryan)."""
    return len(key) > 4 and _SHAPED.search(key) is not None


def _lone_given(text: str, token: _Token) -> bool:
    """A known given name that is no word: a name alone, except before a number (a date, a
    version), after an article (the Kevin account) and a shop's name (Wendy's)."""
    if _DIGITS_AFTER.match(text, token.end):
        return False
    if token.key in _SHOPS and text.startswith(("'s", "’s"), token.end):
        return False
    return not _ARTICLE.search(text, max(0, token.start - 8), token.start)


def _role_before(text: str, start: int) -> bool:
    """Whether the word before ``text[start:]`` is a role word (plaintiff, employee, named)."""
    before = text[max(0, start - 24) : start]
    if not before[-1:].isspace():
        return False
    words = before.split()  # as written: "Agent Install" is no agent's name, "agent Install" may be
    return bool(words) and (words[-1] in ROLE_WORDS or words[-1] in _GREETINGS)


def _context(text: str, start: int, end: int) -> bool:
    """A role word before ``text[start:end]`` (plaintiff, employee, Dear) or a verb only people do
    after it (said, emailed), and no article before it (the Post said)."""
    if _role_before(text, start):
        return True
    return _SAID.match(text, end) is not None and not _ARTICLE.search(text, max(0, start - 8), start)


def _emit(
    text: str, tokens: list[_Token], first: int, last: int
) -> Iterator[tuple[int, int, frozenset[str]]]:
    """The name ``tokens[first:last]``, unless it is part of an organisation's, a place's or a law's
    name (Jackson County, George Washington University, Smith Inc., St Jude's Hospital, Morgan
    Stanley, San Jose)."""
    name = tokens[first:last]
    if not name[-1].stop_after:
        following = tokens[last : last + 2]
        for token in following:
            if token.key in ORG_WORDS:
                return
            if token.stop_after:
                break
    if _org_after(text, name[-1].end, name[0].start):
        return
    window = [t.key.replace(".", "") for t in tokens[max(0, first - 1) : last + 1]]
    if any(" ".join(window[i : i + 2]) in KNOWN_NOT_PEOPLE for i in range(len(window) - 1)):
        return
    keys = [t.key.replace(".", "") for t in name]
    if " ".join(keys) in KNOWN_NOT_PEOPLE:
        return
    if first > 0 and tokens[first - 1].kind == _PLACE and not tokens[first - 1].stop_after:
        return
    words = frozenset(key for token, key in zip(name, keys, strict=True) if token.kind != _INITIAL)
    yield name[0].start, name[-1].end, words
