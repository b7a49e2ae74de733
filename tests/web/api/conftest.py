"""Fixtures of the API tests: the web tests' world with a token per organisation persona."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from akasse.web.api import tokens
from akasse.web.api.scopes import FUND, JOBCENTRE, allowed
from tests.web.world import World

# Who calls the API: (fund code or municipality code, kind, scopes; None for all allowed).
PERSONAS: dict[str, tuple[str, str, list[str] | None]] = {
    "fund": ("FOA-A", FUND, None),
    "jobcentre": ("0751", JOBCENTRE, None),
    "outsider": ("3F-A", FUND, None),
    "outsider_jobcentre": ("0101", JOBCENTRE, None),
    "narrow": ("FOA-A", FUND, ["spells:read"]),
}


@dataclass
class Api:
    world: World
    tokens: dict[str, str]

    def client(self, persona: str) -> Client:
        return Client(headers={"Authorization": f"Bearer {self.tokens[persona]}"})


def make_token(persona: str) -> str:
    code, kind, scopes = PERSONAS[persona]
    org = tokens.organisation(**{"fund" if kind == FUND else "municipality": code})
    return tokens.create(org, f"system for {persona}", scopes or allowed(kind))[1]


@pytest.fixture
def api(world: World) -> Api:
    return Api(world, {persona: make_token(persona) for persona in PERSONAS})
