import os
import pathlib

import pytest

ROOT = pathlib.Path(os.environ.get("DBCOST_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))


@pytest.fixture
def root():
    return ROOT


@pytest.fixture
def cli():
    path = os.environ.get("DBCOST_CLI")
    if not path:
        pytest.skip("DBCOST_CLI is not set (run through ctest)")
    return path
