"""The accuracy table: ``ontherecord evaluate`` on every gold set, in every engine configuration, side by side.

    python benchmarks/accuracy.py [--only SET:CONFIG,...] [--processes 2] [--json]

Gold sets (read from ``../shared`` or ``$ONTHERECORD_SHARED``):

- ``seed``: the three seed stories (``seed/gold.json``), the stories the rules were first written on;
- ``bbc-dev``: 32 BBC articles, every speaker resolved to the fullest name the article gives
  (``data/bbc-gold/dev.json``);
- ``polnear-dev``: PolNeAR's 84 dev articles (``data/polnear/dev``);
- ``polnear-train-sample``: every 4th article of PolNeAR train in sorted file order (210 articles),
  articles the rules were not tuned on.

Each row runs ``python -m ontherecord evaluate GOLD --json`` with that configuration's options, so
the figures are exactly the command's. Prints a Markdown table of quote, attributed and exact-content
P / R / F1 (percent) and the attributed F1 of direct quotes; ``--json`` prints the figures instead.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TRAIN_SAMPLE_EVERY = 4

CONFIGS = {
    "fast": [],
    "accurate": ["--mode", "accurate"],
    "fast polnear": ["--content-style", "polnear"],
    "accurate polnear": ["--mode", "accurate", "--content-style", "polnear"],
    "fast tagger": ["--tagger", "bundled"],
    "accurate polnear tagger": ["--mode", "accurate", "--content-style", "polnear", "--tagger", "bundled"],
}
TABLE = (
    ("seed", "fast"),
    ("seed", "accurate"),
    ("bbc-dev", "fast"),
    ("bbc-dev", "accurate"),
    ("polnear-dev", "fast"),
    ("polnear-dev", "fast polnear"),
    ("polnear-dev", "accurate polnear"),
    ("polnear-dev", "fast tagger"),
    ("polnear-dev", "accurate polnear tagger"),
    ("polnear-train-sample", "fast"),
    ("polnear-train-sample", "accurate polnear"),
)


def shared_dir() -> Path:
    configured = os.environ.get("ONTHERECORD_SHARED")
    return Path(configured) if configured else REPO.parent / "shared"


def train_sample(scratch: Path) -> Path:
    """A PolNeAR-layout directory of links to every 4th train article and its annotations."""
    train = shared_dir() / "data" / "polnear" / "train"
    sample = scratch / "polnear-train-sample"
    if sample.exists():
        return sample
    (sample / "text").mkdir(parents=True, exist_ok=True)
    (sample / "attributions").mkdir(exist_ok=True)
    for text in sorted((train / "text").glob("*.txt"))[::TRAIN_SAMPLE_EVERY]:
        (sample / "text" / text.name).symlink_to(text)
        for annotation in (train / "attributions").glob(f"{text.stem}_*.ann"):
            (sample / "attributions" / annotation.name).symlink_to(annotation)
    return sample


def gold_path(name: str, scratch: Path) -> Path:
    shared = shared_dir()
    return {
        "seed": lambda: shared / "seed" / "gold.json",
        "bbc-dev": lambda: shared / "data" / "bbc-gold" / "dev.json",
        "polnear-dev": lambda: shared / "data" / "polnear" / "dev",
        "polnear-train-sample": lambda: train_sample(scratch),
    }[name]()


def evaluate(gold: Path, config: str, processes: int) -> dict:
    """The JSON document of ``ontherecord evaluate`` for one gold set and configuration."""
    command = [sys.executable, "-m", "ontherecord", "evaluate", str(gold), "--json", "--processes", str(processes)]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ONTHERECORD_") or k == "ONTHERECORD_SHARED"}
    finished = subprocess.run(command + CONFIGS[config], capture_output=True, text=True, env=environment, check=False)
    if finished.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{finished.stderr[-2000:]}")
    return json.loads(finished.stdout)


def figures(document: dict) -> dict[str, float]:
    """Percent figures: P/R/F1 of quote, attributed and exact content, and direct quotes' attributed F1."""
    overall = document["overall"]
    result = {}
    for metric in ("quote", "attributed", "exact"):
        for key in ("precision", "recall", "f1"):
            result[f"{metric}_{key}"] = round(100 * overall[metric][key], 1)
    direct = overall.get("by_type", {}).get("direct")
    result["direct_attributed_f1"] = round(100 * direct["attributed"]["f1"], 1) if direct else None
    result["articles"] = document["articles"]
    return result


def markdown(rows: list[tuple[str, str, dict[str, float]]]) -> str:
    lines = [
        "| gold | configuration | articles | quote P / R / F1 | **attributed** P / R / F1 | exact content P / R / F1 | direct: attributed F1 |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, config, f in rows:
        triple = lambda m: f"{f[m + '_precision']} / {f[m + '_recall']} / {f[m + '_f1']}"  # noqa: E731
        direct = "—" if f["direct_attributed_f1"] is None else f["direct_attributed_f1"]
        attributed = f"{f['attributed_precision']} / {f['attributed_recall']} / **{f['attributed_f1']}**"
        lines.append(f"| {name} | {config} | {f['articles']} | {triple('quote')} | {attributed} | {triple('exact')} | {direct} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=None, help="comma-separated SET:CONFIG pairs, e.g. 'seed:fast,bbc-dev:fast'")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    wanted = TABLE if args.only is None else tuple(tuple(pair.split(":", 1)) for pair in args.only.split(","))
    rows = []
    with tempfile.TemporaryDirectory(prefix="ontherecord-accuracy-") as scratch:
        for name, config in wanted:
            rows.append((name, config, figures(evaluate(gold_path(name, Path(scratch)), config, args.processes))))
            print(markdown(rows[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    if args.json:
        print(json.dumps([{"gold": n, "configuration": c, **f} for n, c, f in rows], indent=2))
    else:
        print(markdown(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
