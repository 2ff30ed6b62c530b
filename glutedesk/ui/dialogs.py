"""Small modal dialogs. Each has one ``ask()`` classmethod, the only thing tests replace."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from glutedesk import __version__


class ErrorMessage:
    """A plain-words error: a title, a message the therapist can act on, never a traceback."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str) -> None:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(title)
        box.setText(text)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.exec()


class AboutDialog:
    """Help ▸ About GluteDesk."""

    TEXT = (
        f"<h3>GluteDesk {__version__}</h3>"
        "<p>Clinical records for sports and remedial massage therapists: clients, "
        "glute strength tests, pain maps and progress.</p>"
        "<p>GluteDesk works offline. Your records stay in one file on this computer.</p>"
    )

    @classmethod
    def ask(cls, parent: QWidget | None) -> None:
        from glutedesk.ui.about_text import about_box

        about_box(parent).exec()
