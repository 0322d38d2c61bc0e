"""Ingest: read articles from files into one DataFrame.

Stage 1 of ingest -> normalise -> tokenise -> annotate -> aggregate -> present.

``load_articles`` takes a file, a folder (read recursively, in sorted order), a
glob pattern, or a list of these, and returns one row per article with
``article_id, title, text, source`` plus any metadata the file carries
(``encoding``, ``mojibake_repaired`` and, for JSON and CSV, the other fields).

Web pages go through trafilatura, which finds the main article and its metadata
(``author``, ``date``, ``site_name``, ``url``, ``description``). Encodings are decided
by evidence (``decode_bytes``): byte-order mark, the page's declared charset, UTF-8,
then detection; what was decided is in ``encoding`` and ``decode_note``.

Bad input raises :class:`ArticleLoadError` naming the file and the problem. When
several files are loaded (a folder, a glob or a list), a bad file does not stop
the rest, and in a file of many records a bad record does not stop the others:
``load_errors(df)`` lists them (``source``, ``error``) and a warning says how many
failed. Files are only ever read.

>>> arts = load_articles("seeds/000_cfd6d3fc7ab3151e.txt")      # doctest: +SKIP
>>> arts.loc[0, ["article_id", "source", "encoding"]].tolist()  # doctest: +SKIP
['000_cfd6d3fc7ab3151e', 'seeds/000_cfd6d3fc7ab3151e.txt', 'utf-8']
"""
from __future__ import annotations

import codecs
import glob as _glob
import io
import json
import os
import re
import warnings
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from . import resources

__all__ = ["load_articles", "load_errors", "read_article_file", "decode_bytes", "declared_charset", "Decoded",
           "FileRead", "ArticleLoadError", "SUPPORTED_EXTENSIONS", "GENERATOR"]

SUPPORTED_EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl", ".json", ".csv")
TEXT_FIELDS = ("text", "body", "content", "article", "article_text", "full_text", "story")
TITLE_FIELDS = ("title", "headline", "heading")
ID_FIELDS = ("article_id", "id", "doc_id", "uid")
BASE_COLUMNS = ["article_id", "title", "text", "source"]
# The mark the kit's report pages carry (a <meta name="generator">), so that loading a folder
# that holds earlier reports does not take them for articles.
GENERATOR = 'name="generator" content="news-analysis-kit'


# Legacy encodings worth trying when a file is not UTF-8 and declares nothing: the region the
# seed covers writes Windows-1251 and KOI8-R; Western files Windows-1252 or Latin-1. (Central
# European ISO-8859-2 and Windows-1250 are read when a page declares them; among undeclared
# files, detection mistook French Latin-1 for Windows-1250, so they are not guessed.)
LEGACY_ENCODINGS = ("cp1251", "koi8_r", "cp1252", "latin_1")
# At most this many bytes that are not UTF-8, in a file whose other non-ASCII bytes are valid
# UTF-8, are stray bytes: replaced (and noted), and the file stays UTF-8.
STRAY_BYTES = 3

class ArticleLoadError(ValueError):
    """An input file that cannot be read as an article; the message names the file."""

    def __init__(self, source, problem: str):
        self.source = str(source)
        self.problem = problem
        super().__init__(f"{self.source}: {problem}")


# --------------------------------------------------------------------------- decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


class Decoded(NamedTuple):
    """A file's text and how it was read."""
    text: str
    encoding: str             # the codec used ("utf-8", "cp1251", "utf-8+cp1252" for mixed lines)
    mojibake_repaired: bool   # ftfy undid UTF-8 read as a legacy encoding
    note: str                 # what else was done: stray bytes replaced, lines decoded apart, ...


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Letters that appear when UTF-8 is read as Windows-1252/1251 ("Ã©", "Ð¸", "Ð ", "Ð“", "Ã¼").
_MOJIBAKE = re.compile("[ÃÂÐÑ][\x80-\xbf\u0080-\u00bf\u2018-\u203a\u0152-\u0178\u02c6\u02dc\u0160\u0161\u017d\u017e]"
                       "|[ГРС][\u0402-\u045f\u0490\u0491\u2018-\u203a\u00a0-\u00bf]")


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB (``<meta charset>`` or ``http-equiv``),
    as a Python codec name, or None when it declares none (or one Python does not know)."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii", "replace")).name
    except LookupError:
        return None


def _legacy_guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
    return best.encoding if best is not None else None


def decode_bytes(data: bytes, source="<bytes>", *, declared: str | None = None) -> Decoded:
    """Decode a file's bytes, deciding the encoding by evidence, in order.

    1. A byte-order mark (UTF-8, UTF-16, UTF-32).
    2. ``declared``: the charset the file declares (an HTML page's ``<meta charset>``); windows-1252
       for a page declaring ISO-8859-1, as browsers do.
    3. UTF-8, when the bytes are UTF-8. A file whose non-ASCII bytes are valid UTF-8 save for at
       most ``STRAY_BYTES`` stray bytes stays UTF-8: the stray bytes become U+FFFD, noted. A file
       mixing UTF-8 lines with lines in a legacy encoding is decoded line by line.
    4. Otherwise detection over the whole file among ``LEGACY_ENCODINGS`` (charset_normalizer).

    Text that was UTF-8 read as a legacy encoding and saved again (mojibake such as "CafÃ©")
    is repaired with ``ftfy.fix_encoding`` only when the text shows mojibake's letter pairs.

    >>> decode_bytes("Zoë Müller".encode() + b" \\xff ok.")[:2]
    ('Zoë Müller � ok.', 'utf-8')
    """
    if not data.strip():
        raise ArticleLoadError(source, "file is empty")
    encoding, note = None, ""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            encoding = enc
            break
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ArticleLoadError(source, f"undecodable text: starts with a {encoding} byte-order mark "
                                           f"but is not valid {encoding} ({exc.reason} at byte {exc.start})") from None
    else:
        if b"\x00" in data[:4096]:
            raise ArticleLoadError(source, "binary file (NUL bytes and no UTF-16 byte-order mark); "
                                           "expected text, HTML, Markdown, JSON or CSV")
        text, encoding, note = _decode_undeclared(data, source, declared)
    if not text.strip():
        raise ArticleLoadError(source, "file is empty (only whitespace)")
    if len(_CONTROL.findall(text[:4096])) > max(3, len(text[:4096]) // 100):
        raise ArticleLoadError(source, f"binary file: control characters in the text (read as {encoding})")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    repaired = False
    if not text.isascii() and _MOJIBAKE.search(text):
        import ftfy

        fixed = ftfy.fix_encoding(text)
        if fixed != text:
            text, repaired = fixed, True
    return Decoded(text, encoding, repaired, note)


def _decode_undeclared(data: bytes, source, declared: str | None) -> tuple[str, str, str]:
    if declared:
        codec = "cp1252" if declared in ("latin-1", "iso8859-1", "ascii") else declared
        try:
            return data.decode(codec), codec, ""
        except UnicodeDecodeError:
            pass  # the declaration is wrong; the bytes decide
    try:
        return data.decode("utf-8"), "utf-8", ""
    except UnicodeDecodeError as exc:
        first_error = exc
    if first_error.reason == "unexpected end of data" and _is_utf8(data[:first_error.start]):
        return data[:first_error.start].decode("utf-8") + "\ufffd", "utf-8", \
            "truncated UTF-8: the file ends inside a character, which was replaced by U+FFFD"
    if _has_utf8_sequences(data):
        # UTF-8 with bytes that are not: stray bytes, or lines pasted from a legacy file. Each
        # such byte is read in the legacy encoding when it makes a letter inside a word ("Caf\xe9"),
        # else replaced by U+FFFD.
        legacy = _legacy_guess(b"\n".join(ln for ln in data.split(b"\n") if not _is_utf8(ln))) or "cp1252"
        if legacy not in ("cp1252", "latin_1", "cp1251", "koi8_r"):
            legacy = "cp1252"
        text, bad, letters = _utf8_with_fallback(data, legacy)
        if bad is not None:
            if bad <= STRAY_BYTES and not letters:
                return text, "utf-8", f"{bad} stray byte(s) that are not UTF-8 replaced by U+FFFD"
            return text, f"utf-8+{legacy}", (f"mixed file: {bad} byte(s) are not UTF-8; {letters} of them read as "
                                             f"{legacy} letters, the rest replaced by U+FFFD")
    guess = _legacy_guess(data)
    if guess is None:
        raise ArticleLoadError(source, f"undecodable text: not UTF-8 ({first_error.reason} at byte "
                                       f"{first_error.start}) and not readable as any of {', '.join(LEGACY_ENCODINGS)}")
    return data.decode(guess), guess, ""


def _is_utf8(chunk: bytes) -> bool:
    try:
        chunk.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _has_utf8_sequences(data: bytes) -> bool:
    return _UTF8_SEQUENCE.search(data) is not None


def _utf8_with_fallback(data: bytes, legacy: str) -> tuple[str, int | None, int]:
    """UTF-8, with each byte that is not read as ``legacy`` when it is a letter next to a letter,
    else as U+FFFD: (text, bytes that were not UTF-8, how many became letters). ``None`` for the
    count when more than 1,000 bytes are not UTF-8 (then the file is not UTF-8 at all)."""
    out, pos, bad, letters = [], 0, 0, 0
    while pos < len(data):
        try:
            out.append(data[pos:].decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            out.append(data[pos:pos + exc.start].decode("utf-8"))
            end = pos + max(exc.end, exc.start + 1)
            for k in range(pos + exc.start, end):
                ch = data[k:k + 1].decode(legacy, "replace")
                before = out[-1][-1:] if out and out[-1] else ""
                after = data[k + 1:k + 2].decode("latin-1")
                if ch.isalpha() and (before.isalpha() or after.isalpha()):
                    out.append(ch)
                    letters += 1
                else:
                    out.append("\ufffd")
                bad += 1
            if bad > 1000:
                return "", None, letters
            pos = end
    return "".join(out), bad, letters


# --------------------------------------------------------------------------- formats

def _paragraphs_from_plain(text: str) -> list[str]:
    """Paragraph per line, or blank-line separated paragraphs with wrapped lines joined."""
    text = text.strip("\n")
    if re.search(r"\n[ \t]*\n", text):
        blocks = re.split(r"\n[ \t]*\n", text)
        return [" ".join(line.strip() for line in b.splitlines() if line.strip()) for b in blocks if b.strip()]
    return [line.strip() for line in text.splitlines() if line.strip()]


def _looks_like_headline(line: str) -> bool:
    # A headline may ask or exclaim ("Will the talks resume?"); a sentence ends in "." or ":".
    return len(line.split()) <= 15 and not re.search(r"[.:;,]['\"’”]?$", line)


def _read_txt(text: str, source: str) -> list[dict]:
    paras = _paragraphs_from_plain(text)
    title = ""
    # A short first line without final punctuation, followed by body text, is a headline.
    if len(paras) > 1 and _looks_like_headline(paras[0]):
        title, paras = paras[0], paras[1:]
    return [{"title": title, "text": "\n".join(paras)}]


def _block_text(el) -> str:
    # Inline tags join without spaces, as a browser shows them; <br> is a space.
    for br in el.find_all("br"):
        br.replace_with(" ")
    return re.sub(r"\s+", " ", el.get_text("")).strip()


def _text_blocks(root, tags: list[str], containers: list[str]) -> list[str]:
    """Text of each block element under ``root``; a block holding other blocks is left to them."""
    blocks = []
    for el in root.find_all(tags):
        if el.find(containers):
            continue
        txt = _block_text(el)
        if txt:
            blocks.append(txt)
    return blocks


# What trafilatura's metadata gives, under the kit's column names.
HTML_METADATA = {"author": "author", "date": "date", "sitename": "site_name", "url": "url",
                 "description": "description"}


def _read_html(text: str, source: str) -> list[dict]:
    """The main article of a web page, by trafilatura (comments left out), with its metadata;
    paragraphs the kit's boilerplate list names (``boilerplate.csv``: "Read more:" teasers,
    copyright lines) are dropped."""
    import trafilatura

    doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False,
                                      config=resources.trafilatura_config())
    body = (doc.text or "") if doc is not None else ""
    paras = [p.strip() for p in body.split("\n") if p.strip() and not resources.is_boilerplate(p)]
    meta = {col: (getattr(doc, attr, None) or "") for attr, col in HTML_METADATA.items()} if doc else {}
    title = _page_title(doc.title or "" if doc else "", meta.get("site_name", ""), text)
    if paras and title and " ".join(paras[0].split()) == title:
        paras = paras[1:]  # the headline, already the title
    if not paras:
        raise ArticleLoadError(source, "no article text found in the HTML page (no main content besides "
                                       "navigation and boilerplate)")
    return [{"title": title, "text": "\n".join(paras), **meta}]


_NOT_TITLES = frozenset({"menu", "home", "navigation", "sie sind hier:", "you are here:", "skip to content",
                         "main menu", "search"})


def _page_title(title: str, site_name: str, page: str) -> str:
    """The page's title from its metadata; the first ``<h1>`` when that is only the site's name
    or a navigation word ("Menu", "Sie sind hier:")."""
    title = " ".join(title.split())
    if title and title.lower() not in _NOT_TITLES and title.lower() != site_name.lower():
        return title
    from bs4 import BeautifulSoup

    h1 = BeautifulSoup(page, "lxml").find("h1")
    heading = " ".join(h1.get_text(" ").split()) if h1 else ""
    return heading if heading.lower() not in _NOT_TITLES else ""


def _read_markdown(text: str, source: str) -> list[dict]:
    from bs4 import BeautifulSoup
    from markdown_it import MarkdownIt

    # Front matter is metadata, not text.
    meta = {}
    fm = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    if fm:
        for line in fm.group(1).splitlines():
            if ":" in line:
                k, v = line.split(":", 1)
                meta[k.strip()] = v.strip().strip("'\"")
        text = text[fm.end():]
    html = MarkdownIt("commonmark").render(text)
    soup = BeautifulSoup(html, "lxml")
    first_heading = soup.find(["h1", "h2", "h3", "h4", "h5", "h6"])
    title = meta.pop("title", "") or (first_heading.get_text(" ", strip=True) if first_heading else "")
    if first_heading is not None:
        first_heading.decompose()
    for img in soup.find_all("img"):
        img.decompose()
    blocks = _text_blocks(soup, ["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre"], ["p", "li"])
    if not blocks:
        raise ArticleLoadError(source, "no article text found in the Markdown file")
    return [{"title": title, "text": "\n".join(blocks), **meta}]


class _Skipped(NamedTuple):
    """A record of a file that could not be loaded while the others could."""
    where: str      # "line 3", "record 2", "row 5"
    problem: str


def _text_value(value, where: str, field: str):
    """A record's text as a string: a list of strings is joined as paragraphs; anything else that
    is not a string is a problem for that record (returned as _Skipped)."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(v.strip() for v in value if v.strip())
    kind = "a boolean" if isinstance(value, bool) else "empty" if value is None else f"a {type(value).__name__}"
    return _Skipped(where, f"field {field!r} is {kind}, not text")


def _plain_value(value):
    """A metadata value as a table cell: text and numbers as they are; a source object
    ({"id": ..., "name": ...}) by its name; other objects as JSON."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return value["name"]
    return json.dumps(value, ensure_ascii=False, default=str)


def _records_to_rows(records, source: str, *, unit: str = "record") -> list:
    """Rows (dicts) of the records that hold an article, and a ``_Skipped`` for each that does not.
    ``records``: (position, record) pairs; ``unit``: how a position is named ("line", "row", "record")."""
    rows = []
    for pos, rec in records:
        where = f"{unit} {pos}"
        if not isinstance(rec, dict):
            rows.append(_Skipped(where, f"is a {type(rec).__name__}, expected an object"))
            continue
        field = next((f for f in TEXT_FIELDS if f in rec), None)
        if field is None:
            rows.append(_Skipped(where, f"has no text field (looked for {', '.join(TEXT_FIELDS)}; "
                                        f"found {', '.join(map(str, rec)) or 'nothing'})"))
            continue
        text = _text_value(rec[field], where, field)
        if isinstance(text, _Skipped):
            rows.append(text)
            continue
        row = {k: _plain_value(v) for k, v in rec.items() if k != field}
        # The kit's "source" says where the article came from (file and record); a record's own
        # source (an outlet, a NewsAPI source object) is kept as source_name.
        if "source" in row:
            row["source_name"] = row.pop("source")
        row["text"] = text
        tfield = next((f for f in TITLE_FIELDS if f in rec), None)
        row["title"] = str(_plain_value(rec[tfield])) if tfield and rec[tfield] is not None else ""
        if tfield and tfield != "title":
            row.pop(tfield, None)
        idf = next((f for f in ID_FIELDS if f in rec and rec[f] not in (None, "")), None)
        if idf:
            row["_record_id"] = str(_plain_value(rec[idf]))
            if idf != "article_id":
                row.pop(idf, None)
        row.pop("article_id", None)
        row["_record"] = pos
        rows.append(row)
    if not rows:
        raise ArticleLoadError(source, "no records in the file")
    if all(isinstance(r, _Skipped) for r in rows):
        if len(rows) == 1:
            raise ArticleLoadError(source, rows[0].problem if unit == "record" else f"{rows[0].where} {rows[0].problem}")
        raise ArticleLoadError(source, f"no record holds an article ({rows[0].where} {rows[0].problem}; "
                                       f"{len(rows) - 1} more like it)")
    return rows


def _read_jsonl(text: str, source: str) -> list:
    records = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            records.append((n, json.loads(line)))
        except json.JSONDecodeError as exc:
            records.append((n, _Skipped(f"line {n}", f"is not valid JSON ({exc.msg})")))
    good = [(n, r) for n, r in records if not isinstance(r, _Skipped)]
    rows = _records_to_rows(good, source, unit="line") if good else []
    if not rows:
        bad = [r for _, r in records if isinstance(r, _Skipped)]
        if not bad:
            raise ArticleLoadError(source, "no records in the file")
        raise ArticleLoadError(source, f"{bad[0].where} {bad[0].problem}" + (f"; {len(bad) - 1} more bad lines"
                                                                            if len(bad) > 1 else ""))
    skipped = [r for _, r in records if isinstance(r, _Skipped)]
    return sorted(rows + skipped, key=_position)


def _position(row) -> int:
    where = row.where if isinstance(row, _Skipped) else f"x {row['_record']}"
    return int(where.rsplit(" ", 1)[1])


def _read_json(text: str, source: str) -> list:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArticleLoadError(source, f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if isinstance(data, dict):
        nested = next((data[k] for k in ("articles", "records", "data", "items") if isinstance(data.get(k), list)), None)
        data = nested if nested is not None else [data]
    if not isinstance(data, list):
        raise ArticleLoadError(source, "JSON must be an object, a list of objects or {\"articles\": [...]}")
    return _records_to_rows(list(enumerate(data, 1)), source)


def _read_csv(text: str, source: str) -> list:
    import csv

    # Rows with more fields than the header are skipped by pandas; find their line numbers first.
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None) or []
    ragged = [_Skipped(f"line {reader.line_num}", f"has {len(fields)} fields where the header has {len(header)}")
              for fields in reader if len(fields) > len(header)]
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, on_bad_lines="skip")
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ArticleLoadError(source, f"not valid CSV ({exc})") from None
    cols = {c.lower().strip(): c for c in df.columns}
    if not any(f in cols for f in TEXT_FIELDS):
        raise ArticleLoadError(source, f"CSV has no text column (looked for {', '.join(TEXT_FIELDS)}; "
                                       f"found {', '.join(df.columns)})")
    df = df.rename(columns={orig: low for low, orig in cols.items() if low in TEXT_FIELDS + TITLE_FIELDS + ID_FIELDS})
    return _records_to_rows(list(enumerate(df.to_dict("records"), 1)), source, unit="row") + ragged


_READERS = {".txt": _read_txt, ".md": _read_markdown, ".markdown": _read_markdown, ".html": _read_html,
            ".htm": _read_html, ".jsonl": _read_jsonl, ".json": _read_json, ".csv": _read_csv}


class FileRead(NamedTuple):
    """What one file gave: article rows (dicts) and the records that could not be loaded."""
    rows: list
    skipped: list  # of dicts: source, error


_SURROGATE = re.compile("[\ud800-\udfff]")


def read_article_file(path, *, root: Path | None = None) -> FileRead:
    """Read one file into article rows; raises ArticleLoadError naming the file when nothing in it
    can be loaded. Records that cannot be loaded while others can are returned in ``skipped``."""
    path = Path(path)
    source = str(path)
    if not path.exists():
        raise ArticleLoadError(source, "no such file or folder" + (" (a broken symbolic link)" if path.is_symlink() else ""))
    if path.is_dir():
        raise ArticleLoadError(source, "is a folder; pass it to load_articles")
    ext = path.suffix.lower()
    if ext not in _READERS:
        raise ArticleLoadError(source, f"unsupported file type {ext or '(no extension)'!r}; "
                                       f"supported: {', '.join(SUPPORTED_EXTENSIONS)}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleLoadError(source, f"cannot read file ({exc.strerror})") from None
    if ext in (".html", ".htm") and GENERATOR.encode() in data[:65536]:
        raise ArticleLoadError(source, "a report page this kit wrote, not an article (skipped)")
    declared = declared_charset(data) if ext in (".html", ".htm") else None
    decoded = decode_bytes(data, source, declared=declared)
    items = _READERS[ext](decoded.text, source)
    stem = path.stem
    if root is not None:
        try:
            rel = path.relative_to(root)
            stem = str(rel.with_suffix("")).replace("/", "__").replace("\\", "__")
        except ValueError:
            pass
    rows, skipped = [], []
    n_records = sum(1 for r in items if not isinstance(r, _Skipped))
    for row in items:
        if isinstance(row, _Skipped):
            skipped.append({"source": f"{source} ({row.where})", "error": f"{row.where} {row.problem}"})
            continue
        rec_id = row.pop("_record_id", None)
        rec_no = row.pop("_record", None)
        if rec_id is not None:
            article_id = rec_id
        elif rec_no is not None and n_records > 1:
            article_id = f"{stem}-{rec_no:04d}"
        else:
            article_id = stem
        if not str(row.get("text", "")).strip():
            problem = f"article {article_id!r} has empty text"
            if rec_no is not None and n_records > 1:
                skipped.append({"source": f"{source} (record {rec_no})", "error": problem})
                continue
            raise ArticleLoadError(source, problem)
        note = decoded.note
        for key in ("text", "title"):
            value = row.get(key)
            if isinstance(value, str) and _SURROGATE.search(value):
                # A lone surrogate (from JSON "\\ud800") is no character: it cannot be written out.
                row[key] = _SURROGATE.sub("\ufffd", value)
                note = "; ".join(filter(None, [note, f"invalid surrogate code points in the {key} replaced by U+FFFD"]))
        if "source" in row:  # front matter's or a page's own "source": kept apart from the kit's
            row["source_name"] = row.pop("source")
        record_source = source if rec_no is None or n_records == 1 else f"{source}#{rec_no}"
        rows.append({"article_id": article_id, "source": record_source, "encoding": decoded.encoding,
                     "mojibake_repaired": decoded.mojibake_repaired, "decode_note": note, **row})
    if not rows:
        raise ArticleLoadError(source, skipped[0]["error"] if skipped else "no article in the file")
    return FileRead(rows, skipped)


def _walk(folder: Path) -> tuple[list[Path], list[dict]]:
    """The files under ``folder`` in sorted order (hidden ones left out), following symbolic
    links to folders once; and every path skipped on the way, with the reason."""
    files, skipped, seen = [], [], set()

    def unreadable(exc: OSError) -> None:
        skipped.append({"source": str(exc.filename), "error": f"folder not readable ({exc.strerror}); skipped"})

    for here, dirs, names in os.walk(folder, onerror=unreadable, followlinks=True):
        real = os.path.realpath(here)
        if real in seen:
            skipped.append({"source": here, "error": "symbolic link loop (a folder inside itself); skipped"})
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = Path(here) / name
            if path.is_symlink() and not path.exists():
                skipped.append({"source": str(path), "error": "broken symbolic link (its target does not exist); skipped"})
            elif path.is_file():
                files.append(path)
        # Dangling links to folders show up among dirs; os.walk cannot enter them.
        for d in list(dirs):
            path = Path(here) / d
            if path.is_symlink() and not path.exists():
                skipped.append({"source": str(path), "error": "broken symbolic link (its target does not exist); skipped"})
    return sorted(files, key=lambda f: f.relative_to(folder).parts), skipped


def _expand(path) -> tuple[list[tuple[Path, Path | None]], bool, list[dict]]:
    """Files to read, each with the folder it was found under; whether many were asked for; and
    the paths skipped while walking folders."""
    p = Path(path)
    if p.is_dir():
        files, skipped = _walk(p)
        if not files:
            raise ArticleLoadError(str(p), "folder contains no files" + (f" ({len(skipped)} path(s) skipped: "
                                   f"{skipped[0]['source']}: {skipped[0]['error']})" if skipped else ""))
        return [(f, p) for f in files], True, skipped
    if p.exists():
        return [(p, None)], False, []
    if p.is_symlink():
        raise ArticleLoadError(str(p), "broken symbolic link (its target does not exist)")
    if any(ch in str(path) for ch in "*?["):
        matches = sorted(Path(m) for m in _glob.glob(str(path), recursive=True) if Path(m).is_file())
        if not matches:
            raise ArticleLoadError(str(path), "glob pattern matches no files")
        return [(m, None) for m in matches], True, []
    raise ArticleLoadError(str(path), "no such file or folder")


def load_errors(articles: pd.DataFrame) -> pd.DataFrame:
    """The files and records ``load_articles`` could not load (``source``, ``error``), as a table.

    They travel with the articles in ``articles.attrs["errors"]`` as a list of records, so the
    table survives ``to_parquet`` and ``read_parquet``."""
    return pd.DataFrame(list(articles.attrs.get("errors") or []), columns=["source", "error"])


def load_articles(path, *, on_error: str = "record") -> pd.DataFrame:
    """Load articles from a file, folder, glob or list of these into a DataFrame.

    One bad file among many, and one bad record in a file of many, are recorded (``source``,
    ``error``; see ``load_errors``) with ``on_error="record"``, the default, or raised with
    ``on_error="raise"``. A single file that holds no loadable article always raises. In a folder,
    files the kit does not read, broken symbolic links, link loops and unreadable folders are
    recorded too; report pages the kit wrote itself are left out.
    """
    if on_error not in ("record", "raise"):
        raise ValueError("on_error must be 'record' or 'raise'")
    paths = list(path) if isinstance(path, (list, tuple)) else [path]
    if not paths:
        raise ValueError("load_articles needs at least one path")
    targets: list[tuple[Path, Path | None]] = []
    errors: list[dict] = []
    many = len(paths) > 1
    for p in paths:
        found, is_many, skipped = _expand(p)
        targets.extend(found)
        errors.extend(skipped)
        many = many or is_many
    rows = []
    seen = set()
    for f, root in targets:
        key = f.resolve()
        if key in seen:
            continue
        seen.add(key)
        try:
            read = read_article_file(f, root=root)
        except ArticleLoadError as exc:
            if many and exc.problem.startswith("a report page this kit wrote"):
                continue
            if not many or on_error == "raise":
                raise
            errors.append({"source": exc.source, "error": exc.problem})
            continue
        if read.skipped and on_error == "raise":
            raise ArticleLoadError(read.skipped[0]["source"], read.skipped[0]["error"])
        rows.extend(read.rows)
        errors.extend(read.skipped)
    if not rows:
        detail = "; ".join(f"{e['source']}: {e['error']}" for e in errors[:5])
        raise ArticleLoadError(", ".join(map(str, paths)), f"no article could be loaded ({detail})")
    df = pd.DataFrame(rows)
    # Ids must be unique: a repeated stem (same file name in two folders) gets its folder path.
    dup = df["article_id"].duplicated(keep=False)
    if dup.any():
        df.loc[dup, "article_id"] = [f"{aid}@{Path(src.split('#')[0]).parent.as_posix().replace('/', '__')}"
                                     for aid, src in zip(df.loc[dup, "article_id"], df.loc[dup, "source"])]
        still = df["article_id"].duplicated(keep=False)
        if still.any():
            suffix = df[still].groupby("article_id").cumcount().add(1).astype(str)
            df.loc[still, "article_id"] = df.loc[still, "article_id"] + "-" + suffix
    cols = BASE_COLUMNS + [c for c in df.columns if c not in BASE_COLUMNS]
    df = df[cols].reset_index(drop=True)
    df.attrs["errors"] = errors
    if errors:
        warnings.warn(f"{len(errors)} file(s) or record(s) could not be loaded; see analysis.load_errors(df)",
                      stacklevel=2)
    return df
