"""One consent on the client form: not recorded, given or declined; its date; the wording."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QLineEdit

from glutedesk.domain.models import Consent, ConsentKind
from glutedesk.ui.widgets.date_edit import DateEdit


class ConsentRow:
    """One consent: not recorded, given or declined; its date; the wording version."""

    def __init__(self, kind: ConsentKind, today: Callable[[], dt.date]) -> None:
        self.kind = kind
        self._today = today
        self.status = QComboBox()
        self.status.setObjectName(f"consent_{kind.value}")
        self.status.addItem("Not recorded", None)
        self.status.addItem("Given", True)
        self.status.addItem("Declined", False)
        self.date = DateEdit()
        self.date.setObjectName(f"consent_{kind.value}_date")
        self.version = QLineEdit()
        self.version.setObjectName(f"consent_{kind.value}_version")
        self.version.setPlaceholderText("wording version")
        self.version.setMaximumWidth(140)
        self.status.currentIndexChanged.connect(self._on_status)

    def _on_status(self, _index: int) -> None:
        if self.status.currentData() is not None and not self.date.text().strip():
            self.date.set_date(self._today())

    def load(self, consent: Consent | None) -> None:
        if consent is None:
            self.status.setCurrentIndex(0)
        else:
            self.status.setCurrentIndex(1 if consent.given else 2)
        self.date.set_date(consent.date if consent else None)
        self.version.setText(consent.wording_version if consent else "")

    def consent(self) -> Consent | None:
        given = self.status.currentData()
        if given is None:
            return None
        return Consent(self.kind, bool(given), self.date.date(), self.version.text())
