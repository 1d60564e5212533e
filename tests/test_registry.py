"""The registries, the docs and the code agree: layers in README and CLI, columns in data/README."""

from __future__ import annotations

import re

import pytest

from geo import cli, maps, styles
from geo.schema import FILES, columns_of
from geo.settings import DATA_DIR, ROOT


def markdown_table_after(text: str, heading: str) -> list[list[str]]:
    """The rows of the first table after ``heading``, as lists of cell texts."""
    section = text.split(heading, 1)[1]
    rows = []
    for line in section.splitlines()[1:]:
        if line.startswith("#"):
            break
        if line.startswith("|") and not set(line) <= set("|- "):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows[1:]  # drop the header row


def test_readme_layer_table_matches_the_registry():
    rows = markdown_table_after((ROOT / "README.md").read_text(encoding="utf-8"), "## Layers")
    documented = {row[0].strip("`"): (row[1], row[2]) for row in rows}
    assert documented == {key: (spec.title, spec.description) for key, spec in styles.LAYERS.items()}


def test_cli_offers_exactly_the_registered_layers(capsys):
    with pytest.raises(SystemExit):
        cli.main(["export", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert f"from: {', '.join(styles.LAYERS)}" in help_text
    assert set(maps.DEFAULT_LAYERS) <= set(styles.LAYERS)


def test_every_registered_layer_has_a_style():
    assert set(styles.LAYERS) <= set(maps.STYLE_FUNCTIONS)
    assert set(maps.EXTRA_TITLES) <= set(maps.STYLE_FUNCTIONS)


@pytest.mark.parametrize("name", sorted(FILES))
def test_data_readme_documents_every_column_of_every_file(name):
    text = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    rows = markdown_table_after(text, f"### `{name}`")
    documented = {c for row in rows for c in re.findall(r"`([a-z0-9_]+)`", row[0])}
    assert documented == set(columns_of(FILES[name]))
