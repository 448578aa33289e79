"""task.map on a terminal, driven through a real pseudo-terminal: the progress line
is drawn, redrawn and cleared; Ctrl-C during a job in the REPL goes back to the prompt."""
import re

import pexpect

from repl_session import COGSH, PROMPT, ask, session


def test_progress_line_is_redrawn_then_cleared_and_summarised(env):
    # 12 items, 2 workers, 0.25 s each: about 1.5 s, so the line is redrawn several times.
    script = ('local s = task.map({1,2,3,4,5,6,7,8,9,10,11,12}, function(i) task.sleep(0.25) '
              'if i == 12 then error("twelve") end end, { workers = 2, label = "sleepers", errors = "continue" }) '
              'print("done", s.done, s.failed)')
    c = pexpect.spawn(COGSH, ["-e", script], env=env, encoding="utf-8", timeout=20, dimensions=(40, 160))
    c.expect(pexpect.EOF)
    out = c.before
    c.close()
    assert c.exitstatus == 0, out
    lines = re.findall(r"\rsleepers  (\d+)/12  (\d+)%  ([\d.]+)/s(?:  eta [\dms.]+)?  failed (\d)  throttled 0\x1b\[K", out)
    assert len(lines) >= 3, repr(out)
    counts = [int(n) for n, _, _, _ in lines]
    assert counts == sorted(counts), "the count only grows: %r" % counts
    assert all(int(p) == int(n) * 100 // 12 for n, p, _, _ in lines)
    # Cleared before the log lines (the failed item, the summary), never drawn after them.
    summary = re.search(r"WARN  sleepers: 11 done, 0 skipped, 1 failed in ([\d.]+)s", out)
    assert summary, repr(out)
    assert out.rindex("\r\x1b[K") < out.index("ERROR sleepers: 12 failed") < summary.start(), repr(out)
    assert "sleepers  " not in out[summary.start():]
    # At most 10 redraws a second, by the job's own clock.
    assert len(lines) <= 10 * float(summary.group(1)) + 1, (len(lines), summary.group(1))
    assert "done\t11\t1" in out


def test_no_progress_line_when_asked_for_none(env):
    c = pexpect.spawn(COGSH, ["-e", 'task.map({1,2,3}, function() task.sleep(0.2) end, { progress = false, label = "quiet" })'],
                      env=env, encoding="utf-8", timeout=20)
    c.expect(pexpect.EOF)
    out = c.before
    c.close()
    assert "quiet  " not in out, repr(out)
    assert "quiet: 3 done" in out


def test_ctrl_c_during_a_job_in_the_repl_returns_to_the_prompt(env):
    with session(env) as c:
        c.sendline('s = nil; s = task.map({1,2,3,4,5,6,7,8}, function() task.sleep(1) end, { workers = 2, label = "long" })')
        c.expect_exact("long  ")          # the job is running and drawing its line
        c.sendintr()                      # the items in flight finish, no new one starts
        c.expect_exact("interrupted by SIGINT", timeout=10)
        c.expect_exact(PROMPT)
        ask(c, "=s", "nil")
        # The REPL works, tasks included.
        ask(c, "=task.wait(task.spawn(function() task.sleep(0.05) return 42 end))", "42")
