"""What the REPL tests share: the cogsh under test, its environment, a session on a
pseudo-terminal (started at its first prompt, ended with Ctrl-D), and lines typed
with what they must print."""
import contextlib
import os
import time

import pexpect

COGSH = os.environ.get("COGSH_BIN") or os.path.join(os.path.dirname(__file__), "..", "..", ".build", "debug", "cogsh")
PROMPT = "> "


def repl_env(state_home, **extra):
    """The test's environment with the history under `state_home`, a terminal type,
    no LUA_INIT, and `extra`."""
    env = {k: v for k, v in os.environ.items() if k not in ("LUA_INIT", "LUA_INIT_5_4")}
    env.update(XDG_STATE_HOME=state_home, TERM="xterm")
    env.update(extra)
    return env


def start(env, timeout=10, width=120):
    """cogsh's REPL on a pseudo-terminal, once its banner and first prompt are shown."""
    child = pexpect.spawn(COGSH, [], env=env, encoding="utf-8", timeout=timeout, dimensions=(40, width))
    child.expect_exact("Lua 5.4")
    child.expect_exact(PROMPT)
    return child


def finish(child):
    """Ends the session with Ctrl-D; it must end with status 0."""
    # A Ctrl-D typed in the instant before libedit switches the terminal back to raw
    # mode is taken by the kernel's line discipline as end-of-file and lost; a person
    # never types that fast, so neither does the test.
    time.sleep(0.2)
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@contextlib.contextmanager
def session(env, **options):
    """A session for a `with` block: ended with Ctrl-D when the block succeeds, killed
    when it fails (so a failed expectation is reported, not a second one at Ctrl-D)."""
    child = start(env, **options)
    try:
        yield child
    except BaseException:
        child.terminate(force=True)
        raise
    finish(child)


def type_line(child, line, *expected):
    """Types `line` and Enter; each text of `expected` must follow, in that order."""
    child.sendline(line)
    for text in expected:
        child.expect_exact(text)


def ask(child, line, answer):
    """Types `line`; `answer` must follow on a line of its own, then a fresh prompt."""
    type_line(child, line, answer + "\r\n" + PROMPT)
