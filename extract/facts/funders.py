"""Funders: who pays for a grant or a programme, in the sentence or anywhere in the release.

A sentence's own funder is a funder organisation in it (ministry, fund, Landschaftsverband, …)
that is not only announcing ("Wie das Ministerium … mitteilt, bezuschusst das Land …"), else a
funder phrase ("vom Land", "Bund und Freistaat Bayern", "des Landes Nordrhein-Westfalen", "aus
dem Europäischen Sozialfonds", "Bundesprogramm"). The *release funder* is the first funder stated
in a sentence of the release that speaks of money ("Das Ministerium für … fördert", "Der Freistaat
unterstützt", "aus Mitteln des Europäischen Fonds …"), else a publisher that is a funder body; it
is carried to every funding fact and programme volume of the release that states no funder of its
own. A Land named as the subject of a funding verb ("Bayern unterstützt seine Kommunen") is a funder
(``land_funder``). A minister who hands over or issues a grant ("den Förderbescheid von Innenminister
X", "übergibt Sozialministerin Y …") is a person, not the paying body (FACTS_SCHEMA: the funder is who
pays, if the text says): no funder, but the sentence states a grant (``minister_gives``, used for the
release's home in ``funding.py``). Cues are in ``rules/facts/funding.yaml`` (``funders``,
``funder_programmes``, ``land_funder``, ``minister_*``, ``announcer_*``, ``money_sentence``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extract.facts.candidates import is_funder_org
from extract.facts.context import DocContext, rules
from extract.model import Mention

# inflected words of a funder phrase -> the name's nominative form
_BASE = {"bundes": "Bund", "landes": "Land", "freistaats": "Freistaat", "freistaates": "Freistaat",
         "länder": "Länder", "europäischen": "Europäischer", "europäische": "Europäischer",
         "sozialfonds": "Sozialfonds", "landwirtschaftsfonds": "Landwirtschaftsfonds",
         "eu": "EU", "union": "Union"}
_ARTICLES = {"der", "des", "vom", "dem", "das", "die", "den", "von", "aus", "mitteln"}


@dataclass(frozen=True)
class Funder:
    name: str
    mention: Mention | None = None  # the organisation mention, when the funder is one


def phrase_name(phrase: str) -> str:
    """"des Freistaates Bayern" -> "Freistaat Bayern", "vom Land" -> "Land", "Europäischen Sozialfonds"
    -> "Europäischer Sozialfonds"."""
    words = phrase.split()
    while words and words[0].lower() in _ARTICLES:
        words = words[1:]
    out: list[str] = []
    for w in words:
        if w.lower() in _ARTICLES and out and out[-1] == "und":
            continue  # "des Bundes und des Landes"
        base = _BASE.get(w.lower())
        out.append(base or w)
    name = " ".join(out)
    return name[:1].upper() + name[1:]


def _announcing(m: Mention, ctx: DocContext) -> bool:
    r = rules("funding")
    return bool(r["announcer_before"].search(ctx.before(m, 30)) or r["announcer_after"].search(ctx.after(m, 40)))


def ministry_of(role: str) -> str:
    """The ministry a minister's role names: "Sozialministerin" -> "Sozialministerium",
    "Landesinnenminister" -> "Innenministerium", "Ministerin für Bildung" -> "Ministerium für Bildung",
    "Finanz- und Heimatminister" -> "Finanz- und Heimatministerium"; "" for any other role."""
    match = rules("funding")["minister_role"].match(role.strip())
    if match is None:
        return ""
    head = re.sub(r"^Landes(?=\w)", "", match.group("head"))
    name = f"{head}ministerium{match.group('field') or ''}"
    return name[:1].upper() + name[1:]


def _minister_gives(m: Mention, ctx: DocContext) -> str:
    """The ministry of a minister who hands over or issues a grant, else ""."""
    if m.type != "person":
        return ""
    ministry = ministry_of(m.attrs.get("role", "") or "")
    r = rules("funding")
    if ministry and (r["minister_gives_before"].search(ctx.before(m, 60))
                     or r["minister_gives_after"].search(ctx.after(m, 120))):
        return ministry
    return ""


def _land_subject(text: str) -> str:
    match = rules("funding")["land_funder"].search(text)
    return match.group("land") if match else ""


def sentence_funder(sentence: Sequence[Mention], text: str, ctx: DocContext | None = None) -> Funder | None:
    """The funder a sentence names: a paying organisation, else a funder phrase, else a federal or
    Land programme word ("Bundesprogramm" -> Bund), else a Land as the subject of a funding verb."""
    for m in sentence:
        if m.type == "organization" and m.entity_id and is_funder_org(m) and not (ctx and _announcing(m, ctx)):
            return Funder(m.canonical, m)
    r = rules("funding")
    match = r["funders"].search(text)
    if match:
        return Funder(phrase_name(match.group(0)))
    for cue in r["funder_programmes"]:
        if cue.pattern.search(text):
            return Funder(cue.id)
    land = _land_subject(text)
    if land:
        return Funder(land)
    return None


def minister_gives(sentence: Sequence[Mention], ctx: DocContext) -> bool:
    """A minister in the sentence hands over or issues a grant ("die Freude über den Förderbescheid von
    Innenminister X in Höhe von …"): the sentence states one recipient's grant."""
    return any(_minister_gives(m, ctx) for m in sentence)


def _sentence_at(text: str, pos: int) -> str:
    start = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos))
    ends = [i for i in (text.find(". ", pos), text.find("\n", pos)) if i >= 0]
    return text[start + 1:min(ends) if ends else len(text)]


def release_funder(ctx: DocContext, publisher: str = "") -> Funder | None:
    """The first funder the release states in a sentence about money, else a funder publisher."""
    r = rules("funding")
    candidates: list[tuple[int, Funder]] = []
    for sentence in ctx.sentences:
        for m in sentence:
            if m.type == "organization" and m.entity_id and is_funder_org(m) and not _announcing(m, ctx):
                candidates.append((m.clean_start, Funder(m.canonical, m)))
    for match in r["funders"].finditer(ctx.text):
        candidates.append((match.start(), Funder(phrase_name(match.group(0)))))
    for cue in r["funder_programmes"]:
        for match in cue.pattern.finditer(ctx.text):
            candidates.append((match.start(), Funder(cue.id)))
    for match in r["land_funder"].finditer(ctx.text):
        candidates.append((match.start(), Funder(match.group("land"))))
    for pos, funder in sorted(candidates, key=lambda c: c[0]):
        if r["money_sentence"].search(_sentence_at(ctx.text, pos)):
            return funder
    if publisher and re.search(r"(?i)(ministerium|landesregierung|bundesregierung|staatskanzlei|landesamt)", publisher):
        return Funder(publisher.strip())
    return None
