"""The review page's local web server: the standard library's threading HTTP server, locked down.

What keeps it safe on a shared machine or next to a hostile web page:

* it listens on 127.0.0.1 only, on a free port, and answers only requests whose ``Host`` is that
  address (a DNS-rebinding page cannot reach it under another name);
* every request (the page, its script and style, the API, previews) must carry the per-run token
  printed with the URL (``?token=`` or the ``X-Quotecards-Token`` header), compared in constant
  time;
* a change is a JSON ``POST`` whose ``Origin`` (or, without one, ``Referer``) is the page's own
  origin, with a ``Content-Length`` of at most :data:`MAX_BODY` bytes: a form or a script on
  another site cannot write;
* nothing in a request names a file: the page and its two assets come from a fixed list, the
  review file and its source were fixed when the server started (the source inside the
  project), and previews are painted in memory;
* answers forbid framing, sniffing, caching of data, and any script or style not served here.
"""

from __future__ import annotations

import contextlib
import errno
import hmac
import json
import secrets
import socket
import sys
import threading
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from quotecards.errors import QuotecardsError
from quotecards.review.file import ConflictError
from quotecards.review.session import EditRefused, ReviewSession, check_json

MAX_BODY = 64 * 1024
MAX_PREVIEW_TEXT = 2000
TOKEN_HEADER = "X-Quotecards-Token"
_HERE = Path(__file__).resolve().parent
_STATIC = {
    "page.js": "text/javascript; charset=utf-8",
    "page.css": "text/css; charset=utf-8",
    "icon.svg": "image/svg+xml",
}
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # ``same-origin`` (not ``no-referrer``): the browser then still sends the page's Origin with
    # its own POSTs, which the origin check needs.
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


class ReviewServer:
    """Serves one :class:`ReviewSession` until stopped.  Use as a context manager, or call
    :meth:`start` (a background thread) / :meth:`serve` (this thread) and :meth:`stop`."""

    def __init__(self, session: ReviewSession, *, port: int = 0, token: str | None = None) -> None:
        self.session = session
        self.token = token or secrets.token_urlsafe(24)
        try:
            self.httpd = _HTTPServer(("127.0.0.1", port), _Handler)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise QuotecardsError(
                    f"port {port} on 127.0.0.1 is in use; choose another with --port, or leave "
                    "--port out for a free one"
                ) from None
            raise QuotecardsError(f"cannot listen on 127.0.0.1:{port} ({error.strerror})") from None
        self.httpd.app = self
        self.port = self.httpd.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self.hosts = {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}
        self.assets = {name: (_HERE / "static" / name).read_bytes() for name in _STATIC}
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"{self.origin}/?token={self.token}"

    def start(self) -> ReviewServer:
        # A short poll: ``stop`` waits for it, and tests stop many servers.
        self._thread = threading.Thread(
            target=self.httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="quotecards-review",
            daemon=True,
        )
        self._thread.start()
        return self

    def serve(self) -> None:
        self.httpd.serve_forever()

    def stop(self) -> None:
        """Stop serving, wait for requests in flight, and close the socket."""
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join()
            self._thread = None
        # A client holding a request half-sent (a byte at a time) must not keep Ctrl-C waiting.
        self.httpd.end_reads()
        self.httpd.server_close()

    def __enter__(self) -> ReviewServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def page(self) -> bytes:
        from jinja2 import Environment, FileSystemLoader, select_autoescape

        env = Environment(
            loader=FileSystemLoader(_HERE),
            autoescape=select_autoescape(default=True, default_for_string=True),
        )
        template = env.get_template("page.html.j2")
        html = template.render(token=self.token, file=self.session.path.name)
        return html.encode("utf-8")


class _HTTPServer(ThreadingHTTPServer):
    # Requests in flight finish before ``stop`` returns; no thread outlives the server.
    daemon_threads = False
    block_on_close = True
    app: ReviewServer

    def server_activate(self) -> None:
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().server_activate()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.connections_lock:
            self.connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self.connections_lock:
            self.connections.discard(request)
        super().shutdown_request(request)

    def end_reads(self) -> None:
        """End the reading side of every open connection: a handler waiting for the rest of a
        request sees its end at once; one writing its answer finishes it."""
        with self.connections_lock:
            for connection in self.connections:
                with contextlib.suppress(OSError):  # already closed by the client
                    connection.shutdown(socket.SHUT_RD)


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    # An idle connection (a browser's speculative one) cannot hold a thread for long.
    timeout = 10
    server_version = "quotecards-review"
    sys_version = ""

    @property
    def app(self) -> ReviewServer:
        return self.server.app

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: a request line carries the token, and the terminal is the editor's."""

    # Routing.

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        if not self._allowed(query):
            return
        if url.path == "/":
            self._send(HTTPStatus.OK, self.app.page(), "text/html; charset=utf-8")
        elif url.path.startswith("/static/") and url.path[8:] in _STATIC:
            name = url.path[8:]
            self._send(HTTPStatus.OK, self.app.assets[name], _STATIC[name], cache="private")
        elif url.path == "/api/state":
            self._api(lambda: self.app.session.state())
        elif url.path == "/api/preview":
            self._preview(query)
        else:
            self._json(HTTPStatus.NOT_FOUND, {"error": "no such page"})

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if not self._allowed(parse_qs(url.query)) or not self._same_origin():
            return
        body = self._body()
        if body is None:
            return
        session = self.app.session
        actions = {
            "/api/decide": lambda: session.decide(
                _str(body, "version"), _str(body, "id"), _str(body, "status")
            ),
            "/api/edit": lambda: session.edit(
                _str(body, "version"), _str(body, "id"), _str(body, "text")
            ),
            "/api/credit": lambda: session.credit(
                _str(body, "version"), _str(body, "id"), _str(body, "speaker")
            ),
            "/api/reset": lambda: session.reset(_str(body, "version"), _str(body, "id")),
            "/api/choose": lambda: session.choose(
                _str(body, "version"), _str(body, "id"), body.get("themes"), body.get("formats")
            ),
            "/api/highlight": lambda: session.highlight(
                _str(body, "version"), _str(body, "id"), _str(body, "highlight")
            ),
            "/api/note": lambda: session.annotate(
                _str(body, "version"), _str(body, "id"), _str(body, "note")
            ),
            "/api/speaker": lambda: session.name_speaker(
                _str(body, "version"), _str(body, "label"), _str(body, "name")
            ),
            "/api/check": lambda: session.checked(_str(body, "id"), _str(body, "text")),
        }
        action = actions.get(url.path)
        if action is None:
            self._json(HTTPStatus.NOT_FOUND, {"error": "no such action"})
            return
        self._api(action)

    # The checks every request passes.

    def _allowed(self, query: dict[str, list[str]]) -> bool:
        if self.headers.get("Host", "") not in self.app.hosts:
            self._text(HTTPStatus.FORBIDDEN, "quotecards review answers only at 127.0.0.1")
            return False
        given = self.headers.get(TOKEN_HEADER) or (query.get("token") or [""])[0]
        if not hmac.compare_digest(given.encode(), self.app.token.encode()):
            self._text(
                HTTPStatus.FORBIDDEN,
                "quotecards review: open the full address printed in the terminal "
                "(it ends with ?token=...)",
            )
            return False
        return True

    def _same_origin(self) -> bool:
        origin = self.headers.get("Origin")
        referer = self.headers.get("Referer")
        if origin is not None:
            ok = origin == f"http://{self.headers.get('Host')}"
        elif referer is not None:
            ok = referer.startswith(f"http://{self.headers.get('Host')}/")
        else:
            ok = False
        if not ok:
            self._json(HTTPStatus.FORBIDDEN, {"error": "changes are accepted only from the page"})
        return ok

    def _body(self) -> dict[str, Any] | None:
        if not self.headers.get("Content-Type", "").startswith("application/json"):
            self._json(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, {"error": "send JSON"})
            return None
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self._json(HTTPStatus.LENGTH_REQUIRED, {"error": "Content-Length is required"})
            return None
        if int(length) > MAX_BODY:
            self._json(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                {"error": f"a request may carry at most {MAX_BODY // 1024} KB"},
            )
            return None
        try:
            body = json.loads(self.rfile.read(int(length)))
        except (ValueError, UnicodeDecodeError):
            self._json(HTTPStatus.BAD_REQUEST, {"error": "the body is not valid JSON"})
            return None
        except RecursionError:
            self._json(HTTPStatus.BAD_REQUEST, {"error": "the JSON body is nested too deeply"})
            return None
        if not isinstance(body, dict):
            self._json(HTTPStatus.BAD_REQUEST, {"error": "the body must be a JSON object"})
            return None
        return body

    # Answers.

    def _api(self, action: Any) -> None:
        try:
            result = action()
        except ConflictError as error:
            self._json(HTTPStatus.CONFLICT, {"error": str(error), "version": error.version})
        except EditRefused as error:
            self._json(
                HTTPStatus.UNPROCESSABLE_ENTITY,
                {"error": str(error), "check": check_json(error.check)},
            )
        except (QuotecardsError, _BadRequest) as error:
            self._json(HTTPStatus.UNPROCESSABLE_ENTITY, {"error": str(error)})
        except Exception as error:
            traceback.print_exc(file=sys.stderr)
            self._json(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": f"internal error: {error}"})
        else:
            self._json(HTTPStatus.OK, result)

    def _preview(self, query: dict[str, list[str]]) -> None:
        def one(key: str) -> str:
            return (query.get(key) or [""])[0]

        text = one("text")
        if len(text) > MAX_PREVIEW_TEXT:
            self._json(HTTPStatus.REQUEST_URI_TOO_LONG, {"error": "the text is too long"})
            return
        try:
            png = self.app.session.preview(one("id"), one("format"), one("theme"), text or None)
        except QuotecardsError as error:
            self._json(HTTPStatus.UNPROCESSABLE_ENTITY, {"error": str(error)})
            return
        self._send(HTTPStatus.OK, png, "image/png", cache="private, max-age=3600")

    def _json(self, status: HTTPStatus, value: Any) -> None:
        data = json.dumps(value, ensure_ascii=False).encode("utf-8")
        self._send(status, data, "application/json; charset=utf-8")

    def _text(self, status: HTTPStatus, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _send(self, status: HTTPStatus, data: bytes, kind: str, cache: str = "no-store") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", cache)
        for name, value in _SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


class _BadRequest(ValueError):
    """A request whose JSON lacks a field or has the wrong type."""


def _str(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str):
        raise _BadRequest(f"{key!r} must be a string")
    return value
