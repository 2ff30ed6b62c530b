"""The visit editor window's layout: header, section list, section pages, problems, sign-off.

Layout only (TagStudio's rule): the widgets are public and :class:`VisitEditor` wires them.
Each section's page starts as an empty placeholder that the editor fills when the section is
first shown.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from glutedesk.ui.keys import StandardKey, key_text
from glutedesk.ui.visit_editor.fold import FOLD_STYLE, Fold
from glutedesk.ui.widgets.tracking import HIGHLIGHT_STYLE

EDITOR_STYLE = (
    HIGHLIGHT_STYLE
    + """
QListWidget#sectionNav {
    background: #ffffff;
    border: none;
    border-right: 1px solid #d9dee2;
    font-size: 11pt;
    padding-top: 8px;
}
QListWidget#sectionNav::item {
    padding: 9px 14px;
}
QListWidget#sectionNav::item:selected {
    background: #dbecee;
    color: #1f2a30;
    border-left: 3px solid #1f6f78;
}
QFrame#alertPanel {
    background: #fdf1ef;
    border: 1px solid #e3b3ad;
    border-radius: 6px;
}
QFrame#alertPanel QLabel { background: transparent; }
QLabel#inlineError { color: #a3312a; }
QListWidget#issues {
    background: #ffffff;
    border: 1px solid #d9dee2;
    border-radius: 6px;
}
QLabel#editorTitle { font-size: 15pt; font-weight: 600; }
QFrame#editorHeader {
    background: #ffffff;
    border-bottom: 1px solid #d9dee2;
}
QScrollArea#sectionScroll, QWidget#sectionPage { background: #f3f4f5; }
"""
    + FOLD_STYLE
)


def section_page(
    section: QWidget, stack: QStackedWidget | None = None, index: int = 0
) -> QScrollArea:
    """A scrolling page holding one section (inserted in ``stack`` at ``index`` if given).

    The empty scroll area goes into the stack before the section goes into it: the section's
    widgets are then styled once, with the editor's style sheet, instead of once when put in
    the page and again when the page joins the editor (a third of the opening's time).
    """
    scroll = QScrollArea()
    scroll.setObjectName("sectionScroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    if stack is not None:
        stack.insertWidget(index, scroll)
    page = QWidget()
    page.setObjectName("sectionPage")
    lay = QVBoxLayout(page)
    lay.setContentsMargins(16, 18, 16, 22)  # 16: Subjective fits a 1024-px screen
    lay.addWidget(section)
    scroll.setWidget(page)
    return scroll


class EditorView(QWidget):
    """The editor's central widget; ``amendments`` is placed by :meth:`add_amendments`."""

    def __init__(self, titles: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        header = self._header()
        self.nav = QListWidget()
        self.nav.setObjectName("sectionNav")
        self.nav.setFixedWidth(210)
        self.nav.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.stack = QStackedWidget()
        for number, title in enumerate(titles, start=1):
            QListWidgetItem(f"{number}   {title}", self.nav)
            self.stack.addWidget(QWidget())  # filled when the section is first shown
        self.issues = QListWidget()
        self.issues.setObjectName("issues")
        self.issues.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.issues.setWordWrap(True)  # a long message wraps instead of running off the side
        self.issues.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.issues.setResizeMode(QListWidget.ResizeMode.Adjust)

        right = QWidget()
        self._right = QVBoxLayout(right)
        self._right.setContentsMargins(0, 0, 0, 0)
        self._right.setSpacing(0)
        self._right.addWidget(self.stack, 1)
        self.problems_fold = Fold("Problems", self.issues)
        self._right.addWidget(_padded(self.problems_fold, (22, 4, 22, 4)))
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.nav)
        body.addWidget(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addLayout(body, 1)

    def _header(self) -> QFrame:
        header = QFrame()
        header.setObjectName("editorHeader")
        head = QHBoxLayout(header)
        head.setContentsMargins(18, 10, 18, 10)
        self.title_label = QLabel()
        self.title_label.setObjectName("editorTitle")
        self.subtitle_label = QLabel()
        self.subtitle_label.setProperty("role", "muted")
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title_label)
        titles.addWidget(self.subtitle_label)
        head.addLayout(titles, 1)
        self.status_label = QLabel()
        self.status_label.setObjectName("editorStatus")
        self.status_label.setProperty("role", "muted")
        head.addWidget(self.status_label)
        self.save_button = QPushButton(f"Save  ({key_text(StandardKey.Save)})")
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(False)
        head.addWidget(self.save_button)
        return header

    def add_amendments(self, panel: QWidget) -> None:
        """Place the sign-off and amendments panel, folded, under the problems list."""
        panel.setMaximumHeight(200)
        for line in ("title", "status_label"):  # the fold's head names it and says its state
            getattr(panel, line).hide()
        self.signature_fold = Fold("Signature", panel)
        self._right.addWidget(_padded(self.signature_fold, (22, 0, 22, 8)))

    def set_page(self, index: int, section: QWidget) -> None:
        """Replace the placeholder page ``index`` with ``section`` (keeping the current page)."""
        current = self.stack.currentIndex()
        placeholder = self.stack.widget(index)
        section_page(section, self.stack, index)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self.stack.setCurrentIndex(current)


def _padded(widget: QWidget, margins: tuple[int, int, int, int]) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(*margins)
    layout.addWidget(widget)
    return box
