"""Driver for scripts/bench: cogsh against boto3 and the AWS CLI, side by side.

Run through scripts/bench, which builds cogsh in release mode and runs this file with the
venv's python:
    bench.py --cogsh PATH [--quick] [--no-doc] [--sections 1,4] [SECTION...]
    bench.py --list
A SECTION is a name or a number from SECTIONS below; none named means all of them. Each
section prints its markdown under a heading; then come the targets (the goals each section
checked, in section order) and the run's header, and all of it replaces the figures in
docs/BENCHMARKS.md (between the markers) unless --no-doc.

Where things are:
    harness.py       the peers' environment, endpoints, child processes, measurements
    report.py        medians and ranges, number and table formatting, header, the doc
    sections/*.py    one benchmark section each
    workloads/       the scripts the peers run (Lua for cogsh, Python for boto3)
    endpoints/       nginx's config template and the throttling server
    published_quotas.py, listing.py, snapcheck.py
                     for the snapshot section: the stand-in's quota categories, the
                     listing's timeline from the stand-in, the snapshot file against it

Adding a section (e.g. snapshots):
 1. Write sections/snapshots.py defining
      TITLE              its heading; the driver puts its number in front
      QUICK, DEFAULT     its sizes (types.SimpleNamespace) with --quick and without
      mode(sizes)        those sizes in words, for the run's header
      run(bench, sizes)  measures and returns the markdown under the heading (report.table);
                         calls bench.target(goal, met, detail) for each goal it checks
    Take endpoints from harness (harness.nginx(), harness.start_standin(), ...; a new
    kind of server goes in endpoints/ with a start_* function in harness.py), measure
    with harness.run_loop / cpu_loop / timed_process / hyperfine, and put the scripts
    the peers run in workloads/. sections/signing.py is a short example that times a
    loop; sections/bulk.py one against the Cognito stand-in.
 2. Add "snapshots" to SECTIONS below: its place in the list is its number.
Then say what its rows mean in docs/BENCHMARKS.md.
"""
import argparse
import importlib
import os
import sys
import time

# No __pycache__ directories left in the source tree by the modules imported below.
sys.dont_write_bytecode = True

import harness  # noqa: E402
import report  # noqa: E402

# The sections, in the order they run; the first is section 1.
SECTIONS = [
    "startup",
    "oneshot",
    "sequential",
    "signing",
    "pacing",
    "bulk",
    "snapshot",
    "report",
    "restore",
    "apply",
]


class Bench:
    """What a section is given: the binary under test, and a place for its targets."""

    def __init__(self, cogsh):
        self.cogsh = cogsh
        self.targets = []

    def target(self, goal, met, detail):
        """A goal the section checks, listed under "Targets" after all the tables."""
        self.targets.append(f"- {goal}: **{'met' if met else 'missed'}** — {detail}")


def parse_args():
    ap = argparse.ArgumentParser(prog="scripts/bench")
    ap.add_argument("--quick", action="store_true", help="fewer runs and items (under 2 minutes)")
    ap.add_argument("--cogsh", help="the cogsh binary to measure (required unless --list)")
    ap.add_argument("--list", action="store_true", help="list the sections and exit")
    ap.add_argument("--sections", default="", help="comma-separated subset by number or name, e.g. 1,4")
    ap.add_argument("--no-doc", action="store_true", help="do not rewrite docs/BENCHMARKS.md")
    ap.add_argument("section", nargs="*",
                    help=f"sections to run, by number or name (default: all): {', '.join(SECTIONS)}")
    a = ap.parse_args()
    if not a.list and not a.cogsh:
        ap.error("--cogsh is required")
    return a


def select(names):
    """[(number, module)] for the sections named (numbers or names), in SECTIONS order."""
    wanted = set()
    for name in names:
        if name.isdigit() and 1 <= int(name) <= len(SECTIONS):
            wanted.add(SECTIONS[int(name) - 1])
        elif name in SECTIONS:
            wanted.add(name)
        else:
            sys.exit(f"bench: no section {name!r}; the sections are "
                     + ", ".join(f"{i} {s}" for i, s in enumerate(SECTIONS, 1)))
    return [(i, importlib.import_module(f"sections.{s}"))
            for i, s in enumerate(SECTIONS, 1) if s in wanted or not wanted]


def main():
    a = parse_args()
    if a.list:
        for number, section in select([]):
            print(f"{number} {SECTIONS[number - 1]}: {section.TITLE}")
        return
    chosen = select([s for s in a.sections.split(",") if s] + a.section)
    sizes = {number: (section.QUICK if a.quick else section.DEFAULT) for number, section in chosen}
    bench = Bench(os.path.abspath(a.cogsh))

    t_start = time.monotonic()
    load_before = report.loadavg()
    mode = (("quick (`--quick`): " if a.quick else "default: ")
            + ", ".join(section.mode(sizes[number]) for number, section in chosen))
    harness.log(f"mode: {mode}")

    parts = []
    for number, section in chosen:
        title = f"{number}. {section.TITLE}"
        harness.log(f"section {title}")
        body = section.run(bench, sizes[number])
        part = f"### {title}\n\n{body}\n"
        print(part, flush=True)
        parts.append(part)

    v = report.versions(bench.cogsh)
    elapsed = time.monotonic() - t_start
    head = [f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {mode}; "
            f"took {elapsed:.0f} s. Load average before: {load_before}, after: {report.loadavg()} "
            f"(on {os.cpu_count()} cores; a load above ~0.5 means other work was running).", ""]
    head += [f"- {k}: {val}" for k, val in v.items()]
    tgt = "\n".join(bench.targets)
    text = "\n".join(head) + "\n\n" + "\n".join(parts) + ("\n### Targets\n\n" + tgt + "\n" if tgt else "")
    print("### Targets\n\n" + tgt if tgt else "", flush=True)
    print("\n" + "\n".join(head), flush=True)
    if not a.no_doc:
        report.write_doc(text)
        harness.log(f"wrote {os.path.relpath(report.DOC, harness.ROOT)}")


if __name__ == "__main__":
    main()
