"""Per-machine preferences in ``QSettings``: window and splitter sizes, the last and recent
clinics, the folders last used. Clinic data never goes here (it stays in the clinic file).

The settings are an INI file in the user's configuration folder (``$XDG_CONFIG_HOME/GluteDesk``
on Linux, ``%APPDATA%\\GluteDesk`` on Windows, ``~/Library/Preferences`` on macOS), so tests
point Qt at a temporary folder (``QSettings.setPath`` or ``XDG_CONFIG_HOME``) and never touch
the real user's settings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

ORGANIZATION = "GluteDesk"
APPLICATION = "GluteDesk"
RECENT_LIMIT = 8


def settings() -> QSettings:
    """The per-user settings file (INI format on every system: readable, and easy to reset)."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
    )


def _path_list(value: object) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value]  # type: ignore[union-attr]


def last_clinic() -> Path | None:
    """The clinic open when GluteDesk last closed, if that file still exists."""
    value = settings().value("clinics/last")
    if not value:
        return None
    path = Path(str(value))
    return path if path.is_file() else None


def recent_clinics() -> list[Path]:
    """The clinics opened most recently, newest first (missing files included: shown greyed)."""
    return [Path(p) for p in _path_list(settings().value("clinics/recent"))]


def add_recent_clinic(path: Path, *, last: bool = True) -> None:
    """Put ``path`` at the top of the recent list and, with ``last``, open it next time."""
    path = Path(path).absolute()
    store = settings()
    recent = [p for p in _path_list(store.value("clinics/recent")) if Path(p) != path]
    if last:
        store.setValue("clinics/last", str(path))
    store.setValue("clinics/recent", [str(path), *recent][:RECENT_LIMIT])
    store.sync()


def forget_recent(path: Path) -> None:
    """Take a clinic off the recent list (it was moved or deleted)."""
    store = settings()
    recent = [p for p in _path_list(store.value("clinics/recent")) if Path(p) != Path(path)]
    store.setValue("clinics/recent", recent)
    store.sync()


def last_folder(kind: str, fallback: Path | None = None) -> Path:
    """The folder last used for ``kind`` (e.g. "export", "sar"), if it still exists."""
    value = settings().value(f"folders/{kind}")
    if value and Path(str(value)).is_dir():
        return Path(str(value))
    return fallback if fallback is not None else Path.home()


def remember_folder(kind: str, path: Path) -> None:
    """Remember the folder of ``path`` (a folder, or a file's folder) for ``kind``."""
    folder = Path(path) if Path(path).is_dir() else Path(path).parent
    store = settings()
    store.setValue(f"folders/{kind}", str(folder))
    store.sync()


def restore_window(window: QMainWindow, splitters: dict[str, QSplitter]) -> bool:
    """Give ``window`` (and its named splitters) the geometry saved last time; False if none."""
    store = settings()
    geometry = store.value("window/geometry")
    restored = isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)
    state = store.value("window/state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    for name, splitter in splitters.items():
        sizes = store.value(f"splitters/{name}")
        if isinstance(sizes, QByteArray):
            splitter.restoreState(sizes)
    return bool(restored)


def save_window(window: QMainWindow, splitters: dict[str, QSplitter]) -> None:
    """Save ``window``'s geometry and state and its splitters' sizes for next time."""
    store = settings()
    store.setValue("window/geometry", window.saveGeometry())
    store.setValue("window/state", window.saveState())
    for name, splitter in splitters.items():
        store.setValue(f"splitters/{name}", splitter.saveState())
    store.sync()
