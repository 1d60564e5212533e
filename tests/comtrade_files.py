"""Trade files shaped as real ones are: a UN Comtrade+ portal CSV, a Comtrade bulk file, and
trade.csv in our own format. Fixtures for the tests of every path a trade file takes (the
command line, the app's upload, the readers).

The portal's CSV is written as a real download is (`TradeData.csv` as saved from
comtradeplus.un.org; a copy is in github.com/methakanb/taiwan-semiconductor-risk-thailand,
data/TradeData.csv): its 47-column header without a trailing comma, every non-empty cell
quoted, empty cells bare, a comma ending every data row, Windows line ends, and Windows-1252
bytes ("Curaçao" is 0xE7). A bulk file (the API's bulk download, served as .txt.gz) is
tab-separated with no quotes and names countries by Comtrade's number only; its columns are
those bulk readers select (reporterCode, partnerCode, cmdCode, CIFValue, FOBValue, primaryValue,
isAggregate...). At HS 2-digit detail it has no TOTAL row: a flow is the sum of its chapters.
"""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

PORTAL_HEADER = (
    "typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,"
    "flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,"
    "classificationCode,classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,aggrLevel,"
    "isLeaf,customsCode,customsDesc,mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,qty,"
    "isQtyEstimated,altQtyUnitCode,altQtyUnitAbbr,altQty,isAltQtyEstimated,netWgt,isNetWgtEstimated,"
    "grossWgt,isGrossWgtEstimated,cifvalue,fobvalue,primaryValue,legacyEstimationFlag,isReported,"
    "isAggregate"
)
BULK_HEADER = (
    "typeCode\tfreqCode\trefPeriodId\trefYear\trefMonth\tperiod\treporterCode\tflowCode\tpartnerCode\t"
    "partner2Code\tclassificationCode\tclassificationSearchCode\tisOriginalClassification\tcmdCode\t"
    "aggrLevel\tisLeaf\tcustomsCode\tmosCode\tmotCode\tqtyUnitCode\tqty\tisQtyEstimated\t"
    "altQtyUnitCode\taltQty\tisAltQtyEstimated\tnetWgt\tisNetWgtEstimated\tgrossWgt\t"
    "isGrossWgtEstimated\tCIFValue\tFOBValue\tprimaryValue\tlegacyEstimationFlag\tisReported\t"
    "isAggregate"
)
OUR_HEADER = "exporter,importer,flow,year,period,value_usd,series,value_status,alternatives,source_url,quote"
CHAPTERS = {
    "27": "Mineral fuels, mineral oils and products of their distillation; bituminous substances; mineral waxes",
    "84": "Nuclear reactors, boilers, machinery and mechanical appliances; parts thereof",
    "85": "Electrical machinery and equipment and parts thereof; sound recorders and reproducers",
}
AREAS = {
    "CHN": ("156", "China"),
    "PRK": ("408", "Dem. People's Rep. of Korea"),
    "RUS": ("643", "Russian Federation"),
    "CUW": ("531", "Curaçao"),
    "USA": ("842", "USA"),
    "IND": ("699", "India"),
    "W00": ("0", "World"),
}


@dataclass(frozen=True)
class Flow:
    """One row of a Comtrade file, as its reporter states it."""

    reporter: str
    partner: str
    flow: str = "X"
    value: int = 1_000_000
    year: int = 2023
    cmd: str = "TOTAL"


def portal_row(f: Flow) -> str:
    """A data row as the portal writes it: quoted cells, bare empty ones, a trailing comma."""
    (rc, rd), (pc, pd_) = AREAS[f.reporter], AREAS[f.partner]
    flow_desc = {"X": "Export", "M": "Import", "RX": "Re-export", "RM": "Re-import"}[f.flow]
    desc = "All Commodities" if f.cmd == "TOTAL" else CHAPTERS.get(f.cmd, "Other")
    level = "0" if f.cmd == "TOTAL" else str(len(f.cmd))
    cells = [
        "C", "A", f"{f.year}0101", str(f.year), "52", str(f.year), rc, f.reporter, rd, f.flow, flow_desc,
        pc, f.partner, pd_, "0", "W00", "World", "H6", "HS", "true", f.cmd, desc, level, "false",
        "C00", "TOTAL CPC", "0", "0", "TOTAL MOT", "-1", "N/A", "", "false", "-1", "N/A", "", "false",
        "", "false", "", "false", str(f.value), "", str(f.value), "0", "true", "false",
    ]  # fmt: skip
    assert len(cells) == 47
    return ",".join(f'"{c}"' if c else "" for c in cells) + ","


def portal_csv(*flows: Flow) -> bytes:
    """A portal download: cp1252 when a name needs it (Curaçao), CRLF line ends."""
    text = "\r\n".join([PORTAL_HEADER, *(portal_row(f) for f in flows)]) + "\r\n"
    return text.encode("cp1252")


def bulk_row(f: Flow) -> str:
    rc, pc = AREAS[f.reporter][0], AREAS[f.partner][0]
    level = "0" if f.cmd == "TOTAL" else str(len(f.cmd))
    cells = [
        "C", "A", f"{f.year}0101", str(f.year), "52", str(f.year), rc, f.flow, pc, "0", "H6", "HS",
        "1", f.cmd, level, "0", "C00", "0", "0", "8", "1200", "0", "8", "1200", "0", "5400", "0",
        "5400", "0", str(f.value), "", str(f.value), "0", "1", "0",
    ]  # fmt: skip
    return "\t".join(cells)


def bulk_txt(*flows: Flow) -> bytes:
    return ("\n".join([BULK_HEADER, *(bulk_row(f) for f in flows)]) + "\n").encode()


def bulk_gz(*flows: Flow) -> bytes:
    return gzip.compress(bulk_txt(*flows), mtime=0)


def bulk_parquet(*flows: Flow) -> bytes:
    """The bulk table as Parquet, numbers typed as a data team would keep them."""
    table = pacsv.read_csv(
        io.BytesIO(bulk_txt(*flows)),
        parse_options=pacsv.ParseOptions(delimiter="\t"),
        convert_options=pacsv.ConvertOptions(column_types={"cmdCode": pa.string()}),
    )
    out = io.BytesIO()
    pq.write_table(table, out)
    return out.getvalue()


def ours(*flows: Flow) -> bytes:
    """trade.csv's format, a source address on every row."""
    lines = [OUR_HEADER]
    for f in flows:
        url = f"https://stats.example.org/{f.reporter.lower()}/{f.year}"
        lines.append(
            f"{f.reporter},{f.partner},exports,{f.year},,{f.value},Customs of {f.reporter},exact,,{url},"
        )
    return ("\n".join(lines) + "\n").encode()


def chapters(
    reporter: str, partner: str, flow: str = "X", *, values: dict[str, int], year: int = 2023
) -> list[Flow]:
    """A flow at HS 2-digit detail, no TOTAL row: one row a chapter."""
    return [Flow(reporter, partner, flow, value, year, cmd=code) for code, value in values.items()]
