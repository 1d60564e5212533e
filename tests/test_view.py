"""A Scene's flows: the filters, and the bound on how many arrows one map draws."""

from __future__ import annotations

from geo.base import settings
from geo.model.view import Scene, View
from tests.tiny import URL, tiny_event

HEADER = "exporter,importer,flow,year,period,value_usd,series,value_status,alternatives,source_url,quote"
PARTNERS = ("RUS", "KAZ", "FRA", "DEU", "ITA", "ESP", "POL", "NOR", "SWE", "FIN", "JPN", "IND")


def many_flows() -> str:
    rows = [
        f"CHN,{iso},exports,2024,,{(n + 1) * 1e6:.0f},GACC,exact,,{URL}/t,\n"
        for n, iso in enumerate(PARTNERS)
    ]
    return HEADER + "\n" + "".join(rows)


def test_past_the_bound_the_largest_flows_are_drawn_and_the_rest_counted(monkeypatch):
    monkeypatch.setattr(settings, "MAX_DRAWN_FLOWS", 5)
    scene = Scene(tiny_event(trade_csv=many_flows()), View(year=2024))
    assert [f.importer for f in scene.flows] == ["IND", "JPN", "FIN", "SWE", "NOR"]
    assert scene.flows_left_out == len(PARTNERS) - 5
    assert len(scene.all_flows) == len(PARTNERS)  # details of a flow left out still open


def test_a_chosen_top_n_within_the_bound_leaves_nothing_out(monkeypatch):
    monkeypatch.setattr(settings, "MAX_DRAWN_FLOWS", 5)
    scene = Scene(tiny_event(trade_csv=many_flows()), View(year=2024, top=3))
    assert len(scene.flows) == 3
    assert scene.flows_left_out == 0


def test_under_the_bound_every_filtered_flow_is_drawn():
    scene = Scene(tiny_event(trade_csv=many_flows()), View(year=2024, min_value=2.5e6))
    assert len(scene.flows) == len(PARTNERS) - 2
    assert scene.flows_left_out == 0
