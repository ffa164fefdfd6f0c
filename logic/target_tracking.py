"""R-TGT-2..5 and R-NET-1 as figures: the two phases, progress by county, national pilots and the network.

"第一阶段(2014年—2015年)强基础…第二阶段(2016年—2017年)抓提升"; "到2016年,90%的区县争取到国家基层
就业和社会保障服务设施建设试点项目"; "2016年底前…五级网络…服务下沉". R-TGT-1's counting rules are
logic.targets'; this module adds the time line and the per-county and per-level views.
"""
from dataclasses import dataclass

import pandas as pd

from logic.codes import LEVELS, SERVICES
from logic.targets import QUALIFYING_VILLAGE_KINDS, counts_toward_576

PILOT_SHARE = 0.9  # R-TGT-4
PILOT_BY = 2016
NETWORK_BY = 2016  # R-TGT-5: the five-level network by the end of 2016


@dataclass(frozen=True)
class Phase:
    key: str
    start: int
    end: int  # inclusive


PHASES = (Phase("phase1", 2014, 2015), Phase("phase2", 2016, 2017))  # R-TGT-2, R-TGT-3


def phase_of(year: int) -> str | None:
    return next((p.key for p in PHASES if p.start <= year <= p.end), None)


def progress_by_county(df: pd.DataFrame, counties: list[str]) -> pd.DataFrame:
    """Per county: compliant platforms counting toward 576, demonstration (street/township + community) and
    comprehensively compliant central villages / rural communities."""
    demo_levels = df["level"].isin(("street", "township", "community"))
    village = (df["level"] == "village") & df["village_kind"].isin(QUALIFYING_VILLAGE_KINDS)
    parts = pd.DataFrame({"county_code": df["county_code"], "registered": 1,
                          "compliant": counts_toward_576(df).astype(int),
                          "demo": (df["demonstration_eligible"] & demo_levels).astype(int),
                          "village": (df["compliant"] & village).astype(int)})
    sums = parts.groupby("county_code")[["registered", "compliant", "demo", "village"]].sum()
    return sums.reindex(counties, fill_value=0).reset_index()


def pilot_status(pilots: dict[str, int], counties: list[str], year: int) -> dict:
    """Which counties had won a national pilot by `year`, their share, and whether R-TGT-4's 90% was met."""
    won = sorted(c for c, y in pilots.items() if y <= year and c in counties)
    share = len(won) / len(counties) if counties else 0.0
    return {"won": won, "share": share, "met": share >= PILOT_SHARE, "due": year >= PILOT_BY}


def network_by_level(df: pd.DataFrame) -> pd.DataFrame:
    """R-NET-1, R-TGT-5: per level, platforms on the business network and each service handled online (a
    service a platform lists twice counts once). Counted over whole columns: a province has 60,000 platforms."""
    per_level = df.groupby("level")["network_connected"].agg(["size", "sum"]).reindex(list(LEVELS), fill_value=0)
    listed = pd.DataFrame({"row": range(len(df)), "level": df["level"].to_numpy(),
                           "code": df["services_online"].to_numpy()}).explode("code")
    listed = listed[listed["code"].isin(SERVICES)].drop_duplicates(["row", "code"])
    online = listed.groupby(["level", "code"]).size()
    rows = []
    for level in LEVELS:
        row = {"level": level, "platforms": int(per_level.loc[level, "size"]),
               "connected": int(per_level.loc[level, "sum"])}
        row.update({f"online_{code}": int(online.get((level, code), 0)) for code in SERVICES})
        rows.append(row)
    return pd.DataFrame(rows)
