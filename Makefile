# Two commands do everything on a fresh machine with Python 3.11+ and make:
#   make book   build the complete edition into _build/html
#   make test   build both editions and run every test
# The virtual environment (.venv) is created once from requirements.txt and reused;
# `make lab` uses a second one (.venv-lab, from requirements-lab.txt) with JupyterLab.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-requirements
LABVENV  := .venv-lab
LABSTAMP := $(LABVENV)/.installed-requirements
JB     := $(BIN)/jupyter-book
FLAGS  := -W -n --keep-going
PORT   ?= 8000
LABPORT ?= 8888
STUDENT_OUT := _build/student
# Everything a build reads. When none of it is newer than the last successful build,
# make skips the build (a no-change `make book` takes a fraction of a second);
# otherwise jupyter-book rebuilds incrementally, re-using its execution cache.
SOURCES := _config.yml _toc.yml $(shell find book exercises _ext -type f \
             -not -path '*/_starters/*' -not -path '*/__pycache__/*' \
             -not -path '*/.ipynb_checkpoints/*' -not -name '.*' 2>/dev/null)

.PHONY: all book student serve lab test clean help pdf bench audit

all: book

help:
	@echo "make book     complete edition  -> _build/html/index.html"
	@echo "make student  student edition   -> $(STUDENT_OUT)/_build/html/index.html"
	@echo "make serve    preview the complete edition on http://127.0.0.1:$(PORT) (PORT=... to change)"
	@echo "make lab      open the labs in JupyterLab on 127.0.0.1:$(LABPORT)"
	@echo "make pdf      print the course pack of both editions -> _build/pdf/complete.pdf, student.pdf"
	@echo "make bench    measure build times and page weights (rebuilds from clean)"
	@echo "make audit    Lighthouse on every page, mobile and desktop (EDITIONS=\"complete student\")"
	@echo "make test     build both editions and run the whole test suite"
	@echo "make clean    remove the builds (keeps .venv and .venv-lab)"

# The stamp is newer than requirements.txt once the pinned packages are installed.
$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $(STAMP)

book: _build/.complete.stamp
	@echo "Complete edition: $(CURDIR)/_build/html/index.html"

# Sphinx notices changed pages and configuration, not changed extension code: when a
# file in _ext/ is newer than the last build, every page is written again (--all; the
# execution cache still spares re-running notebooks).
ALL_IF_EXT = $(if $(filter _ext/%,$?),--all,)

_build/.complete.stamp: $(STAMP) $(SOURCES)
	$(JB) build . $(FLAGS) $(ALL_IF_EXT)
	@touch $@

student: _build/.student.stamp
	@echo "Student edition: $(CURDIR)/$(STUDENT_OUT)/_build/html/index.html"

_build/.student.stamp: $(STAMP) $(SOURCES)
	BOOK_EDITION=student $(JB) build . $(FLAGS) $(ALL_IF_EXT) --path-output $(STUDENT_OUT)
	@touch $@

# Served compressed, as a real host serves it (and as the tests and `make audit` see it).
serve: book
	$(BIN)/python tests/gzserve.py _build/html $(PORT)

# JupyterLab refuses to run as root unless told; containers and CI machines often are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

# JupyterLab lives in its own environment: with it installed, every build of the book
# paid 2.5 s at start-up (see requirements.txt).
$(LABSTAMP): requirements-lab.txt requirements.txt
	$(PYTHON) -m venv $(LABVENV)
	$(LABVENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-lab.txt
	@touch $(LABSTAMP)

lab: $(LABSTAMP)
	@echo "Open the URL printed below (with its token) in a browser; Ctrl-C stops JupyterLab."
	$(LABVENV)/bin/python -m jupyter lab --ip=127.0.0.1 --port=$(LABPORT) --no-browser $(ROOT_FLAG) \
	  --ServerApp.root_dir=$(CURDIR)/exercises

pdf: book student
	$(BIN)/python tests/coursepack.py complete student

bench: $(STAMP)
	$(BIN)/python tests/bench.py

# Node tools, pinned in package.json and package-lock.json: the Nu HTML Checker for the
# tests and Lighthouse for `make audit`.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

# Lighthouse on every page, mobile and desktop, served with compression; fails below the
# thresholds in tests/audit.py. Takes about 10 minutes per edition, so CI runs it after
# `make test` (.ci/run) rather than inside it. EDITIONS="complete student" audits both.
EDITIONS ?= complete
audit: $(NODE_STAMP) $(if $(filter student,$(EDITIONS)),student,) book
	$(BIN)/python tests/audit.py $(EDITIONS)

clean:
	rm -rf _build exercises/_starters
