"""What the self-contained app relies on: explicit command modules, one version, data found in
a frozen bundle, lock files that pin and hash everything, and no unlisted third-party package."""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

import glutedesk
from glutedesk import paths
from glutedesk.cli import COMMAND_MODULES
from glutedesk.third_party import COMPONENTS, NOT_SHIPPED

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)")


def locked(name: str) -> dict[str, str]:
    """The ``name == version`` pins of one lock file, checking each carries a hash."""
    pins: dict[str, str] = {}
    current = None
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            current = match.group(1).lower().replace("_", "-")
            pins[current] = match.group(2)
        elif "--hash=sha256:" in line and current is not None:
            pins.setdefault(f"{current}#hashed", "yes")
    unhashed = [p for p in pins if "#" not in p and f"{p}#hashed" not in pins]
    assert not unhashed, f"{name}: pins without a hash: {unhashed}"
    return {k: v for k, v in pins.items() if "#" not in k}


def test_every_cli_module_is_imported_by_name():
    on_disk = {p.stem for p in (ROOT / "glutedesk" / "cli").glob("*.py") if p.stem != "__init__"}
    assert on_disk == set(COMMAND_MODULES)


def test_the_version_is_written_once():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in data["project"] and "version" in data["project"]["dynamic"]
    assert data["tool"]["hatch"]["version"]["path"] == "glutedesk/__init__.py"
    assert metadata.version("glutedesk") == glutedesk.__version__


def test_lock_files_pin_and_hash_every_package_consistently():
    app = locked("requirements.lock")
    test = locked("requirements-test.lock")
    bundle = locked("requirements-bundle.lock")
    assert {"pyside6-essentials", "matplotlib", "reportlab", "sqlite-utils"} <= set(app)
    assert {"pytest", "ruff"} <= set(test) and "pytest" not in app
    assert bundle["pyinstaller"].startswith("6.")
    for other in (test, bundle):
        assert {name: other.get(name) for name in app} == app


def test_every_shipped_package_is_listed_with_its_licence():
    shipped = set(locked("requirements.lock")) - NOT_SHIPPED
    listed = {c.distribution for c in COMPONENTS}
    assert shipped == listed
    assert all(c.licence for c in COMPONENTS)
    qt = next(c for c in COMPONENTS if c.distribution == "pyside6-essentials")
    assert "LGPL" in qt.licence


def test_data_is_found_inside_a_frozen_bundle(tmp_path, monkeypatch):
    bundle_data = tmp_path / "glutedesk" / "_data"
    (bundle_data / "resources").mkdir(parents=True)
    (bundle_data / "diagrams").mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    paths._data_root.cache_clear()
    try:
        assert paths.resources_dir() == bundle_data / "resources"
        assert paths.diagram("regions.json") == bundle_data / "diagrams" / "regions.json"
    finally:
        monkeypatch.undo()
        paths._data_root.cache_clear()
    assert paths.resource("tests.json").is_file()  # back to this checkout's own data


@pytest.mark.parametrize(
    "path",
    [
        "packaging/glutedesk.spec",
        "packaging/windows/glutedesk.iss",
        "packaging/macos/Info.plist",
        "packaging/linux/glutedesk.desktop",
        "resources/glutedesk.svg",
        ".github/workflows/release-windows.yml",
        ".github/workflows/release-macos.yml",
    ],
)
def test_release_sources_are_checked_in(path):
    assert (ROOT / path).is_file()


def test_platform_metadata_carries_the_one_version(tmp_path):
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import bundle_info
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    version = bundle_info.project_version()
    assert version == glutedesk.__version__
    plist = bundle_info.info_plist(version)
    assert plist["CFBundleShortVersionString"] == version
    text = Path(bundle_info.write_windows_version_file("2.10.3", tmp_path / "v.txt")).read_text()
    assert "(2, 10, 3, 0)" in text and "'2.10.3'" in text and "@" not in text
