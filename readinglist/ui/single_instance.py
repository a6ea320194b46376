"""One window per library: a second launch hands its files to the running window.

The first launch on a library takes a lock file in the data folder and listens on a local
socket (``QLocalServer``) named after that folder. A later launch on the same library
finds the lock taken, connects, sends the things it was asked to import as one JSON line
and exits; the running window comes forward and imports them. A lock left by a killed
process is stale (its process is gone) and is taken over.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QLockFile, QObject, QThread, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from readinglist.ui.dnd import ImportSource

logger = logging.getLogger(__name__)

LOCK_FILE_NAME = "window.lock"
_CONNECT_TIMEOUT_MS = 1000
_SEND_TIMEOUT_MS = 3000
_CONNECT_ATTEMPTS = 10  # the first window may still be starting up


def server_name(data_dir: Path) -> str:
    """The local socket name for the library in ``data_dir`` (short, portable, per user)."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:20]
    return f"readinglist-{digest}"


def encode_request(sources: list[ImportSource]) -> bytes:
    """The message a second launch sends: one JSON line listing what to import."""
    items = [{"kind": s.kind, "value": s.value} for s in sources if s.kind in ("path", "url")]
    return json.dumps({"import": items}).encode("utf-8") + b"\n"


def decode_request(message: bytes) -> list[ImportSource]:
    """The sources in a message from ``encode_request``; anything malformed is ignored."""
    try:
        items = json.loads(message.decode("utf-8")).get("import", [])
    except (UnicodeDecodeError, ValueError, AttributeError):
        return []
    if not isinstance(items, list):
        return []
    return [
        ImportSource(item["kind"], item["value"])
        for item in items
        if isinstance(item, dict)
        and item.get("kind") in ("path", "url")
        and isinstance(item.get("value"), str)
    ]


class SingleInstance(QObject):
    """The running window's side: owns the lock and answers later launches."""

    activated = Signal(list)
    """A later launch asked for the window; carries the ``ImportSource``s it handed over."""

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = server_name(data_dir)
        self._lock = QLockFile(str(data_dir / LOCK_FILE_NAME))
        self._lock.setStaleLockTime(0)  # only a dead owner makes it stale, never its age
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._on_new_connection)
        self._buffers: dict[QLocalSocket, bytearray] = {}

    def claim(self) -> bool:
        """Become the library's window; False when another running window already is."""
        with contextlib.suppress(OSError):  # reported below, or by the library, in words
            Path(self._lock.fileName()).parent.mkdir(parents=True, exist_ok=True)
        if not self._lock.tryLock(0):
            if self._lock.error() == QLockFile.LockError.LockFailedError:
                return False
            # The folder is read-only or unreachable: nothing can coordinate through it, so
            # open anyway (the library itself will say what is wrong with the folder).
            logger.warning("cannot take the window lock in %s", self._lock.fileName())
            return True
        QLocalServer.removeServer(self._name)  # a socket file left by a crashed window
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self._server.listen(self._name):
            logger.warning("cannot listen for other launches: %s", self._server.errorString())
        return True

    def release(self) -> None:
        """Stop answering and free the lock (on close)."""
        self._server.close()
        if self._lock.isLocked():
            self._lock.unlock()

    def _on_new_connection(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            self._buffers[socket] = bytearray()
            socket.readyRead.connect(lambda s=socket: self._on_ready_read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _on_ready_read(self, socket: QLocalSocket) -> None:
        buffer = self._buffers.setdefault(socket, bytearray())
        buffer += bytes(socket.readAll().data())
        if b"\n" not in buffer:
            return
        message = bytes(buffer.split(b"\n", 1)[0])
        buffer.clear()
        socket.write(QByteArray(b"ok\n"))
        socket.flush()
        self.activated.emit(decode_request(message))

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()


def hand_over(data_dir: Path, sources: list[ImportSource]) -> bool:
    """A later launch: give ``sources`` to the running window; False if none answered."""
    name = server_name(data_dir)
    for _attempt in range(_CONNECT_ATTEMPTS):
        socket = QLocalSocket()
        socket.connectToServer(name)
        if socket.waitForConnected(_CONNECT_TIMEOUT_MS):
            socket.write(QByteArray(encode_request(sources)))
            delivered = socket.waitForBytesWritten(_SEND_TIMEOUT_MS) or socket.bytesToWrite() == 0
            answered = delivered and socket.waitForReadyRead(_SEND_TIMEOUT_MS)
            socket.disconnectFromServer()
            return answered
        socket.abort()
        QThread.msleep(200)
    return False
