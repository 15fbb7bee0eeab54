"""`make mutate`: would the tests notice if a rule that matters broke?

Each area of `tests/mutation/areas.toml` is mutated by mutmut against its own tests, in a
workspace of its own under `build/mutate/AREA`. The score per area is the share of mutants
killed, leaving out those justified as equivalent in `tests/mutation/equivalent.toml`.
A mutant that times out counts as killed (the tests noticed); one that no test reaches
counts as a survivor.

    python tools/mutate.py [AREA ...] [--report-only] [--list] [--max-children N]

Exit status: 0 when every area is at or above the target and every survivor is justified;
1 otherwise; 2 when mutants were left unchecked.

Results are kept between runs: mutmut re-checks only the functions that changed, and this
tool re-checks every survivor against the current tests. `make clean` starts afresh.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AREAS = ROOT / "tests" / "mutation" / "areas.toml"
EQUIVALENT = ROOT / "tests" / "mutation" / "equivalent.toml"
WORK = ROOT / "build" / "mutate"
TARGET = 0.90
# What a workspace sees of the project; mutmut copies these into its own `mutants/`.
LINKED = ("relbot", "standin", "tests", "pyproject.toml", "alembic.ini", "manifest.yml")
KILLED = {"killed", "caught by type check", "timeout"}
UNCHECKED = {"not checked", "check was interrupted by user"}
# SQLite only: the rules under test are the same on both databases, and PostgreSQL's
# per-test set-up would double every mutant's time.
PYTEST_ARGS = ("-p", "no:cacheprovider", "-m", "not postgres")


@dataclass(frozen=True)
class Area:
    name: str
    about: str
    mutate: tuple[str, ...]
    tests: tuple[str, ...]
    # Tests of those files to leave out, by name: ones that start a process of their own.
    skip: tuple[str, ...] = ()

    @property
    def keyword(self) -> str:
        """One `-k` expression (pytest honours only the last `-k` it is given)."""
        return " and ".join(f"not {name}" for name in ("postgresql", *self.skip))


@dataclass(frozen=True)
class Justification:
    mutant: str
    change: str
    why: str


@dataclass
class Result:
    area: Area
    status: dict[str, str] = field(default_factory=dict)
    diffs: dict[str, str] = field(default_factory=dict)

    @property
    def killed(self) -> list[str]:
        return [m for m, s in self.status.items() if s in KILLED]

    @property
    def unchecked(self) -> list[str]:
        return [m for m, s in self.status.items() if s in UNCHECKED]

    @property
    def survivors(self) -> list[str]:
        return [m for m, s in self.status.items() if s not in KILLED | UNCHECKED]


def load_areas() -> list[Area]:
    data = tomllib.loads(AREAS.read_text("utf-8"))
    return [
        Area(
            name,
            spec["about"],
            tuple(spec["mutate"]),
            tuple(spec["tests"]),
            tuple(spec.get("skip", ())),
        )
        for name, spec in data["area"].items()
    ]


def load_justifications() -> dict[str, Justification]:
    if not EQUIVALENT.exists():
        return {}
    data = tomllib.loads(EQUIVALENT.read_text("utf-8"))
    return {
        item["mutant"]: Justification(item["mutant"], item["change"], item["why"])
        for item in data.get("equivalent", [])
    }


def setup_cfg(area: Area) -> str:
    def lines(values: tuple[str, ...]) -> str:
        return "".join(f"\n    {value}" for value in values)

    return (
        "[mutmut]\n"
        "source_paths = relbot\n"
        f"only_mutate ={lines(area.mutate)}\n"
        f"also_copy ={lines(('standin', 'alembic.ini', 'manifest.yml'))}\n"
        f"pytest_add_cli_args ={lines((*PYTEST_ARGS, '-k', area.keyword))}\n"
        f"pytest_add_cli_args_test_selection ={lines(area.tests)}\n"
        # A mutant that makes a test wait for its deadline is a timeout, not a hang.
        "timeout_multiplier = 5.0\n"
        "timeout_constant = 10.0\n"
        # Forking mutmut's own process after pytest has run in it hangs on the
        # database's and the stand-in's threads: fork from a clean server instead.
        "process_isolation = forkserver\n"
    )


def workspace(area: Area) -> Path:
    here = WORK / area.name
    here.mkdir(parents=True, exist_ok=True)
    for item in LINKED:
        link = here / item
        if not link.is_symlink():
            link.symlink_to(ROOT / item)
    (here / "setup.cfg").write_text(setup_cfg(area), "utf-8")
    refresh_unmutated(here, area)
    return here


def refresh_unmutated(here: Path, area: Area) -> None:
    """mutmut copies the product once and regenerates only the mutated files: bring the
    copies of the others up to date, so a run never tests yesterday's code."""
    copies = here / "mutants"
    if not copies.exists():
        return
    for source in (ROOT / "relbot").rglob("*"):
        relative = source.relative_to(ROOT)
        if not source.is_file() or str(relative) in area.mutate or "__pycache__" in source.parts:
            continue
        copy = copies / relative
        if not copy.exists() or copy.read_bytes() != source.read_bytes():
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy)


def mutmut(here: Path, *args: str, capture: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mutmut", *args],
        cwd=here,
        text=True,
        capture_output=capture,
        check=False,
    )


STATUS_LINE = re.compile(r"^\s+(\S+): (.+)$")


def read_results(here: Path, area: Area) -> Result:
    result = Result(area)
    listing = mutmut(here, "results", "--all", "true", capture=True)
    for line in listing.stdout.splitlines():
        if match := STATUS_LINE.match(line):
            result.status[match.group(1)] = match.group(2).strip()
    for name in result.survivors:
        shown = mutmut(here, "show", name, capture=True).stdout
        result.diffs[name] = shown.split("\n", 1)[1] if "\n" in shown else shown
    return result


def tests_digest() -> str:
    """What the tests are now (helpers and fixtures included), to know whether survivors
    need checking again."""
    digest = hashlib.sha256()
    for test in sorted((ROOT / "tests").rglob("*.py")):
        digest.update(str(test.relative_to(ROOT)).encode() + b"\0" + test.read_bytes())
    return digest.hexdigest()


def run_area(area: Area, max_children: int) -> Result:
    here = workspace(area)
    print(f"\n== {area.name}: {area.about}", flush=True)
    checked = here / "tests.sha256"
    fresh = not (here / "mutants").exists()
    earlier = checked.read_text() if checked.exists() else None
    now = tests_digest()  # the tests as mutmut copies them for this run
    mutmut(here, "run", "--max-children", str(max_children))
    survivors = read_results(here, area).survivors
    if survivors and not fresh and earlier != now:
        # mutmut keeps a survivor's verdict while its function is unchanged: the tests have
        # changed since, so check the survivors again against them as they are now.
        mutmut(here, "run", "--max-children", str(max_children), *survivors)
    checked.write_text(now)
    return read_results(here, area)


def changed_lines(diff: str) -> list[str]:
    """The lines a mutant writes; for one that only deletes, the lines it deletes."""

    def marked(sign: str) -> list[str]:
        return [
            line[1:].strip()
            for line in diff.splitlines()
            if line.startswith(sign) and not line.startswith(sign * 3)
        ]

    return marked("+") or marked("-")


def report(result: Result, justified: dict[str, Justification]) -> tuple[float, list[str]]:
    equivalent = []
    unjustified = []
    for name in result.survivors:
        reason = justified.get(name)
        if reason is not None and reason.change.strip() in changed_lines(result.diffs[name]):
            equivalent.append(name)
        else:
            unjustified.append(name)
    counted = len(result.status) - len(equivalent)
    score = len(result.killed) / counted if counted else 1.0
    print(
        f"{result.area.name}: {len(result.killed)} of {counted} killed ({score:.1%}); "
        f"{len(equivalent)} equivalent; {len(unjustified)} surviving; "
        f"{len(result.unchecked)} unchecked"
    )
    for name in unjustified:
        stale = " (its justification no longer matches the code)" if name in justified else ""
        print(f"\n  {name}: {result.status[name]}{stale}")
        for line in result.diffs[name].splitlines():
            if line.startswith(("+", "-")) and not line.startswith(("+++", "---")):
                print(f"    {line}")
    return score, unjustified


def main(argv: list[str] | None = None) -> int:
    areas = load_areas()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("areas", nargs="*", help="the areas to run (all when none is named)")
    parser.add_argument("--list", action="store_true", help="name each area and stop")
    parser.add_argument("--report-only", action="store_true", help="report the last run")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 2)
    options = parser.parse_args(argv)
    unknown = set(options.areas) - {a.name for a in areas}
    if unknown:
        parser.error(f"no such area: {', '.join(sorted(unknown))}")
    chosen = [a for a in areas if not options.areas or a.name in options.areas]
    if options.list:
        for area in chosen:
            print(f"{area.name}: {area.about}\n  mutates {', '.join(area.mutate)}")
        return 0
    results = [
        read_results(workspace(a), a) if options.report_only else run_area(a, options.max_children)
        for a in chosen
    ]
    justified = load_justifications()
    print(f"\n== Mutation score per area (target {TARGET:.0%})")
    failed = unchecked = False
    for result in results:
        score, unjustified = report(result, justified)
        failed |= score < TARGET or bool(unjustified)
        unchecked |= bool(result.unchecked)
    if unchecked:
        return 2
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
