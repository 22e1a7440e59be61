"""Fine-tune all-MiniLM-L6-v2 as a BIO tagger on PolNeAR train; score on dev after each epoch."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import torch

from ..evaluation.scores import Scores
from .data import PolnearArticle, load_polnear, make_windows
from .grouping import group_spans
from .metrics import figures, new_scores, score_article, summary
from .model import collate, load_tokenizer, new_classifier, predict_texts

MODEL_CONFIG = "ontherecord_accurate.json"


@dataclass
class TrainConfig:
    epochs: int = 1
    seed: int = 13
    max_length: int = 256
    train_stride: int = 254  # == max_length - 2: no overlap while training (it costs time, not accuracy)
    batch_size: int = 16
    learning_rate: float = 1e-4
    warmup_fraction: float = 0.06
    weight_decay: float = 0.01
    limit: int | None = None  # train articles (None = all)
    dev_limit: int | None = None
    threads: int = 2
    freeze_embeddings: bool = True  # saves optimizer work; the encoder layers still adapt
    freeze_layers: int = 0  # bottom encoder layers kept frozen: backward stops above them (cheaper on CPU)
    layers: int | None = None  # encoder layers kept (None = all 6); the rest of the pretrained stack is dropped


def seed_everything(seed: int) -> None:
    random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)


def evaluate(model: torch.nn.Module, tokenizer, articles: Sequence[PolnearArticle], max_length: int) -> Scores:
    scores = new_scores()
    tagged = predict_texts(model, tokenizer, [a.text for a in articles], max_length=max_length)
    for article, result in zip(articles, tagged):
        spans = result.spans()
        score_article(scores, article, spans, group_spans(article.text, spans))
    return scores


def train(
    polnear_dir: str | Path,
    out_dir: str | Path,
    config: TrainConfig,
    log: Callable[[str], None] = print,
) -> list[dict]:
    """Train, evaluate on dev after every epoch, save the final model to ``out_dir``; return the history."""
    polnear_dir, out_dir = Path(polnear_dir), Path(out_dir)
    torch.set_num_threads(config.threads)
    seed_everything(config.seed)
    tokenizer = load_tokenizer()
    train_articles = load_polnear(polnear_dir / "train", limit=config.limit)
    dev_articles = load_polnear(polnear_dir / "dev", limit=config.dev_limit)
    windows = list(make_windows(tokenizer, train_articles, config.max_length, config.train_stride))
    log(f"train: {len(train_articles)} articles, {len(windows)} windows; dev: {len(dev_articles)} articles")

    model = new_classifier(config.layers)
    if config.freeze_embeddings:
        model.base_model.embeddings.requires_grad_(False)
    for layer in model.base_model.encoder.layer[: config.freeze_layers]:
        layer.requires_grad_(False)
    parameters = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(parameters, lr=config.learning_rate, weight_decay=config.weight_decay)
    steps_per_epoch = (len(windows) + config.batch_size - 1) // config.batch_size
    total_steps = max(1, steps_per_epoch * config.epochs)
    warmup = max(1, int(total_steps * config.warmup_fraction))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, max(0.0, (total_steps - step) / (total_steps - warmup + 1)))
    )
    order_rng = random.Random(config.seed)
    history = []
    for epoch in range(1, config.epochs + 1):
        model.train()
        order = list(range(len(windows)))
        order_rng.shuffle(order)
        started, running = time.monotonic(), 0.0
        for step in range(steps_per_epoch):
            batch = collate([windows[i] for i in order[step * config.batch_size : (step + 1) * config.batch_size]])
            loss = model(**batch).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(parameters, 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            running += loss.item()
            if (step + 1) % 20 == 0 or step + 1 == steps_per_epoch:
                elapsed = time.monotonic() - started
                log(f"epoch {epoch} step {step + 1}/{steps_per_epoch} loss {running / (step + 1):.4f} ({elapsed:.0f}s)")
        save(model, tokenizer, out_dir, config)
        scores = evaluate(model, tokenizer, dev_articles, config.max_length)
        record = {
            "epoch": epoch,
            "train_loss": round(running / max(1, steps_per_epoch), 5),
            "train_seconds": round(time.monotonic() - started),
            **figures(scores),
        }
        history.append(record)
        log(f"epoch {epoch} dev: {summary(scores)}")
    (out_dir / "history.json").write_text(json.dumps(history, indent=2))
    return history


def save(model: torch.nn.Module, tokenizer, out_dir: Path, config: TrainConfig) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out_dir))
    tokenizer.save_pretrained(str(out_dir))
    (out_dir / MODEL_CONFIG).write_text(json.dumps(asdict(config), indent=2))
