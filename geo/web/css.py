"""The stylesheets: the map's, the details panel's and the app's cards. geo.web.markup wraps them."""

from __future__ import annotations

PHONE = """
.dm-narrow .dm-story.dm-sheet { position: absolute; left: 0; right: 0; bottom: 0; z-index: 1000; margin: 0;
  max-width: none; max-height: 32svh; overflow-y: auto; overscroll-behavior: contain;
  touch-action: pan-y; border-radius: 12px 12px 0 0; padding: 4px 12px 0; box-shadow: 0 -1px 6px rgba(0,0,0,.3); }
.dm-narrow .dm-sheet::before { content: ""; display: block; width: 36px; height: 4px; margin: 0 auto 4px;
  border-radius: 2px; background: #bbb; }
.dm-narrow .dm-sheet .dm-chapter h1, .dm-narrow .dm-sheet .dm-when { white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; font-size: 11px; margin: 0; }
.dm-narrow .dm-sheet .dm-chapter h2 { font-size: 16px; }
.dm-narrow .dm-sheet .dm-nav { position: sticky; bottom: 0; background: #fff; padding: 4px 0 6px; }
.dm-narrow .dm-sheet .dm-nav button { padding: 6px 12px; }
.dm-narrow .leaflet-control-zoom a { display: inline-block; }
.dm-narrow .leaflet-bottom .leaflet-control { margin-bottom: 6px; }
.dm-narrow .leaflet-control-attribution { max-width: calc(100vw - 130px); font-size: 10px; line-height: 1.3; }
.dm-narrow details.dm-key[open] { max-height: 40svh; overflow-y: auto; }
"""
"""A phone held upright (geo/web/js/story.js marks a map narrower than 600 pixels ``dm-narrow``): the
chapter is a bottom sheet (``svh``: a phone's address bar changes ``vh``), the controls above it."""

TWIN = """
.dm-twin { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; font: 15px/1.5 system-ui, sans-serif; color: #222;
  overflow-wrap: anywhere; }
.dm-twin h2 { font-size: 1.3rem; margin: 0 0 .3rem; }
.dm-twin h3 { font-size: 1.05rem; margin: 1.4rem 0 .3rem; }
.dm-twin ul { padding-left: 1.2rem; margin: 0; }
.dm-twin li { margin: 0 0 .45rem; }
.dm-twin .dm-src { font-size: .85rem; color: #555; }
.dm-twin a { color: #0b5cad; }
"""
"""The story as text under the exported map (geo.web.markup.twin)."""

MAP = (
    """
.leaflet-container { background: SEA; font-family: system-ui, sans-serif; line-height: 1.4; }
.dm-box { background: rgba(255,255,255,.92); padding: 6px 10px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 340px; }
.dm-box h1 { font-size: 15px; margin: 0 0 2px; }
.dm-legend i.sw { display: inline-block; width: 14px; height: 10px; margin-right: 6px; border: 1px solid #888; }
.dm-legend i.ln { display: inline-block; width: 24px; margin: 0 6px 3px 0; vertical-align: middle; }
.dm-status { color: #a6611a; font-style: italic; }
.dm-disputed { color: #d01c8b; font-weight: 600; }
.dm-popup h3 { font-size: 14px; margin: 0 0 2px; }
.dm-popup .dm-sub { margin: 0 0 4px; color: #444; }
.dm-popup ul.dm-facts { margin: 0 0 4px; padding-left: 16px; }
.dm-popup ol.dm-sources { margin: 4px 0 0; padding-left: 20px; font-size: 12px; color: #555; }
.dm-popup .dm-note { margin: 4px 0; font-size: 12px; color: #333; }
.leaflet-interactive:focus { outline: none; }
.leaflet-overlay-pane > svg { pointer-events: none; }
.dm-story { max-width: 320px; }
.dm-chapter h1 { font-size: 13px; font-weight: 600; color: #555; margin: 0; }
.dm-chapter .dm-when { margin: 0 0 6px; font-size: 12px; color: #666; }
.dm-chapter .dm-kicker { margin: 0; font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: #d81b60; }
.dm-chapter h2 { font-size: 17px; margin: 2px 0 4px; line-height: 1.25; }
.dm-chapter .dm-text { margin: 0 0 4px; font-size: 13px; }
.dm-chapter .dm-src { margin: 0 0 6px; font-size: 11px; color: #666; }
.dm-nav { display: flex; gap: 6px; }
.dm-nav button { font: inherit; font-size: 12px; padding: 3px 8px; border: 1px solid #bbb; border-radius: 3px;
  background: #fff; cursor: pointer; }
.dm-nav button:disabled { color: #aaa; cursor: default; }
details.dm-key summary { cursor: pointer; font-weight: 600; }
.dm-legend .dm-head { font-weight: 600; margin-top: 2px; }
.dm-legend i.pt { display: inline-block; width: 8px; height: 8px; margin: 0 14px 0 6px; border-radius: 50%; }
.dm-label { position: absolute; white-space: nowrap; font: 600 12px/1.2 system-ui, sans-serif; color: #222;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff, 0 0 4px #fff; pointer-events: none; user-select: text; }
.dm-label.dm-layer-guests { font-weight: 500; color: #1f4f80; font-size: 11px; }
.dm-label.dm-layer-countries { color: #6b3a00; }
.dm-label.dm-kind-your-place { color: #8a4500; font-style: italic; }
.dm-skip { position: absolute; left: 8px; top: -60px; z-index: 2000; background: #fff; padding: 6px 10px;
  font: 14px system-ui, sans-serif; }
.dm-skip:focus { top: 8px; }
.dm-nav a.dm-as-text { font-size: 12px; align-self: center; margin-left: auto; }
.dm-label.dm-kind-flow { color: #1f5133; font-size: 13px; font-weight: 700; white-space: pre; }
.dm-label.dm-layer-guests-last { font-weight: 500; color: #1f4f80; font-size: 11px; }
.dm-label.dm-kind-country, .dm-label.dm-kind-host-country { font-weight: 500; font-size: 10.5px; color: #6e6a64;
  text-transform: uppercase; letter-spacing: .14em; }
.dm-label.dm-kind-host-country { font-weight: 600; color: #5e5a54; }
.dm-label.dm-kind-guest > div:first-child { font-weight: 700; }
.dm-traveller-name span.dm-below { bottom: auto; top: 10px; }
.dm-traveller-name span.dm-right { bottom: auto; top: 0; left: 10px; transform: translateY(-50%); }
.dm-traveller-name span.dm-left { bottom: auto; top: 0; left: auto; right: 10px; transform: translateY(-50%); }
.dm-traveller-name span { position: absolute; bottom: 10px; transform: translateX(-50%); white-space: nowrap;
  font: 700 13px/1.2 system-ui, sans-serif; color: #a3134a; pointer-events: none;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff, 0 0 4px #fff; }
"""
    + PHONE
    + TWIN
)
FIGURES = """
.dm-figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr)); gap: .6rem 1.2rem; }
.dm-figure .dm-label { font-size: .85rem; color: #333; }
.dm-figure .dm-value { font-size: 1.7rem; line-height: 1.2; }
.dm-figure .dm-note { font-size: .75rem; color: #666; }
.dm-figure .dm-mark { color: #d01c8b; font-weight: 600; }
"""
DETAILS = """
.dm-details { font-size: 0.92rem; line-height: 1.45; }
.dm-details .dm-popup { margin-bottom: .6em; }
.dm-details .dm-popup h3 { font-size: 1.05rem; margin: 0 0 .2em; }
.dm-details ul.dm-facts { margin: 0 0 .4em; padding-left: 1.1em; }
.dm-details .dm-status { color: #a6611a; }
"""


def map_css(*, sea: str) -> str:
    return MAP.replace("SEA", sea)


ATLAS = """
.dm-box.dm-trips-box { max-width: min(820px, 62vw); }
.dm-trips { max-height: 32vh; overflow: auto; font-size: 12px; }
.dm-trips summary { font-weight: 600; cursor: pointer; }
.dm-trips table { border-collapse: collapse; }
.dm-trips th, .dm-trips td { text-align: left; vertical-align: top; padding: 2px 6px; border-bottom: 1px solid #ddd; }
.dm-trips td i { display: inline-block; width: 12px; height: 12px; border-radius: 2px; }
.dm-label.dm-kind-destination { background: rgba(255,255,255,.88); border-radius: 3px; box-shadow: 0 1px 3px rgba(0,0,0,.25);
  font-size: 11px; font-weight: 600; line-height: 1.25; padding: 2px 5px; text-shadow: none; }
"""
