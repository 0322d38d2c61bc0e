"""Open report pages from disk in headless Chromium and report what a reader would hit.

Used by tests/test_browser.py, and to make the README picture:

    python tests/browser_check.py reports/000_cfd6d3fc7ab3151e.html --screenshot docs/report.png

Chromium is Debian's package (``make browser`` installs it); Playwright only drives it
and never downloads a browser of its own.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

# Background networking off: the machines that run this have no internet, and Chromium's
# own update and safe-browsing traffic would only produce refused connections.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def check_pages(pages, *, screenshot: Path | None = None) -> list[dict]:
    """For each page: console errors, failed or non-file requests, and every image's natural size."""
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            for page_path in pages:
                url = Path(page_path).resolve().as_uri()
                page = browser.new_page(viewport={"width": 1100, "height": 1400})
                errors, requests, failed = [], [], []
                page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
                page.on("request", lambda r, requests=requests: requests.append(r.url))
                page.on("requestfailed", lambda r, failed=failed: failed.append(r.url))
                page.goto(url, wait_until="load")
                images = page.evaluate(
                    "() => Array.from(document.images).map(i => ({src: i.src.slice(0, 40), complete: i.complete,"
                    " width: i.naturalWidth, height: i.naturalHeight, alt: i.alt}))")
                if screenshot is not None and not results:
                    screenshot.parent.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(screenshot), full_page=False)
                results.append({
                    "page": str(page_path),
                    "console_errors": errors,
                    "network_requests": [u for u in requests if not u.startswith(("file:", "data:", "about:"))],
                    "failed_requests": failed,
                    "images": images,
                    "title": page.title(),
                })
                page.close()
        finally:
            browser.close()
    return results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pages", nargs="+")
    ap.add_argument("--screenshot", type=Path, default=None, help="save a picture of the first page")
    args = ap.parse_args(argv)
    if chromium_path() is None:
        print("chromium not found: run `make browser` (installs Debian's chromium)", file=sys.stderr)
        return 2
    results = check_pages(args.pages, screenshot=args.screenshot)
    print(json.dumps([{**r, "images": len(r["images"])} for r in results], indent=2))
    bad = [r for r in results if r["console_errors"] or r["network_requests"] or r["failed_requests"]
           or any(i["width"] == 0 for i in r["images"])]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
