"""Clean stage: raw text or HTML in, clean text with an offset map and metadata out.

Cleaning is a list of small named steps (textacy-style), each taking and returning a
:class:`Mapped` text: the string plus, for every character, its index in the decoded original.
Every step keeps that map exact, so mentions found in clean text point back into the source file.
Boilerplate markers and metadata cues are data in ``rules/boilerplate.yaml`` and
``rules/metadata.yaml``.
"""

from __future__ import annotations

import html
import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, ProcessingInstruction

from extract.metadata import detect_metadata, is_stamp_line
from extract.model import CleanDocument, RawDocument
from extract.rules import read_yaml


@dataclass(frozen=True)
class Mapped:
    """Text plus the original index of each of its characters."""

    text: str
    origin: tuple[int, ...]

    @classmethod
    def identity(cls, text: str) -> Mapped:
        return cls(text, tuple(range(len(text))))


def substitute(m: Mapped, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str] | str) -> Mapped:
    """Regex substitution that keeps the offset map.

    A replacement no longer than the match maps onto the match's first characters (so the map
    stays strictly increasing); a longer one maps every character to the start of the match.
    """
    matches = pattern.finditer(m.text)
    first = next(matches, None)
    if first is None:  # nothing to replace: the same text and map (no copy of the map)
        return m
    out: list[str] = []
    origin: list[int] = []
    pos = 0
    for match in itertools.chain((first,), matches):
        out.append(m.text[pos:match.start()])
        origin.extend(m.origin[pos:match.start()])
        new = repl(match) if callable(repl) else match.expand(repl)
        if len(new) <= match.end() - match.start():
            origin.extend(m.origin[match.start():match.start() + len(new)])
        else:
            anchor = m.origin[match.start()] if match.start() < len(m.origin) else (m.origin[-1] + 1)
            origin.extend([anchor] * len(new))
        out.append(new)
        pos = match.end()
    out.append(m.text[pos:])
    origin.extend(m.origin[pos:])
    return Mapped("".join(out), tuple(origin))


def keep_lines(m: Mapped, keep: list[bool]) -> Mapped:
    """Drop the lines whose flag is False (with their line break)."""
    out: list[str] = []
    origin: list[int] = []
    pos = 0
    for line, flag in zip(m.text.split("\n"), keep, strict=True):
        end = pos + len(line)
        if flag:
            out.append(line + "\n")
            origin.extend(m.origin[pos:end])
            origin.append(m.origin[end] if end < len(m.origin) else (m.origin[end - 1] + 1 if end else 0))
        pos = end + 1
    text = "".join(out)
    if not m.text.endswith("\n") and text.endswith("\n"):
        text, origin = text[:-1], origin[:-1]
    return Mapped(text, tuple(origin))


# --- HTML ---------------------------------------------------------------------------------

DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
             "button", "select", "svg", "iframe", "head")
BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
              "section", "article", "blockquote", "figure", "figcaption", "dd", "dt", "dl", "pre", "hr",
              "address", "main", "caption", "td", "th"}


def html_to_text(html: str) -> Mapped:
    """Visible text of an HTML page, block elements on their own lines, mapped into the HTML.

    BeautifulSoup does not report where a text node sits in the source, so each node's text is
    searched for in the source from a moving cursor; where entities (``&amp;``) make the decoded
    text differ from the source, its characters map to the start of the node.
    """
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    out: list[str] = []
    origin: list[int] = []
    cursor = 0

    def newline() -> None:
        if out and not out[-1].endswith("\n"):
            out.append("\n")
            origin.append(cursor)

    for node in soup.descendants:
        if isinstance(node, (Comment, Doctype, ProcessingInstruction)):
            continue
        if isinstance(node, NavigableString):
            text = str(node)
            if not text:
                continue
            found = html.find(text, cursor)
            if found >= 0:
                origin.extend(range(found, found + len(text)))
                cursor = found + len(text)
            else:
                head = text.strip()[:12]
                found = html.find(head, cursor) if head else -1
                anchor = found if found >= 0 else cursor
                origin.extend([anchor] * len(text))
            out.append(text)
        elif getattr(node, "name", None) in BLOCK_TAGS:
            newline()
    mapped = Mapped("".join(out), tuple(origin))
    # HTML whitespace: runs collapse to one space; runs containing a block newline to "\n".
    mapped = substitute(mapped, re.compile(r"[ \t\r\f\v]*\n\s*"), "\n")
    return substitute(mapped, re.compile(r"[ \t\r\f\v]{2,}|[\t\r\f\v]"), " ")


# --- text steps ---------------------------------------------------------------------------

# One-to-one character replacements (length-preserving, so the map stays exact).
CHAR_MAP = str.maketrans({
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ",
    "\u2011": "-", "\u2010": "-", "\t": " ", "\x0b": " ", "\x0c": "\n", "\r": "\n",
})
DELETE_CHARS = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


# Tag and entity remnants in texts that were saved as plain text from a web page: only known
# HTML tag names, so a "<" in prose ("Kinder < 6 Jahre") stays.
_REMNANT_TAG = re.compile(r"<(/?)(br|p|div|span|b|i|u|em|strong|a|li|ul|ol|h[1-6]|tr|td|th|table|font|small)"
                          r"\b[^<>]{0,300}>", re.IGNORECASE)
_REMNANT_ENTITY = re.compile(r"&(?:#\d{1,6}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,30});")
_BLOCK_TAGS = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"}


def strip_html_remnants(m: Mapped) -> Mapped:
    """Decode entities ("&nbsp;", "&copy;") and drop tags ("<br>", "<b>") left in plain-text input.

    ``<br>`` and closing block tags become a line break unless one follows anyway; other tags
    vanish. A real HTML document goes through :func:`html_to_text` instead.
    """
    def tag(match: re.Match[str]) -> str:
        name = match.group(2).lower()
        is_break = name == "br" or (match.group(1) and name in _BLOCK_TAGS)
        following = m.text[match.end():match.end() + 1]
        return "\n" if is_break and following != "\n" else ""

    m = substitute(m, _REMNANT_TAG, tag)
    return substitute(m, _REMNANT_ENTITY, lambda match: html.unescape(match.group(0)))


def normalise_unicode(m: Mapped) -> Mapped:
    """NFC composition, special spaces and hyphens to plain ones, invisible characters out."""
    m = substitute(m, re.compile(r"\r\n"), "\n")
    m = substitute(m, DELETE_CHARS, "")
    m = Mapped(m.text.translate(CHAR_MAP), m.origin)
    if not unicodedata.is_normalized("NFC", m.text):
        # compose decomposed umlauts ("u" + U+0308 -> "ü") sequence by sequence
        m = substitute(m, re.compile(r".[\u0300-\u036f]+"), lambda x: unicodedata.normalize("NFC", x.group()))
    return m


def tidy_spaces(m: Mapped) -> Mapped:
    """Strip spaces at line ends and starts; collapse runs of spaces."""
    m = substitute(m, re.compile(r" +(?=\n)|(?<=\n) +|^ +| +$"), "")
    return substitute(m, re.compile(r" {2,}"), " ")


@lru_cache(maxsize=1)
def _boilerplate() -> tuple[list[re.Pattern[str]], list[tuple[re.Pattern[str], re.Pattern[str], int]],
                            list[re.Pattern[str]]]:
    rules = read_yaml("boilerplate.yaml")
    lines = [re.compile(p, re.IGNORECASE) for p in rules["drop_lines"]]
    blocks = [(re.compile(b["start"], re.IGNORECASE), re.compile(b["end"], re.IGNORECASE), int(b["max_lines"]))
              for b in rules["drop_blocks"]]
    cuts = [re.compile(p, re.IGNORECASE) for p in rules["cut_from"]]
    return lines, blocks, cuts


def boilerplate_flags(lines: list[str]) -> list[bool]:
    """For each line, True if it is kept (not boilerplate), per rules/boilerplate.yaml."""
    drop_lines, blocks, cuts = _boilerplate()
    keep = [True] * len(lines)
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        if any(c.fullmatch(line) for c in cuts):
            for j in range(i, len(lines)):
                keep[j] = False
            break
        block = next(((end, n) for start, end, n in blocks if start.fullmatch(line)), None)
        if block is not None:
            end, max_lines = block
            for j in range(i + 1, min(len(lines), i + 1 + max_lines)):
                if end.fullmatch(lines[j].strip()):
                    for k in range(i, j + 1):
                        keep[k] = False
                    i = j
                    break
        elif any(p.fullmatch(line) for p in drop_lines):
            keep[i] = False
        i += 1
    return keep


def remove_boilerplate(m: Mapped) -> Mapped:
    """Remove boilerplate lines and blocks."""
    lines = m.text.split("\n")
    return keep_lines(m, boilerplate_flags(lines))


SENTENCE_END = tuple(".!?:;\"“”»«)")


def unwrap_lines(m: Mapped) -> Mapped:
    """Join hard-wrapped lines and repair hyphenation at line ends.

    A text is hard-wrapped when most of its lines stop near one width (typically 60-80
    characters). A line break inside such a paragraph is joined when the line reaches at least
    three quarters of that width, or when it continues a wrapped line without ending a sentence;
    "Ent-\\nwicklung" becomes "Entwicklung", while "Nordrhein-\\nWestfalen" keeps its hyphen.
    A break before a lowercase word is always joined, unless that line is a byline or a date stamp
    under the headline near the top ("von Anna Muster", "veröffentlicht am 12.03.2024": see
    :func:`extract.metadata.is_stamp_line`).
    """
    lines = m.text.split("\n")
    lengths = sorted(len(line) for line in lines if line.strip())
    width = 0
    if len(lengths) >= 5:
        p90 = lengths[int(len(lengths) * 0.9) - 1]
        near = sum(1 for n in lengths if p90 - 15 <= n <= p90 + 2)
        if p90 <= 110 and near >= 0.5 * len(lengths):
            width = p90
    joins: list[int] = []  # positions of "\n" to join
    pos = 0
    prev_wrapped = False
    for i, line in enumerate(lines[:-1]):
        nxt = lines[i + 1]
        pos += len(line)
        wrapped = False
        if line.strip() and nxt.strip():
            open_sentence = not line.rstrip().endswith(SENTENCE_END)
            wrapped = bool(width) and (len(line) >= 0.75 * width or (prev_wrapped and open_sentence))
            if wrapped or (nxt[:1].islower() and open_sentence and not is_stamp_line(nxt, i + 1)):
                joins.append(pos)
        prev_wrapped = wrapped
        pos += 1
    if not joins:
        return m
    join_set = set(joins)
    out: list[str] = []
    origin: list[int] = []
    text = m.text
    for idx, ch in enumerate(text):
        if idx in join_set:
            prev = text[idx - 1] if idx else ""
            before = text[idx - 2] if idx >= 2 else ""
            nxt = text[idx + 1] if idx + 1 < len(text) else ""
            if prev == "-" and before.isalpha() and nxt.islower():
                out.pop()
                origin.pop()  # "Ent-\nwicklung": hyphen and break go
            elif prev == "-" or prev == "/":
                pass  # "Nordrhein-\nWestfalen", "Kinder-,\n" keep the hyphen, drop the break
            else:
                out.append(" ")
                origin.append(m.origin[idx])
            continue
        out.append(ch)
        origin.append(m.origin[idx])
    return Mapped("".join(out), tuple(origin))


def squeeze_blank_lines(m: Mapped) -> Mapped:
    """At most one empty line between paragraphs; no whitespace at the start or end."""
    m = substitute(m, re.compile(r"\n{3,}"), "\n\n")
    return substitute(m, re.compile(r"^\s+|\s+$"), "")


TEXT_STEPS: tuple[Callable[[Mapped], Mapped], ...] = (
    normalise_unicode, tidy_spaces, remove_boilerplate, unwrap_lines, tidy_spaces, squeeze_blank_lines,
)


# --- the stage ----------------------------------------------------------------------------

def clean(raw: RawDocument) -> CleanDocument:
    """Clean one decoded document: HTML to text, boilerplate out, lines unwrapped, metadata found."""
    as_html = raw.media_type == "html"
    mapped = html_to_text(raw.text) if as_html else strip_html_remnants(Mapped.identity(raw.text))
    pre = tidy_spaces(normalise_unicode(mapped))
    steps = TEXT_STEPS
    if steps[:2] == (normalise_unicode, tidy_spaces):  # pure steps: their result is ``pre``
        mapped, steps = pre, steps[2:]
    for step in steps:
        mapped = step(mapped)
    meta = detect_metadata(pre.text.split("\n"), mapped.text.split("\n"))
    return CleanDocument(
        doc_id=raw.doc_id, text=mapped.text, origin=mapped.origin, title=meta.title,
        published=meta.published, publisher=meta.publisher, dateline=meta.dateline,
        dateline_date=meta.dateline_date, n_chars_raw=len(raw.text),
    )
