"""shares.csv's rows against their event: a share drawn on the map is of trade with a host."""

from __future__ import annotations

from collections.abc import Sequence

from geo.io.tables import Table, reject_row


def refuse_other_partners(table: Table, hosts: Sequence[str]) -> None:
    """Refuse a share of trade with a country that is not a host of the event, saying why."""
    for line, share in list(table.entries):
        if share.partner not in hosts:
            why = f"names partner {share.partner}; the map shades shares of trade with a host ({', '.join(hosts)})"
            reject_row(table, line, why, column="partner")
