"""Reading what came back: HTTP error answers (Ideogram's and relays' shapes) as sentences,
`Retry-After` in either of its forms, and which network failures left the request unsent.

No sentence here quotes an HTTP library's exception text (it may carry a header, and so the
key); that text goes to the log.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import logging
import re
import socket
import ssl
import threading
import time
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3.exceptions

from ideogram_studio.backends.outcome import EditError, ErrorKind
from ideogram_studio.i18n import translate

log = logging.getLogger(__name__)

MAX_SAID = 200  # characters of a server's message shown to the user; the log has it all


def text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def brief(text: str, limit: int = MAX_SAID) -> str:
    """A server's message cut to its first lines and `limit` characters, on one line."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    short = " ".join(lines[:2])
    short = re.sub(r"\s+", " ", short)
    if len(short) > limit or len(lines) > 2:
        short = short[: limit - 1].rstrip() + "…"
    return short


def server_message(body: object) -> str | None:
    """The message of an error body in any of the shapes Ideogram and relays use:
    {"error": "..."}, {"error": {"message": "..."}}, {"message": "..."}, {"detail": "..."},
    {"detail": [{"msg": "..."}]}."""
    if isinstance(body, str):
        return body or None
    if isinstance(body, list):
        parts = [server_message(entry) for entry in body]
        return "; ".join(part for part in parts if part) or None
    if not isinstance(body, dict):
        return None
    for name in ("error", "message", "detail", "msg", "description"):
        found = server_message(body.get(name))
        if found:
            return found
    return None


def retry_after(headers: Mapping[str, str]) -> float | None:
    """The server's delay in seconds: a number (`1.5` too) or an HTTP date; junk gives None."""
    value = (headers.get("Retry-After") or "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None or when.tzinfo is None:  # a date without a zone is junk here
            return None
        return max(0.0, when.timestamp() - time.time())
    if seconds != seconds or seconds in (float("inf"), float("-inf")):  # NaN, infinities
        return None
    return max(0.0, seconds)


# ------------------------------------------------------------------ failures by type

# What a request or a download can fail with below our code: requests, urllib3, the standard
# library's HTTP client and sockets.
TRANSPORT_ERRORS: tuple[type[BaseException], ...] = (
    requests.RequestException,
    urllib3.exceptions.HTTPError,
    http.client.HTTPException,
    OSError,
)

_NEVER_SENT_CAUSES = (
    urllib3.exceptions.NewConnectionError,  # refused, unreachable, DNS (NameResolutionError)
    urllib3.exceptions.ConnectTimeoutError,
    urllib3.exceptions.ProxyError,
    urllib3.exceptions.SSLError,
    ssl.SSLError,
    socket.gaierror,
    ConnectionRefusedError,
)


def causes(error: BaseException) -> Iterator[BaseException]:
    """The error and every exception wrapped inside it (requests and urllib3 nest them in
    `args`, `reason`, `__cause__` and `__context__`)."""
    seen: set[int] = set()
    pending: list[Any] = [error]
    while pending:
        current = pending.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending.extend(current.args)
        pending.extend((getattr(current, "reason", None), current.__cause__, current.__context__))


def never_sent(error: BaseException) -> bool:
    """True when the request failed before any byte of it left (safe to send again)."""
    exceptions = requests.exceptions
    if isinstance(error, exceptions.ConnectTimeout | exceptions.ProxyError):
        return True
    if isinstance(error, exceptions.SSLError):
        # A certificate is checked in the handshake, before any byte of the request; any
        # other TLS failure may come after the whole body went out (and was billed).
        return certificate_failed(error)
    if not isinstance(error, requests.ConnectionError):
        return False
    return any(isinstance(cause, _NEVER_SENT_CAUSES) for cause in causes(error))


def certificate_failed(error: BaseException) -> bool:
    return any(isinstance(cause, ssl.SSLCertVerificationError) for cause in causes(error))


def unsent_sentence(error: BaseException, host: str) -> str:
    """What the user is told about a request that never left."""
    if certificate_failed(error):
        return translate(
            "Ideogram",
            "The server's certificate could not be verified, so {host} may not be who it "
            "claims to be; nothing was sent. Check the base URL, or the proxy and the date "
            "of this computer.",
        ).format(host=host)
    if any(isinstance(cause, urllib3.exceptions.ProxyError) for cause in causes(error)):
        return translate(
            "Ideogram", "The proxy refused or failed the connection to {host}; nothing was sent."
        ).format(host=host)
    if isinstance(error, requests.exceptions.SSLError):
        return translate(
            "Ideogram",
            "A secure connection to {host} could not be made; nothing was sent. Check the "
            "base URL (https:// or http://).",
        ).format(host=host)
    return translate(
        "Ideogram", "Cannot connect to {host}: check the internet connection and the base URL."
    ).format(host=host)


def maybe_billed() -> EditError:
    return EditError(
        translate(
            "Ideogram",
            "The connection broke while Ideogram was working on the edit; it may have run "
            "and been billed, so it is not sent again: check your results before trying "
            "once more.",
        )
    )


# ------------------------------------------------------------------ error answers


def http_error(
    status: int, headers: Any, body: bytes, model: str, speaker: str | None = None
) -> EditError:
    """The sentence for a non-200 answer; `model` is what a 403 says the key cannot use;
    `speaker` is who answered ("The relay at relay.example"; None: Ideogram itself), so that
    what a relay says is not put in Ideogram's mouth."""
    server_error, reject_reason, is_json = None, None, False
    try:
        parsed = json.loads(body.decode("utf-8", "replace")) if body.strip() else None
        is_json = parsed is not None
    except (ValueError, RecursionError):
        parsed = None
    if isinstance(parsed, dict):
        full = server_message(parsed)
        if full:
            log.info("HTTP %s, the server said: %s", status, full)
            server_error = brief(full)
        reject_reason = text_or_none(parsed.get("reject_reason"))
    elif body:
        log.info("HTTP %s with a body that is not a JSON object: %s", status, body[:4000])
    if speaker is None:
        said = translate("Ideogram", " Ideogram said: “{server_error}”")
        invalid = translate("Ideogram", "Ideogram refused the request as invalid.{said}")
    else:
        said = translate("Ideogram", " {speaker} said: “{server_error}”")
        invalid = translate("Ideogram", "The request was refused as invalid.{said}")
    said = said.format(speaker=speaker, server_error=server_error) if server_error else ""
    kind = ErrorKind.REFUSED
    safety = "safety" in (server_error or "").lower() or "safety" in (reject_reason or "").lower()
    if status == 400 or (status == 422 and not safety):
        message = invalid.format(said=said)
    elif status == 401:
        message = translate(
            "Ideogram",
            "The API key was refused (wrong, expired or missing): check "
            "the key in Settings "
            "or in IDEOGRAM_API_KEY.",
        )
    elif status == 402:
        if reject_reason == "daily_limit":
            message = translate(
                "Ideogram", "Your Ideogram plan's daily limit is reached: try again tomorrow."
            )
        else:
            message = translate(
                "Ideogram", "Your Ideogram account is out of credit: top it up, then try again."
            )
    elif status == 403:
        message = translate(
            "Ideogram", "This API key has no access to the edit endpoint or to the {model} model."
        ).format(model=model)
    elif status == 422:
        message = translate(
            "Ideogram",
            "Ideogram's safety check refused the prompt or the image: "
            "change them and try again.{said}",
        ).format(said=said)
    elif status == 429:
        message = translate(
            "Ideogram",
            "Ideogram is busy with too many images for your account: try again in a minute.",
        )
    elif status == 503:
        kind = ErrorKind.NETWORK
        message = translate(
            "Ideogram", "Ideogram is temporarily unavailable: try again in a few minutes."
        )
    elif status >= 500:
        kind = ErrorKind.NETWORK
        message = translate(
            "Ideogram", "The server failed (HTTP {status}): try again later.{said}"
        ).format(status=status, said=said)
    else:
        message = translate(
            "Ideogram",
            "The server answered HTTP {status}, which Ideogram Studio did not expect.{said}",
        ).format(status=status, said=said)
    if server_error is None and not is_json and status not in (401, 402, 403, 429, 503):
        message += translate("Ideogram", " (The answer was not JSON: check the base URL.)")
    return EditError(
        message, kind, status=status, server_error=server_error, reject_reason=reject_reason
    )


def not_offered(status: int, api_name: str | None, url: str, body: bytes = b"") -> EditError:
    """A 404 or 405 from a POST: the provider has no such API at this path (`url`, without
    its secrets); nothing ran, and it is not the edit that failed."""
    log.info("HTTP %s from %s: %r", status, url, body[:4000])
    message = translate(
        "Ideogram",
        "This provider does not offer {api} at {url} (HTTP {status}): set the right path for "
        "it in Settings (the provider's paths), or with --api-path on the command line.",
    ).format(
        api=api_name or translate("Ideogram", "this API"),
        url=url,
        status=status,
    )
    return EditError(message, ErrorKind.REFUSED, status=status)


# ------------------------------------------------------------------ what a 200 says besides

_told: set[tuple[str, str]] = set()  # (endpoint, what): said once per endpoint per process
_told_lock = threading.Lock()


def endpoint_notes(
    url: str, headers: Mapping[str, str], body: Mapping[str, Any], speaker: str | None = None
) -> list[tuple[str, str]]:
    """What a successful answer says of its endpoint, as (what, sentence) pairs: a
    `Deprecation` header (with its `Link: <…>; rel="successor-version"` and `Sunset`), or a
    `notice` field. None of it is an error: the edit ran."""
    who = speaker or "Ideogram"
    path = urlsplit(url).path or "/"
    said: list[tuple[str, str]] = []
    deprecation = (headers.get("Deprecation") or "").strip()
    if deprecation and deprecation.lower() != "false":
        successor = _successor(headers.get("Link") or "", url)
        if successor:
            sentence = translate(
                "Ideogram",
                "{who} says this endpoint ({path}) is deprecated; its successor is {successor}.",
            )
        else:
            sentence = translate("Ideogram", "{who} says this endpoint ({path}) is deprecated.")
        said.append(("deprecation", sentence.format(who=who, path=path, successor=successor)))
    notice = server_message(body.get("notice"))
    if notice:
        said.append(
            (
                "notice",
                translate("Ideogram", "{who} says of this endpoint ({path}): “{notice}”").format(
                    who=who, path=path, notice=brief(notice)
                ),
            )
        )
    for _, sentence in said:
        log.info("%s", sentence)
    return said


def remember(url: str, said: list[tuple[str, str]]) -> list[str]:
    """The sentences of `said` not yet told for this endpoint in this process."""
    endpoint = urlsplit(url)._replace(query="", fragment="").geturl()
    fresh = []
    with _told_lock:
        for what, sentence in said:
            if (endpoint, what) not in _told:
                _told.add((endpoint, what))
                fresh.append(sentence)
    return fresh


def _successor(link: str, url: str) -> str | None:
    """The `rel="successor-version"` target of a Link header: its path when it is on the
    same server, else its address (without query: a signature is no use to a reader)."""
    for entry in requests.utils.parse_header_links(link) if link else []:
        if "successor-version" in (entry.get("rel") or "").split():
            target = urlsplit(urljoin(url, entry.get("url", "")))
            if target.netloc == urlsplit(url).netloc:
                return target.path or "/"
            return target._replace(query="", fragment="").geturl()
    return None
