# Two commands for a fresh machine:
#   make run   - create .venv, install GluteDesk (only what the app needs), launch it
#   make test  - add the test tools, run ruff, the layer contracts and all tests
# And for releases:
#   make bundle - build the self-contained app in dist/GluteDesk/ (PyInstaller, packaging/)
#   make lock   - refresh the lock files from pyproject.toml (docs/packaging.md)
# Every install uses the lock files (exact versions, checked against their hashes), then the
# project itself without dependencies.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
APP_STAMP    := $(VENV)/.installed-app
STAMP        := $(VENV)/.installed
BUNDLE_STAMP := $(VENV)/.installed-bundle
LOCKED := $(BIN)/python -m pip install --quiet --require-hashes
PIP_COMPILE_FLAGS := --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links

.PHONY: run test lint contracts demo bench bundle check-bundle icons lock qt-libs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(APP_STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(LOCKED) -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(APP_STAMP)

$(STAMP): requirements-test.lock $(APP_STAMP)
	$(LOCKED) -r requirements-test.lock
	touch $(STAMP)

$(BUNDLE_STAMP): requirements-bundle.lock $(APP_STAMP)
	$(LOCKED) -r requirements-bundle.lock
	touch $(BUNDLE_STAMP)

qt-libs: $(APP_STAMP)
	@PYTHON=$(BIN)/python sh packaging/linux/check-qt-libs.sh

run: $(APP_STAMP) qt-libs
	$(BIN)/glutedesk

demo: $(APP_STAMP)
	$(BIN)/glutedesk demo

lint: $(STAMP)
	$(BIN)/ruff check glutedesk tests scripts diagrams/tools packaging
	$(BIN)/ruff format --check glutedesk tests scripts diagrams/tools packaging

contracts: $(STAMP)
	$(BIN)/lint-imports

.PHONY: types
types: $(STAMP)
	$(BIN)/mypy

# Three pytest workers (pytest-xdist), each file's tests kept in one worker so a module's
# fixtures are built once. On 2 cores a third worker fills the time one of them waits for a
# real `glutedesk` process, a timer or the disk: 3 min 14 s against 3 min 43 s with two, the
# same CPU (docs/benchmark.md, "The suite's time, third round"). TEST_WORKERS=0 runs
# everything in one process. PYTHONDONTWRITEBYTECODE (set on the CI machine) is lifted
# for the tests: the suite's hundreds of real `glutedesk` processes then load GluteDesk's
# compiled modules (__pycache__, ignored by git) instead of compiling them each time, a third
# of their CPU time.
TEST_WORKERS ?= 3
test: lint contracts types
	env -u PYTHONDONTWRITEBYTECODE QT_QPA_PLATFORM=offscreen \
		$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

bench: $(STAMP)
	$(BIN)/glutedesk bench

icons: $(APP_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/make_icons.py build/icons

bundle: $(BUNDLE_STAMP) icons
	rm -rf dist/GluteDesk
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/glutedesk.spec
	sh packaging/linux/finish_folder.sh dist/GluteDesk build/icons
	@du -sh dist/GluteDesk

# Runs the built app from outside the source tree in a clean environment (what CI does).
check-bundle:
	sh packaging/check_bundle.sh dist/GluteDesk/glutedesk

# pip-tools lives in its own venv so it never changes the app's locked packages.
LOCK_BIN := build/lock-venv/bin
lock:
	test -x $(LOCK_BIN)/pip-compile || ($(PYTHON) -m venv build/lock-venv && \
		$(LOCK_BIN)/python -m pip install --quiet "pip-tools>=7.4")
	$(LOCK_BIN)/pip-compile $(PIP_COMPILE_FLAGS) -o requirements.lock pyproject.toml
	$(LOCK_BIN)/pip-compile $(PIP_COMPILE_FLAGS) --extra test -o requirements-test.lock pyproject.toml
	$(LOCK_BIN)/pip-compile $(PIP_COMPILE_FLAGS) --extra bundle -o requirements-bundle.lock pyproject.toml

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
