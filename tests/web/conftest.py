"""Fixtures of the web tests: the fund world at a fixed date, and a logged-in client per
persona."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from pytest_django.fixtures import Settings

from akasse.profiling.training import train
from akasse.stats.dataset import Dataset
from tests.web.world import PASSWORD, TODAY, World, build


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Login throttling and cached reports live in the cache; no test sees another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db: None, settings: Settings) -> World:
    settings.TODAY = TODAY
    return build()


@pytest.fixture
def login(world: World) -> Callable[[str], Client]:
    def client_for(persona: str) -> Client:
        client = Client()
        assert client.login(username=world.users[persona].username, password=PASSWORD)
        return client

    return client_for


@pytest.fixture(scope="session")
def model_file(dataset: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A profiling model trained on the small simulated dataset."""
    path = tmp_path_factory.mktemp("profiling") / "model.json"
    train(Dataset(dataset)).model.save(path)
    return path
