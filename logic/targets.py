"""R-TGT-1: progress toward 576 compliant, 180 demonstration (120 street/township + 60 community)
and 50 central-village / rural-community platforms.

Interpretation (shown on the overview): the 576 counts compliant platforms at county, street, township
and community level, plus compliant villages that are "qualifying" (符合条件的行政村), read as those flagged
central village or rural community — the same villages the 50 target names. Other compliant villages are
counted and shown, but not toward the 576.
"""
from dataclasses import dataclass

import pandas as pd

QUALIFYING_VILLAGE_KINDS = ("central_village", "rural_community")
TARGET_COMPLIANT = 576
TARGET_DEMO_STREET_TOWNSHIP = 120
TARGET_DEMO_COMMUNITY = 60
TARGET_DEMO = TARGET_DEMO_STREET_TOWNSHIP + TARGET_DEMO_COMMUNITY
TARGET_VILLAGE = 50


@dataclass(frozen=True)
class Progress:
    key: str
    actual: int
    target: int

    @property
    def share(self) -> float:
        return self.actual / self.target if self.target else 0.0


def counts_toward_576(df: pd.DataFrame) -> pd.Series:
    """Rows (platform facts + verdicts) whose compliance counts toward the 576."""
    qualifying_village = (df["level"] == "village") & df["village_kind"].isin(QUALIFYING_VILLAGE_KINDS)
    return df["compliant"] & ((df["level"] != "village") | qualifying_village)


def target_progress(df: pd.DataFrame) -> list[Progress]:
    """`df` holds one row per platform with level, village_kind, compliant, demonstration_eligible."""
    if df.empty:
        df = pd.DataFrame(columns=["level", "village_kind", "compliant", "demonstration_eligible"]).astype(
            {"compliant": bool, "demonstration_eligible": bool})
    demo = df["demonstration_eligible"]
    street_township = df["level"].isin(("street", "township"))
    village = (df["level"] == "village") & df["village_kind"].isin(QUALIFYING_VILLAGE_KINDS)
    return [
        Progress("compliant", int(counts_toward_576(df).sum()), TARGET_COMPLIANT),
        Progress("demo", int((demo & (street_township | (df["level"] == "community"))).sum()), TARGET_DEMO),
        Progress("demo_street_township", int((demo & street_township).sum()), TARGET_DEMO_STREET_TOWNSHIP),
        Progress("demo_community", int((demo & (df["level"] == "community")).sum()), TARGET_DEMO_COMMUNITY),
        Progress("village", int((df["compliant"] & village).sum()), TARGET_VILLAGE),
    ]


def summary_by_county_level(df: pd.DataFrame) -> pd.DataFrame:
    """Registered, compliant and demonstration-eligible platforms per county and level."""
    grouped = df.groupby(["county_code", "level"], sort=False)
    out = grouped.agg(registered=("code", "size"), compliant=("compliant", "sum"),
                      demonstration=("demonstration_eligible", "sum")).reset_index()
    return out.astype({"registered": int, "compliant": int, "demonstration": int})


def totals_by_county(summary: pd.DataFrame, county_order: list[str]) -> pd.DataFrame:
    """Per county (in the bureau's order): registered, compliant, not compliant, demonstration."""
    totals = summary.groupby("county_code", sort=False)[["registered", "compliant", "demonstration"]].sum()
    totals = totals.reindex([c for c in county_order if c in totals.index]).reset_index()
    totals["not_compliant"] = totals["registered"] - totals["compliant"]
    return totals


def failing_item_counts(verdicts: pd.DataFrame, items: tuple[str, ...]) -> pd.DataFrame:
    """How many platforms fail each of the eight items (from evaluate_frame's ok_<item> columns)."""
    return pd.DataFrame({"item": list(items), "failing": [int((~verdicts[f"ok_{i}"]).sum()) for i in items]})


def other_compliant_villages(df: pd.DataFrame) -> int:
    """Compliant villages that are not qualifying ones, shown apart from the 576."""
    return int((df["compliant"] & (df["level"] == "village") & ~counts_toward_576(df)).sum())
