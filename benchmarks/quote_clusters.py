"""Quote clusters and article copies against a planted corpus built from the BBC articles.

    python benchmarks/quote_clusters.py [--sample 200] [--unrelated 50] [--seed 7] [--json]

1. Planted corpus: ``--sample`` BBC articles (texts that occur once in the BBC corpus) stand as the
   originals ("BBC News"); half of them are republished once under other outlets and a quarter
   twice, each copy a day or two later with edits: a wire dateline ("LONDON (Reuters) - "), two
   paragraphs swapped, a quote trimmed at a comma, a word of a quote changed. ``--unrelated`` other
   BBC articles come under the same outlets. Everything goes through ``ingest`` (the real engine,
   one process) into a fresh SQLite store, which clusters the quotes and marks the copies.
   Reported: article-copy precision and recall against the planted copies, quote-cluster pair
   precision and recall (two quotes of different articles of one family — an original and its
   copies — are the same statement when their words match as difflib sees it: the same words, or
   with five words or more 70% alike or the shorter 80% inside the longer), how many planted changed words and trimmed quotes show as a
   variant of their cluster, and a few of the variant diffs; then the seconds to assign the quotes
   of the 20 latest articles into the stored clusters against clustering every quote from nothing.
2. BBC duplicates: all 2,225 BBC texts (text only, no engine), each under its own URL, through
   :func:`ontherecord.corpus.copies.mark_copies`: how many of the 98 texts that occur twice are
   found as copies, which other pairs are marked, and the closest pairs left unmarked (by the
   share of the later text found in the earlier, the measure a copy is marked by).

The BBC texts are read from ``../shared/data/bbc`` (``$ONTHERECORD_SHARED``) at run time; nothing is written
outside a temporary directory.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

from ontherecord.corpus import Store
from ontherecord.corpus.copies import article_shingles, mark_copies
from ontherecord.corpus.ingest import ingest
from ontherecord.corpus.quote_clusters import assign_quotes, load_index
from ontherecord.corpus.shingles import containment, from_hex, lsh_index, normalized, setting
from ontherecord.evaluation import shared_dir
from ontherecord.model import Article

BBC = shared_dir() / "data" / "bbc" / "articles.jsonl"
OUTLETS = ("Harbour Herald", "Valley Courier", "Metro Gazette")
WIRES = ("LONDON (Reuters) - ", "LONDON (AP) — ")
QUOTE = re.compile(r'"([^"\n]{20,600})"')
SUBSTITUTES = {"will": "would", "very": "really", "think": "believe", "important": "crucial", "good": "fine",
               "big": "large", "people": "individuals", "more": "further", "new": "fresh", "great": "huge",
               "difficult": "hard", "clear": "plain", "want": "wish", "make": "create", "all": "every",
               "need": "require", "help": "assist", "going": "about", "best": "finest", "lot": "great deal"}


def load_bbc(path: Path = BBC) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def unique_texts(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts = Counter(article["text"] for article in articles)
    return [article for article in articles if counts[article["text"]] == 1]


# --- the planted corpus ------------------------------------------------------------------------------


def trim_quote(text: str) -> tuple[str, dict[str, str]] | None:
    """The first quote with a comma in its first 70% cut there ("...climb, and we will..." → "...climb,")."""
    for match in QUOTE.finditer(text):
        words = match.group(1)
        cut = words.rfind(", ", 0, int(len(words) * 0.7))
        if cut > 15:
            trimmed = words[:cut + 1]
            return text[:match.start(1)] + trimmed + text[match.end(1):], {"old": words, "new": trimmed}
    return None


def change_word(text: str) -> tuple[str, dict[str, str]] | None:
    """One word of the last quote that has one of :data:`SUBSTITUTES` changed to its substitute."""
    for match in reversed(list(QUOTE.finditer(text))):
        words = match.group(1)
        for word in re.finditer(r"[A-Za-z]+", words):
            substitute = SUBSTITUTES.get(word.group(0))
            if substitute:
                changed = words[:word.start()] + substitute + words[word.end():]
                return (text[:match.start(1)] + changed + text[match.end(1):],
                        {"old": words, "new": changed, "word": substitute})
    return None


def swap_paragraphs(text: str) -> str | None:
    paragraphs = text.split("\n\n")
    if len(paragraphs) < 5:
        return None
    paragraphs[2], paragraphs[3] = paragraphs[3], paragraphs[2]
    return "\n\n".join(paragraphs)


def add_dateline(text: str, wire: str) -> str:
    title, _, body = text.partition("\n\n")
    return f"{title}\n\n{wire}{body}"


def republish(text: str, number: int) -> tuple[str, list[dict[str, str]]]:
    """The text with the edits of copy ``number`` (a cycle of four kinds), and what was planted."""
    planted: list[dict[str, str]] = []
    steps = [("dateline", "changed"), ("trimmed", "reordered"), ("changed", "reordered"), ("trimmed", "dateline")]
    for step in steps[number % 4]:
        if step == "dateline":
            text = add_dateline(text, WIRES[number % len(WIRES)])
            planted.append({"kind": "dateline"})
        elif step == "reordered":
            swapped = swap_paragraphs(text)
            if swapped:
                text = swapped
                planted.append({"kind": "reordered"})
        else:
            edited = trim_quote(text) if step == "trimmed" else change_word(text)
            if edited:
                text = edited[0]
                planted.append({"kind": step, **edited[1]})
    return text, planted


def build_corpus(articles: list[dict[str, Any]], sample: int, unrelated: int, seed: int = 7
                 ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """JSONL records of the planted corpus, and the truth: families (original URL → copy URLs) and edits."""
    pool = unique_texts(articles)
    rng = random.Random(seed)
    chosen = rng.sample(pool, sample + unrelated)
    originals, others = chosen[:sample], chosen[sample:]
    records: list[dict[str, Any]] = []
    families: dict[str, list[str]] = {}
    edits: list[dict[str, Any]] = []
    copy_number = 0
    for index, article in enumerate(originals):
        day = 1 + index % 27
        url = f"https://www.bbc.co.uk/news/{article['id']}"
        records.append(_record(article, url, "BBC News", f"2005-02-{day:02d}", article["text"]))
        families[url] = []
        for repeat in range(2 if index % 4 == 0 else 1 if index % 2 == 0 else 0):
            outlet = OUTLETS[(index + repeat) % len(OUTLETS)]
            text, planted = republish(article["text"], copy_number)
            copy_url = f"https://{outlet.lower().replace(' ', '-')}.example/{article['id']}"
            records.append(_record(article, copy_url, outlet, f"2005-02-{day + 1 + repeat:02d}", text))
            families[url].append(copy_url)
            edits += [{**edit, "url": copy_url, "original": url} for edit in planted]
            copy_number += 1
    for index, article in enumerate(others):
        outlet = OUTLETS[index % len(OUTLETS)]
        records.append(_record(article, f"https://{outlet.lower().replace(' ', '-')}.example/other/{article['id']}",
                               outlet, f"2005-02-{1 + index % 28:02d}", article["text"]))
    return records, {"families": families, "edits": edits}


def _record(article: dict[str, Any], url: str, outlet: str, published: str, text: str) -> dict[str, Any]:
    return {"id": article["id"], "title": article["title"], "outlet": outlet, "published": published,
            "url": url, "text": text}


# --- scoring ---------------------------------------------------------------------------------------


def same_statement(a: str, b: str) -> bool:
    """The truth's rule for two quotes of one family: the same words, or (when the shorter has five words
    or more: a fragment is no statement) 70% alike, or the shorter 80% inside the longer."""
    wa, wb = normalized(a).split(), normalized(b).split()
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    if min(len(wa), len(wb)) < 5:
        return False
    matcher = difflib.SequenceMatcher(a=wa, b=wb, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matcher.ratio() >= 0.7 or matched / min(len(wa), len(wb)) >= 0.8


def score_copies(store: Store, families: dict[str, list[str]]) -> dict[str, Any]:
    urls = {row["id"]: row["url"] for row in store.db.rows("SELECT id, url FROM articles")}
    marked = {(urls[row["article_id"]], urls[row["original_id"]])
              for row in store.db.rows("SELECT article_id, original_id FROM article_copies")}
    planted = {(copy, original) for original, copies in families.items() for copy in copies}
    found = len(marked & planted)
    return {"planted": len(planted), "marked": len(marked), "correct": found,
            "precision": _ratio(found, len(marked)), "recall": _ratio(found, len(planted)),
            "wire_services": dict(Counter(row["wire_service"] for row in store.db.rows(
                "SELECT wire_service FROM article_fingerprints WHERE wire_service IS NOT NULL")))}


def score_clusters(store: Store, truth: dict[str, Any]) -> dict[str, Any]:
    family_of = {url: original for original, copies in truth["families"].items() for url in (original, *copies)}
    quotes = store.db.rows(
        "SELECT q.id, q.content, a.url, m.cluster_id, m.relation FROM quotes q JOIN articles a ON a.id = q.article_id "
        "JOIN quote_cluster_members m ON m.quote_id = q.id")
    by_family: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_cluster: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for quote in quotes:
        by_cluster[quote["cluster_id"]].append(quote)
        if quote["url"] in family_of:
            by_family[family_of[quote["url"]]].append(quote)
    true_pairs = {(a["id"], b["id"]) for members in by_family.values() for a, b in combinations(members, 2)
                  if a["url"] != b["url"] and same_statement(a["content"], b["content"])}
    predicted = {(min(a["id"], b["id"]), max(a["id"], b["id"])) for members in by_cluster.values()
                 for a, b in combinations(members, 2) if a["url"] != b["url"]}
    true_pairs = {(min(pair), max(pair)) for pair in true_pairs}
    correct = len(true_pairs & predicted)
    return {"quotes": len(quotes), "clusters": len(by_cluster),
            "clusters_in_several_articles": sum(1 for m in by_cluster.values() if len({q["url"] for q in m}) > 1),
            "true_pairs": len(true_pairs), "predicted_pairs": len(predicted), "correct_pairs": correct,
            "precision": _ratio(correct, len(predicted)), "recall": _ratio(correct, len(true_pairs)),
            "wrong_pairs": _examples(quotes, predicted - true_pairs),
            "missed_pairs": _examples(quotes, true_pairs - predicted)}


def _examples(quotes: list[dict[str, Any]], pairs: set[tuple[int, int]], limit: int = 5) -> list[list[str]]:
    content = {quote["id"]: quote["content"] for quote in quotes}
    return [[content[a], content[b]] for a, b in sorted(pairs)[:limit]]


def score_edits(store: Store, edits: list[dict[str, Any]]) -> dict[str, Any]:
    """Of the planted changed words and trimmed quotes whose quote the engine found in the copy, how many
    are in a cluster with the original wording, marked as a variant (changed) or a part (trimmed)."""
    from ontherecord.corpus import Corpus

    corpus = Corpus(store)
    found: Counter[str] = Counter()
    shown: Counter[str] = Counter()
    diffs: list[str] = []
    for edit in (e for e in edits if e["kind"] in ("changed", "trimmed")):
        rows = store.db.rows(
            "SELECT q.content, m.cluster_id, m.relation FROM quotes q JOIN articles a ON a.id = q.article_id "
            "JOIN quote_cluster_members m ON m.quote_id = q.id WHERE a.url = ?", (edit["url"],))
        target = normalized(edit["new"])
        hit = next((row for row in rows if target and normalized(row["content"]) in (target, target.rstrip())), None)
        hit = hit or next((row for row in rows if target and target in normalized(row["content"])), None)
        if hit is None:
            continue
        found[edit["kind"]] += 1
        urls = {row["url"] for row in corpus.cluster_appearances(hit["cluster_id"])}
        expected = {"changed": ("variant", "longer", "part"), "trimmed": ("part", "variant")}[edit["kind"]]
        if edit["original"] in urls and hit["relation"] in expected:
            shown[edit["kind"]] += 1
            if len(diffs) < 6:
                row = next(r for r in corpus.cluster_appearances(hit["cluster_id"]) if r["url"] == edit["url"])
                diffs.append(f"{edit['kind']}: {row['changes']}")
    return {kind: {"planted_and_extracted": found[kind], "shown_as_variant": shown[kind],
                   "share": _ratio(shown[kind], found[kind])} for kind in ("changed", "trimmed")} | {
        "example_diffs": diffs}


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def clustering_times(store: Store, new_articles: int = 20) -> dict[str, Any]:
    """Seconds to assign the quotes of the ``new_articles`` latest articles into the stored clusters
    (their memberships dropped first, as if just ingested), to build the index from the stored
    signatures, and to cluster every quote again from nothing (the baseline)."""
    latest = [row["id"] for row in store.db.rows("SELECT id FROM articles ORDER BY id DESC LIMIT ?", (new_articles,))]
    with store.db.transaction():
        for article_id in latest:
            store.db.execute("DELETE FROM quote_cluster_members WHERE article_id = ?", (article_id,))
    started = time.monotonic()
    incremental = assign_quotes(store)
    incremental_seconds = time.monotonic() - started
    started = time.monotonic()
    load_index(store)
    index_seconds = time.monotonic() - started
    with store.db.transaction():
        store.db.execute("DELETE FROM quote_cluster_members")
        store.db.execute("DELETE FROM quote_clusters")
    started = time.monotonic()
    everything = assign_quotes(store)
    full_seconds = time.monotonic() - started
    return {"new_quotes": incremental, "incremental_seconds": round(incremental_seconds, 2),
            "index_from_signatures_seconds": round(index_seconds, 2), "all_quotes": everything,
            "full_seconds": round(full_seconds, 2),
            "incremental_vs_full": round(incremental_seconds / full_seconds, 3) if full_seconds else None}


# --- the BBC corpus's own duplicates -----------------------------------------------------------------


def bbc_duplicates(articles: list[dict[str, Any]], location: str) -> dict[str, Any]:
    """All BBC texts under their own URLs through mark_copies: the duplicate texts found, other marks,
    and the closest unmarked pairs."""
    started = time.monotonic()
    with Store.open(location) as store:
        for article in articles:
            store.save_article(Article(text=article["text"], title=article["title"], outlet="BBC News",
                                       url=f"https://www.bbc.co.uk/news/{article['id']}", quotes=[], speakers=[]))
        saved = time.monotonic()
        mark_copies(store)
        seconds = time.monotonic() - saved
        texts = {row["id"]: (row["text"], row["title"], row["url"].rsplit("/", 1)[-1])
                 for row in store.db.rows("SELECT id, text, title, url FROM articles")}
        marked = {(row["article_id"], row["original_id"]): row["shared"]
                  for row in store.db.rows("SELECT article_id, original_id, shared FROM article_copies")}
        closest = _closest_unmarked(store, texts, marked)
    duplicates = {pair for pair in marked if texts[pair[0]][0] == texts[pair[1]][0]}
    expected = sum(count - 1 for count in Counter(entry[0] for entry in texts.values()).values() if count > 1)
    others = [{"copy": texts[a][2], "original": texts[b][2], "title": texts[a][1], "shared": share}
              for (a, b), share in marked.items() if (a, b) not in duplicates]
    return {"articles": len(articles), "duplicate_texts": expected, "found": len(duplicates),
            "other_copies": others, "closest_unmarked": closest,
            "mark_seconds": round(seconds, 2), "save_seconds": round(saved - started, 2)}


def _closest_unmarked(store: Store, texts: dict[int, tuple[str, str, str]], marked: dict, top: int = 8) -> list[dict]:
    permutations = int(setting("article_permutations"))
    loose = lsh_index(0.2, permutations)
    signatures = {row["article_id"]: from_hex(row["signature"], permutations) for row in store.db.rows(
        "SELECT article_id, signature FROM article_fingerprints WHERE signature IS NOT NULL")}
    for article_id, minhash in signatures.items():
        loose.insert(article_id, minhash)
    groups: dict[int, set[int]] = defaultdict(set)
    for copy, original in marked:
        groups[original].add(copy)
    linked = {frozenset(pair) for original, copies in groups.items() for pair in combinations({original, *copies}, 2)}
    pairs: dict[frozenset, float] = {}
    for article_id, minhash in signatures.items():
        for other in loose.query(minhash):
            pair = frozenset((article_id, other))
            if other == article_id or pair in pairs or pair in linked:
                continue
            later, earlier = max(pair), min(pair)  # undated and ingested together: the store's order is the id
            a, b = article_shingles(texts[later][0]), article_shingles(texts[earlier][0])
            pairs[pair] = (round(containment(a, b), 3), round(containment(b, a), 3))
    ranked = sorted(pairs.items(), key=lambda item: -item[1][0])[:top]
    return [{"later": texts[max(pair)][2], "earlier": texts[min(pair)][2], "shared": shares[0],
             "earlier_inside_later": shares[1]} for pair, shares in ranked]


# --- main --------------------------------------------------------------------------------------------


def planted_run(articles: list[dict[str, Any]], sample: int, unrelated: int, seed: int, directory: Path,
                processes: int = 1) -> dict[str, Any]:
    records, truth = build_corpus(articles, sample, unrelated, seed)
    source = directory / "planted.jsonl"
    source.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    with Store.open(str(directory / "planted.db")) as store:
        started = time.monotonic()
        summary = ingest([str(source)], store, processes=processes)
        seconds = time.monotonic() - started
        return {"articles": len(records), "originals": sample, "copies": sum(map(len, truth["families"].values())),
                "unrelated": unrelated, "ingest_seconds": round(seconds, 1), "errors": summary.errors,
                "edits": dict(Counter(edit["kind"] for edit in truth["edits"])),
                "article_copies": score_copies(store, truth["families"]),
                "quote_clusters": score_clusters(store, truth), "variants": score_edits(store, truth["edits"]),
                "timing": clustering_times(store)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=200, help="BBC articles that stand as originals")
    parser.add_argument("--unrelated", type=int, default=50, help="other BBC articles under the other outlets")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-duplicates", action="store_true", help="only the planted corpus")
    parser.add_argument("--keep", metavar="DIR", help="keep the stores in DIR (default: a temporary directory)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not BBC.exists():
        print(f"BBC articles not found at {BBC} (set ONTHERECORD_SHARED)", file=sys.stderr)
        return 2
    articles = load_bbc()
    with (contextlib.nullcontext(args.keep) if args.keep else tempfile.TemporaryDirectory()) as directory:
        print(f"planted corpus: {args.sample} originals, {args.unrelated} unrelated ...", file=sys.stderr)
        figures = {"planted": planted_run(articles, args.sample, args.unrelated, args.seed, Path(directory))}
        if not args.skip_duplicates:
            print(f"BBC duplicates: {len(articles)} texts ...", file=sys.stderr)
            figures["bbc_duplicates"] = bbc_duplicates(articles, str(Path(directory) / "bbc.db"))
    print(json.dumps(figures, indent=None if args.json else 2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
