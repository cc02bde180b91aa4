"""What happened to what a figure counts: its measure ("killed", "missing", "deployed"...).

"1,204 deaths", "41 people were killed", "the death toll rose to 60" and "killed at least
40" all measure `killed`; "600 remain missing" measures `missing`. Figures are compared,
grouped and charted only within the same counted thing AND a compatible measure, so the
displaced, the missing and the dead are never one spread of "people".

Where the measure is read, first found wins:
1. the counted noun itself: deaths/fatalities/dead -> killed, injured -> wounded,
   casualties ("killed or wounded", "killed and wounded") -> casualties, missing, displaced,
   evacuees -> evacuated;
2. the words right after the figure, through auxiliaries ("were", "have been", "remain",
   "already"...): "300 people remain missing", "85 were rescued", "12,000 are expected",
   "3,000 soldiers are at the front" -> stationed, "live in the affected districts";
3. the words right before it: a verb ("killed at least 40", "evacuated 3,000", "sent
   another 2,000"), or "death toll ... to|at|of", "the number of soldiers killed ... at".
Else "" (the text names none).
People cared for in hospital are the injured (`wounded`): "hospitals treated 500 people",
"90 were hospitalised", "40 were taken to hospital", "hospitals admitted 23 patients";
only when people are what is counted ("treated 4 million litres of water" is not, nor
"guests were treated to breakfast"), and "admitted" only with a hospital ("the university
admitted 3,000 students" is not).

`MEASURES` lists each measure's words. Compatible (`same_measure`): equal, or both in `LOOSE`
("", deployed, stationed, arrived, striking, funded: troops "in the region" and troops
"sent" are the same figure told two ways); a measure of what befell people or things
(killed, missing, evacuated, damaged, expected...) never matches "" or another measure:
casualties are kept apart from killed and from wounded.
"""

from __future__ import annotations

import re

from handlers.analysis.counted import counted_group

MEASURES: dict[str, str] = {
    "killed": "killed,dead,died,die,dies,death,deaths,fatalities,fatality,perished,death toll",
    "wounded": "wounded,injured,injuries,injury,hurt,treated,hospitalised,hospitalized",
    "casualties": "casualties,casualty",
    "missing": "missing,unaccounted",
    "displaced": "displaced,homeless,fled,uprooted",
    "evacuated": "evacuated,evacuee,evacuees",
    "affected": "affected",
    "rescued": "rescued,saved",
    "arrested": "arrested,detained",
    "deployed": "deployed,sent,dispatched,mobilised,mobilized",
    "stationed": "stationed,based",
    "arrived": "arrived",
    "expected": "expected",
    "recovered": "recovered",
    "damaged": "damaged,destroyed,collapsed,flattened",
    "flooded": "flooded",
    "in need": "in need",
    "funded": "funded,pledged,allocated",
    "striking": "striking,struck,walked out,on strike,joined the strike",
}
CARE = "care"  # treated, hospitalised, admitted: the injured, when people are counted
_CARE_WORDS = frozenset(["treated", "hospitalised", "hospitalized"])
_PEOPLE = frozenset(["child", "man", "woman", "baby", "adult", "victim", "resident", "pupil"])
_PEOPLE |= {"staff", "crew"}
_MEASURE_OF = {word: m for m, words in MEASURES.items() for word in words.split(",")}
# Measures that say where or how people are, not what befell them: compatible with each
# other and with none ("11,000 troops in Kursk" and "11,000 troops were sent").
LOOSE = frozenset({"", "deployed", "stationed", "arrived", "striking", "funded"})
_NOUN_MEASURE = {"death": "killed", "dead": "killed", "killed": "killed", "fatality": "killed"}
_NOUN_MEASURE |= {"wounded": "wounded", "injured": "wounded", "injury": "wounded"}
_NOUN_MEASURE |= {"missing": "missing", "displaced": "displaced", "evacuee": "evacuated"}
_NOUN_MEASURE |= {"casualty": "casualties"}
# A group label carries its own verb: "3,000 homeless", "85 rescued", "12 arrested".
_NOUN_MEASURE |= {w: m for w, m in _MEASURE_OF.items() if m not in LOOSE and " " not in w}

_WORDS = "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in _MEASURE_OF), key=len))
_AUX = (
    r"(?:(?:have|has|had|were|was|are|is|been|being|be|remain|remained|remains|reportedly|"
    r"now|already|still|also|later|allegedly|so\s+far|more|who|that|in\s+all)\s+)*"
)
_AFTER = re.compile(
    rf"\s*,?\s*{_AUX}(?:(?P<front>at\s+the\s+front|on\s+the\s+front\s+line)"
    rf"|(?P<need>in\s+need)|live\s+in\s+(?:the\s+)?(?P<live>affected)"
    rf"|(?P<care>(?:admitted|taken|rushed|brought)\s+to\s+(?:a\s+|the\s+)?hospitals?)"
    rf"|(?P<strike>(?:joined|joining)\s+(?:the\s+|a\s+)?(?:\w+\s+)?strike|went\s+on\s+strike)"
    rf"|(?P<word>{_WORDS}[a-z]*?))\b",
    re.I,
)
_BOTH = re.compile(r"\b(?:killed|dead)\s+(?:or|and)\s+(?:wounded|injured)\b|casualt", re.I)
_VERB_BEFORE = {
    "killed": r"kill(?:ed|ing|s)|claimed\s+the\s+lives\s+of",
    "wounded": r"injur(?:ed|ing|es)|wound(?:ed|ing|s)",
    "care": r"treat(?:ed|ing|s)|hospitali[sz](?:ed|ing|es)"
    r"|hospitals?\s+(?:have\s+|had\s+)?admitt(?:ed|ing)",
    "evacuated": r"evacuat(?:ed|ing|es)",
    "rescued": r"rescu(?:ed|ing|es)|sav(?:ed|ing)",
    "arrested": r"arrest(?:ed|ing|s)|detain(?:ed|ing|s)",
    "deployed": r"sent|send(?:ing|s)?|deploy(?:ed|ing|s)?|dispatch(?:ed|ing)|mobili[sz](?:ed|ing)",
    "displaced": r"displac(?:ed|ing|es)",
    "damaged": r"damag(?:ed|ing|es)|destroy(?:ed|ing|s)",
}
_BEFORE = re.compile(
    r"(?:(?P<verb>"
    + "|".join(f"(?P<{m.replace(' ', '_')}>{v})" for m, v in _VERB_BEFORE.items())
    + r")\s+(?:(?:another|a\s+further|an\s+additional|the|some|their|its)\s+)?"
    r"|\b(?P<toll>(?:death\s+)?toll)\b(?:[^,;.]{0,40}?\b(?:to|at|of|reached|hit|is|was|stands))?\s+"
    rf"|\bnumber\s+of\s+(?:\w+\s+){{0,2}}?(?P<number>{_WORDS})\b[^,;]{{0,50}}?"
    r"\b(?:at|to|is|was|reached)\s+)$",
    re.I,
)


def measure_of(sentence: str, start: int, end: int, counts: str) -> str:
    """The measure of the figure `sentence[start:end]` that counts `counts` ("" if none)."""
    noun = _NOUN_MEASURE.get(counts)
    if noun == "casualties" or (noun and _BOTH.search(sentence, start, end + 30)):
        return _casualty(sentence[start : end + 30])
    if noun:
        return noun
    after = _AFTER.match(sentence, end)
    found = _after(after) if after else _before(sentence[max(0, start - 80) : start])
    if found == CARE or (found == "wounded" and after and after["word"] in _CARE_WORDS):
        return _cared_for(sentence, after, counts)
    return found


def _cared_for(sentence: str, after: re.Match[str] | None, counts: str) -> str:
    """ "hospitals treated 500 people", "90 were hospitalised", "40 admitted to hospital":
    the injured, when people are what is counted ("treated 4 million litres" is not; nor
    are "guests treated to a concert")."""
    if after and after["word"] and sentence.startswith(" to ", after.end()):
        return ""
    return "wounded" if _people(counts) else ""


def _people(counts: str) -> bool:
    return (
        counts == ""
        or counted_group(counts) in ("civilian", "casualty", "troop")
        or counts in _PEOPLE
        or counts.endswith(("er", "ist", "ian", "ant", "ent"))
    )


def _casualty(text: str) -> str:
    """A "casualty" noun: the words say which ("soldiers killed" is killed)."""
    if _BOTH.search(text):
        return "casualties"
    lower = text.lower()
    if re.search(r"\b(?:killed|dead|died)\b", lower):
        return "killed"
    return "wounded" if re.search(r"\b(?:wounded|injured)\b", lower) else "casualties"


def _after(match: re.Match[str]) -> str:
    if match["care"]:
        return CARE
    if match["front"]:
        return "stationed"
    if match["need"]:
        return "in need"
    if match["live"]:
        return "affected"
    if match["strike"]:
        return "striking"
    word = " ".join(match["word"].lower().split())
    return _MEASURE_OF.get(word, "")


def _before(text: str) -> str:
    match = _BEFORE.search(text)
    if match is None:
        return ""
    if match["toll"]:
        return "killed"
    if match["number"]:
        return _MEASURE_OF.get(" ".join(match["number"].lower().split()), "")
    return next(
        (m.replace("_", " ") for m, v in match.groupdict().items() if v and m in _GROUPS), ""
    )


_GROUPS = frozenset(m.replace(" ", "_") for m in _VERB_BEFORE)


def same_measure(a: str, b: str) -> bool:
    """Whether figures measuring `a` and `b` can be compared (see the module docstring)."""
    return a == b or (a in LOOSE and b in LOOSE)


def topic_measure(topic: str) -> str:
    """The measure a /figures topic names ("death toll", "toll", "deaths", "killed" ->
    killed; "missing" -> missing), else "". ("toll" alone is a topic word only: in a
    sentence "a $3 toll" is a charge.)"""
    text = " ".join(topic.lower().split())
    if text in _MEASURE_OF or text == "toll":
        return _MEASURE_OF.get(text, "killed")
    words = text.split()
    found = [_MEASURE_OF[w] for w in words if w in _MEASURE_OF and _MEASURE_OF[w] not in LOOSE]
    return found[0] if found else ""


# A newsroom asking for "casualties" means the dead and the wounded too: their figures are
# answered beside the casualty counts, each in its own group (never summed or merged).
_COVERS = {"casualties": ("casualties", "killed", "wounded")}


def topic_measures(topic: str) -> tuple[str, ...]:
    """The measures a /figures topic asks for: its measure and those it covers."""
    measure = topic_measure(topic)
    return _COVERS.get(measure, (measure,)) if measure else ()
