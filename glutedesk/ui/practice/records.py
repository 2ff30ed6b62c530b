"""The anonymous list of records behind one practice figure."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from glutedesk.domain.insights.figures import Figure, anonymous_code


class RecordsDialog(QDialog):
    """Every client a figure rests on, by anonymous record code, and whether it is counted."""

    def __init__(self, fig: Figure, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Records behind: {fig.label}")
        layout = QVBoxLayout(self)
        counted = set(fig.hits)
        intro = QLabel(
            f"{fig.label}: {fig.text}.\nRecords are shown by anonymous code only; the same "
            "client has the same code in every list."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(fig.base), 2)
        self.table.setHorizontalHeaderLabels(
            ["Record", "Counted in the figure" if fig.kind == "share" else "In the median"]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        rows = sorted(fig.base, key=lambda c: (c not in counted, anonymous_code(c)))
        for row, client_id in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(anonymous_code(client_id)))
            mark = "yes" if fig.kind != "share" or client_id in counted else "no"
            self.table.setItem(row, 1, QTableWidgetItem(mark))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(420, 480)
