"""Helpers shared by the API tests: a commenter who asks for a CAPTCHA and answers it.

The answer is read through the challenge store's own interface, never through
the HTTP API: the API has no backdoor that tests could lean on.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from models import ChallengeStore
from moderation.challenges import puzzle_solution

ORIGIN = "https://blog.example"


class Commenter:
    """Drive the public API the way the widget does, from the site's origin."""

    def __init__(self, app: Flask, client: FlaskClient, site_key: str, origin: str = ORIGIN) -> None:
        self.app = app
        self.client = client
        self.site_key = site_key
        self.origin = origin

    def challenge(self) -> dict[str, Any]:
        response = self.client.post("/api/v1/captcha", json={"site": self.site_key},
                                    headers={"Origin": self.origin})
        assert response.status_code == 201, response.json
        return response.json

    def answer_for(self, challenge_id: str) -> str | None:
        with self.app.app_context():
            return ChallengeStore().answer_for(challenge_id)

    def solution_for(self, challenge: dict[str, Any]) -> dict[str, Any]:
        """The proof of work the widget would send, computed with the server's key instead of searched."""
        with self.app.app_context():
            return puzzle_solution(challenge["id"], challenge["pow"]["max_number"])

    def form(self, **fields: Any) -> dict[str, Any]:
        """A valid comment with a fresh, correctly answered challenge; `fields` override."""
        challenge = self.challenge()
        body = {
            "site": self.site_key,
            "uri": "/2008/07/on-moderation",
            "page_title": "On moderation",
            "author": "Ada",
            "email": "ada@example.com",
            "title": "A thought",
            "body": "Nice post.",
            "captcha_id": challenge["id"],
            "captcha_answer": self.answer_for(challenge["id"]),
            "website": "",
            "form_token": challenge["form_token"],
            "pow": self.solution_for(challenge),
        }
        body.update(fields)
        return body

    def post(self, payload: Any = None, *, origin: str | None = ORIGIN, **fields: Any):
        """POST `payload`, or a fresh valid form with `fields` changed."""
        headers = {"Origin": origin} if origin else {}
        return self.client.post("/api/v1/comments", json=self.form(**fields) if payload is None else payload,
                                headers=headers)
