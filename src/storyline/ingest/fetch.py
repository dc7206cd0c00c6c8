"""A polite HTTP client for URL inputs: one request at a time, a pause per host, a size limit."""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from storyline import __version__
from storyline.errors import IngestError

USER_AGENT = f"storyline/{__version__} (news analysis; fetches only the URLs it is given)"
# Seconds between two requests to the same host, so a long list never hammers one site.
PAUSE_PER_HOST = 1.0
TIMEOUT = httpx.Timeout(20.0, connect=8.0)
MAX_RESPONSE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Fetched:
    """A response body with where it finally came from and what the server said it is."""

    url: str
    data: bytes
    content_type: str


class Fetcher:
    """Fetches URLs for ingest. A host that cannot be reached is not tried again in the same
    run: its other URLs fail at once with the first failure's reason (offline runs stay fast)."""

    def __init__(self, pause: float = PAUSE_PER_HOST, timeout: httpx.Timeout = TIMEOUT) -> None:
        self.pause = pause
        self.timeout = timeout
        self._client: httpx.Client | None = None
        self._last_request: dict[str, float] = {}
        self._unreachable: dict[str, str] = {}

    def fetch(self, url: str) -> Fetched | IngestError:
        host = urlsplit(url).hostname or ""
        if host in self._unreachable:
            return IngestError(
                url,
                f"not fetched: {host} could not be reached earlier in this run "
                f"({self._unreachable[host]})",
            )
        self._wait_for(host)
        try:
            with self._http().stream("GET", url) as response:
                if response.status_code >= 400:
                    return IngestError(url, f"the server answered HTTP {response.status_code}")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_RESPONSE_BYTES:
                        return IngestError(
                            url, f"the response is over the {MAX_RESPONSE_BYTES // 2**20} MB limit"
                        )
                    chunks.append(chunk)
                return Fetched(
                    str(response.url), b"".join(chunks), response.headers.get("content-type", "")
                )
        except httpx.TimeoutException:
            reason = "timed out"
            self._unreachable[host] = reason
            return IngestError(url, f"cannot fetch: {reason} (is the network up?)")
        except httpx.ConnectError as error:
            reason = str(error) or type(error).__name__
            self._unreachable[host] = reason
            return IngestError(
                url,
                f"cannot fetch: no connection to {host} ({reason}); "
                "offline? the other inputs go on",
            )
        except httpx.HTTPError as error:
            return IngestError(url, f"cannot fetch: {error}")
        finally:
            self._last_request[host] = time.monotonic()

    def _wait_for(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            remaining = self.pause - (time.monotonic() - last)
            if remaining > 0:
                time.sleep(remaining)

    def _http(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                timeout=self.timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT}
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
