"""Every test runs without a screen: Qt draws offscreen, as in CI. The demo city and the catalogue are
loaded once for the tests that read them (the domain imports no Qt, so the order does not matter)."""

import os

import pytest

from workstation.domain.catalogue import Catalogue
from workstation.domain.city import City

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def city() -> City:
    return City.load()


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return Catalogue.load()
