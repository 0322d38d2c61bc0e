"""The reports in a real browser: headless Chromium opens them from disk.

Chromium is Debian's package, installed by `make browser` (a dependency of `make test`);
Playwright drives it and never downloads a browser."""
import pytest

from browser_check import check_pages, chromium_path

pytestmark = [pytest.mark.browser, pytest.mark.notebooks]


@pytest.fixture(scope="module")
def page_checks(built_reports):
    if chromium_path() is None:
        pytest.fail("chromium is not installed: `make test` installs it through `make browser`")
    return check_pages([built_reports / "index.html", built_reports / "000_cfd6d3fc7ab3151e.html",
                        built_reports / "hostile.html"])


def test_no_console_errors(page_checks):
    for result in page_checks:
        assert result["console_errors"] == [], result["page"]


def test_nothing_requested_from_the_network(page_checks):
    for result in page_checks:
        assert result["network_requests"] == [] and result["failed_requests"] == [], result["page"]


def test_every_chart_image_loads_with_nonzero_size(page_checks):
    index, seed, hostile = page_checks
    assert len(seed["images"]) >= 4
    for result in page_checks:
        for image in result["images"]:
            assert image["complete"] and image["width"] > 0 and image["height"] > 0, (result["page"], image)


def test_every_chart_has_a_text_alternative(page_checks):
    for result in page_checks:
        for image in result["images"]:
            assert image["alt"].startswith("Chart: ") and len(image["alt"]) > 20, (result["page"], image)


def test_hostile_markup_does_not_run(page_checks):
    # An <img onerror> or <script> that became markup would add an image with no size or log an error.
    hostile = page_checks[2]
    assert all(i["src"].startswith("data:image/png") for i in hostile["images"])
