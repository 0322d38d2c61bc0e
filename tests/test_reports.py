"""Reports a colleague can be handed: pages without notebook scaffolding, readable tables, true
wording at the extremes, comparison by outlet and over time, and profiles that show themselves."""
import json
import re
import subprocess
import sys

import pandas as pd
import pytest

import analysis
from analysis import compare, readable
from analysis.reference import compared
from conftest import DATA, ROOT, eval_file

# What only a notebook's author needs, and raw floats of more than three decimals.
SCAFFOLDING = re.compile(r"Change `|ARTICLE_ID|GROUP_BY|INTERACTIVE|PROFILES")
LONG_FLOAT = re.compile(r"(?<![\w.])-?\d+\.\d{4,}(?![\w.])")
ABSOLUTE_PATH = re.compile(r"(?:/tmp/|/home/|/root/|/work/|[A-Z]:\\\\)")


def _visible(page: str) -> str:
    """The page without its embedded images (base64 holds no dots, but is long)."""
    return re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", page)


@pytest.mark.notebooks
def test_report_pages_hold_no_scaffolding_paths_or_raw_floats(built_reports):
    for page in built_reports.glob("*.html"):
        text = _visible(page.read_text(encoding="utf-8"))
        assert not SCAFFOLDING.search(text), (page.name, SCAFFOLDING.search(text).group(0))
        assert not ABSOLUTE_PATH.search(text), (page.name, ABSOLUTE_PATH.search(text).group(0))
        assert not LONG_FLOAT.search(text), (page.name, LONG_FLOAT.search(text).group(0))


@pytest.mark.notebooks
def test_article_page_has_header_navigation_and_glossary(built_reports):
    seed = (built_reports / "000_cfd6d3fc7ab3151e.html").read_text(encoding="utf-8")
    hostile = (built_reports / "hostile.html").read_text(encoding="utf-8")
    assert "<h1>000_cfd6d3fc7ab3151e</h1>" in seed  # no title: the id
    assert "<h1>Markup in an article must stay text</h1>" in hostile
    assert f"news-analysis-kit {analysis.__version__}" in seed and "UTC" in seed
    assert "file <code>000_cfd6d3fc7ab3151e.txt</code>" in seed
    assert '<a href="index.html">' in seed and 'rel="next" ' not in seed.replace('rel="next">', "")
    assert 'href="hostile.html" rel="next"' in seed and 'href="000_cfd6d3fc7ab3151e.html" rel="prev"' in hostile
    assert 'class="kit-glossary"' in seed and "<dt>hedge density</dt>" in seed


def test_tables_are_labelled_rounded_and_numbered_from_one(seed_profile):
    shown = readable.readable(seed_profile.sentences, columns=["sent_id", "para_id", "sentiment", "hedged"])
    assert list(shown.columns) == ["sentence", "paragraph", "sentiment", "hedged"]
    assert shown["sentence"].tolist() == list(range(1, len(seed_profile.sentences) + 1))
    assert shown["paragraph"].iloc[0] == 1
    assert all(re.fullmatch(r"[+-]\d\.\d\d", v) for v in shown["sentiment"])
    summary = readable.summary_table(seed_profile.summary).set_index("measure")["value"]
    assert summary["hedged sentences"] == f"{seed_profile.summary['hedged_share']:.0%}"
    assert summary["language"] == "English"


def test_percentile_wording_is_true_at_zero_and_at_the_top():
    assert compared("newswire", "hedge_density", 0.0, more="more hedged", less="less hedged").startswith("none, like")
    top = compared("newswire", "hedge_density", 50.0, more="more hedged", less="less hedged")
    assert top.startswith("more hedged than any of the")
    near_top = compared("newswire", "hedge_density", 3.4, more="more hedged", less="less hedged")
    assert "100%" not in near_top and "0%" not in near_top.replace("10%", "")
    unhedged = analysis.profile_article("The bridge opened on Monday. Traffic was light. The mayor cut a ribbon.")
    assert unhedged.findings[0].startswith("No sentence carries a hedge or weasel cue: none, like")


def _grouped_summary():
    values = {"A": [2.0, 2.4, 1.9, 2.2, 2.1], "B": [0.5, 0.7, 0.4, 0.6, 0.5], "C": [1.9, 0.6, 2.3, 0.4, 1.2]}
    rows = [(f"{g}{i}", g, v) for g, vs in values.items() for i, v in enumerate(vs)]
    summary = pd.DataFrame({"hedge_density": [v for _, _, v in rows]}, index=[r[0] for r in rows])
    return summary, pd.Series([g for _, g, _ in rows], index=summary.index)


def test_comparison_claims_a_difference_only_where_the_interval_leaves_out_zero():
    summary, groups = _grouped_summary()
    diffs = compare.median_differences(summary, groups, measures=["hedge_density"])
    ab = diffs[(diffs.group_a == "A") & (diffs.group_b == "B")].iloc[0]
    ac = diffs[(diffs.group_a == "A") & (diffs.group_b == "C")].iloc[0]
    assert ab.ci_low > 0 and ac.ci_low < 0 < ac.ci_high
    medians = compare.group_medians(summary, groups, measures=["hedge_density"])
    said = compare.comparison_findings(diffs, medians, by="outlet", label=readable.label,
                                       describe=readable.format_value)
    assert said == [f"A is higher than B in hedge density: median 2.1 vs 0.5, 95% CI of the difference "
                    f"{readable.format_value('hedge_density', ab.ci_low)} to "
                    f"{readable.format_value('hedge_density', ab.ci_high)} (5 and 5 articles)."]
    # Two groups that overlap: no claim, and the sentence says so.
    overlap = groups[groups.isin(["A", "C"])]
    medians_ac = compare.group_medians(summary.loc[overlap.index], overlap, measures=["hedge_density"])
    diffs_ac = compare.median_differences(summary.loc[overlap.index], overlap, measures=["hedge_density"])
    said = compare.comparison_findings(diffs_ac, medians_ac, by="outlet", label=readable.label,
                                       describe=readable.format_value)
    assert said[0].startswith("No outlet clearly differs in hedge density")


def test_comparison_is_the_same_in_every_run_and_any_order():
    summary, groups = _grouped_summary()
    first = compare.group_medians(summary, groups, measures=["hedge_density"])
    shuffled = summary.sample(frac=1.0, random_state=3)
    again = compare.group_medians(shuffled, groups.loc[shuffled.index], measures=["hedge_density"])
    pd.testing.assert_frame_equal(first, again)


def test_group_by_an_unknown_column_names_the_columns_there_are():
    corpus = analysis.profile_corpus(paths=DATA / "three_articles.jsonl", workers=1, progress=False)
    with pytest.raises(KeyError, match="publisher"):
        corpus.compare("outlet")
    months = corpus.compare("date", period="month")
    assert sorted(months.groups.unique()) == ["2026-03", "2026-04"]
    assert corpus.over_time(period="month")["period"].unique().tolist() == ["2026-03", "2026-04"]
    few = corpus.compare("publisher")
    assert few.findings[0].startswith("Too few articles to compare by publisher")


def test_profiles_show_themselves_and_write_a_page(tmp_path, seed_profile):
    shown = seed_profile._repr_html_()
    assert "<li>" in shown and "hedge density" in shown
    page = seed_profile.to_html(tmp_path / "seed.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and page.count('<img class="kit-chart" alt="Chart: ') >= 4
    assert "<script" not in page and not LONG_FLOAT.search(_visible(page))
    hostile = analysis.profile_article('Officials may meet. <script>alert("x")</script> <img src=x onerror=alert(1)>')
    page = hostile.to_html(tmp_path / "hostile.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "onerror=alert" not in page.replace(
        "&lt;img src=x onerror=alert(1)&gt;", "")
    corpus = analysis.profile_corpus(paths=DATA / "three_articles.jsonl", workers=1, progress=False)
    assert "3 articles profiled" in corpus._repr_html_()
    page = corpus.to_html(tmp_path / "corpus.html", group_by="publisher").read_text(encoding="utf-8")
    assert "Too few articles to compare by publisher" in page and "Corpus report" in page


def test_validate_without_data_says_where_it_goes(tmp_path):
    run = subprocess.run([sys.executable, "-m", "analysis", "validate", "--eval-dir", str(tmp_path / "none")],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert str(tmp_path / "none") in run.stderr and "sentiment_nyt_dev.tsv" in run.stderr


def test_readme_picture_is_not_older_than_what_it_shows():
    """`make screenshot` refreshes docs/report.png; it is committed with (or after) the last change to
    the article notebook and the page code it pictures."""
    def last_commit(*paths):
        found = subprocess.run(["git", "log", "-1", "--format=%ct", "--", *paths], cwd=ROOT, capture_output=True,
                               text=True)
        return int(found.stdout.strip() or 0) if found.returncode == 0 else None

    picture = last_commit("docs/report.png")
    shown = last_commit("notebooks/01-article-profile.ipynb", "analysis/pages.py", "analysis/readable.py")
    if picture is None or shown is None:
        pytest.skip("not a git checkout")
    assert picture >= shown, "run `make screenshot` and commit docs/report.png"


@pytest.fixture(scope="module")
def polnear_reports(tmp_path_factory):
    """`report --group-by publisher` on PolNeAR dev articles (three per publisher, dates from the doc names)."""
    rows = [json.loads(line) for line in eval_file("attribution_polnear_dev.jsonl").open(encoding="utf-8")]
    picked, seen = [], {}
    for r in rows:
        if seen.get(r["publisher"], 0) < 3:
            seen[r["publisher"]] = seen.get(r["publisher"], 0) + 1
            picked.append({"id": r["doc"], "publisher": r["publisher"], "date": r["doc"].split("_")[1],
                           "text": r["text"]})
    src = tmp_path_factory.mktemp("polnear") / "polnear_dev.jsonl"
    src.write_text("\n".join(json.dumps(p) for p in picked), encoding="utf-8")
    out = tmp_path_factory.mktemp("polnear_reports")
    run = subprocess.run([sys.executable, "-m", "analysis", "report", str(src), "--out", str(out), "--no-progress",
                          "--group-by", "publisher"], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    return out, picked


@pytest.mark.notebooks
def test_grouped_report_compares_publishers_over_time(polnear_reports):
    out, picked = polnear_reports
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<h2>Compared by publisher</h2>" in index
    for publisher in {p["publisher"] for p in picked}:
        assert f"<td>{publisher}</td><td>3</td>" in index
    assert "95% CI of the difference" in index
    assert 'alt="Chart: Measures by publisher' in index and 'alt="Chart: Measures over time' in index
    assert "Most mentioned, per publisher" in index
    for p in picked:
        page = (out / f"{p['id']}.html").read_text(encoding="utf-8")
        assert '<a href="index.html">' in page and f"outlet {p['publisher']}" in page and p["date"] in page
    for page in out.glob("*.html"):
        text = _visible(page.read_text(encoding="utf-8"))
        assert not SCAFFOLDING.search(text) and not ABSOLUTE_PATH.search(text) and not LONG_FLOAT.search(text)


@pytest.mark.browser
@pytest.mark.notebooks
def test_grouped_report_opens_in_a_browser(polnear_reports):
    from browser_check import check_pages, chromium_path

    if chromium_path() is None:
        pytest.fail("chromium is not installed: `make test` installs it through `make browser`")
    out, picked = polnear_reports
    results = check_pages([out / "index.html", out / f"{picked[0]['id']}.html"])
    for result in results:
        assert result["console_errors"] == [] and result["network_requests"] == [], result["page"]
        assert result["images"] and all(i["complete"] and i["width"] > 0 and i["alt"] for i in result["images"])
