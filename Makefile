# The two front-door commands: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench lint translations package clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Ideogram Studio needs Python 3.11 or newer; set PYTHON=python3.11 (or newer).")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[heic,test]'
	@touch $@

run: $(STAMP)
	$(PY) -m ideogram_studio $(ARGS)

test: $(STAMP)
	$(PY) -m ruff check ideogram_studio tests benchmarks
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) benchmarks/run.py

# The standalone app, one folder: dist/ideogram-studio/ (see packaging/README.md).
package: $(STAMP)
	$(PY) -m PyInstaller packaging/ideogram-studio.spec --noconfirm --distpath dist --workpath build/pyinstaller

# After changing texts in the code: refresh the .ts, translate what is new, compile the .qm.
translations: $(STAMP)
	$(PY) packaging/translations.py

lint: $(STAMP)
	$(PY) -m ruff check ideogram_studio tests benchmarks
	$(PY) -m ruff format --check ideogram_studio tests benchmarks

clean:
	rm -rf $(VENV) build dist *.egg-info
