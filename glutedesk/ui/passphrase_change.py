"""Setting, changing or removing the passphrase from the app, and telling what it did: the one
path for Security and privacy and for the new passphrase set after a recovery key opened the
clinic, so both re-write the backups in both places, show the new recovery key, offer to
remove backups that cannot be encrypted, and list what happened to each."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from glutedesk.storage.clinic import Clinic
from glutedesk.storage.errors import DATABASE_FAILURES
from glutedesk.storage.protect import ProtectResult
from glutedesk.ui.formatting import plural
from glutedesk.ui.passphrase_dialogs import RecoveryKeyDialog


def backup_lines(result: ProtectResult, removed: list[tuple[Path, bool]]) -> list[str]:
    """What happened to each place's backups, in plain words."""
    second = result.second_place
    there = [p for p in result.backups_rewritten if second is not None and p.parent == second]
    lines = [
        f"{plural(len(result.backups_rewritten), 'backup')} re-written with it"
        + (f" ({len(there)} at the second place, {second})." if second is not None else ".")
    ]
    lines += [f"Not re-written: {p.name} ({why})" for p, why in result.backups_failed]
    lines += [f"Removed: {p.name}" if gone else f"Could not remove {p.name}" for p, gone in removed]
    kept = len(result.unencrypted_left()) - sum(1 for _p, gone in removed if gone)
    if kept:
        lines.append(f"{plural(kept, 'backup')} can still be read without it: delete them.")
    if not result.second_place_reached:
        lines.append(
            f"The second backup place ({second}) cannot be reached: copies made there before "
            "were not re-written yet. GluteDesk re-writes them the next time it opens this "
            "clinic with the drive plugged in."
        )
    return lines


def apply_change(
    clinic: Clinic, new: str | None, title: str, parent: QWidget | None
) -> ProtectResult | None:
    """Set, change or (None) remove the passphrase, then tell what was done; None: it failed
    (said in a message, nothing changed)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        result = clinic.change_passphrase(new)
    except DATABASE_FAILURES as exc:
        QMessageBox.warning(parent, title, f"Nothing was changed: {exc}")
        return None
    finally:
        QApplication.restoreOverrideCursor()
    if result.recovery_key:
        RecoveryKeyDialog(result.recovery_key, parent).exec()
    removed = offer_removal(clinic, result, title, parent) if new else []
    QMessageBox.information(parent, title, "\n".join(backup_lines(result, removed)))
    return result


def offer_removal(
    clinic: Clinic, result: ProtectResult, title: str, parent: QWidget | None
) -> list[tuple[Path, bool]]:
    """Ask before removing the backups that could not be encrypted; remove them if agreed."""
    left = result.unencrypted_left()
    if not left:
        return []
    names = "\n".join(f"  {p.name} ({p.parent})" for p in left)
    sure = QMessageBox.question(
        parent,
        title,
        f"{plural(len(left), 'backup')} could not be encrypted and can still be read "
        f"without the passphrase:\n{names}\n\nRemove them?",
    )
    if sure != QMessageBox.StandardButton.Yes:
        return []
    return clinic.remove_backups(left)
