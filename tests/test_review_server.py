"""The review server as a client meets it: the token, the Host and Origin checks, size limits,
no way out of the project, and no lost update between two tabs or a tab and a text editor."""

from __future__ import annotations

import http.client
import json
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest

from quotecards.review.file import load
from quotecards.review.server import MAX_BODY, TOKEN_HEADER, ReviewServer
from quotecards.review.session import ReviewSession
from quotecards.review.sync import write_review
from tests.conftest import ROOT, Interview

NOW = "2025-03-01T09:30:00Z"


@pytest.fixture
def server(tmp_path: Path, interview: Interview) -> Iterator[ReviewServer]:
    (tmp_path / ".git").mkdir()
    source = tmp_path / "interview.txt"
    shutil.copyfile(interview.path, source)
    path, _ = write_review(source)
    running = ReviewServer(ReviewSession(path, clock=lambda: NOW)).start()
    try:
        yield running
    finally:
        running.stop()
    assert not [t for t in threading.enumerate() if t.name.startswith("quotecards-review")]


class Reply:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    def json(self) -> Any:
        return json.loads(self.body)


def call(
    server: ReviewServer,
    method: str,
    path: str,
    body: Any = None,
    *,
    token: str | None = "header",
    headers: dict[str, str] | None = None,
    raw: bytes | None = None,
) -> Reply:
    """One request as the page would make it, unless told otherwise."""
    sent = {"Host": f"127.0.0.1:{server.port}"}
    if token == "header":
        sent[TOKEN_HEADER] = server.token
    elif token is not None:
        sent[TOKEN_HEADER] = token
    data = raw
    if body is not None:
        data = json.dumps(body).encode()
    if method == "POST":
        sent.setdefault("Origin", server.origin)
        sent.setdefault("Content-Type", "application/json")
    sent.update(headers or {})
    omitted = {k for k, v in sent.items() if v is None}
    sent = {k: v for k, v in sent.items() if v is not None}
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in sent.items():
            connection.putheader(name, value)
        if data is not None and "Content-Length" not in sent.keys() | omitted:
            connection.putheader("Content-Length", str(len(data)))
        connection.endheaders(data)
        response = connection.getresponse()
        return Reply(response.status, dict(response.getheaders()), response.read())
    finally:
        connection.close()


def state(server: ReviewServer) -> dict[str, Any]:
    reply = call(server, "GET", "/api/state")
    assert reply.status == 200, reply.body
    return reply.json()


def statuses(server: ReviewServer) -> dict[str, str]:
    review, _ = load(server.session.path)
    return {q.id: q.status for q in review.quotes}


# The token.


@pytest.mark.parametrize(
    "path", ["/", "/static/page.js", "/static/page.css", "/api/state", "/api/preview?id=x"]
)
def test_every_request_needs_the_token(server: ReviewServer, path: str):
    assert call(server, "GET", path, token=None).status == 403
    assert call(server, "GET", path, token="wrong-token").status == 403
    separator = "&" if "?" in path else "?"
    with_query = call(server, "GET", f"{path}{separator}token={server.token}", token=None)
    assert with_query.status in (200, 422)


def test_a_change_without_the_token_is_refused_and_nothing_is_written(server: ReviewServer):
    before = server.session.path.read_bytes()
    quote = state(server)["quotes"][0]
    body = {"version": state(server)["version"], "id": quote["id"], "status": "approved"}
    assert call(server, "POST", "/api/decide", body, token=None).status == 403
    # One character off (a random token may itself end in "x").
    wrong = server.token[:-1] + ("y" if server.token.endswith("x") else "x")
    assert call(server, "POST", "/api/decide", body, token=wrong).status == 403
    assert server.session.path.read_bytes() == before


def test_the_page_carries_its_token_into_every_asset_and_nothing_else(server: ReviewServer):
    page = call(server, "GET", "/").body.decode()
    assert f'content="{server.token}"' in page
    assert f"/static/page.js?token={server.token}" in page
    assert "http" not in page.replace(server.origin, ""), "no CDN, no outside address"
    headers = call(server, "GET", "/").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_the_server_listens_on_loopback_only(server: ReviewServer):
    assert server.httpd.server_address[0] == "127.0.0.1"
    assert server.url == f"http://127.0.0.1:{server.port}/?token={server.token}"


def test_a_request_under_another_host_name_is_refused(server: ReviewServer):
    """A DNS-rebinding page reaches 127.0.0.1 under its own name; it gets nothing."""
    reply = call(server, "GET", "/api/state", headers={"Host": f"evil.example:{server.port}"})
    assert reply.status == 403
    assert (
        call(server, "GET", "/api/state", headers={"Host": f"localhost:{server.port}"}).status
        == 200
    )


# The origin check.


def test_writes_are_accepted_only_from_the_pages_origin(server: ReviewServer):
    current = state(server)
    quote = current["quotes"][0]["id"]
    body = {"version": current["version"], "id": quote, "status": "approved"}
    for headers in (
        {"Origin": "http://evil.example"},
        {"Origin": f"http://127.0.0.1:{server.port + 1}"},
        {"Origin": "null"},
        {"Origin": None, "Referer": "http://evil.example/page"},
        {"Origin": None},
    ):
        reply = call(server, "POST", "/api/decide", body, headers=headers)
        assert reply.status == 403, headers
        assert reply.json()["error"] == "changes are accepted only from the page"
    assert statuses(server)[quote] == "proposed"

    referer = {"Origin": None, "Referer": f"{server.origin}/?token={server.token}"}
    assert call(server, "POST", "/api/decide", body, headers=referer).status == 200
    assert statuses(server)[quote] == "approved"


def test_a_form_post_from_another_page_is_refused(server: ReviewServer):
    current = state(server)
    form = f"version={current['version']}&id={current['quotes'][0]['id']}&status=approved"
    reply = call(
        server,
        "POST",
        "/api/decide",
        raw=form.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert reply.status == 415


def test_request_size_is_limited(server: ReviewServer):
    current = state(server)
    big = {"version": current["version"], "id": current["quotes"][0]["id"], "note": "x" * MAX_BODY}
    assert call(server, "POST", "/api/note", big).status == 413
    chunked = call(server, "POST", "/api/note", raw=b"", headers={"Content-Length": None})
    assert chunked.status == 411
    assert call(server, "POST", "/api/note", raw=b"{not json").status == 400


# No path outside the project.


@pytest.mark.parametrize(
    "path",
    [
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2fserver.py",
        "/static/page.html.j2",
        "/../interview.txt",
        "/interview.txt",
        "/interview.quotes.toml",
    ],
)
def test_no_file_is_served_by_name(server: ReviewServer, path: str):
    reply = call(server, "GET", f"{path}?token={server.token}", token=None)
    assert reply.status == 404
    assert b"root:" not in reply.body and b"Yann" not in reply.body


def test_previews_take_names_not_paths(server: ReviewServer):
    quote = state(server)["quotes"][0]["id"]
    for query in (
        f"id={quote}&format=square&theme=../../etc/passwd",
        f"id={quote}&format=/etc/passwd&theme=classic",
        "id=../../etc/passwd&format=square&theme=classic",
    ):
        reply = call(server, "GET", f"/api/preview?{query}")
        assert reply.status == 422, query
        assert b"root:" not in reply.body


# The API at work.


def test_a_preview_is_the_card_as_a_png_and_a_quote_too_long_says_why(server: ReviewServer):
    quote = state(server)["quotes"][0]
    reply = call(server, "GET", f"/api/preview?id={quote['id']}&format=story&theme=bold")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "image/png"
    assert reply.body.startswith(b"\x89PNG")

    long = "+".join(["word"] * 300)
    too_long = call(
        server, "GET", f"/api/preview?id={quote['id']}&format=og&theme=classic&text={long}"
    )
    assert too_long.status == 422
    assert "og" in too_long.json()["error"]


def test_an_edit_that_changes_a_word_is_refused_with_a_diff_and_a_trim_is_saved(
    server: ReviewServer,
):
    current = state(server)
    quote = next(q for q in current["quotes"] if len(q["text"].split()) >= 8)
    words = quote["text"].split()
    changed = " ".join([*words[:2], "zebra", *words[3:]])

    check = call(server, "POST", "/api/check", {"id": quote["id"], "text": changed}).json()
    assert not check["ok"] and ["added", "zebra"] in check["diff"]
    refused = call(
        server,
        "POST",
        "/api/edit",
        {"version": current["version"], "id": quote["id"], "text": changed},
    )
    assert refused.status == 422
    assert "{+zebra+}" in refused.json()["check"]["diff_text"]
    assert server.session.path.read_bytes().count(b"zebra") == 0

    trim = " ".join(words[:4]) + " …"
    saved = call(
        server,
        "POST",
        "/api/edit",
        {"version": current["version"], "id": quote["id"], "text": trim},
    )
    assert saved.status == 200
    review, _ = load(server.session.path)
    assert review.quote(quote["id"]).text == trim
    assert review.quote(quote["id"]).updated == NOW


# No lost update.


def test_two_tabs_with_the_same_version_cannot_overwrite_each_other(server: ReviewServer):
    loaded = state(server)  # both tabs load the page
    first, second = loaded["quotes"][0]["id"], loaded["quotes"][1]["id"]

    tab_a = call(
        server,
        "POST",
        "/api/decide",
        {"version": loaded["version"], "id": first, "status": "approved"},
    )
    tab_b = call(
        server,
        "POST",
        "/api/decide",
        {"version": loaded["version"], "id": second, "status": "rejected"},
    )

    assert tab_a.status == 200
    assert tab_b.status == 409
    assert "changed since this page loaded it" in tab_b.json()["error"]
    assert tab_b.json()["version"] == tab_a.json()["version"]
    assert statuses(server)[first] == "approved" and statuses(server)[second] == "proposed"

    retried = call(
        server,
        "POST",
        "/api/decide",
        {"version": tab_b.json()["version"], "id": second, "status": "rejected"},
    )
    assert retried.status == 200
    assert statuses(server)[first] == "approved" and statuses(server)[second] == "rejected"


def test_an_edit_to_the_file_while_the_page_is_open_is_never_overwritten(server: ReviewServer):
    loaded = state(server)
    path = server.session.path
    by_hand = path.read_text(encoding="utf-8").replace('note = ""', 'note = "from vim"', 1)
    path.write_text(by_hand, encoding="utf-8")

    reply = call(
        server,
        "POST",
        "/api/decide",
        {"version": loaded["version"], "id": loaded["quotes"][2]["id"], "status": "approved"},
    )

    assert reply.status == 409
    assert path.read_text(encoding="utf-8") == by_hand
    assert state(server)["quotes"][0]["note"] == "from vim"


def test_simultaneous_changes_from_one_version_save_exactly_one(server: ReviewServer):
    loaded = state(server)
    ids = [q["id"] for q in loaded["quotes"]][:6]
    replies: dict[str, int] = {}

    def approve(quote: str) -> None:
        body = {"version": loaded["version"], "id": quote, "status": "approved"}
        replies[quote] = call(server, "POST", "/api/decide", body).status

    threads = [threading.Thread(target=approve, args=(quote,)) for quote in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(replies.values()) == [200] + [409] * (len(ids) - 1)
    winner = next(q for q, status in replies.items() if status == 200)
    assert [q for q, s in statuses(server).items() if s == "approved"] == [winner]


def test_a_quote_whose_speaker_is_not_established_cannot_be_approved(server: ReviewServer):
    loaded = state(server)
    doubtful = [q for q in loaded["quotes"] if q["attribution"] == "uncertain"]
    if not doubtful:
        pytest.skip("the selector offers no unattributed quote from the seed")
    body = {"version": loaded["version"], "id": doubtful[0]["id"], "status": "approved"}
    reply = call(server, "POST", "/api/decide", body)
    assert reply.status == 422
    assert "does not establish who said it" in reply.json()["error"]
    assert statuses(server)[doubtful[0]["id"]] == "proposed"


# The command.


def test_quotecards_review_prints_its_address_serves_and_stops_on_ctrl_c(
    tmp_path: Path, interview: Interview
):
    source = tmp_path / "interview.txt"
    shutil.copyfile(interview.path, source)
    program = (
        "import argparse, sys\n"
        "from quotecards.review.commands import add_review_commands\n"
        "parser = argparse.ArgumentParser(prog='quotecards')\n"
        "add_review_commands(parser.add_subparsers())\n"
        "args = parser.parse_args(sys.argv[1:])\n"
        "raise SystemExit(args.run(args))\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", program, "review", str(source), "--no-browser"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # pytest-xdist workers ignore SIGINT and children inherit that: give Ctrl-C back.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        url = process.stdout.readline().strip()  # type: ignore[union-attr]
        address = urlsplit(url)
        assert address.hostname == "127.0.0.1" and address.query.startswith("token=")
        with urlopen(url.replace("/?", "/api/state?"), timeout=30) as response:
            assert json.load(response)["file"] == "interview.quotes.toml"
        assert source.with_name("interview.quotes.toml").exists()
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "review stopped" in err


def test_themes_formats_and_notes_are_saved_and_unknown_names_refused(server: ReviewServer):
    loaded = state(server)
    quote = loaded["quotes"][0]["id"]
    body = {"version": loaded["version"], "id": quote}
    bad = call(server, "POST", "/api/choose", {**body, "themes": ["nope"], "formats": ["square"]})
    assert bad.status == 422 and "unknown theme 'nope'" in bad.json()["error"]
    none = call(server, "POST", "/api/choose", {**body, "themes": [], "formats": ["square"]})
    assert none.status == 422 and "at least one theme" in none.json()["error"]

    chosen = {**body, "themes": ["bold", "photo"], "formats": ["og", "1200x800"]}
    saved = call(server, "POST", "/api/choose", chosen)
    assert saved.status == 200
    noted = call(
        server, "POST", "/api/note", {**body, "version": saved.json()["version"], "note": "Monday"}
    )
    assert noted.status == 200
    entry = load(server.session.path)[0].quote(quote)
    assert (entry.themes, entry.formats, entry.note) == (
        ("bold", "photo"),
        ("og", "1200x800"),
        "Monday",
    )
    assert {"name": "1200x800", "label": "1200x800", "purpose": "custom size"} in noted.json()[
        "formats"
    ]
