"""Times whole `oto` processes against references measured in the same run; writes RESULTS.md.

    bash benchmarks/run.sh             # everything (journals, peers, runs, RESULTS.md)
    bash benchmarks/run.sh --quick     # a smoke test: a tenth of heavy, few runs, results in work/

Every case is a whole process started the way a shell starts it, its stdout a terminal (a pty
of 120x40, so oto draws with rich as the organizer sees it), stdin empty. A small launcher
(launch.py) starts each one and waits for it with `wait4`, which gives that one child's time
and peak memory. Cases run round-robin (every case
once, then again, ...) after a warm-up, so a busy neighbour on the machine slows all of them
alike and the ratios hold. A command that fails is reported as such and never stops the run;
one that is not written yet (Typer's "No such command") is "not yet measurable".
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (beside this file)

NAME = generate.FEATURED
READS = ("--help", "--version", "due", "agenda", "prep", "prep --all", "people", "promises --overdue", "review", "events", "map", "org list", "search", "search --sort best",
         "due --count", "complete a name", "complete an id")
# A tab press, as bash and fish ask for completions (issue 11): the environment the scripts set.
COMPLETING = {
    "complete a name": {"_OTO_COMPLETE": "complete_bash", "COMP_WORDS": "oto prep Ma", "COMP_CWORD": "2"},
    "complete an id": {"_OTO_COMPLETE": "complete_fish", "_TYPER_COMPLETE_FISH_ACTION": "get-args", "_TYPER_COMPLETE_ARGS": "oto done f"},
}
SEARCHES = ("search", "search --sort best")
# `oto cancel` and `oto noshow` are left out: each can end a given meeting only once, so a
# repeated run would measure a refusal.
WRITES = ("reflect", "promise", "log", "reflect, no undo", "promise, no undo")
# The same writes with the undo history off (OTO_NO_UNDO=1): what recording each change costs.
WITHOUT_UNDO = {"reflect, no undo": "reflect", "promise, no undo": "promise"}
BUDGET_MB = 80


def oto_commands() -> dict[str, list[str]]:
    """What is measured, by the label the tables show."""
    commands = {
        "--help": ["--help"],
        "--version": ["--version"],
        "due": ["due"],
        "agenda": ["agenda", "--days", "14"],
        "prep": ["prep", NAME],
        "prep --all": ["prep", NAME, "--all"],  # every mention, closed records too: reads every promise and meeting
        "people": ["people"],
        "promises --overdue": ["promises", "--overdue"],
        "review": ["review"],  # the last four weeks, with the 12-week chart
        "events": ["events"],  # upcoming with who said yes, the last ten past with attendance
        "due --count": ["due", "--count"],  # for a status bar
        "complete a name": [],  # the words come in COMPLETING's environment
        "complete an id": [],
        # a word in ~23,000 entries of the heavy journal: the newest 20, and the best 20 of every
        # entry with a word starting "land" (~29,000, each ranked)
        "search": ["search", "landlord"],
        "search --sort best": ["search", "land*", "--sort", "best"],
        "map": ["map"],  # the whole journal: the largest referral trees, three levels down
        "org list": ["org", "list"],
        "reflect": [
            "reflect", NAME, "--at", "today", "--minutes", "40",
            "--self-interest", "wants the elevator fixed before winter",
            "--note", "Short check-in after the building meeting; she will bring two neighbors.",
        ],
        "promise": ["promise", NAME, "Send the notes from the building meeting", "--by", "fri"],
        "log": ["log", NAME, "--call", "Ten minutes about the hearing; she will bring two neighbours"],
    }
    for label, same in WITHOUT_UNDO.items():
        commands[label] = commands[same]
    return commands


# -- running one process -----------------------------------------------------------------------


@dataclass
class Result:
    ms: float
    rss_kb: int
    code: int
    stdout_bytes: int
    stderr: str


def spawn(argv: list[str], env: dict[str, str], *, tty: bool = True) -> Result:
    """Run `argv` once through a fresh launcher (see launch.py for why) and return its figures."""
    program = argv[0] if os.sep in argv[0] else shutil.which(argv[0], path=env.get("PATH"))
    if program is None:
        raise FileNotFoundError(argv[0])
    request = json.dumps({"argv": [program, *argv[1:]], "env": env, "tty": tty})
    done = subprocess.run([sys.executable, "-I", "-S", str(HERE / "launch.py")], input=request,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise OSError(f"the launcher failed: {done.stderr.strip()[-200:]}")
    figures = json.loads(done.stdout)
    return Result(figures["ms"], figures["rss_kb"], figures["code"], figures["stdout_bytes"], figures["stderr"])


def base_env() -> dict[str, str]:
    """A small, fixed environment: nothing from the caller's shell changes what is measured."""
    env = {name: os.environ[name] for name in ("PATH", "HOME", "USER", "LOGNAME", "TMPDIR") if name in os.environ}
    env.update(LANG="C.UTF-8", LC_ALL="C.UTF-8", TERM="xterm-256color", COLUMNS="120", LINES="40")
    return env


# -- cases -------------------------------------------------------------------------------------


@dataclass
class Case:
    label: str
    kind: str  # reference, peer or oto
    argv: list[str]
    env: dict[str, str]
    journal: str | None = None
    problem: str | None = None
    samples: list[Result] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.problem is None and bool(self.samples)

    @property
    def median(self) -> float:
        return statistics.median(s.ms for s in self.samples)

    @property
    def low(self) -> float:
        return min(s.ms for s in self.samples)

    @property
    def high(self) -> float:
        return max(s.ms for s in self.samples)

    @property
    def quartiles(self) -> tuple[float, float]:
        if len(self.samples) < 4:
            return self.low, self.high
        q = statistics.quantiles([s.ms for s in self.samples], n=4)
        return q[0], q[2]

    @property
    def peak_mb(self) -> float:
        return max(s.rss_kb for s in self.samples) / 1024


def check(case: Case, tty: bool) -> None:
    """The warm-up run: it also tells whether the command works at all."""
    try:
        result = spawn(case.argv, case.env, tty=tty)
    except OSError as error:
        case.problem = f"cannot start: {error}"
        return
    if result.code != 0:
        first = next((line.strip() for line in result.stderr.splitlines() if line.strip()), "")
        if result.code == 2 and "No such command" in result.stderr:
            case.problem = "not yet measurable (the command is not written yet)"
        else:
            case.problem = f"fails: exit {result.code}: {first[:160]}"


def measure(cases: list[Case], *, runs: int, warmup: int, tty: bool) -> None:
    for case in cases:
        check(case, tty)
        for _ in range(warmup - 1):
            if case.problem is None:
                spawn(case.argv, case.env, tty=tty)
    live = [c for c in cases if c.problem is None]
    for round_number in range(runs):
        for case in live:
            result = spawn(case.argv, case.env, tty=tty)
            if result.code != 0 and case.problem is None:
                case.problem = f"failed on run {round_number + 1}: exit {result.code}: {result.stderr.strip()[:160]}"
            case.samples.append(result)
        print(f"  round {round_number + 1}/{runs} done", flush=True)


# -- journals and peers ------------------------------------------------------------------------


def journals(scale: float, today: date) -> dict[str, Path]:
    folders = {}
    for size in ("empty", "small", "heavy"):
        factor = scale if size == "heavy" else 1.0
        folder = WORK / "journals" / (size if factor == 1 else f"{size}-x{factor:g}")
        made = generate.current(folder, size, today=today, scale=factor)
        if made is None:
            print(f"generating the {size} journal{'' if factor == 1 else f' (scale {factor:g})'} ...", flush=True)
            made = generate.generate(folder, size, today=today, scale=factor)
        generate.report(made, folder)
        folders[size] = folder
    return folders


def scratch_copy(folder: Path, name: str) -> Path:
    """A copy for the writes, so the journals the reads use never change."""
    copy = WORK / "scratch" / name
    shutil.rmtree(copy, ignore_errors=True)
    copy.mkdir(parents=True)
    os.chmod(copy, 0o700)
    shutil.copyfile(folder / "journal.db", copy / "journal.db")
    os.chmod(copy / "journal.db", 0o600)
    return copy


def install_task() -> str | None:
    """The `task` program, installed from Debian's packages if missing."""
    if shutil.which("task"):
        return shutil.which("task")
    print("installing taskwarrior (apt-get) ...", flush=True)
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for attempt in ([["apt-get", "install", "-y", "taskwarrior"]],
                    [["apt-get", "update"], ["apt-get", "install", "-y", "taskwarrior"]]):
        try:
            if all(subprocess.run(step, env=env, **quiet).returncode == 0 for step in attempt):
                break
        except OSError:
            return None
    return shutil.which("task")


def setup_task(today: date) -> tuple[list[str], dict[str, str]] | str:
    """`task next` over 10,000 tasks (3,000 pending with due dates around today, 7,000 done)."""
    program = install_task()
    if program is None:
        return "unavailable: taskwarrior could not be installed"
    folder = WORK / "task"
    rc, data, stamp = folder / "taskrc", folder / "data", folder / "generated.json"
    env = dict(base_env(), TASKRC=str(rc), TASKDATA=str(data))
    wanted = {"tasks": 10_000, "pending": 3_000, "seed": generate.SEED, "made_on": date.today().isoformat()}
    if not (stamp.exists() and json.loads(stamp.read_text()) == wanted):
        shutil.rmtree(folder, ignore_errors=True)
        data.mkdir(parents=True)
        rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nnews.version=2.6.0\n")
        tasks = folder / "tasks.json"
        tasks.write_text(json.dumps(_tasks(wanted["tasks"], wanted["pending"])))
        done = subprocess.run([program, "import", str(tasks)], env=env, capture_output=True, text=True)
        if done.returncode != 0:
            return f"unavailable: task import failed: {done.stderr.strip()[:160]}"
        stamp.write_text(json.dumps(wanted))
    return [program, "next"], env


def _tasks(count: int, pending: int) -> list[dict]:
    """Tasks an organizer might keep in Taskwarrior, relative to the real clock (task has no
    fixed "now"), so due dates spread around the day the benchmark runs."""
    import random
    import uuid

    rng = random.Random(generate.SEED)
    now = datetime.utcnow().replace(microsecond=0)
    stamp = "%Y%m%dT%H%M%SZ"
    tasks = []
    for number in range(count):
        entry = now - timedelta(days=rng.randint(1, 3650), minutes=rng.randint(0, 1440))
        first, last = rng.choice(generate.FIRST), rng.choice(generate.LAST)
        action = rng.choice(("Call", "Email", "Thank", "Confirm with", "Follow up with", "Meet"))
        task = {
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "description": f"{action} {first} {last} about {rng.choice(generate.ISSUES)}",
            "entry": entry.strftime(stamp),
            "project": rng.choice(("housing", "transit", "schools", "labor", "faith")),
            "tags": rng.sample(generate.TAGS, rng.randint(0, 2)),
        }
        if number < pending:
            task["status"] = "pending"
            if rng.random() < 0.8:
                task["due"] = (now + timedelta(days=rng.randint(-30, 30))).strftime(stamp)
        else:
            task["status"] = "completed"
            task["end"] = (entry + timedelta(days=rng.randint(0, 30))).strftime(stamp)
        tasks.append(task)
    return tasks


def setup_jrnl() -> tuple[list[str], dict[str, str]] | str:
    """`jrnl -n 10` over 5,000 entries, jrnl in its own virtual environment (pip, once)."""
    folder = WORK / "jrnl"
    venv, program = folder / "venv", folder / "venv" / "bin" / "jrnl"
    if not program.exists():
        print("installing jrnl into its own virtualenv (pip) ...", flush=True)
        shutil.rmtree(venv, ignore_errors=True)
        made = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True)
        if made.returncode == 0:
            made = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "jrnl"], capture_output=True, text=True)
        if made.returncode != 0 or not program.exists():
            return f"unavailable: jrnl did not install ({(made.stderr.strip().splitlines() or [''])[-1][:120]})"
    version = subprocess.run([str(venv / "bin" / "python"), "-c", "import jrnl; print(jrnl.__version__)"],
                             capture_output=True, text=True).stdout.strip()
    journal, config, stamp = folder / "journal.txt", folder / "jrnl.yaml", folder / "generated.json"
    wanted = {"entries": 5_000, "seed": generate.SEED, "version": version, "digest": generate.digest()}
    if not (stamp.exists() and json.loads(stamp.read_text()) == wanted and journal.exists()):
        journal.write_text(_entries(wanted["entries"]), encoding="utf-8")
        config.write_text(
            f"version: {version}\n"
            f"journals:\n  default:\n    journal: {journal}\n"
            "editor: ''\nencrypt: false\ntemplate: false\ndefault_hour: 9\ndefault_minute: 0\n"
            "timeformat: '%Y-%m-%d %H:%M'\ntagsymbols: '#@'\nhighlight: true\nlinewrap: 79\n"
            "indent_character: '|'\ncolors:\n  body: none\n  date: none\n  tags: none\n  title: none\n",
            encoding="utf-8",
        )
        stamp.write_text(json.dumps(wanted))
    env = dict(base_env(), XDG_CONFIG_HOME=str(folder / "config"), XDG_DATA_HOME=str(folder / "data"))
    return [str(program), "--config-file", str(config), "-n", "10"], env


def _entries(count: int) -> str:
    """jrnl's plain-text format: `[YYYY-MM-DD HH:MM] Title` then the body, oldest first."""
    import random

    rng = random.Random(generate.SEED)
    builder = generate.Builder(generate.SIZES["small"], generate.TODAY, rng)
    start = datetime(2016, 11, 23, 9, 0)
    moments = sorted(start + timedelta(minutes=rng.randrange(10 * 365 * 24 * 60)) for _ in range(count))
    parts = []
    for moment in moments:
        person = generate.Person(0, f"{rng.choice(generate.FIRST)} {rng.choice(generate.LAST)}", "", "met", moment.date())
        parts.append(f"[{moment:%Y-%m-%d %H:%M}] One-to-one with {person.name}.\n{builder._reflection(person)}\n\n")
    return "".join(parts)


# -- what the imports cost ---------------------------------------------------------------------


def imports(python: str, argv: list[str], env: dict[str, str], tty: bool) -> list[tuple[int, int, int, str]]:
    """(depth, self µs, cumulative µs, module) for each import of `python -m onetoone ARGV`."""
    result = spawn([python, "-X", "importtime", "-m", "onetoone", *argv], env, tty=tty)
    found = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, name = line[len("import time:"):].split("|", 2)
        depth = (len(name) - len(name.lstrip(" "))) // 2
        found.append((depth, int(own), int(cumulative), name.strip()))
    return found


def by_package(found: list[tuple[int, int, int, str]]) -> list[tuple[str, float]]:
    """Import time (ms, each module's own time) summed by top-level package, largest first."""
    totals: dict[str, int] = {}
    for _, own, _, name in found:
        root = name.split(".")[0]
        totals[root] = totals.get(root, 0) + own
    return sorted(((root, us / 1000) for root, us in totals.items()), key=lambda item: -item[1])


FORBIDDEN_FOR_HELP = ("sqlmodel", "sqlalchemy", "pydantic", "onetoone.store", "onetoone.domain")


def imports_only(python: str, found: list[tuple[int, int, int, str]]) -> list[str]:
    """A process that imports exactly the modules the command imported, and does nothing else."""
    names = [name for depth, _, _, name in found if depth == 0 and name not in ("__main__",)]
    code = "import importlib\nfor name in %r:\n    try:\n        importlib.import_module(name)\n    except Exception:\n        pass\n" % names
    return [python, "-c", code]


# -- the report --------------------------------------------------------------------------------


def ratio(case: Case | None, reference: Case | None) -> str:
    if case is None or reference is None or not case.ok or not reference.ok:
        return "–"
    return f"{case.median / reference.median:.2f}×"


def spread(case: Case) -> str:
    return f"{case.low:.0f}–{case.high:.0f}"


def machine(python: str) -> list[tuple[str, str]]:
    def probe(code: str) -> str:
        done = subprocess.run([python, "-c", code], capture_output=True, text=True)
        return done.stdout.strip() or "?"

    cpu = "?"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    versions = probe(
        "import importlib.metadata as m, sqlite3, sys, onetoone\n"
        "v = lambda n: m.version(n) if n else ''\n"
        "print(f\"Python {sys.version.split()[0]}; oto {onetoone.__version__}; typer {v('typer')}; click {v('click')}; "
        "rich {v('rich')}; sqlmodel {v('sqlmodel')}; SQLAlchemy {v('sqlalchemy')}; SQLite {sqlite3.sqlite_version}\")"
    )
    task = subprocess.run(["task", "--version"], capture_output=True, text=True).stdout.strip() if shutil.which("task") else "–"
    return [
        ("date", datetime.now().strftime("%Y-%m-%d %H:%M")),
        ("machine", f"{os.cpu_count()} cores ({len(os.sched_getaffinity(0))} usable), {cpu}; {platform.platform()}"),
        ("software", versions),
        ("peers", f"Taskwarrior {task}; jrnl {_jrnl_version()}"),
    ]


def _jrnl_version() -> str:
    stamp = WORK / "jrnl" / "generated.json"
    try:
        return json.loads(stamp.read_text())["version"]
    except (OSError, ValueError, KeyError):
        return "–"


def write_report(path: Path, *, cases: list[Case], refs: dict[str, Case], oto: dict[tuple[str, str], Case],
                 import_refs: dict[str, Case], help_offenders: list[str], import_shares: dict[str, list],
                 plans: dict[str, dict], made: dict[str, generate.Generated], settings: str, python: str,
                 undo_costs: dict[str, dict] | None = None, interactive_figures: dict | None = None) -> str:
    python_ref, task_ref = refs.get("python -c pass"), refs.get("task next")
    out = ["# Benchmark results", ""]
    out.append("Produced by `bash benchmarks/run.sh` (see benchmarks/README.md). Every oto figure is a whole")
    out.append("process, given as a ratio to references measured in the same run; medians in ms for context.")
    out.append("")
    for label, value in machine(python):
        out.append(f"- **{label}**: {value}")
    out.append(f"- **runs**: {settings}")
    for size, generated in made.items():
        counts = ", ".join(f"{n:,} {t}" for t, n in generated.counts.items() if n and t != "story")
        out.append(f"- **{size} journal** ({generated.bytes / 1e6:.0f} MB, built in {generated.seconds:.0f} s"
                   f"{'' if generated.scale == 1 else f', scale {generated.scale:g}'}): {counts}")
    out.append("")
    out.append("## Budget (issue 4, section 2)")
    out.append("")
    out.extend(budget(refs, oto, import_refs, help_offenders))
    out.append("")
    out.append("## References")
    out.append("")
    out.append("| reference | median ms | min–max ms | × python -c pass | × task next | peak MB |")
    out.append("|---|---:|---:|---:|---:|---:|")
    for case in list(refs.values()) + list(import_refs.values()):
        if case.ok:
            out.append(f"| {case.label} | {case.median:.0f} | {spread(case)} | {ratio(case, python_ref)} | {ratio(case, task_ref)} | {case.peak_mb:.0f} |")
        else:
            out.append(f"| {case.label} | {case.problem or 'no samples'} | | | | |")
    out.append("")
    out.append("## oto commands")
    out.append("")
    out.append("| command | journal | median ms | min–max ms | × python -c pass | × task next | heavy ÷ empty | peak MB |")
    out.append("|---|---|---:|---:|---:|---:|---:|---:|")
    for label in oto_commands():
        for size in ("empty", "small", "heavy"):
            case = oto.get((label, size))
            if case is None:
                continue
            shown = f"`oto {label}`"
            if not case.ok:
                out.append(f"| {shown} | {size} | {case.problem} | | | | | |")
                continue
            size_ratio = ratio(case, oto.get((label, "empty"))) if size == "heavy" else ""
            out.append(f"| {shown} | {size} | {case.median:.0f} | {spread(case)} | {ratio(case, python_ref)} | "
                       f"{ratio(case, task_ref)} | {size_ratio} | {case.peak_mb:.0f} |")
    out.append("")
    out.append("Writes (`reflect`, `promise`) run on a copy of each journal, so the reads stay comparable.")
    out.append("`heavy ÷ empty` near 1.0 means the journal's size does not matter to that command.")
    out.append("")
    out.append("## What the undo history costs a write (benchmarks/undo_cost.py)")
    out.append("")
    out.append("Whole write transactions inside one process (no imports), alternately recording for `oto undo` and not")
    out.append("(`OTO_NO_UNDO=1`); most of the difference is making the TEMP triggers when the transaction begins.")
    out.append("")
    out.append("| write | journal | with undo ms | without ms | ratio |")
    out.append("|---|---|---:|---:|---:|")
    for size, figures in (undo_costs or {}).items():
        if "error" in figures:
            out.append(f"| | {size} | {figures['error']} | | |")
            continue
        for label, figure in figures.items():
            out.append(f"| `oto {label}` | {size} | {figure['with_undo_ms']:.1f} | {figure['without_ms']:.1f} | {figure['ratio']:.2f}× |")
    out.append("")
    out.append("## Saving after the last key (benchmarks/interactive.py)")
    out.append("")
    out.append("On a pty, on copies of the small journal: the time from the organizer's last key to the next prompt")
    out.append("(triage: the first decision saved) or to \"Saved your one-to-one\" (the guided reflect), after reading")
    out.append("the first question a moment; with the write path loaded in the background meanwhile (store/preload.py)")
    out.append("and without (`OTO_NO_PRELOAD=1`), alternately in the same run.")
    out.append("")
    out.append("| walk | with preload ms (min–max) | without ms (min–max) | without ÷ with | runs |")
    out.append("|---|---:|---:|---:|---:|")
    if interactive_figures and "error" in interactive_figures:
        out.append(f"| | {interactive_figures['error']} | | | |")
    for walk, figure in ({} if not interactive_figures or "error" in interactive_figures else interactive_figures).items():
        low, high = figure["spread_preload"]
        without_low, without_high = figure["spread_without"]
        out.append(f"| `oto {walk}` | {figure['preload_ms']:.0f} ({low:.0f}–{high:.0f}) | {figure['without_ms']:.0f} "
                   f"({without_low:.0f}–{without_high:.0f}) | {figure['ratio']:.1f}× | {figure['runs']} |")
    out.append("")
    out.append("## Where the startup goes (`python -X importtime -m onetoone ...` on the heavy journal)")
    out.append("")
    out.append("Import time summed by top-level package (each module's own time; importtime itself adds a little).")
    out.append("")
    for label, shares in import_shares.items():
        total = sum(ms for _, ms in shares)
        top = ", ".join(f"{root} {ms:.0f}" for root, ms in shares[:7])
        out.append(f"- `oto {label}`: {total:.0f} ms of imports: {top}")
    out.append("")
    out.append("## SQL on the heavy journal (traced by benchmarks/plans.py)")
    out.append("")
    out.append("Each read statement re-run on its own and timed. Shown: statements taking 5 ms or more (with their")
    out.append("whole plan) and any other with a `SCAN` (a read of a whole table or index). A `SEARCH ... (status=?)`")
    out.append("on a status index can be as slow as a scan: most rows share one status.")
    out.append("")
    for label, plan in plans.items():
        if "error" in plan:
            out.append(f"- `oto {label}`: {plan['error']}")
            continue
        out.append(f"- `oto {label}`: {plan['statements']} statements, {plan['sql_ms']:.1f} ms of SQL in all")
        for group in plan["groups"]:
            slow = group["ms"] >= 5
            if group["scans"] or slow:
                sql = group["sql"] if len(group["sql"]) <= 200 else group["sql"][:197] + "..."
                shown = " / ".join(group["plan"]) if slow else "; ".join(group["scans"])
                out.append(f"  - {group['ms']:.1f} ms over {group['runs']} run(s): {shown} — `{sql}`")
    out.append("")
    why = HERE / "WHY.md"  # the reasons behind the figures, kept by hand beside them
    if why.exists():
        out.append(why.read_text(encoding="utf-8").rstrip())
        out.append("")
    text = "\n".join(out) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return text


def budget(refs: dict[str, Case], oto: dict[tuple[str, str], Case], import_refs: dict[str, Case],
           help_offenders: list[str] | None) -> list[str]:
    lines = []

    def verdict(ok: bool | None) -> str:
        return {True: "**met**", False: "**not met**", None: "**cannot tell**"}[ok]

    def against(label: str, size: str, reference: Case | None, limit: float, words: str) -> None:
        case = oto.get((label, size))
        if case is None or not case.ok:
            why = case.problem if case else "not run"
            lines.append(f"- {verdict(None)} `oto {label}` on {size} ≤ {limit:g}× {words}: {why}")
            return
        if reference is None or not reference.ok:
            lines.append(f"- {verdict(None)} `oto {label}` on {size} ≤ {limit:g}× {words}: the reference is unavailable")
            return
        measured = case.median / reference.median
        gap = measured - limit
        distance = f"{-gap:.2f}× under" if gap <= 0 else f"{gap:.2f}× over"
        lines.append(f"- {verdict(measured <= limit)} `oto {label}` on {size} ≤ {limit:g}× {words}: "
                     f"{measured:.2f}× ({case.median:.0f} vs {reference.median:.0f} ms; {distance})")

    task = refs.get("task next")
    against("due", "heavy", task, 2.0, "`task next` (aim 1.5×)")
    against("prep", "heavy", task, 2.0, "`task next` (aim 1.5×)")
    jrnl = refs.get("jrnl -n 10")
    if jrnl is not None and jrnl.ok:
        for label in ("due", "prep"):
            case = oto.get((label, "heavy"))
            if case is not None and case.ok:
                lines.append(f"- (context) `oto {label}` on heavy is {jrnl.median / case.median:.1f}× faster than `jrnl -n 10` (5× wanted)")
    against("--version", "heavy", refs.get("import typer"), 1.3, "a process that only imports typer")
    if help_offenders is None:
        lines.append(f"- {verdict(None)} `oto --help` imports neither SQLModel nor the journal code: importtime failed")
    else:
        shown = ", ".join(help_offenders[:8]) + (" ..." if len(help_offenders) > 8 else "")
        lines.append(f"- {verdict(not help_offenders)} `oto --help` imports neither SQLModel nor the journal code "
                     f"(`python -X importtime -m onetoone --help`): " + (f"it imports {shown}" if help_offenders else "none of sqlmodel, sqlalchemy, pydantic, onetoone.store, onetoone.domain"))
    for label in ("due", "agenda", "prep", "people", "promises --overdue", "review", "events", "map", "org list", *SEARCHES):
        against(label, "heavy", oto.get((label, "empty")), 1.1, "the same command on the empty journal")
    # issue 10: what the journal gives back is measured beside the morning digest
    against("review", "heavy", oto.get(("due", "heavy")), 1.0, "`oto due` on heavy")
    for label in ("events", "map", "org list", *SEARCHES):
        against(label, "heavy", oto.get(("due", "heavy")), 1.0, "`oto due` on heavy")
    # issue 11: a tab press and a status bar's count cost no more than the morning digest
    for label in ("complete a name", "complete an id", "due --count"):
        against(label, "heavy", oto.get(("due", "heavy")), 1.0, "`oto due` on heavy")
    against("prep", "heavy", oto.get(("due", "heavy")), 1.0, "`oto due` on heavy (prep reads others' open records for mentions)")
    against("prep --all", "heavy", oto.get(("prep", "heavy")), 2.0, "`oto prep` on heavy (all mentions: the whole journal)")
    for label in WRITES:
        if label not in WITHOUT_UNDO:
            against(label, "heavy", import_refs.get(label), 1.1, f"a process importing only what `oto {label}` imports")
    for label, same in WITHOUT_UNDO.items():
        against(same, "heavy", oto.get((label, "heavy")), 1.1, "the same write with the undo history off (OTO_NO_UNDO=1)")
    measured = [c for c in oto.values() if c.ok]
    if measured:
        worst = max(measured, key=lambda c: c.peak_mb)
        over = [f"`oto {c.label}` on {c.journal} {c.peak_mb:.0f} MB" for c in measured if c.peak_mb > BUDGET_MB]
        lines.append(f"- {verdict(not over)} peak memory of every command ≤ {BUDGET_MB} MB: highest `oto {worst.label}` on "
                     f"{worst.journal}, {worst.peak_mb:.0f} MB" + (f"; over: {', '.join(over)}" if over else ""))
    return lines


def table(refs: dict[str, Case], oto: dict[tuple[str, str], Case]) -> str:
    """The short console summary."""
    python_ref, task_ref = refs.get("python -c pass"), refs.get("task next")
    lines = ["| case | empty | small | heavy |", "|---|---|---|---|"]
    for case in refs.values():
        cell = f"{case.median:.0f} ms, {ratio(case, python_ref)} py, {ratio(case, task_ref)} task" if case.ok else (case.problem or "–")
        lines.append(f"| {case.label} | {cell} | | |")
    for label in oto_commands():
        cells = []
        for size in ("empty", "small", "heavy"):
            case = oto.get((label, size))
            if case is None:
                cells.append("")
            elif not case.ok:
                cells.append(case.problem or "–")
            else:
                cells.append(f"{case.median:.0f} ms, {ratio(case, python_ref)} py, {ratio(case, task_ref)} task")
        lines.append(f"| oto {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


# -- main --------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark whole oto processes against references (issue 4).")
    parser.add_argument("--quick", action="store_true", help="smoke test: heavy at --scale 0.1, 3 runs, results in work/")
    parser.add_argument("--scale", type=float, default=None, help="size of the heavy journal (1 = 20,000 people)")
    parser.add_argument("--runs", type=int, default=None, help="timed runs of each case (default 15, quick 3)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs first (the first also checks it works)")
    parser.add_argument("--today", type=date.fromisoformat, default=generate.TODAY, help="OTO_NOW's day")
    parser.add_argument("--no-peers", action="store_true", help="skip Taskwarrior and jrnl")
    parser.add_argument("--pipe", action="store_true", help="stdout a pipe instead of a terminal (plain output)")
    parser.add_argument("--output", type=Path, default=None, help="where to write the results (Markdown)")
    args = parser.parse_args()
    scale = args.scale if args.scale is not None else (0.1 if args.quick else 1.0)
    runs = args.runs or (3 if args.quick else 15)
    warmup = max(1, min(args.warmup, 1) if args.quick else args.warmup)
    output = args.output or (WORK / "RESULTS-quick.md" if args.quick else HERE / "RESULTS.md")
    tty = not args.pipe

    python = sys.executable
    oto_program = Path(python).parent / "oto"
    if not oto_program.exists():
        print(f"No `oto` beside {python}; install oto into that environment first (pip install -e .).", file=sys.stderr)
        return 1
    WORK.mkdir(parents=True, exist_ok=True)
    folders = journals(scale, args.today)
    made = {size: generate.current(folder, size, today=args.today, scale=scale if size == "heavy" else 1.0)
            for size, folder in folders.items()}

    env = base_env()
    refs = {
        "python -c pass": Case("python -c pass", "reference", [python, "-c", "pass"], env),
        "import typer": Case("import typer", "reference", [python, "-c", "import typer"], env),
    }
    if not args.no_peers:
        for label, setup in (("task next", lambda: setup_task(args.today)), ("jrnl -n 10", setup_jrnl)):
            found = setup()
            if isinstance(found, str):
                refs[label] = Case(label, "peer", [], env, problem=found)
                print(f"{label}: {found}")
            else:
                refs[label] = Case(label, "peer", found[0], found[1])

    now = f"{args.today.isoformat()} 09:00"
    oto: dict[tuple[str, str], Case] = {}
    for size, folder in folders.items():
        write_home = scratch_copy(folder, size)
        for label, argv in oto_commands().items():
            home = write_home if label in WRITES else folder
            oto_env = dict(env, OTO_HOME=str(home), OTO_NOW=now, **({"OTO_NO_UNDO": "1"} if label in WITHOUT_UNDO else {}),
                           **COMPLETING.get(label, {}))
            oto[(label, size)] = Case(label, "oto", [str(oto_program), *argv], oto_env, journal=size)

    # What each command imports, on the heavy journal (a separate copy for the writes).
    heavy_env = dict(env, OTO_HOME=str(folders["heavy"]), OTO_NOW=now)
    import_home = scratch_copy(folders["heavy"], "imports")
    found_imports, import_refs, import_shares = {}, {}, {}
    for label, argv in oto_commands().items():
        if label in WITHOUT_UNDO or label in COMPLETING:
            continue
        run_env = dict(heavy_env, OTO_HOME=str(import_home)) if label in WRITES else heavy_env
        found = imports(python, argv, run_env, tty)
        found_imports[label] = found
        if found:
            import_shares[label] = by_package(found)
        if label in WRITES and found and oto[(label, "heavy")].argv:
            import_refs[label] = Case(f"imports of `oto {label}` only", "reference", imports_only(python, found), env)
    help_found = found_imports.get("--help")
    help_offenders = None if not help_found else sorted(
        {name for _, _, _, name in help_found if any(name == f or name.startswith(f + ".") for f in FORBIDDEN_FOR_HELP)}
    )

    cases = list(refs.values()) + list(import_refs.values()) + list(oto.values())
    cases = [c for c in cases if c.problem is None]
    print(f"measuring {len(cases)} cases: {warmup} warm-up + {runs} timed runs each, round-robin ...", flush=True)
    measure(cases, runs=runs, warmup=warmup, tty=tty)

    undo_costs = {size: undo_cost(python, folder / "journal.db", runs=max(runs, 10)) for size, folder in folders.items()}
    print("measuring the save after the last key (triage, guided reflect) ...", flush=True)
    typed = interactive(python, folders["small"], runs=3 if args.quick else 7)

    plans = {}
    for label in ("due", "agenda", "prep", "people", "promises --overdue", "review", "events", "map", "org list", *SEARCHES):
        plans[label] = query_plans(python, oto_commands()[label], heavy_env)

    mode = "stdout a terminal (pty 120x40)" if tty else "stdout a pipe"
    settings = f"{warmup} warm-up + {runs} timed, round-robin; median and min–max; {mode}; OTO_NOW={now}"
    text = write_report(output, cases=cases, refs=refs, oto=oto, import_refs=import_refs, help_offenders=help_offenders,
                         import_shares={k: v for k, v in import_shares.items() if k in ("--help", "--version", "due", "agenda", "prep", "people", "promises --overdue", "review", "events", "map", "org list", *SEARCHES, "reflect", "promise", "log")},
                         plans=plans, made=made, settings=settings, python=python, undo_costs=undo_costs,
                         interactive_figures=typed)
    print()
    print(table(refs, oto))
    print()
    print("\n".join(line for line in text.splitlines() if line.startswith("- **") and ("met" in line or "tell" in line)))
    print(f"\nwritten to {output}")
    return 0


def undo_cost(python: str, journal: Path, *, runs: int) -> dict:
    out = WORK / "undo-cost.json"
    out.unlink(missing_ok=True)
    done = subprocess.run([python, str(HERE / "undo_cost.py"), str(journal), str(out), "--runs", str(runs)],
                          capture_output=True, text=True)
    if done.returncode != 0 or not out.exists():
        return {"error": f"could not measure: {(done.stderr.strip().splitlines() or ['?'])[-1][:160]}"}
    return json.loads(out.read_text())


def interactive(python: str, journal_folder: Path, *, runs: int) -> dict:
    out = WORK / "interactive.json"
    out.unlink(missing_ok=True)
    try:
        import pexpect  # noqa: F401  (in the test extras: pip install -e '.[test]')
    except ImportError:
        return {"error": "not measured: pexpect is not installed (pip install -e '.[test]')"}
    done = subprocess.run([python, str(HERE / "interactive.py"), str(journal_folder), str(out), "--runs", str(runs)],
                          capture_output=True, text=True)
    if done.returncode != 0 or not out.exists():
        return {"error": f"could not measure: {(done.stderr.strip().splitlines() or ['?'])[-1][:160]}"}
    return json.loads(out.read_text())


def query_plans(python: str, argv: list[str], env: dict[str, str]) -> dict:
    out = WORK / "plans.json"
    out.unlink(missing_ok=True)
    done = subprocess.run([python, str(HERE / "plans.py"), str(out), *argv], env=env, capture_output=True, text=True)
    if done.returncode != 0 or not out.exists():
        return {"error": f"could not trace: {(done.stderr.strip().splitlines() or ['?'])[-1][:160]}"}
    plan = json.loads(out.read_text())
    if plan["exit"] != 0:
        return {"error": f"the command exits {plan['exit']} (not written yet, or failing)"}
    return plan


if __name__ == "__main__":
    sys.exit(main())
