"""Storage modules imported when first used, for modules whose importers need few of them.

``audit, backup = deferred("audit", "backup")`` gives stand-ins for ``glutedesk.storage.audit``
and ``glutedesk.storage.backup``: the module is imported at the first attribute read
(``backup.make_backup``) and every read is passed to it. The Clinic holds its verbs' modules
this way, so opening a clinic and painting the first window imports only what that needs.
Type checkers see the real modules (import them under ``TYPE_CHECKING`` beside the call).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class DeferredModule:
    """A storage module, imported at its first attribute read."""

    def __init__(self, name: str) -> None:
        self._name = f"glutedesk.storage.{name}"
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        module = self._module
        if module is None:
            module = self._module = importlib.import_module(self._name)
        return getattr(module, attr)

    def __repr__(self) -> str:
        return f"<deferred {self._name}>"


def deferred(*names: str) -> tuple[DeferredModule, ...]:
    """Stand-ins for the storage modules ``names`` (see the module docstring)."""
    return tuple(DeferredModule(name) for name in names)
