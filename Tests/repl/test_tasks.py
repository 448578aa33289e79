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


def run_and_interrupt(env, args, after, tmp_path=None):
    """cogsh `args` on a pseudo-terminal, Ctrl-C once `after` was printed; what it wrote.
    Tests that need the job's summary wait for its progress line ("slow  "): a Ctrl-C
    between "started" and task.map stops the script before the job has begun."""
    c = pexpect.spawn(COGSH, args, env=env, encoding="utf-8", timeout=20, dimensions=(40, 200))
    c.expect_exact(after)
    c.sendintr()
    c.expect(pexpect.EOF)
    out = c.before
    c.close()
    return c.exitstatus, out


SLOW_JOB = ('io.write("started\\n") io.stdout:flush() '
            'local items = {} for i = 1, 40 do items[i] = i end '
            'task.map(items, function() task.sleep(0.3) end, { workers = 2, label = "slow"%s })')


def test_ctrl_c_during_a_job_says_once_what_happened(env):
    status, out = run_and_interrupt(env, ["-e", SLOW_JOB % ""], "slow  ")
    assert status == 130, out
    # Lines as the terminal ends up showing them: the progress line is redrawn with \r.
    lines = [l for l in re.split(r"[\r\n]+", out.replace("\x1b[K", "")) if l.strip() and "slow  " not in l and l != "^C"]
    # The job's summary, then one line naming the signal; no traceback, no stutter.
    assert re.search(r"slow: \d+ done, 0 skipped, 0 failed", lines[-2]), lines
    assert lines[-1] == "cogsh: interrupted by SIGINT", lines
    assert "traceback" not in out and "Interrupted:" not in out, out


def test_ctrl_c_during_a_journaled_job_says_how_to_go_on(env, tmp_path):
    journal = str(tmp_path / "slow.journal")
    status, out = run_and_interrupt(env, ["-e", SLOW_JOB % (', journal = "%s"' % journal)], "slow  ")
    assert status == 130, out
    assert re.search(r"slow: (\d+) done, 0 skipped, 0 failed in [\d.]+s \([\d.]+/s\), throttled 0; "
                     r"stopped: the same command goes on from there \(journal %s\)" % re.escape(journal), out), out
    assert out.rstrip().endswith("cogsh: interrupted by SIGINT"), out
    done = int(re.search(r"slow: (\d+) done", out).group(1))
    with open(journal) as f:
        assert len(f.read().splitlines()) == done + 1   # the header, then one line per item done
    # --verbose shows where the script was.
    status, out = run_and_interrupt(env, ["--verbose", "-e", SLOW_JOB % ""], "started")
    assert status == 130 and "cogsh: interrupted by SIGINT\r\nstack traceback:" in out, out


def test_ctrl_c_under_json_logs_is_one_json_line(env):
    import json
    status, out = run_and_interrupt(env, ["--log-format", "json", "-e", SLOW_JOB % ""], "started")
    assert status == 130, out
    records = [json.loads(l) for l in out.splitlines() if l.startswith("{")]
    stop = [r for r in records if r.get("code") == "Interrupted"]
    assert len(stop) == 1, records
    assert stop[0]["message"] == "interrupted by SIGINT" and stop[0]["exit"] == 130
    assert "traceback" in stop[0]   # a field, never lines
    assert not [l for l in out.splitlines() if l.startswith("stack traceback") or l.startswith("\t")], out
