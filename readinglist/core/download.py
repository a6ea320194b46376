"""Download a digest from an http(s) URL, with a deadline, a size cap and a redirect limit.

The deadline covers the whole download (connecting, every redirect, the headers and the
body): each socket read may only wait for what is left of it, so a server that answers a
byte at a time cannot keep an import alive. A caller may also pass ``cancelled``: connecting
and every read then wait in short slices and give up (ImportCancelledError) as soon as it
says so.
Only the bytes are fetched here; decoding and detection happen as for a file.
"""

from __future__ import annotations

import email.message
import functools
import http.client
import io
import selectors
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import IO, Any

from readinglist import __version__
from readinglist.core.connecting import connect_within, handshake_within
from readinglist.domain.errors import ImportCancelledError, ImportFailedError
from readinglist.domain.links import is_safe_link

DEFAULT_TIMEOUT_SECONDS = 60.0  # the whole download, not one read
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
MAX_REDIRECTS = 5
_CHUNK = 256 * 1024
Cancelled = Callable[[], bool] | None  # asked while waiting for the server: True gives up
CANCEL_POLL_SECONDS = 0.05  # how often a cancellable read looks whether it was cancelled


@dataclass(frozen=True, slots=True)
class Download:
    """What a URL gave: its bytes and the file name to detect the format by."""

    url: str
    data: bytes
    filename: str
    headers: dict[str, str] = field(default_factory=dict)  # ETag, Last-Modified ...
    not_modified: bool = False  # a conditional GET answered 304: ``data`` is empty


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if not is_safe_link(newurl):
            fp.close()  # the redirect's answer holds the connection: never leave it to the GC
            raise ImportFailedError(req.full_url, f"refused a redirect to {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _DeadlineReader(io.RawIOBase):
    """A response's socket stream whose every read waits only for what is left of the
    deadline, then raises TimeoutError (or ImportCancelledError once ``cancelled()``)."""

    def __init__(
        self, raw: io.RawIOBase, sock: socket.socket, deadline: float, cancelled: Cancelled
    ) -> None:
        super().__init__()
        self._raw = raw
        self._sock = sock
        self._deadline = deadline
        self._cancelled = cancelled

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int | None:
        if self._cancelled is not None:
            _wait_readable(self._sock, self._deadline, self._cancelled)
        self._sock.settimeout(_remaining(self._deadline))
        return self._raw.readinto(buffer)

    def close(self) -> None:
        self._raw.close()
        super().close()


class _DeadlineResponse(http.client.HTTPResponse):
    """An HTTP response read through a :class:`_DeadlineReader` (status line, headers,
    body and chunk sizes alike)."""

    def __init__(
        self, sock: socket.socket, *args: Any, deadline: float, cancelled: Cancelled, **kwargs: Any
    ) -> None:
        super().__init__(sock, *args, **kwargs)
        raw = self.fp.detach()  # the socket stream, kept open; nothing was read yet
        self.fp = io.BufferedReader(_DeadlineReader(raw, sock, deadline, cancelled))


class _DeadlineHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, *, deadline: float, cancelled: Cancelled, **kwargs: Any) -> None:
        kwargs["timeout"] = _remaining(deadline)  # bounds connecting (and the TLS handshake)
        super().__init__(host, **kwargs)
        _read_within(self, deadline, cancelled)


class _DeadlineHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, *, deadline: float, cancelled: Cancelled, **kwargs: Any) -> None:
        kwargs["timeout"] = _remaining(deadline)
        super().__init__(host, **kwargs)
        _read_within(self, deadline, cancelled)
        self._deadline, self._cancelled = deadline, cancelled or _never

    def connect(self) -> None:
        """``HTTPSConnection.connect`` with a handshake that Cancel interrupts."""
        http.client.HTTPConnection.connect(self)  # the connection (and a proxy's tunnel)
        tunnel_host = self._tunnel_host  # type: ignore[attr-defined]
        tls = self._context.wrap_socket(  # type: ignore[attr-defined]
            self.sock, server_hostname=tunnel_host or self.host, do_handshake_on_connect=False
        )
        self.sock = tls
        handshake_within(tls, deadline=self._deadline, cancelled=self._cancelled)


def _read_within(
    connection: http.client.HTTPConnection, deadline: float, cancelled: Cancelled
) -> None:
    """Make ``connection`` read its responses (and a proxy's) within ``deadline``, and
    resolve and connect within it, in a way ``cancelled()`` can interrupt."""
    responses = functools.partial(_DeadlineResponse, deadline=deadline, cancelled=cancelled)
    connection.response_class = responses  # type: ignore[assignment]
    # always: the deadline also bounds resolving the name, which a timeout does not
    connection._create_connection = functools.partial(  # type: ignore[attr-defined]
        connect_within, deadline=deadline, cancelled=cancelled or _never, poll=CANCEL_POLL_SECONDS
    )


def _never() -> bool:
    """The ``cancelled`` of a download nobody can cancel."""
    return False


class _DeadlineHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: float, cancelled: Cancelled) -> None:
        super().__init__()
        self._deadline = deadline
        self._cancelled = cancelled

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = functools.partial(
            _DeadlineHTTPConnection, deadline=self._deadline, cancelled=self._cancelled
        )
        return self.do_open(connection, req)


class _DeadlineHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: float, cancelled: Cancelled) -> None:
        super().__init__()
        self._deadline = deadline
        self._cancelled = cancelled

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = functools.partial(
            _DeadlineHTTPSConnection, deadline=self._deadline, cancelled=self._cancelled
        )
        return self.do_open(connection, req)


def _wait_readable(sock: socket.socket, deadline: float, cancelled: Callable[[], bool]) -> None:
    """Wait until ``sock`` has bytes to read, looking at ``cancelled`` every
    ``CANCEL_POLL_SECONDS``; ImportCancelledError as soon as it says so."""
    pending = getattr(sock, "pending", None)  # TLS: bytes already decrypted, none to wait for
    if pending is not None and pending() > 0:
        return
    with selectors.DefaultSelector() as selector:
        selector.register(sock, selectors.EVENT_READ)
        while not cancelled():
            if selector.select(min(CANCEL_POLL_SECONDS, _remaining(deadline))):
                return
    raise ImportCancelledError("download")  # fetch() names the URL


def _remaining(deadline: float) -> float:
    """Seconds left before ``deadline``; TimeoutError once it has passed."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("the download deadline has passed")
    return left


def is_url(text: str) -> bool:
    """True for an http(s) URL (the only kind Reading List downloads)."""
    return urllib.parse.urlsplit(text).scheme.lower() in ("http", "https")


def fetch(
    url: str,
    *,
    timeout: float | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    headers: dict[str, str] | None = None,
    cancelled: Cancelled = None,
) -> Download:
    """Download ``url`` within ``timeout`` seconds in all (default
    ``DEFAULT_TIMEOUT_SECONDS``); raise ImportFailedError with a clear reason on any failure,
    ImportCancelledError (promptly, mid-answer) once ``cancelled()`` returns True."""
    if not is_safe_link(url):
        raise ImportFailedError(url, "only http and https links can be imported")
    seconds = DEFAULT_TIMEOUT_SECONDS if timeout is None else timeout
    deadline = time.monotonic() + seconds
    opener = urllib.request.build_opener(
        _LimitedRedirects(),
        _DeadlineHTTPHandler(deadline, cancelled),
        _DeadlineHTTPSHandler(deadline, cancelled),
    )
    sent = {**(headers or {}), "User-Agent": f"ReadingList/{__version__}"}
    request = urllib.request.Request(url, headers=sent)
    timed_out = ImportFailedError(url, f"timed out: the download took more than {seconds:g} s")
    try:
        with opener.open(request, timeout=seconds) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise ImportFailedError(url, _too_large(max_bytes))
            data = _read_capped(response, url, max_bytes)
            filename = _filename(response.geturl(), response.headers)
            answered = dict(response.headers.items())
    except ImportFailedError:
        raise
    except ImportCancelledError as exc:
        raise ImportCancelledError(url) from exc
    except urllib.error.HTTPError as exc:
        exc.close()  # the error answer holds the connection: never leave it to the collector
        if exc.code == 304 and headers:  # a conditional GET: nothing new since last time
            return Download(url=url, data=b"", filename="", not_modified=True)
        if exc.code in (301, 302, 303, 307, 308):
            if "not allowed" in str(exc.reason):
                raise ImportFailedError(url, "refused a redirect to a non-web address") from exc
            raise ImportFailedError(url, f"too many redirects (more than {MAX_REDIRECTS})") from exc
        raise ImportFailedError(url, f"the server answered {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise timed_out from exc
        raise ImportFailedError(url, f"could not download ({exc.reason})") from exc
    except TimeoutError as exc:
        raise timed_out from exc
    except http.client.IncompleteRead as exc:
        reason = "the server closed the connection before the download was complete"
        raise ImportFailedError(url, reason) from exc
    except (OSError, ValueError, http.client.HTTPException) as exc:
        raise ImportFailedError(url, f"could not download ({exc or type(exc).__name__})") from exc
    return Download(url=url, data=data, filename=filename, headers=answered)


def _read_capped(response: http.client.HTTPResponse, url: str, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = response.read(_CHUNK)
        if not chunk:
            if response.length:  # bytes the Content-Length promised and never came
                raise http.client.IncompleteRead(b"".join(chunks), response.length)
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise ImportFailedError(url, _too_large(max_bytes))
        chunks.append(chunk)


def _too_large(max_bytes: int) -> str:
    return f"the download is larger than the {max_bytes // (1024 * 1024)} MiB limit"


def _filename(final_url: str, headers: email.message.Message) -> str:
    disposition = headers.get_filename()
    if disposition:
        return PurePosixPath(disposition).name
    name = PurePosixPath(urllib.parse.urlsplit(final_url).path).name
    return urllib.parse.unquote(name) or "download"
