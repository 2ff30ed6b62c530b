"""Find a region by typing: "glute med left", then Enter marks it (no mouse needed).

The matches drop down as you type (Up/Down choose among them); Enter takes the highlighted one,
or the best match when none is highlighted. A search with no match says so under the field and
keeps what was typed.
"""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from glutedesk.domain.region_finding import search_regions
from glutedesk.domain.regions import RegionManifest

MAX_SHOWN = 12


class RegionPicker(QLineEdit):
    """A search field over the diagram's regions; ``region_chosen`` carries the region id."""

    region_chosen = Signal(str)
    no_match = Signal(str)  # the text that matched nothing

    def __init__(
        self, regions: RegionManifest, find_owner: QWidget | None = None, parent=None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("regionPicker")
        self._regions = regions
        self._by_label = {r.label: r.id for r in regions}
        self.setPlaceholderText("Find a region to mark, e.g. glute med left — then Enter")
        self.setAccessibleName("Find a body region to mark")
        self.setAccessibleDescription(
            "Type part of a region's name, a muscle or a side; Up and Down choose among the "
            "matches; Enter marks the region with the current symptom and intensity."
        )
        self.setClearButtonEnabled(True)
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setMaxVisibleItems(MAX_SHOWN)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._choose_label)
        self._completer.popup().setAccessibleName("Matching body regions")
        self.textEdited.connect(self._update_matches)
        self.returnPressed.connect(self._choose_best)
        if find_owner is not None:  # Find (Ctrl+F, ⌘F) anywhere in the diagram comes here
            find = QShortcut(QKeySequence.StandardKey.Find, find_owner)
            find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            find.activated.connect(self._focus_for_search)

    def _focus_for_search(self) -> None:
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.selectAll()

    def matches(self) -> list[str]:
        """The labels shown for the text typed, best first."""
        return self._model.stringList()

    def _update_matches(self, text: str) -> None:
        labels = [r.label for r in search_regions(self._regions, text)]
        self._model.setStringList(labels)
        if labels:
            self._completer.complete()
        else:
            self._completer.popup().hide()

    def _choose_label(self, label: str) -> None:
        region_id = self._by_label.get(label)
        if region_id is not None:
            self._completer.popup().hide()
            self.clear()
            self._model.setStringList([])
            self.region_chosen.emit(region_id)

    def _choose_best(self) -> None:
        popup = self._completer.popup()
        if popup.isVisible() and popup.currentIndex().isValid():
            self._choose_label(popup.currentIndex().data())
            return
        labels = [r.label for r in search_regions(self._regions, self.text())]
        if not labels:
            if self.text().strip():
                self.no_match.emit(self.text())
            return
        self._choose_label(labels[0])
