"""The registries, the docs and the code agree: layers in the README, the CLI, the app and the legend;
columns in data/README."""

from __future__ import annotations

import re

import pytest

from geo import cli
from geo.base import registry
from geo.base.settings import DATA_DIR, ROOT
from geo.io.schema import FILES, columns_of


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
    assert documented == {key: (spec.title, spec.description) for key, spec in registry.LAYERS.items()}


def test_cli_offers_exactly_the_registered_layers(capsys):
    with pytest.raises(SystemExit):
        cli.main(["export", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert f"from: {', '.join(registry.EXPORT_LAYERS)}" in help_text
    assert set(registry.DEFAULT_LAYERS) <= set(registry.EXPORT_LAYERS) <= set(registry.TOGGLES)


def test_every_registered_layer_has_a_style_a_builder_and_a_caption():
    from geo.model import style
    from geo.web import captions

    assert set(registry.LAYERS) == set(style.RULES)
    assert set(registry.LAYERS) == set(captions.MAKERS)


def test_the_app_toggles_exactly_the_registry_s_toggles():
    from ui import state

    assert list(state.LAYER_KEYS) == list(registry.TOGGLES)


@pytest.mark.parametrize("key", sorted(registry.LAYERS))
def test_every_attribute_is_a_valid_value(key):
    spec = registry.LAYERS[key]
    assert spec.key == key
    assert spec.kind in ("area", "line", "point")
    assert (spec.radius is not None) == (spec.kind == "point")
    assert spec.with_layer in (None, *registry.LAYERS)
    assert 0 < spec.opacity <= 1 and 0 <= spec.fill_opacity <= 1 and spec.weight > 0
    assert 0 <= spec.precision <= 6
    for colour in (spec.colour, spec.fill, spec.casing):
        assert colour is None or (colour.startswith("#") and len(colour) == 7)


def test_drawing_order_follows_the_registry():
    orders = [registry.LAYERS[k].order for k in registry.drawing_order(registry.LAYERS)]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)


@pytest.mark.parametrize("name", sorted(FILES))
def test_data_readme_documents_every_column_of_every_file(name):
    text = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    rows = markdown_table_after(text, f"### `{name}`")
    documented = {c for row in rows for c in re.findall(r"`([a-z0-9_]+)`", row[0])}
    assert documented == set(columns_of(FILES[name]))


def test_data_readme_documents_every_key_of_a_chapter():
    from geo.io.meta import Chapter

    text = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    rows = markdown_table_after(text, "### `story.toml`")
    documented = {c for row in rows for c in re.findall(r"`([a-z_]+)`", row[0])}
    assert documented == set(Chapter.model_fields)


def test_the_readme_layout_names_every_module():
    text = (ROOT / "README.md").read_text(encoding="utf-8").split("## Layout", 1)[1]
    modules = [
        p.stem
        for folder in ("geo", "ui")
        for p in (ROOT / folder).rglob("*.py")
        if not p.stem.startswith("_")
    ]
    packages = [p.name + "/" for p in (ROOT / "geo").iterdir() if (p / "__init__.py").exists()]
    missing = [m for m in [*modules, *packages] if not re.search(rf"^\s+{re.escape(m)}(\s|$)", text, re.M)]
    assert missing == []


def data_readme() -> str:
    return (DATA_DIR / "README.md").read_text(encoding="utf-8")


def test_data_readme_documents_every_event_toml_key_and_whether_it_is_required():
    from geo.io.meta import EventMeta

    rows = markdown_table_after(data_readme(), "### `event.toml`")
    documented = {row[0].strip("`"): row[1] for row in rows}
    assert list(documented) == list(EventMeta.model_fields)
    by_shape = {"host": "summit", "hosts": "tour", "traveller": "tour"}
    for key, field in EventMeta.model_fields.items():
        expected = by_shape.get(key) or ("required" if field.is_required() else "optional")
        assert documented[key] == expected, key


def test_data_readme_says_which_files_are_required():
    from geo.io.events import EVENT_FILES
    from geo.io.meta import META_FILE
    from geo.io.schema import REQUIRED_FILES

    rows = markdown_table_after(data_readme(), "### What an event folder holds")
    documented = {row[0].strip("`"): row[1] for row in rows}
    assert set(documented) == set(EVENT_FILES)
    assert {name for name, need in documented.items() if need == "required"} == {META_FILE, *REQUIRED_FILES}


def test_data_readme_limits_are_the_loader_s():
    from geo.base import settings
    from geo.io import uploads

    rows = markdown_table_after(data_readme(), "### Limits")
    constants = {"settings": settings, "uploads": uploads}
    assert len(rows) == 5
    for _, value, constant in rows:
        module, name = constant.strip("`").split(".")
        actual = getattr(constants[module], name)
        shown = f"{actual // 1_000_000} MB" if actual >= 1_000_000 else f"{actual:,}"
        assert value == shown, constant


def test_data_readme_states_the_join_distance_and_the_time_statuses():
    from geo.io.events import JOIN_KM
    from geo.io.schema import CERTAINTY, summary_status

    text = " ".join(data_readme().split())
    assert f"a place within {JOIN_KM:g} km" in text
    assert ", ".join(f"`{s}`" for s in CERTAINTY) in text
    example = "`depart_status = approximate`, `arrive_status = disputed`, `time_status = disputed`"
    assert example in text and summary_status("approximate", "disputed") == "disputed"
    assert summary_status("exact", "unknown") == "exact" and summary_status("unknown", "unknown") == "unknown"


def test_data_readme_s_example_event_toml_loads():
    import tomllib

    from geo.io.meta import EventMeta

    block = data_readme().split("```toml\n", 1)[1].split("```", 1)[0]
    meta = EventMeta.model_validate(tomllib.loads(block))
    assert (meta.shape, meta.hosts, meta.host, meta.traveller) == ("tour", ("RUS",), "RUS", "kim-jong-un")
