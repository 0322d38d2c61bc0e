"""Ingest: read articles from files into one DataFrame.

Stage 1 of ingest -> normalise -> tokenise -> annotate -> aggregate -> present.

``load_articles`` takes a file, a folder (read recursively, in sorted order), a
glob pattern, or a list of these, and returns one row per article with
``article_id, title, text, source`` plus any metadata the file carries
(``encoding``, ``mojibake_repaired`` and, for JSON and CSV, the other fields).

Bad input raises :class:`ArticleLoadError` naming the file and the problem. When
several files are loaded (a folder, a glob or a list), a bad file does not stop
the rest: its error is kept in ``df.attrs["errors"]`` (a DataFrame with
``source`` and ``error``) and a warning says how many failed. Files are only
ever read.

>>> arts = load_articles("seeds/000_cfd6d3fc7ab3151e.txt")      # doctest: +SKIP
>>> arts.loc[0, ["article_id", "source", "encoding"]].tolist()  # doctest: +SKIP
['000_cfd6d3fc7ab3151e', 'seeds/000_cfd6d3fc7ab3151e.txt', 'utf-8']
"""
from __future__ import annotations

import codecs
import glob as _glob
import io
import json
import re
import warnings
from pathlib import Path

import pandas as pd

__all__ = ["load_articles", "read_article_file", "decode_bytes", "ArticleLoadError", "SUPPORTED_EXTENSIONS"]

SUPPORTED_EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl", ".json", ".csv")
TEXT_FIELDS = ("text", "body", "content", "article", "article_text", "full_text", "story")
TITLE_FIELDS = ("title", "headline", "heading")
ID_FIELDS = ("article_id", "id", "doc_id", "uid")
BASE_COLUMNS = ["article_id", "title", "text", "source"]

# Legacy encodings worth trying when a file is not UTF-8: the region the seed covers
# writes Windows-1251 and KOI8-R; Western files are Windows-1252 or Latin-1.
LEGACY_ENCODINGS = ("cp1251", "koi8_r", "cp1252", "latin_1")


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


def decode_bytes(data: bytes, source="<bytes>") -> tuple[str, str, bool]:
    """Decode a file's bytes: (text, encoding, mojibake_repaired).

    BOMs are honoured (UTF-8, UTF-16, UTF-32); otherwise strict UTF-8 is tried,
    then the legacy encodings, chosen by ``charset_normalizer``. Text that was
    UTF-8 decoded as a legacy encoding and saved again (mojibake such as
    "ÐœÐ¸Ð½ÑÐº") is repaired with ``ftfy.fix_encoding``.
    """
    if not data.strip():
        raise ArticleLoadError(source, "file is empty")
    encoding = None
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
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            from charset_normalizer import from_bytes

            best = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
            if best is None:
                raise ArticleLoadError(source, "undecodable text: not UTF-8 and not readable as any of "
                                               + ", ".join(LEGACY_ENCODINGS)) from None
            encoding = best.encoding
            text = str(best)
    if not text.strip():
        raise ArticleLoadError(source, "file is empty (only whitespace)")
    if len(_CONTROL.findall(text[:4096])) > max(3, len(text[:4096]) // 100):
        raise ArticleLoadError(source, f"binary file: control characters in the text (read as {encoding})")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    repaired = False
    if not text.isascii():
        import ftfy

        fixed = ftfy.fix_encoding(text)
        if fixed != text:
            text, repaired = fixed, True
    return text, encoding, repaired


# --------------------------------------------------------------------------- formats

def _paragraphs_from_plain(text: str) -> list[str]:
    """Paragraph per line, or blank-line separated paragraphs with wrapped lines joined."""
    text = text.strip("\n")
    if re.search(r"\n[ \t]*\n", text):
        blocks = re.split(r"\n[ \t]*\n", text)
        return [" ".join(line.strip() for line in b.splitlines() if line.strip()) for b in blocks if b.strip()]
    return [line.strip() for line in text.splitlines() if line.strip()]


def _looks_like_headline(line: str) -> bool:
    return len(line.split()) <= 15 and not re.search(r"[.!?:;,]['\"’”]?$", line)


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


def _blocks_from_html(soup) -> tuple[str, list[str]]:
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "aside", "form",
                     "iframe", "svg", "button", "template", "menu"]):
        tag.decompose()
    h1 = soup.find("h1")
    title = h1.get_text(" ", strip=True) if h1 else ""
    if not title and soup.title:
        title = soup.title.get_text(" ", strip=True)
    root = soup.find("article") or soup.find("main") or soup.body or soup
    blocks = _text_blocks(root, ["p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre"], ["p", "li", "blockquote"])
    if not blocks:
        txt = root.get_text("\n", strip=True)
        blocks = [re.sub(r"[ \t]+", " ", line).strip() for line in txt.splitlines() if line.strip()]
        if title and blocks and blocks[0] == title:
            blocks = blocks[1:]
    return title, blocks


def _read_html(text: str, source: str) -> list[dict]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "lxml")
    meta = {}
    for m in soup.find_all("meta"):
        key = m.get("name") or m.get("property")
        if key in ("author", "description", "article:published_time", "og:site_name", "date"):
            meta[key.replace("article:", "").replace("og:", "")] = m.get("content", "")
    title, blocks = _blocks_from_html(soup)
    if not blocks:
        raise ArticleLoadError(source, "no article text found in the HTML page")
    return [{"title": title, "text": "\n".join(blocks), **meta}]


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


def _records_to_rows(records, source: str) -> list[dict]:
    rows = []
    for i, rec in enumerate(records):
        if not isinstance(rec, dict):
            raise ArticleLoadError(source, f"record {i + 1} is a {type(rec).__name__}, expected an object")
        field = next((f for f in TEXT_FIELDS if f in rec), None)
        if field is None:
            raise ArticleLoadError(source, f"record {i + 1} has no text field (looked for "
                                           f"{', '.join(TEXT_FIELDS)}; found {', '.join(map(str, rec)) or 'nothing'})")
        row = {k: v for k, v in rec.items() if k != field}
        row["text"] = "" if rec[field] is None else str(rec[field])
        tfield = next((f for f in TITLE_FIELDS if f in rec), None)
        row["title"] = str(rec[tfield]) if tfield and rec[tfield] is not None else ""
        if tfield and tfield != "title":
            row.pop(tfield, None)
        idf = next((f for f in ID_FIELDS if f in rec and rec[f] not in (None, "")), None)
        if idf:
            row["_record_id"] = str(rec[idf])
            if idf != "article_id":
                row.pop(idf, None)
        row.pop("article_id", None)
        row["_record"] = i
        rows.append(row)
    if not rows:
        raise ArticleLoadError(source, "no records in the file")
    return rows


def _read_jsonl(text: str, source: str) -> list[dict]:
    records = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ArticleLoadError(source, f"line {n} is not valid JSON ({exc.msg})") from None
    return _records_to_rows(records, source)


def _read_json(text: str, source: str) -> list[dict]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArticleLoadError(source, f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if isinstance(data, dict):
        nested = next((data[k] for k in ("articles", "records", "data", "items") if isinstance(data.get(k), list)), None)
        data = nested if nested is not None else [data]
    if not isinstance(data, list):
        raise ArticleLoadError(source, "JSON must be an object, a list of objects or {\"articles\": [...]}")
    return _records_to_rows(data, source)


def _read_csv(text: str, source: str) -> list[dict]:
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ArticleLoadError(source, f"not valid CSV ({exc})") from None
    cols = {c.lower().strip(): c for c in df.columns}
    if not any(f in cols for f in TEXT_FIELDS):
        raise ArticleLoadError(source, f"CSV has no text column (looked for {', '.join(TEXT_FIELDS)}; "
                                       f"found {', '.join(df.columns)})")
    df = df.rename(columns={orig: low for low, orig in cols.items() if low in TEXT_FIELDS + TITLE_FIELDS + ID_FIELDS})
    return _records_to_rows(df.to_dict("records"), source)


_READERS = {".txt": _read_txt, ".md": _read_markdown, ".markdown": _read_markdown, ".html": _read_html,
            ".htm": _read_html, ".jsonl": _read_jsonl, ".json": _read_json, ".csv": _read_csv}


def read_article_file(path, *, root: Path | None = None) -> list[dict]:
    """Read one file into article rows (dicts); raises ArticleLoadError naming the file."""
    path = Path(path)
    source = str(path)
    if not path.exists():
        raise ArticleLoadError(source, "no such file or folder")
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
    text, encoding, repaired = decode_bytes(data, source)
    rows = _READERS[ext](text, source)
    stem = path.stem
    if root is not None:
        try:
            rel = path.relative_to(root)
            stem = str(rel.with_suffix("")).replace("/", "__").replace("\\", "__")
        except ValueError:
            pass
    out = []
    for row in rows:
        rec_id = row.pop("_record_id", None)
        rec_no = row.pop("_record", None)
        if rec_id is not None:
            article_id = rec_id
        elif rec_no is not None and len(rows) > 1:
            article_id = f"{stem}-{rec_no + 1:04d}"
        else:
            article_id = stem
        if not str(row.get("text", "")).strip():
            raise ArticleLoadError(source, f"article {article_id!r} has empty text")
        out.append({"article_id": article_id, "source": source, "encoding": encoding,
                    "mojibake_repaired": repaired, **row})
    return out


def _expand(path) -> tuple[list[tuple[Path, Path | None]], bool]:
    """Files to read, each with the folder it was found under; and whether many were asked for."""
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts))
        if not files:
            raise ArticleLoadError(str(p), "folder contains no files")
        return [(f, p) for f in files], True
    if p.exists():
        return [(p, None)], False
    if any(ch in str(path) for ch in "*?["):
        matches = sorted(Path(m) for m in _glob.glob(str(path), recursive=True) if Path(m).is_file())
        if not matches:
            raise ArticleLoadError(str(path), "glob pattern matches no files")
        return [(m, None) for m in matches], True
    raise ArticleLoadError(str(path), "no such file or folder")


def load_articles(path, *, on_error: str = "record") -> pd.DataFrame:
    """Load articles from a file, folder, glob or list of these into a DataFrame.

    One bad file among many is recorded in ``df.attrs["errors"]`` (``on_error="record"``,
    the default) or raised (``on_error="raise"``). A single file that is bad always raises.
    In a folder, files with extensions the kit does not read are skipped and recorded too.
    """
    if on_error not in ("record", "raise"):
        raise ValueError("on_error must be 'record' or 'raise'")
    paths = list(path) if isinstance(path, (list, tuple)) else [path]
    if not paths:
        raise ValueError("load_articles needs at least one path")
    targets: list[tuple[Path, Path | None]] = []
    many = len(paths) > 1
    for p in paths:
        found, is_many = _expand(p)
        targets.extend(found)
        many = many or is_many
    rows, errors = [], []
    seen = set()
    for f, root in targets:
        key = f.resolve()
        if key in seen:
            continue
        seen.add(key)
        try:
            rows.extend(read_article_file(f, root=root))
        except ArticleLoadError as exc:
            if not many or on_error == "raise":
                raise
            errors.append({"source": exc.source, "error": exc.problem})
    if not rows:
        detail = "; ".join(f"{e['source']}: {e['error']}" for e in errors[:5])
        raise ArticleLoadError(", ".join(map(str, paths)), f"no article could be loaded ({detail})")
    df = pd.DataFrame(rows)
    # Ids must be unique: a repeated stem (same file name in two folders) gets its folder path.
    dup = df["article_id"].duplicated(keep=False)
    if dup.any():
        df.loc[dup, "article_id"] = [f"{aid}@{Path(src).parent.as_posix().replace('/', '__')}"
                                     for aid, src in zip(df.loc[dup, "article_id"], df.loc[dup, "source"])]
        still = df["article_id"].duplicated(keep=False)
        if still.any():
            df.loc[still, "article_id"] = df.loc[still, "article_id"] + "-" + df[still].groupby("article_id").cumcount().add(1).astype(str)
    cols = BASE_COLUMNS + [c for c in df.columns if c not in BASE_COLUMNS]
    df = df[cols].reset_index(drop=True)
    df.attrs["errors"] = pd.DataFrame(errors, columns=["source", "error"])
    if errors:
        warnings.warn(f"{len(errors)} file(s) could not be loaded; see df.attrs['errors']", stacklevel=2)
    return df
