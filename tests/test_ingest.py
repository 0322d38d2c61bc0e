import json
import os

import pandas as pd
import pytest

import analysis
from analysis import ArticleLoadError, load_articles
from conftest import SEED

RU = "Министр обороны Беларуси Виктор Хренин встретился с коллегой в Минске.\nПереговоры прошли за закрытыми дверями."


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_seed_loads_with_stable_id():
    a = load_articles(SEED)
    b = load_articles(str(SEED))
    assert list(a.columns[:4]) == ["article_id", "title", "text", "source"]
    assert a.loc[0, "article_id"] == b.loc[0, "article_id"] == "000_cfd6d3fc7ab3151e"
    assert a.loc[0, "text"] == SEED.read_text(encoding="utf-8").strip("\n")


@pytest.mark.parametrize("encoding,bom", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
    ("cp1251", b""), ("koi8_r", b""),
])
def test_cyrillic_encodings(tmp_path, encoding, bom):
    f = _write(tmp_path / "ru.txt", bom + RU.encode(encoding))
    df = load_articles(f)
    assert df.loc[0, "text"] == RU
    assert not df.loc[0, "text"].startswith("\ufeff")


def test_latin1(tmp_path):
    text = "Le ministre a déclaré à Genève que la réunion était terminée.\nÀ suivre."
    df = load_articles(_write(tmp_path / "fr.txt", text.encode("latin-1")))
    assert df.loc[0, "text"] == text


def test_mojibake_is_repaired(tmp_path):
    text = "Café talks in Genève – the minister’s visit."
    broken = text.encode("utf-8").decode("cp1252")
    df = load_articles(_write(tmp_path / "m.txt", broken.encode("utf-8")))
    assert df.loc[0, "text"] == text
    assert bool(df.loc[0, "mojibake_repaired"])


def test_txt_blank_line_paragraphs_and_headline(tmp_path):
    f = _write(tmp_path / "a.txt", b"Ministers meet in Minsk\n\nThe ministers met\non Tuesday.\n\nThey left.\n")
    df = load_articles(f)
    assert df.loc[0, "title"] == "Ministers meet in Minsk"
    assert df.loc[0, "text"] == "The ministers met on Tuesday.\nThey left."


def test_markdown(tmp_path):
    md = "# Talks in *Minsk*\n\nThe **ministers** met, says [the MoD](https://example.org).\n\n![map](map.png)\n\n- One point\n- `Two`\n"
    df = load_articles(_write(tmp_path / "a.md", md.encode()))
    assert df.loc[0, "title"] == "Talks in Minsk"
    assert df.loc[0, "text"] == "The ministers met, says the MoD.\nOne point\nTwo"


def test_html_drops_scripts_and_navigation(tmp_path):
    page = """<html><head><title>Site | Talks</title><meta name="author" content="A. Writer">
    <script>var x = "tracking";</script><style>p {color: red}</style></head>
    <body><nav><a href="/">Home</a> Menu</nav><article><h1>Talks in Minsk</h1>
    <p>The ministers met on Tuesday.</p><p>They left &amp; said <b>nothing</b>.</p></article>
    <footer>Copyright</footer></body></html>"""
    df = load_articles(_write(tmp_path / "a.html", page.encode()))
    assert df.loc[0, "title"] == "Talks in Minsk"
    assert df.loc[0, "text"] == "The ministers met on Tuesday.\nThey left & said nothing."
    assert "tracking" not in df.loc[0, "text"] and "Menu" not in df.loc[0, "text"]
    assert df.loc[0, "author"] == "A Writer"  # as trafilatura normalises it


def test_jsonl_and_json_keep_metadata(tmp_path):
    recs = [{"id": "a1", "headline": "One", "body": "First text.", "outlet": "X"},
            {"id": "a2", "headline": "Two", "body": "Second text.", "outlet": "Y"}]
    jl = _write(tmp_path / "a.jsonl", "\n".join(json.dumps(r) for r in recs).encode())
    js = _write(tmp_path / "b.json", json.dumps({"articles": recs}).encode())
    for f in (jl, js):
        df = load_articles(f)
        assert df["article_id"].tolist() == ["a1", "a2"]
        assert df["title"].tolist() == ["One", "Two"]
        assert df["text"].tolist() == ["First text.", "Second text."]
        assert df["outlet"].tolist() == ["X", "Y"]


def test_csv_with_text_column(tmp_path):
    f = tmp_path / "a.csv"
    pd.DataFrame({"Title": ["One"], "Text": ["Body one."], "date": ["2024-05-01"]}).to_csv(f, index=False)
    df = load_articles(f)
    assert df.loc[0, "text"] == "Body one." and df.loc[0, "title"] == "One" and df.loc[0, "date"] == "2024-05-01"
    assert df.loc[0, "article_id"] == "a"


def test_folder_is_recursive_sorted_and_records_errors(tmp_path):
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "b.txt", b"Second article body.")
    _write(tmp_path / "sub" / "a.txt", b"Nested article body.")
    _write(tmp_path / "empty.txt", b"")
    _write(tmp_path / "notes.docx", b"PK\x03\x04")
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    with pytest.warns(UserWarning, match="2 file"):
        df = load_articles(tmp_path)
    assert df["text"].tolist() == ["Second article body.", "Nested article body."]
    assert df["article_id"].tolist() == ["b", "sub__a"]
    errors = analysis.load_errors(df)
    assert sorted(os.path.basename(s) for s in errors["source"]) == ["empty.txt", "notes.docx"]
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()} == before


def test_glob_and_list(tmp_path):
    _write(tmp_path / "x.txt", b"Body x.")
    _write(tmp_path / "y.md", b"Body y.")
    assert load_articles(str(tmp_path / "*.txt"))["article_id"].tolist() == ["x"]
    assert load_articles([tmp_path / "x.txt", tmp_path / "y.md"])["article_id"].tolist() == ["x", "y"]


# ------------------------------------------------------------------ bad input: the message names the file

BAD = {
    "empty": ("empty.txt", b"", "empty"),
    "whitespace": ("blank.txt", b"  \n\n ", "empty"),
    "binary": ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    "undecodable": ("broken.txt", b"\xff\xfe" + b"\x00\xd8\x41\x00", "undecodable"),
    "unsupported": ("report.pdf", b"%PDF-1.4 text", "unsupported file type '.pdf'"),
    "json-no-text": ("a.json", b'{"title": "x", "summary": "y"}', "no text field"),
    "jsonl-no-text": ("a.jsonl", b'{"title": "x"}\n', "no text field"),
    "csv-no-text": ("a.csv", b"title,summary\nx,y\n", "no text column"),
    "bad-json": ("c.json", b'{"text": ', "not valid JSON"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_input_error_names_file(tmp_path, case):
    name, data, problem = BAD[case]
    f = _write(tmp_path / name, data)
    with pytest.raises(ArticleLoadError) as info:
        load_articles(f)
    assert str(f) in str(info.value)
    assert problem in str(info.value)


def test_missing_path_names_it(tmp_path):
    missing = tmp_path / "nope.txt"
    with pytest.raises(ArticleLoadError, match="no such file") as info:
        load_articles(missing)
    assert str(missing) in str(info.value)


def test_glob_without_match_names_pattern(tmp_path):
    with pytest.raises(ArticleLoadError, match="matches no files") as info:
        load_articles(str(tmp_path / "*.txt"))
    assert str(tmp_path) in str(info.value)
