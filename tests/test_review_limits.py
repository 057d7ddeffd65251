"""The review server answers 400 to a deeply nested JSON body instead of dropping the
connection."""

from __future__ import annotations

from quotecards.review.server import MAX_BODY, ReviewServer
from tests.test_review_server import call, server  # noqa: F401  (the fixture)


def test_a_deeply_nested_json_body_is_a_400(server: ReviewServer):  # noqa: F811
    depth = MAX_BODY // 2 - 10
    reply = call(server, "POST", "/api/check", raw=b"[" * depth + b"]" * depth)

    assert reply.status == 400
    assert "JSON" in reply.json()["error"]
