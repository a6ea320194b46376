"""Download a digest from an http(s) URL, with a timeout, a size cap and a redirect limit.

Only the bytes are fetched here; decoding and detection happen as for a file.
"""

from __future__ import annotations

import email.message
import http.client
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any

from readinglist import __version__
from readinglist.core.errors import ImportFailedError

DEFAULT_TIMEOUT_SECONDS = 20.0
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
MAX_REDIRECTS = 5
_CHUNK = 256 * 1024


@dataclass(frozen=True, slots=True)
class Download:
    """What a URL gave: its bytes and the file name to detect the format by."""

    url: str
    data: bytes
    filename: str


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
        if urllib.parse.urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise ImportFailedError(req.full_url, f"refused a redirect to {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def is_url(text: str) -> bool:
    """True for an http(s) URL (the only kind Reading List downloads)."""
    return urllib.parse.urlsplit(text).scheme.lower() in ("http", "https")


def fetch(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Download:
    """Download ``url``; raise ImportFailedError with a clear reason on any failure."""
    if not is_url(url):
        raise ImportFailedError(url, "only http and https links can be imported")
    opener = urllib.request.build_opener(_LimitedRedirects())
    request = urllib.request.Request(url, headers={"User-Agent": f"ReadingList/{__version__}"})
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise ImportFailedError(url, _too_large(max_bytes))
            data = _read_capped(response, url, max_bytes, deadline)
            filename = _filename(response.geturl(), response.headers)
    except ImportFailedError:
        raise
    except urllib.error.HTTPError as exc:
        if exc.code in (301, 302, 303, 307, 308):
            if "not allowed" in str(exc.reason):
                raise ImportFailedError(url, "refused a redirect to a non-web address") from exc
            raise ImportFailedError(url, f"too many redirects (more than {MAX_REDIRECTS})") from exc
        raise ImportFailedError(url, f"the server answered {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise ImportFailedError(url, f"could not download ({exc.reason})") from exc
    except TimeoutError as exc:
        raise ImportFailedError(url, f"no answer within {timeout:g} s") from exc
    except (OSError, ValueError) as exc:
        raise ImportFailedError(url, f"could not download ({exc})") from exc
    return Download(url=url, data=data, filename=filename)


def _read_capped(response: Any, url: str, max_bytes: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise ImportFailedError(url, "the download took too long")
        chunk = response.read(_CHUNK)
        if not chunk:
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
