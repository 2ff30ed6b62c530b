"""The visit editor's modal questions. Each has one ``ask()`` classmethod that tests replace."""

from __future__ import annotations

from typing import Literal

from PySide6.QtWidgets import QMessageBox, QWidget

from glutedesk.ui.keys import StandardKey, key_text

CloseChoice = Literal["save", "discard", "cancel"]
DraftChoice = Literal["restore", "discard"]


class UnsavedChangesDialog:
    """Closing with unsaved changes: Save, Discard or Cancel."""

    @classmethod
    def ask(cls, parent: QWidget | None) -> CloseChoice:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Unsaved changes")
        box.setText("This visit has changes that are not saved.")
        box.setInformativeText("Save them before closing?")
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return "save"
        if answer == QMessageBox.StandardButton.Discard:
            return "discard"
        return "cancel"


class SaveFailedDialog:
    """The save failed: say why in plain words, reassure, offer Retry. Returns True to retry."""

    @classmethod
    def ask(cls, parent: QWidget | None, message: str) -> bool:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("The visit was not saved")
        box.setText(message)
        box.setInformativeText(
            "Everything you typed is still in the editor, and a draft copy is kept on this "
            "computer. Fix the problem, then press Retry (or "
            + key_text(StandardKey.Save)
            + " later)."
        )
        box.setStandardButtons(QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Close)
        box.setDefaultButton(QMessageBox.StandardButton.Retry)
        return box.exec() == QMessageBox.StandardButton.Retry


class RestoreDraftDialog:
    """An unsaved draft was found (after a crash): restore it, or discard it."""

    @classmethod
    def ask(cls, parent: QWidget | None, description: str) -> DraftChoice:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Restore unsaved visit?")
        box.setText(f"GluteDesk kept a draft that was never saved:\n\n{description}")
        box.setInformativeText("Restore it to carry on where you left off?")
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Discard draft", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(restore)
        box.exec()
        return "discard" if box.clickedButton() not in (restore, None) else "restore"
