"""`/api/audit` on the seed store (a real server): the rows `ontherecord audit` gives for the seed
files, as JSON and as a CSV download."""

from __future__ import annotations

import json

from click.testing import CliRunner

from ontherecord.audit.summary import COLUMNS
from ontherecord.cli import cli
from ontherecord.corpus import Corpus

from .conftest import SEED


def test_the_api_serves_the_numbers_of_the_files(client, seed_db):
    result = CliRunner().invoke(cli, ["audit", str(SEED), "--quiet", "--by", "article", "--format", "jsonl"],
                                catch_exceptions=False)
    from_files = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    served = client.get("/api/audit", params={"by": "article"}).json()
    assert served == from_files and {row["key"] for row in served} >= {"klippenstein-dc-order"}
    with Corpus(seed_db) as corpus:
        assert corpus.audit("article") == from_files
    download = client.get("/api/audit", params={"by": "outlet", "format": "csv"})
    assert download.text.splitlines()[0] == ",".join(COLUMNS)
    assert client.get("/api/audit", params={"by": "nonsense"}).status_code == 422


def test_analyze_with_names_gives_the_name_method(seed_copy):
    import httpx

    from ontherecord.config import EngineConfig

    from .conftest import live_server

    text = "Budget plan\n\nThomas Brandt said the budget would be balanced by 2027."
    with live_server(seed_copy, engine=EngineConfig(gender_names=True)) as url, \
            httpx.Client(base_url=url, timeout=120) as http:
        analyzed = http.post("/api/analyze", json={"text": text})
        assert analyzed.status_code == 200, analyzed.text
    [speaker] = analyzed.json()["record"]["speakers"]
    assert (speaker["gender"]["value"], speaker["gender"]["method"]) == ("male", "name")
