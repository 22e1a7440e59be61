"""CSV from every query command carries no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from ontherecord.cli import cli
from ontherecord.corpus import Store
from ontherecord.corpus.entities import link_entities

from .conftest import (
    FORMULA_CONTENT,
    FORMULA_ORGANIZATION,
    FORMULA_OUTLET,
    FORMULA_ROLE,
    FORMULA_TITLE,
    assert_no_formula_cells,
    formula_article,
)

COMMANDS = {
    "quotes": (["quotes"], (FORMULA_TITLE, FORMULA_OUTLET, FORMULA_CONTENT, FORMULA_ROLE, FORMULA_ORGANIZATION)),
    "stats": (["stats"], (FORMULA_OUTLET, FORMULA_ORGANIZATION)),
    "speakers": (["speakers"], (FORMULA_ROLE, FORMULA_ORGANIZATION)),
    "entities list": (["entities", "list"], (FORMULA_ROLE, FORMULA_ORGANIZATION)),
    "audit": (["audit"], (FORMULA_OUTLET,)),
}


@pytest.fixture
def formula_db(sqlite_location) -> str:
    with Store.open(sqlite_location) as store:
        for number in range(2):
            store.save_article(formula_article(number))
        link_entities(store)
    return sqlite_location


@pytest.mark.parametrize("name", COMMANDS)
def test_query_commands_guard_formula_cells(formula_db, name):
    args, expected = COMMANDS[name]
    result = CliRunner().invoke(cli, [*args, "--db", formula_db, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert_no_formula_cells(result.stdout, *expected)


def test_export_guards_formula_cells(formula_db, tmp_path):
    target = tmp_path / "quotes.csv"
    result = CliRunner().invoke(cli, ["export", "--db", formula_db, "--format", "csv", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert_no_formula_cells(target.read_text(encoding="utf-8"), FORMULA_TITLE, FORMULA_OUTLET, FORMULA_CONTENT,
                            FORMULA_ORGANIZATION)
