"""Are two commits' engine outputs byte-identical? ``extract --format jsonl`` on the same inputs, diffed.

    python benchmarks/output_diff.py BASE [HEAD] [--sets seed,bbc,polnear-dev] [--configs fast,accurate,...]
                                     [--processes 2] [--limit N]

BASE and HEAD are commits (anything ``git rev-parse`` takes); HEAD defaults to the working tree as
it is now, uncommitted changes included. Each commit is checked out into a temporary git worktree
and run from its own ``src`` (``PYTHONPATH``) with this interpreter, so both sides use the same
installed packages and only the project's code differs.

Input sets (read from ``../shared`` or ``$ONTHERECORD_SHARED``): ``seed`` (the seed stories'
``articles.jsonl``), ``bbc`` (the 2,225 BBC articles), ``polnear-dev`` (PolNeAR dev's 84 texts).
Configurations: ``fast``, ``accurate``, ``fast+tagger``, ``accurate+tagger`` (``--tagger bundled``)
in the clean content style, and ``accurate+tagger+polnear`` (PolNeAR's content style, where the
tagger adds content of its own). Outputs are kept under ``benchmarks/results/output-diff/<commit>/``
(under the main checkout, shared by its git worktrees) and reused for a commit (never for a working tree), so a second comparison against the same base
only runs the new side.

Prints one line per (set, configuration): identical, or how many records differ and the first one
that does, with the first differing field. Exit code 0 when every output is identical, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONFIGS = {
    "fast": [],
    "accurate": ["--mode", "accurate"],
    "fast+tagger": ["--tagger", "bundled"],
    "accurate+tagger": ["--mode", "accurate", "--tagger", "bundled"],
    "accurate+tagger+polnear": ["--mode", "accurate", "--tagger", "bundled", "--content-style", "polnear"],
}
DEFAULT_CONFIGS = ("fast", "accurate", "fast+tagger", "accurate+tagger")
WORKING_TREE = "working-tree"


def shared_dir() -> Path:
    configured = os.environ.get("ONTHERECORD_SHARED")
    return Path(configured) if configured else REPO.parent / "shared"


def input_sets(limit: int | None) -> dict[str, list[Path]]:
    shared = shared_dir()
    sets = {
        "seed": [shared / "seed" / "articles.jsonl"],
        "bbc": [shared / "data" / "bbc" / "articles.jsonl"],
        "polnear-dev": sorted((shared / "data" / "polnear" / "dev" / "text").glob("*.txt")),
    }
    if limit:
        sets["polnear-dev"] = sets["polnear-dev"][:limit]
    return sets


def results_dir() -> Path:
    """Under the main checkout, so that every git worktree of the repository shares one cache of commits' outputs."""
    common = subprocess.run(
        ["git", "rev-parse", "--path-format=absolute", "--git-common-dir"], cwd=REPO, check=True, capture_output=True, text=True
    ).stdout.strip()
    return Path(common).parent / "benchmarks" / "results" / "output-diff"


def resolve(commit: str) -> str:
    return subprocess.run(["git", "rev-parse", commit], cwd=REPO, check=True, capture_output=True, text=True).stdout.strip()


def run_extract(src: Path, inputs: list[Path], config: str, processes: int, out: Path, limit: int | None) -> None:
    """``ontherecord extract`` from ``src`` into ``out`` (written to a temporary name, then renamed)."""
    env = {**os.environ, "PYTHONPATH": str(src), "ONTHERECORD_SHARED": str(shared_dir())}
    for variable in ("ONTHERECORD_TAGGER", "ONTHERECORD_ACCURATE_MODEL"):
        env.pop(variable, None)
    command = [sys.executable, "-m", "ontherecord", "extract", *map(str, inputs), "--format", "jsonl"]
    command += ["--processes", str(processes), *CONFIGS[config]]
    partial = out.with_suffix(".partial")
    out.parent.mkdir(parents=True, exist_ok=True)
    with partial.open("wb") as sink, tempfile.TemporaryDirectory() as scratch:
        if limit and len(inputs) == 1 and inputs[0].suffix == ".jsonl":
            # a file, not stdin: extract reads stdin as one plain-text article
            head = Path(scratch) / inputs[0].name
            with inputs[0].open("rb") as source:
                head.write_bytes(b"".join(line for _, line in zip(range(limit), source)))
            command[command.index(str(inputs[0]))] = str(head)
        subprocess.run(command, env=env, stdout=sink, check=False)
    partial.replace(out)


def outputs(commit: str, sets: dict[str, list[Path]], configs: list[str], processes: int, limit: int | None) -> Path:
    """The directory holding ``<set>.<config>.jsonl`` for ``commit``, made as needed."""
    label = f"{WORKING_TREE}-{REPO.name}" if commit == WORKING_TREE else commit[:12]
    directory = results_dir() / (label + (f"-limit{limit}" if limit else ""))
    if commit == WORKING_TREE and directory.exists():
        shutil.rmtree(directory)
    needed = [(s, c) for s in sets for c in configs if not (directory / f"{s}.{c}.jsonl").exists()]
    if not needed:
        return directory
    with tempfile.TemporaryDirectory(prefix="ontherecord-diff-") as scratch:
        if commit == WORKING_TREE:
            src = REPO / "src"
        else:
            tree = Path(scratch) / "tree"
            subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(tree), commit], cwd=REPO, check=True)
            src = tree / "src"
        try:
            for name, config in needed:
                print(f"  {label[:12]}: {name} {config}", file=sys.stderr, flush=True)
                run_extract(src, sets[name], config, processes, directory / f"{name}.{config}.jsonl", limit)
        finally:
            if commit != WORKING_TREE:
                subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=REPO, check=False)
    return directory


def first_difference(left: dict, right: dict) -> str:
    for key in sorted(set(left) | set(right)):
        if left.get(key) != right.get(key):
            return key
    return "(field order or formatting)"


def compare(base: Path, head: Path) -> tuple[int, str]:
    """(differing records, description of the first) for one pair of JSONL files."""
    left = base.read_bytes().splitlines()
    right = head.read_bytes().splitlines()
    if left == right:
        return 0, f"identical ({len(left)} records)"
    differing = sum(1 for a, b in zip(left, right) if a != b) + abs(len(left) - len(right))
    for a, b in zip(left, right):
        if a != b:
            old, new = json.loads(a), json.loads(b)
            return differing, f"{differing} of {max(len(left), len(right))} records differ; first: {old.get('id')!r}, field {first_difference(old, new)!r}"
    return differing, f"{len(left)} records before, {len(right)} after"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base")
    parser.add_argument("head", nargs="?", default=WORKING_TREE, help="a commit (default: the working tree)")
    parser.add_argument("--sets", default="seed,bbc,polnear-dev")
    parser.add_argument("--configs", default=",".join(DEFAULT_CONFIGS), help=f"of {', '.join(CONFIGS)}")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles of each set")
    args = parser.parse_args()
    everything = input_sets(args.limit)
    sets = {name: everything[name] for name in args.sets.split(",")}
    configs = args.configs.split(",")
    unknown = [c for c in configs if c not in CONFIGS]
    if unknown:
        parser.error(f"unknown configuration {unknown[0]!r}")
    base = resolve(args.base)
    head = args.head if args.head == WORKING_TREE else resolve(args.head)
    base_dir = outputs(base, sets, configs, args.processes, args.limit)
    head_dir = outputs(head, sets, configs, args.processes, args.limit)
    print(f"base {base[:12]}  head {head[:12]}")
    failures = 0
    for name in sets:
        for config in configs:
            file = f"{name}.{config}.jsonl"
            differing, description = compare(base_dir / file, head_dir / file)
            failures += differing > 0
            print(f"{name:12} {config:24} {description}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
