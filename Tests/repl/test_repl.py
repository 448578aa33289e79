"""The cogsh REPL driven through a real pseudo-terminal, as a person would type."""
import os
import shutil
import tempfile
import time

import pexpect
import pytest

COGSH = os.environ.get("COGSH_BIN") or os.path.join(os.path.dirname(__file__), "..", "..", ".build", "debug", "cogsh")
PROMPT = "> "


@pytest.fixture
def state_home():
    d = tempfile.mkdtemp(prefix="cogsh-repl-")
    yield d
    shutil.rmtree(d, ignore_errors=True)


def start(state_home):
    env = dict(os.environ, XDG_STATE_HOME=state_home, TERM="xterm")
    env.pop("LUA_INIT", None)
    child = pexpect.spawn(COGSH, [], env=env, encoding="utf-8", timeout=10, dimensions=(40, 120))
    child.expect_exact("Lua 5.4")
    child.expect_exact(PROMPT)
    return child


def finish(child):
    # A Ctrl-D typed in the instant before libedit switches the terminal back to raw
    # mode is taken by the kernel's line discipline as end-of-file and lost; a person
    # never types that fast, so neither does the test.
    time.sleep(0.2)
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_expressions_and_equals_form(state_home):
    c = start(state_home)
    c.sendline("1 + 1")
    c.expect_exact("2\r\n" + PROMPT)
    c.sendline("=math.max(3, 9)")
    c.expect_exact("9\r\n" + PROMPT)
    c.sendline("'a', 2, nil")
    c.expect_exact("a\t2\tnil\r\n" + PROMPT)
    finish(c)


def test_multi_line_input_continues_at_double_prompt(state_home):
    c = start(state_home)
    c.sendline("function twice(a)")
    c.expect_exact(">> ")
    c.sendline("return a * 2")
    c.expect_exact(">> ")
    c.sendline("end")
    c.expect_exact(PROMPT)
    c.sendline("twice(21)")
    c.expect_exact("42\r\n" + PROMPT)
    finish(c)


def test_table_result_is_pretty_printed_with_sorted_keys(state_home):
    c = start(state_home)
    c.sendline('={ zeta = 1, alpha = { 1, 2 }, ["with space"] = "s" }')
    c.expect_exact('{ alpha = { 1, 2 }, ["with space"] = "s", zeta = 1 }\r\n' + PROMPT)
    c.sendline("t = {}; t.self = t")
    c.sendline("=t")
    c.expect_exact("{ self = <cycle> }\r\n" + PROMPT)
    finish(c)


def test_error_then_recovery(state_home):
    c = start(state_home)
    c.sendline('error("bad thing")')
    c.expect_exact("stdin:1: bad thing")
    c.expect_exact("stack traceback:")
    c.sendline("x = = 1")
    c.expect_exact("unexpected symbol")
    c.sendline("=40 + 2")
    c.expect_exact("42\r\n" + PROMPT)
    finish(c)


def test_ctrl_c_interrupts_a_running_chunk_and_returns_to_the_prompt(state_home):
    c = start(state_home)
    c.sendline("while true do end")
    c.expect_exact("while true do end")
    time.sleep(0.5)
    c.sendintr()
    c.expect_exact("interrupted by SIGINT")
    c.expect_exact(PROMPT)
    c.sendline("=7 * 6")
    c.expect_exact("42\r\n" + PROMPT)
    finish(c)


def test_ctrl_c_at_the_prompt_clears_the_line(state_home):
    c = start(state_home)
    c.send("this is not lua")
    c.sendintr()
    c.expect_exact(PROMPT)
    c.sendline("=8")
    c.expect_exact("8\r\n" + PROMPT)
    assert "syntax error" not in c.before
    finish(c)


def test_ctrl_c_right_after_typing_always_gives_a_prompt(state_home):
    # The Ctrl-C follows the keys at once, at a fresh prompt: the terminal may discard
    # the keys after cogsh saw them waiting and before it read them (this lost the
    # prompt about one time in ten). It must come back every time.
    for i in range(20):
        c = start(state_home)
        c.send("this is not lua")
        c.sendintr()
        c.expect_exact(PROMPT, timeout=5)
        c.sendline("=%d" % i)
        c.expect_exact("%d\r\n" % i)
        c.terminate(force=True)


def test_history_is_saved_and_reloaded(state_home):
    c = start(state_home)
    c.sendline("x = 12345")
    c.expect_exact(PROMPT)
    c.sendline("x = = broken")        # does not compile: not kept
    c.expect_exact("unexpected symbol")
    c.expect_exact(PROMPT)
    finish(c)
    with open(os.path.join(state_home, "cogsh", "history")) as f:
        saved = f.read()
    assert "12345" in saved
    assert "broken" not in saved
    c = start(state_home)
    c.send("\x1b[A")                  # up arrow: the last line from the previous session
    time.sleep(0.3)                   # as typed: libedit reads the escape sequence whole
    c.sendline("")
    c.expect_exact(PROMPT)
    c.sendline("=x")
    c.expect_exact("12345\r\n" + PROMPT)
    finish(c)


def test_tab_completes_globals_and_fields(state_home):
    c = start(state_home)
    # The completed word is redrawn in pieces; the call only works if it was completed.
    c.send("string.fo\t")
    c.sendline("('%d', 5)")
    c.expect_exact("5\r\n" + PROMPT)
    c.send("json.deco\t")
    c.sendline("('[1]')[1]")
    c.expect_exact("1\r\n" + PROMPT)
    c.send("cognito.admin_update_user_attr\t")
    c.sendline("")
    c.expect_exact("function: ")
    c.expect_exact(PROMPT)
    c.send("collectg\t")
    c.sendline("('count') > 0")
    c.expect_exact("true\r\n" + PROMPT)
    finish(c)


def test_help_lists_modules(state_home):
    c = start(state_home)
    c.sendline("help()")
    c.expect_exact("csv")
    c.expect_exact("json")
    c.expect_exact("log")
    c.expect_exact(PROMPT)
    finish(c)


def test_second_ctrl_c_ends_a_long_c_call(state_home):
    # The first Ctrl-C is raised at the next Lua instruction, which a long C call never
    # reaches; the second ends cogsh at once, as lua.c's does.
    c = start(state_home)
    c.sendline("string.find(string.rep('a', 1e6), '.-.-.-b')")
    c.expect_exact("string.find")
    time.sleep(0.5)
    c.sendintr()
    time.sleep(0.5)
    assert c.isalive()
    c.sendintr()
    c.expect_exact("interrupted by SIGINT again: stopped at once")
    c.expect(pexpect.EOF)
    c.close()
    assert c.exitstatus == 130
