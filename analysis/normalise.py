"""Normalise: make article text safe to tokenise, recording every repair.

Stage 2 of ingest -> normalise -> tokenise -> annotate -> aggregate -> present.

Repairs, in order:

* Unicode NFC (a word whose characters compose differently is rewritten);
* zero-width characters and soft hyphens removed, odd spaces (no-break, thin,
  ideographic ...) turned into plain spaces;
* mixed-script words (Latin letters and Cyrillic or Greek letters in one word)
  rewritten in the script of their context. Two cases are told apart:

  - a *look-alike spoof*: every foreign letter imitates a letter of the
    context script (Cyrillic "а" in "pаypal"), so each is mapped to the
    letter it imitates;
  - a *partly transliterated name*: the foreign run holds a letter that
    imitates nothing ("в" in "Beloусов"), so the run is transliterated with
    the BGN/PCGN romanisation table, giving "Belousov" rather than the
    nonsense "Beloycoв" that look-alike mapping would produce.

  Whole Cyrillic words and Cyrillic text are left alone.

>>> r = normalise_text("Defense Minister Andrei Beloусов met Viktor Khrenin.")
>>> r.text
'Defense Minister Andrei Belousov met Viktor Khrenin.'
>>> tuple(r.repairs[0])
(24, 32, 'Beloусов', 'Belousov', 'mixed-script name transliterated (BGN/PCGN)')

Offsets in ``repairs`` index the *normalised* text.
"""
from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from . import resources
from .schema import REPAIR_COLUMNS, RepairRow

__all__ = ["Normalised", "normalise_text", "transliterate_cyrillic", "REPAIR_COLUMNS"]


_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_SOFT_HYPHEN = "\u00ad"
_ODD_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_CHAR_FIX = re.compile(f"[{_ZERO_WIDTH}{_SOFT_HYPHEN}{_ODD_SPACES}]")

_CYR = "\u0400-\u04ff\u0500-\u052f"
_GRK = "\u0370-\u03ff"
_LAT = "A-Za-z\u00c0-\u024f"
# A letter run that touches both Latin and (Cyrillic or Greek) letters.
# A word mixing scripts. It may only start where a run of letters starts (the lookbehind): a match
# always does, and without it a long run with no mixed pair is retried from each of its letters,
# which takes time in the square of its length.
_MIXED_WORD = re.compile(
    rf"(?<![{_LAT}{_CYR}{_GRK}])[{_LAT}{_CYR}{_GRK}]*(?:[{_LAT}][{_CYR}{_GRK}]|[{_CYR}{_GRK}][{_LAT}])[{_LAT}{_CYR}{_GRK}]*"
)
_IS_CYR = re.compile(f"[{_CYR}]")
_IS_GRK = re.compile(f"[{_GRK}]")
_IS_LAT = re.compile(f"[{_LAT}]")
_RUNS = re.compile(rf"[{_LAT}]+|[{_CYR}]+|[{_GRK}]+")

# How far either side of a mixed word we look to decide the context script.
_CONTEXT_CHARS = 300


class Normalised(NamedTuple):
    text: str
    repairs: list  # of RepairRow (start, end, original, repaired, reason)


def _script(ch: str) -> str:
    if _IS_LAT.match(ch):
        return "Latin"
    if _IS_CYR.match(ch):
        return "Cyrillic"
    if _IS_GRK.match(ch):
        return "Greek"
    return ""


def transliterate_cyrillic(run: str, *, previous: str = "") -> str:
    """Romanise a Cyrillic run with the BGN/PCGN table (analysis/data/translit_bgn_pcgn.tsv).

    ``previous`` is the character before the run, which decides "е" -> "ye" or "e".

    >>> transliterate_cyrillic("усов", previous="o")
    'usov'
    >>> print(transliterate_cyrillic("Ельцин"))
    Yel'tsin
    """
    table, ye_letters = resources.translit_table()
    out = []
    prev = previous
    for ch in run:
        low = ch.lower()
        if low in ye_letters and (not prev or prev.lower() in "aeiouyаеёиоуыэюяйъьії" or not prev.isalpha()):
            rom = ye_letters[low]
        else:
            rom = table.get(low, ch)
        if ch.isupper() and rom:
            rom = rom.upper() if (len(run) > 1 and run.isupper()) else rom[0].upper() + rom[1:]
        out.append(rom)
        prev = ch
    return "".join(out)


def _context_script(text: str, start: int, end: int) -> str:
    window = text[max(0, start - _CONTEXT_CHARS):start] + " " + text[end:end + _CONTEXT_CHARS]
    counts = {
        "Latin": len(_IS_LAT.findall(window)),
        "Cyrillic": len(_IS_CYR.findall(window)),
        "Greek": len(_IS_GRK.findall(window)),
    }
    return max(counts, key=counts.get)


def _repair_mixed_word(word: str, context: str) -> tuple[str, str] | None:
    """Return (repaired, reason) for a mixed-script word, or None to leave it."""
    homoglyphs = resources.homoglyphs()  # (foreign script, target script) -> {char: char}
    runs = [(m.group(), _script(m.group()[0]), m.start()) for m in _RUNS.finditer(word)]
    scripts = {s for _, s, _ in runs}
    if context not in scripts:
        # No letters of the context script in the word: a whole foreign word. Leave it.
        return None
    pieces = []
    reasons = set()
    for run, script, pos in runs:
        if script == context:
            pieces.append(run)
            continue
        mapping = homoglyphs.get((script, context), {})
        all_lookalike = all(ch in mapping for ch in run)
        spoof = "".join(mapping.get(ch, ch) for ch in run)
        if script == "Cyrillic" and context == "Latin":
            translit = transliterate_cyrillic(run, previous=word[pos - 1] if pos else "")
            if not all_lookalike:
                # A letter that imitates nothing ("в"): the writer typed part of a name in Cyrillic.
                pieces.append(translit)
                reasons.add("mixed-script name transliterated (BGN/PCGN)")
                continue
            # Every letter has a look-alike: decide by which reading is a known word.
            spoof_word = word[:pos] + spoof + word[pos + len(run):]
            translit_word = word[:pos] + translit + word[pos + len(run):]
            if resources.is_known_word(translit_word) and not resources.is_known_word(spoof_word):
                pieces.append(translit)
                reasons.add("mixed-script name transliterated (BGN/PCGN)")
            else:
                pieces.append(spoof)
                reasons.add("look-alike characters mapped")
        elif all_lookalike:
            pieces.append(spoof)
            reasons.add("look-alike characters mapped")
        else:
            # A foreign run we cannot read as a spoof and have no table for: leave the word.
            return None
    repaired = "".join(pieces)
    if repaired == word:
        return None
    return repaired, "; ".join(sorted(reasons))


def normalise_text(text: str) -> Normalised:
    """Normalise ``text`` and list the repairs made (offsets into the result)."""
    if not isinstance(text, str):
        raise TypeError(f"expected article text as str, got {type(text).__name__}")
    if text.isascii():
        return Normalised(text, [])

    # Pass 1: NFC, per whitespace-delimited chunk so each change has an exact place.
    repairs: list[tuple[int, int, str, str, str]] = []
    if not unicodedata.is_normalized("NFC", text):
        out, pos = [], 0
        for chunk in re.split(r"(\s+)", text):
            fixed = unicodedata.normalize("NFC", chunk)
            if fixed != chunk:
                repairs.append(RepairRow(pos, pos + len(fixed), chunk, fixed, "Unicode NFC"))
            out.append(fixed)
            pos += len(fixed)
        text = "".join(out)

    # Pass 2: invisible characters and odd spaces.
    if _CHAR_FIX.search(text):
        out, last, shift = [], 0, 0
        pass_repairs = []
        for m in _CHAR_FIX.finditer(text):
            ch = m.group()
            out.append(text[last:m.start()])
            start = m.start() - shift
            if ch in _ODD_SPACES:
                out.append(" ")
                pass_repairs.append(RepairRow(start, start + 1, ch, " ", f"odd space U+{ord(ch):04X}"))
            else:
                reason = "soft hyphen removed" if ch == _SOFT_HYPHEN else f"zero-width U+{ord(ch):04X} removed"
                pass_repairs.append(RepairRow(start, start, ch, "", reason))
                shift += 1
            last = m.end()
        out.append(text[last:])
        text = "".join(out)
        repairs = _shift(repairs, pass_repairs) + pass_repairs

    # Pass 3: mixed-script words.
    if _IS_CYR.search(text) or _IS_GRK.search(text):
        out, last, shift = [], 0, 0
        pass_repairs = []
        for m in _MIXED_WORD.finditer(text):
            fix = _repair_mixed_word(m.group(), _context_script(text, m.start(), m.end()))
            if fix is None:
                continue
            repaired, reason = fix
            out.append(text[last:m.start()])
            out.append(repaired)
            start = m.start() + shift
            pass_repairs.append(RepairRow(start, start + len(repaired), m.group(), repaired, reason))
            shift += len(repaired) - len(m.group())
            last = m.end()
        if pass_repairs:
            out.append(text[last:])
            text = "".join(out)
            repairs = _shift(repairs, pass_repairs) + pass_repairs

    repairs.sort(key=lambda r: (r.start, r.end))
    return Normalised(text, repairs)


def _shift(earlier: list, later: list) -> list:
    """Move earlier repairs' offsets through the length changes a later pass made."""
    if not earlier:
        return earlier
    moved = []
    for start, end, orig, rep, reason in earlier:
        delta = 0
        for _lstart, lend, lorig, lrep, _ in later:
            # `later` offsets are in the newer text; a change wholly before us shifts us.
            if lend <= start + delta:
                delta += len(lrep) - len(lorig)
        moved.append(RepairRow(start + delta, end + delta, orig, rep, reason))
    return moved
