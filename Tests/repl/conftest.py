"""Fixtures of the REPL tests."""
import shutil
import tempfile

import pytest

from repl_session import repl_env


@pytest.fixture
def state_home():
    """A fresh directory for cogsh's state (the REPL's history), removed afterwards."""
    d = tempfile.mkdtemp(prefix="cogsh-repl-")
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture
def env(state_home):
    """cogsh's environment for a session whose state lives in `state_home`."""
    return repl_env(state_home)
