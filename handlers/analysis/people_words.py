"""The word lists people extraction (handlers.analysis.people) reads a sentence with:
what breaks a name, which words make a title, and which capitalised words are places,
nationalities, months or organisations rather than people. All lowercase."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.lower().split())


BREAKS = _words("""
    the this that these those a an according in on at for with by from to as of after before
    when while whilst if but and or nor so yet however meanwhile although though despite since
    until unless why what how who whom whose where which also it its he she they we i you his
    her hers their our your my me us them him some many most several both each every all any
    no not other another such only even just then now here there under amid amidst over among
    amongst during following against across through without within about around between into
    upon beyond toward towards yesterday today tomorrow tonight earlier later last next first
    second third new former latest recent still instead indeed perhaps moreover furthermore
    finally overall elsewhere thus hence therefore nevertheless nonetheless published updated
    posted read watch photo photos video image credit source sources reporting editing
    introduction conclusion summary analysis opinion comment comments contact leave reply
    subscribe share advertisement newsletter click home menu search sign log privacy terms
    copyright related more see breaking live exclusive update key experts analysts officials
    reports critics observers residents speaking asked writing dear thanks""")
TITLE_HEADS = _words("""
    president vice-president premier chancellor minister secretary secretary-general
    under-secretary undersecretary spokesman spokeswoman spokesperson ambassador envoy governor
    mayor senator sen. rep. representative congressman congresswoman lawmaker general gen. lt.
    col. colonel lieutenant major maj. admiral adm. commander cmdr. marshal captain capt.
    sergeant sgt. chief director chairman chairwoman chairperson chair leader king queen prince
    princess emperor pope patriarch ayatollah sheikh emir sultan dr. doctor prof. professor mr.
    mrs. ms. mx. mr mrs ms mx dr prof sir dame lord lady judge prosecutor speaker commissioner
    ombudsman analyst author journalist correspondent reporter editor economist researcher
    adviser advisor aide official diplomat negotiator coordinator deputy coroner sheriff
    registrar inspector superintendent constable magistrate councillor councilor alderman""")
TITLE_WORDS = TITLE_HEADS | _words("""
    prime vice deputy acting former foreign defense defence interior home finance economy
    economic trade health justice education energy culture agriculture environment labor labour
    transport digital security intelligence military armed supreme executive senior assistant
    associate principal special crown grand field press staff joint state national top interim
    caretaker incoming outgoing opposition army navy air rear fleet brigadier brig.""")
DEMONYMS = _words("""
    ukrainian russian korean american british english french german chinese japanese iranian
    israeli palestinian syrian turkish polish european asian african arab soviet belarusian
    georgian moldovan lithuanian latvian estonian finnish swedish norwegian danish dutch belgian
    swiss austrian italian spanish portuguese greek hungarian czech slovak romanian bulgarian
    serbian croatian indian pakistani afghan iraqi saudi egyptian libyan canadian mexican
    brazilian argentine australian taiwanese vietnamese thai indonesian filipino malaysian
    emirati qatari yemeni lebanese jordanian kazakh uzbek armenian azerbaijani chechen crimean
    kurdish sudanese ethiopian nigerian kenyan nordic baltic western eastern northern southern
    north south east west central middle far upper lower""")
# "Jan" is left out: it is a given name too ("Jan Nowak"), and a date "Jan 5" is no name.
TIME_WORDS = _words("""
    january february march april may june july august september october november december
    feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday""")
PLACES = _words("""
    afghanistan albania algeria angola argentina armenia australia austria azerbaijan bahrain
    bangladesh belarus belgium bolivia bosnia herzegovina brazil bulgaria cambodia cameroon
    canada chile china colombia congo croatia cuba cyprus czechia denmark ecuador egypt eritrea
    estonia ethiopia finland france germany ghana greece guatemala haiti hungary iceland india
    indonesia iran iraq ireland italy japan kazakhstan kenya kosovo kuwait kyrgyzstan laos
    latvia lebanon libya lithuania luxembourg malaysia mali mexico moldova mongolia montenegro
    morocco mozambique myanmar burma nepal netherlands nicaragua niger nigeria macedonia norway
    oman pakistan palestine panama peru philippines poland portugal qatar romania russia rwanda
    senegal serbia singapore slovakia slovenia somalia spain sudan sweden switzerland syria
    taiwan tajikistan tanzania thailand tunisia turkey türkiye turkmenistan uganda ukraine
    emirates britain england scotland wales uruguay uzbekistan vatican venezuela vietnam yemen
    zambia zimbabwe korea koreas arabia lanka zealand africa america americas europe asia
    eurasia arctic balkans caucasus baltics crimea donbas donbass donetsk luhansk kharkiv
    kherson zaporizhzhia odesa odessa kyiv kiev lviv dnipro mariupol bakhmut avdiivka pokrovsk
    sumy kursk belgorod bryansk moscow kremlin pyongyang seoul beijing tokyo washington brussels
    london paris berlin warsaw minsk tehran ankara istanbul jerusalem gaza damascus baghdad
    kabul delhi islamabad taipei hanoi manila jakarta canberra ottawa geneva vienna rome madrid
    lisbon athens budapest prague bucharest belgrade riga vilnius tallinn helsinki stockholm
    oslo copenhagen amsterdam hague dublin cairo riyadh doha dubai dhabi baku yerevan tbilisi
    chisinau astana tashkent vladivostok siberia petersburg sevastopol chernobyl pentagon
    westminster whitehall downing capitol transnistria abkhazia ossetia sinai golan kashmir
    tibet xinjiang hong kong macau shanghai""")
ORG_WORDS = _words("""
    council community nations states union center centre institute institution ministry
    department army forces force navy guard guards news agency party oblast region province
    republic kingdom federation commission committee court parliament congress senate assembly
    government office bureau service services group company corporation corp inc ltd bank fund
    foundation university college school academy association organization organisation
    alliance coalition front movement network times post journal herald telegraph tribune
    gazette daily weekly review magazine radio television tv channel media studies affairs
    relations policy strategic strategy international political development cooperation summit
    conference forum treaty pact accord agreement war wars battle conflict crisis operation
    campaign revolution empire dynasty mosque temple street avenue road square palace house
    tower bridge airport station port sea ocean river lake mountains island islands peninsula
    gulf bay strait valley desert coast district county city town village krai territory
    territories zone plant energy airlines airways motors technologies systems industries
    holdings partners research world global report index act united matters response threat
    future implications details history national security defense defence staff wire cross
    crescent dam reservoir canal pipeline hospital clinic church cathedral stadium museum
    library charity children rescue relief aid trust society brigade battalion regiment labs
    lab laboratory laboratories""")
SMALL_WORDS = _words("a an the and or nor but of in on at to for by with from as vs via that")
ABBREVIATIONS = _words(
    "mr mrs ms mx dr gen sen rep gov lt col brig capt sgt adm maj cmdr prof st jr sr"
)
PARTICLES = _words("von van der den de da di du del della la le bin ibn al el dos das zu ter")

# The last word of a company's name ("Meridian Freight", "Holt Logistics") or of a place
# ("Sarrow Ridge", "Keel Harbour"): not a person without a cue that it is one (a title;
# for a place word, speaking or a role in apposition: "Tom Hill said", "Dana Ridge, the
# pilot,"). SURNAME_ORG_WORDS: words of ORG_WORDS that are surnames too ("Ruth Street"),
# kept as a person's when a title says so ("Judge Ruth Street").
COMPANY_HEADS = _words("""
    freight logistics shipping haulage transport lines line plc llc gmbh ag sa nv bv pty
    limited incorporated enterprises ventures capital investments partners solutions foods
    motors airways brands mining steel chemicals pharmaceuticals insurance textiles aggregates
    builders construction engineering electronics developments properties quarries""")
PLACE_HEADS = _words("""
    ridge hill hills heights park point harbour harbor quay wharf docks dock creek falls
    springs lane drive heath moor fields cliffs cove sound peak beach marsh forest woods vale
    glen gardens terrace crossing junction estuary fjord""")
SURNAME_ORG_WORDS = _words("street bay house bridge tower hall port coast valley island crescent")
