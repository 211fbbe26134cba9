"""People, contact blocks and credits: persons after a contact label ("Pressekontakt: Stadt Leverkusen,
Julia Trick", "Bearbeiter/-in: Ammoneit, Britta", "Kontakt:" followed by address lines; the label
becomes the role) and in photo credits ("Foto: Max Mustermann", "© photothek/Inga Kjer").

A mixin of :class:`extract.components.people.PeopleExtractor` (split from it by concern).
"""

from __future__ import annotations

from spacy.tokens import Doc

from extract.components._people_names import _Mention
from extract.normalise import people as norm

_STOP_PUNCT = frozenset({"|", ";", "[", "]", "•", "·", "–", "—"})


class ContactBlocks:
    """Contact-block and photo-credit persons of :class:`~extract.components.people.PeopleExtractor`."""

    # ------------------------------------------------------------------ contact blocks and credits
    def _line_tokens(self, doc: Doc, k: int, limit: int) -> list[int]:
        out: list[int] = []
        texts, n = self._texts, len(self._texts)
        # (a line break is a whitespace token of its own: a token's trailing whitespace is at most a space)
        while k < n and len(out) < limit:
            text = texts[k]
            if self._space[k] or text in _STOP_PUNCT:
                break
            if k + 1 < n and texts[k + 1] == ":" and text[:1].isupper() and out:
                break  # next "Label:" on the same line
            out.append(k)
            k += 1
        return out

    def _block_lines(self, doc: Doc, k: int, max_lines: int) -> list[list[int]]:
        """The lines of a block after a label that ends its line, up to an empty line."""
        lines: list[list[int]] = []
        while k < len(doc) and len(lines) < max_lines:
            if self._space[k]:
                if self._texts[k].count("\n") > 1 and lines:
                    break
                k += 1
                continue
            line = self._line_tokens(doc, k, 16)
            if not line:
                break
            lines.append(line)
            k = line[-1] + 1
        return lines

    def _contact_label_at(self, doc: Doc, i: int) -> tuple[int, str]:
        """(index after the ":" , role) if a contact label starts at token i (at a line's start a given name
        may follow without the colon)."""
        label = norm.normalise_label(self._texts[i])
        j = i + 1
        if j + 1 < len(doc) and self._texts[j] == "/" and self._lower[j + 1] in ("in", "-in", "innen"):
            j += 2
        if label not in self._contact_labels or j >= len(doc):
            return -1, ""
        if self._texts[j] != ":":
            # "Ansprechpartner Martin Strunden" opening a line of a contact block: no colon, a given name
            opens_line = i == 0 or (self._space[i - 1] and "\n" in self._texts[i - 1])
            if not (opens_line and j + 1 < len(doc) and self._is_first(self._texts[j], strict=True)
                    and self.is_name_text(self._texts[j + 1])):
                return -1, ""
            return j, self._contact_labels[label]
        return j + 1, self._contact_labels[label]

    def _contacts(self, doc: Doc, taken: list[bool]) -> list[_Mention]:
        found: list[_Mention] = []
        is_label = self._is_label
        for i, text in enumerate(self._texts):
            label = is_label.get(text)
            if label is None:
                label = is_label[text] = norm.normalise_label(text) in self._contact_labels
            if not label:
                continue
            after, role = self._contact_label_at(doc, i)
            if after < 0:
                continue
            lines = [self._line_tokens(doc, after, 16)]
            if not lines[0]:
                lines = self._block_lines(doc, after, 5)  # "Kontakt:\nStadt Monheim\nThomas Spekowius"
            segments: list[list[int]] = []
            for line in lines:
                segments.append([])
                for k in line:
                    if self._texts[k] in (",", "&", "/") or self._lower[k] == "und":
                        segments.append([])
                    else:
                        segments[-1].append(k)
            organization = ""
            for s, seg in enumerate(segments):
                if not seg:
                    continue
                nxt = segments[s + 1] if s + 1 < len(segments) else []
                if (
                    len(seg) == 1
                    and len(nxt) == 1
                    and self.is_name_text(self._texts[seg[0]])
                    and self.is_name_text(self._texts[nxt[0]])
                    and seg[0] + 1 < len(doc)
                    and self._texts[seg[0] + 1] == ","
                    and (self._is_first(self._texts[nxt[0]], strict=False) or role in self._person_labels)
                ):
                    words = [self._texts[nxt[0]], self._texts[seg[0]]]
                    found.append(self._contact_mention(seg[0], nxt[0] + 1, words, role, organization))
                    break
                pos, title, addressed = self._skip_address(doc, seg)
                name_seg = seg[pos:]
                chosen = []
                if name_seg:
                    run = self._name_run(doc, name_seg[0], cross_line=False)
                    chosen = self._choose_name(doc, run, anchored=addressed)
                if chosen and (len(chosen) >= 2 or addressed) and chosen[-1] == name_seg[-1]:
                    words = [self._texts[k] for k in chosen]
                    start = seg[0] if title and self._texts[seg[0]] not in self._honorifics else name_seg[0]
                    m = self._contact_mention(start, chosen[-1] + 1, words, role, organization)
                    m.title = title
                    found.append(m)
                    continue
                tail = self._name_ending_segment(doc, seg)
                if tail:  # "Stadt Bad Kreuznach Fachbereich Bauen Michael Vogt": lines joined by the cleaner
                    words = [self._texts[k] for k in tail]
                    found.append(self._contact_mention(tail[0], tail[-1] + 1, words, role,
                                                       organization or doc[seg[0] : tail[0]].text))
                    continue
                if not organization and seg and self._texts[seg[0]][:1].isupper():
                    organization = doc[seg[0] : seg[-1] + 1].text
        for m in found:
            for k in range(m.start, m.end):
                taken[k] = True
        return found

    def _name_ending_segment(self, doc: Doc, seg: list[int]) -> list[int]:
        """A full name with a known given name that ends a segment after other words (a body's name)."""
        for p in seg[1:-1]:
            if not self._is_first(self._texts[p], strict=False) or not self._texts[p - 1][:1].isupper():
                continue
            chosen = self._choose_name(doc, self._name_run(doc, p, cross_line=False), anchored=False)
            if len(chosen) >= 2 and chosen[-1] == seg[-1]:
                return chosen
        return []

    def _skip_address(self, doc: Doc, seg: list[int]) -> tuple[int, str, bool]:
        """Skip "Herr"/"Frau" and titles at the start of a segment: (offset, titles, addressed)."""
        pos, titles, addressed = 0, [], False
        while pos < len(seg):
            k = seg[pos]
            if self._texts[k] in self._honorifics:
                pos, addressed = pos + 1, True
                continue
            for toks, title in self._titles:
                if self._starts_at(k, toks):
                    titles.append(title)
                    pos, addressed = pos + len(toks), True
                    break
            else:
                break
        return pos, " ".join(titles), addressed

    @staticmethod
    def _contact_mention(start: int, end: int, words: list[str], role: str, org: str) -> _Mention:
        return _Mention(
            start=start,
            end=end,
            words=words,
            rule="person.contact",
            role=norm.gendered_role(role, words[0]),
            role_rank=1,
            organization=org,
            anchored=True,
        )

    def _credits(self, doc: Doc, taken: list[bool]) -> list[_Mention]:
        found: list[_Mention] = []
        for i in range(len(doc)):
            if self._texts[i] not in self._credit_first:
                continue
            label_len = next((len(t) for t in self._credit_labels if self._starts_at(i, t)), 0)
            if not label_len:
                continue
            k = i + label_len
            if k < len(doc) and self._texts[k] == ":":
                k += 1
            elif self._texts[i][0].isalpha():
                continue  # word labels need a colon ("Foto:"); symbols do not ("©")
            for p in self._line_tokens(doc, k, 8):
                if taken[p] or not self._is_first(self._texts[p], strict=False):
                    continue
                chosen = self._choose_name(doc, self._name_run(doc, p, cross_line=False), anchored=False)
                if len(chosen) >= 2 and not self._followed_by_org(doc, chosen[-1] + 1):
                    m = _Mention(p, chosen[-1] + 1, [self._texts[x] for x in chosen], "person.photo_credit")
                    m.anchored = True
                    found.append(m)
                    for x in range(m.start, m.end):
                        taken[x] = True
                    break
        return found
