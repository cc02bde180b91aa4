"""The words attribution (handlers.analysis.attribution) reads a sentence with: statement
verbs, auxiliaries between a subject and its verb, clause boundaries, and the nouns that
name a source without naming it ("officials", "reports")."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Statement verbs (a regex alternation, lowercase: "Reports" opening a sentence is a noun).
VERBS = (
    "said|says|say|told|tells|tell|claimed|claims|claim|estimated|estimates|estimate|reported|"
    "reports|report|warned|warns|warn|confirmed|confirms|confirm|announced|announces|announce|"
    "indicated|indicates|indicate|denied|denies|deny|stated|added|adds|noted|notes|suggested|"
    "suggests|suggest|believes|believe|believed|wrote|writes|acknowledged|admitted|insisted|"
    "insists|alleged|alleges|showed|show|shows|found|counted|recorded|registered|calculated|"
    "projected|forecast|predicted|raised\\s+(?:the\\s+)?alarms?|sounded\\s+the\\s+alarm"
)

PUTS = r"puts|put|placed|places|putting"
# "put the toll closer to 60": an estimate put near a figure rather than "at" it.
PUT_NEAR = (
    r"closer\s+to|close\s+to|nearer(?:\s+to)?|near|around|about|above|over|below|under|"
    r"as\s+high\s+as|as\s+low\s+as|upwards\s+of|well\s+over|well\s+above|beyond"
)

DETERMINERS = _words(
    """
    the these those such some many several recent new earlier media news press intelligence
    initial first latest unconfirmed
    """
)

NOUN_LIKE = _words(
    """
    reports report estimates estimate claims claim notes show shows
    """
)

AUX = _words(
    """
    has have had also later then again previously recently repeatedly reportedly publicly
    would will could may might did does do not never already earlier since initially first
    privately openly officially separately
    now still today yesterday meanwhile
    """
)

CLAUSE = _words(
    """
    that which who whom whose while whereas but because although though since when where as
    if after before so yet or unless until whether and
    """
)

LEADING = _words(
    """
    in on at by for after before during with under from amid following speaking earlier
    later meanwhile however but and yet also still now then separately
    """
)

CONNECTORS = _words(
    """
    of from at for in with on like including
    """
)

GENERIC = _words(
    """
    officials official sources source reports report analysts analyst experts expert
    diplomats diplomat authorities authority observers monitors witnesses witness residents
    engineers engineer estimates estimate figures data statistics records census survey
    surveys studies study researchers investigators intelligence police military army
    government governments ministry ministries municipality council agency agencies office
    spokesman spokeswoman spokesperson spokespeople representatives representative aides
    aide officers officer commanders commander leaders leader medics doctors workers staff
    people insiders groups group organisers organizers prosecutors prosecutor regulators
    inspectors media outlets outlet newspaper newspapers assessment assessments briefing
    statement statements documents document memo bloggers channels channel accounts
    observers estimates tallies tally count counts rescuers volunteers teams team bureau
    department administration authorities coalition insurers traders brokers economists
    scientists activists farmers unions union management service services spokesmen
    spokeswomen operators companies firms lawyers campaigners negotiators
    """
)
BODIES = _words(
    """
    brigade association committee board union office service authority bureau agency
    department ministry institute centre center council commission court team unit squad
    command headquarters observatory inspectorate watchdog regulator registry tribunal panel
    delegation mission embassy consulate parliament senate assembly cabinet government
    administration municipality police army military navy federation chamber foundation
    charity trust network firm company utility operator hospital clinic school university
    laboratory lab prosecutor's county city state province region district borough town
    village prefecture employer insurer coroner coroner's mine factory plant mill
    """
)
