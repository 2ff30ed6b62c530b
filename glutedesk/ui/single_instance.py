"""One running GluteDesk per database: a ``QLockFile`` on ``<database>.lock``.

The lock records the process id, so a lock left behind by a crash (its process is gone) is
taken over at once (``setStaleLockTime(0)``); a live one means GluteDesk already has the
database open. Qt judges only by that id, so a lock file a crash left empty, or one whose id
now belongs to another program, would be "open" for ever: such a file, which no process holds
(:func:`~glutedesk.storage.lock_file.lock_left_behind`), is taken over too.

The running copy also listens on a local socket named after the clinic
(:class:`InstanceServer`): a second launch on the same clinic hands its request over
(:func:`hand_over`: the file it was asked to open) and exits, and the running window comes
forward. A copy that is closing (its window gone, its closing backup still being made)
answers ``closing`` instead: the second launch then waits for its lock and opens the clinic
itself (:func:`claim_clinic`), rather than leaving the therapist with no GluteDesk at all.
Only if the running copy neither answers nor lets go does the second launch explain instead.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QLockFile, QObject, QThread
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from glutedesk.storage.lock_file import lock_left_behind, lock_path

TRY_MS = 100
HAND_OVER_MS = 15_000  # a running copy still starting up answers once its window is up
CLOSING_WAIT_MS = 180_000  # a closing copy's backup of a large clinic takes a while
NO_ANSWER_WAIT_MS = 3_000  # a copy between taking its lock and listening, or just ending
WAIT_STEP_MS = 200
ASK_AGAIN_MS = 1_000


class InstanceLock:
    """The lock on one database file; :meth:`acquire` before opening, :meth:`release` after."""

    def __init__(self, db_path: Path) -> None:
        self.path = lock_path(Path(db_path))
        self._lock = QLockFile(str(self.path))
        self._lock.setStaleLockTime(0)

    def acquire(self) -> bool:
        """Take the lock (taking over one left by a crashed process); False if it is held."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return False
        if self._lock.tryLock(TRY_MS):
            return True
        if self._lock.error() != QLockFile.LockError.LockFailedError:
            return False
        return self._take_over_left_behind() and self._lock.tryLock(TRY_MS)

    def _take_over_left_behind(self) -> bool:
        """Remove the lock file if no process holds it; True when it was removed."""
        # Qt's own guard: two launches never remove (and re-create) it at the same time.
        guard = QLockFile(str(self.path) + ".rmlock")
        guard.setStaleLockTime(0)
        if not guard.tryLock(TRY_MS):
            return False
        try:
            return lock_left_behind(self.path) and self._lock.removeStaleLockFile()
        finally:
            guard.unlock()

    def holder(self) -> int | None:
        """Return the process id holding the lock, if it can be read."""
        info = self._lock.getLockInfo()  # PySide6: (pid, host, app), pid 0 when unreadable
        pid = info[0] if isinstance(info, tuple) and info else 0
        return int(pid) or None

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()

    @property
    def locked(self) -> bool:
        return self._lock.isLocked()


class AlreadyOpenMessage:
    """Shown by a second launch on the same database."""

    @classmethod
    def ask(cls, parent: QWidget | None, db_path: Path, pid: int | None) -> None:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle("GluteDesk is already open")
        who = f" (process {pid})" if pid else ""
        box.setText(f"GluteDesk already has this database open{who}.")
        box.setInformativeText(
            f"{db_path}\n\nSwitch to that window: opening the same records twice could lose "
            "changes. If GluteDesk is not visibly running, wait a moment and try again."
        )
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.exec()


def acquire_or_explain(db_path: Path, parent: QWidget | None = None) -> InstanceLock | None:
    """Take the database's lock, or tell the therapist it is already open and return None."""
    lock = InstanceLock(db_path)
    if lock.acquire():
        return lock
    AlreadyOpenMessage.ask(parent, Path(db_path), lock.holder())
    return None


def server_name(db_path: Path) -> str:
    """The local socket name of the GluteDesk that has ``db_path`` open (per user and file)."""
    try:
        where = Path(db_path).resolve()
    except OSError:
        where = Path(db_path).absolute()
    key = f"{Path.home()}|{where}".encode()
    return "glutedesk-" + hashlib.sha256(key).hexdigest()[:24]


class InstanceServer(QObject):
    """Listens for second launches on one clinic and passes each request to ``on_request``.

    ``on_request(path)`` receives the file the second launch was asked to open; it brings the
    window forward. The second launch gets ``ok`` back once that is done, or ``closing``
    (and nothing is brought forward) once :attr:`closing` is set: this copy is ending.
    """

    def __init__(self, db_path: Path, on_request: Callable[[Path], None]) -> None:
        super().__init__()
        self.name = server_name(db_path)
        self._on_request = on_request
        self.closing = False
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Start listening (a socket file left by a crashed copy is removed first)."""
        QLocalServer.removeServer(self.name)  # we hold the clinic's lock: no live copy uses it
        return self._server.listen(self.name)

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        line = bytes(socket.readLine().data()).decode("utf-8", "replace")
        try:
            request = json.loads(line)
            path = Path(str(request["open"]))
        except (ValueError, KeyError, TypeError):
            socket.write(b"refused\n")
            socket.flush()
            return
        if self.closing:
            socket.write(b"closing\n")
            socket.flush()
            return
        self._on_request(path)
        socket.write(b"ok\n")
        socket.flush()


def hand_over(db_path: Path, timeout_ms: int = HAND_OVER_MS) -> bool:
    """Ask the GluteDesk that has ``db_path`` open to come forward with it; True if it did."""
    return ask_running_copy(db_path, timeout_ms) == "ok"


def ask_running_copy(db_path: Path, timeout_ms: int = HAND_OVER_MS) -> str | None:
    """Ask the GluteDesk that has ``db_path`` open to come forward with it.

    Returns its answer: ``ok`` (it came forward), ``closing`` (it is ending), or None when
    nothing answered within ``timeout_ms``.
    """
    socket = QLocalSocket()
    socket.connectToServer(server_name(db_path))
    if not socket.waitForConnected(timeout_ms):
        return None
    message = json.dumps({"open": str(Path(db_path).absolute())}) + "\n"
    socket.write(message.encode("utf-8"))
    socket.flush()
    answered = b""
    while b"\n" not in answered and socket.waitForReadyRead(timeout_ms):
        answered += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    answer = answered.split(b"\n", 1)[0].decode("ascii", "replace")
    return answer if answer in ("ok", "closing") else None


def bring_forward(window: QWidget) -> None:
    """Show ``window`` un-minimised, on top and focused (a second launch asked for it)."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


def bring_question_forward(app: QApplication) -> None:
    """Bring forward the question the running copy is waiting on (a passphrase, a damaged
    clinic, unsaved changes...), if any: it is what the therapist must answer first."""
    modal = app.activeModalWidget()
    if modal is not None:
        bring_forward(modal)


def claim_clinic(db_path: Path) -> InstanceLock | int:
    """Take ``db_path``'s lock for this launch, or hand over to the copy that holds it.

    Returns the lock, held; or the exit code this launch should end with: 0 when a running
    copy came forward, 1 when it neither answered nor let go (the therapist has been told).
    A copy that answers that it is closing is waited for, and its lock taken when it lets go
    (or, should another launch take it first, that one is brought forward).
    """
    lock = InstanceLock(db_path)
    if lock.acquire():
        return lock
    answer = ask_running_copy(db_path)
    if answer == "ok":
        return 0
    deadline = QDeadlineTimer(CLOSING_WAIT_MS if answer == "closing" else NO_ANSWER_WAIT_MS)
    while not deadline.hasExpired():
        QThread.msleep(WAIT_STEP_MS)
        if lock.acquire():
            return lock
        if ask_running_copy(db_path, ASK_AGAIN_MS) == "ok":
            return 0
    if answer is None and hand_over(db_path):  # it was busy for a while, and is back now
        return 0
    AlreadyOpenMessage.ask(None, Path(db_path), lock.holder())
    return 1
