"""From measurements to markdown: medians and ranges, numbers, tables, the run's header
(versions, machine, load) and the figures block of docs/BENCHMARKS.md."""
import os
import platform
import statistics
import subprocess

import harness

DOC = os.path.join(harness.ROOT, "docs", "BENCHMARKS.md")
# The figures live between these markers; the rest of the file is written by hand.
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


# ---------------------------------------------------------------- numbers and tables

def stats(xs):
    """(median, min, max): every table shows the median with the range over the runs."""
    return statistics.median(xs), min(xs), max(xs)


def fnum(x, digits=3):
    if x >= 1000:
        return f"{x:,.0f}"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    if x >= 1:
        return f"{x:.2f}"
    return f"{x:.{digits}f}"


def frange(med, lo, hi):
    return f"{fnum(med)} ({fnum(lo)}–{fnum(hi)})"


def ratio(a, b):
    return f"{a / b:.3f}" if b else "—"


def runs(n, unit="run"):
    """'1 run', '3 runs': for the run's mode sentence."""
    return f"{n:,} {unit}{'' if n == 1 else 's'}"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def hyperfine_rows(cmds, res):
    """One row per hyperfine command, in milliseconds, against the first (cogsh's) median."""
    c = statistics.median(res[cmds[0][0]])
    rows = []
    for label, _ in cmds:
        med, lo, hi = stats(res[label])
        rows.append([f"`{label}`", frange(med * 1e3, lo * 1e3, hi * 1e3), len(res[label]),
                     ratio(c, med)])
    return rows


# ---------------------------------------------------------------- the run's header

def versions(cogsh):
    def out(cmd):
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, env=harness.ENV, timeout=60)
            return (r.stdout + r.stderr).strip().splitlines()[0]
        except Exception as e:  # noqa: BLE001
            return f"unknown ({e})"
    import boto3, botocore  # noqa: E401
    try:
        import importlib.metadata as md
        moto_v = md.version("moto")
        cli_v = md.version("awscli")
    except Exception:  # noqa: BLE001
        moto_v = cli_v = "?"
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except Exception:  # noqa: BLE001
        pass
    return {
        "machine": f"{cpu}, {os.cpu_count()} cores, Linux {platform.release()}",
        "cogsh": out([cogsh, "-v"]),
        "swift": out(["swift", "--version"]),
        "python": platform.python_version(),
        "boto3/botocore": f"{boto3.__version__} / {botocore.__version__}",
        "awscli": cli_v,
        "moto": moto_v,
        "nginx": out(["nginx", "-v"]),
        "hyperfine": out(["hyperfine", "--version"]),
    }


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


# ---------------------------------------------------------------- docs/BENCHMARKS.md

def write_doc(text):
    """Replaces what is between the markers with TEXT (adds the markers if missing)."""
    try:
        with open(DOC) as f:
            doc = f.read()
    except FileNotFoundError:
        doc = f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    if BEGIN not in doc or END not in doc:
        doc = doc.rstrip("\n") + f"\n\n{BEGIN}\n{END}\n"
    pre, rest = doc.split(BEGIN, 1)
    _, post = rest.split(END, 1)
    with open(DOC, "w") as f:
        f.write(f"{pre}{BEGIN}\n{text}{END}{post}")
