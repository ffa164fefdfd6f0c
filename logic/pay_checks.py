"""R-FUND-3, R-FUND-4 and R-FUND-6: the pay of off-establishment staff (编制外人员), checked against the text
(宜府办函〔2014〕282号 三、(二)2):

- R-FUND-3 "按照不低于大学生村官收入标准提高编制外人员的收入水平": pay below the year's benchmark is flagged;
  pay exactly at the benchmark passes.
- R-FUND-4 "同一街道、乡(镇)就业和社会保障公共服务平台编制外人员待遇水平要大体平衡". **Interpretation** (SPEC):
  the group is the off-establishment staff of one street/township centre (scope "centre"; the setting
  "with_stations" adds the community and village stations it manages, R-ORG-3); it is out of balance when the
  highest pay is above `tolerance` × the lowest (default 1.2; exactly 1.2 × passes).
- R-FUND-6 "建立收入增长机制": a person whose pay in a year is lower than in the year before, by even one fen.

Pay is the average monthly pay of the year in integer fen (one record per person per year), compared with a
monthly benchmark in fen; ratios are exact Decimals. Each function returns rows with the figures behind them.
"""
from decimal import Decimal

import pandas as pd

DEFAULT_TOLERANCE = Decimal("1.2")
SCOPES = ("centre", "with_stations")
CENTRE_LEVELS = ("street", "township")
PAY_COLUMNS = ("person_id", "name", "platform_code", "platform_name", "level", "centre_code", "county_code",
               "establishment", "year", "monthly_pay_fen")


def off_establishment(pay: pd.DataFrame) -> pd.DataFrame:
    return pay[pay["establishment"] == "off"]


def below_benchmark(pay: pd.DataFrame, benchmarks: dict[int, int]) -> pd.DataFrame:
    """R-FUND-3: off-establishment pay records below their year's benchmark, with the shortfall.
    Years without a benchmark are not judged (the bureau has not entered one)."""
    rows = off_establishment(pay)
    rows = rows[rows["year"].isin(list(benchmarks))].copy()
    rows["benchmark_fen"] = rows["year"].map(benchmarks).astype("int64")
    flagged = rows[rows["monthly_pay_fen"] < rows["benchmark_fen"]].copy()
    flagged["shortfall_fen"] = flagged["benchmark_fen"] - flagged["monthly_pay_fen"]
    return flagged.sort_values(["year", "county_code", "platform_code", "person_id"]).reset_index(drop=True)


def parse_tolerance(value) -> Decimal:
    """A tolerance is a ratio of at least 1 (1.2 = the highest may be 20% above the lowest)."""
    number = Decimal(str(value).strip())
    if not number.is_finite() or number < 1 or number > 10:
        raise ValueError(f"tolerance {value!r} must be between 1 and 10")
    return number


def imbalance(pay: pd.DataFrame, year: int, *, tolerance: Decimal = DEFAULT_TOLERANCE,
              scope: str = "centre") -> pd.DataFrame:
    """R-FUND-4: street/township groups whose highest off-establishment pay exceeds tolerance × the lowest."""
    if scope not in SCOPES:
        raise ValueError(f"scope {scope!r}")
    rows = off_establishment(pay)
    rows = rows[rows["year"] == year]
    if scope == "centre":
        rows = rows[rows["level"].isin(CENTRE_LEVELS)]
    rows = rows[rows["centre_code"].notna()]
    columns = ["centre_code", "county_code", "year", "people", "lowest_fen", "highest_fen", "ratio", "tolerance",
               "lowest_name", "highest_name"]
    by_centre = rows.groupby("centre_code", sort=True)  # whole columns at once: a province has thousands of centres
    pay = by_centre["monthly_pay_fen"]
    groups = pd.DataFrame({"people": pay.size(), "low": pay.min(), "high": pay.max(), "lowest_at": pay.idxmin(),
                           "highest_at": pay.idxmax(), "county_code": by_centre["county_code"].first()})
    groups = groups[groups["people"] >= 2]  # one person is always in balance with themself
    apart = groups.loc[[int(high) > tolerance * int(low) for low, high in zip(groups["low"], groups["high"],
                                                                         strict=True)]]
    lowest, highest = rows["name"].loc[apart["lowest_at"]].to_list(), rows["name"].loc[apart["highest_at"]].to_list()
    out = [{"centre_code": centre, "county_code": g.county_code, "year": year, "people": int(g.people),
            "lowest_fen": int(g.low), "highest_fen": int(g.high),
            "ratio": (Decimal(int(g.high)) / Decimal(int(g.low))).quantize(Decimal("0.001")) if g.low else None,
            "tolerance": tolerance, "lowest_name": low_name, "highest_name": high_name}
           for centre, g, low_name, high_name in zip(apart.index, apart.itertuples(index=False), lowest, highest,
                                                     strict=True)]
    return pd.DataFrame(out, columns=columns)


def declines(pay: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """R-FUND-6: off-establishment people whose pay in a year is below their pay in the year before
    (consecutive years only: a missing year is no comparison). `year` limits the list to one year."""
    rows = off_establishment(pay).sort_values(["person_id", "year"])
    previous = rows.groupby("person_id")[["year", "monthly_pay_fen"]].shift(1)
    rows = rows.assign(previous_year=previous["year"], previous_fen=previous["monthly_pay_fen"])
    fell = rows[(rows["previous_year"] == rows["year"] - 1) & (rows["monthly_pay_fen"] < rows["previous_fen"])].copy()
    if year is not None:
        fell = fell[fell["year"] == year]
    fell["previous_fen"] = fell["previous_fen"].astype("int64")
    fell["previous_year"] = fell["previous_year"].astype("int64")
    fell["change_fen"] = fell["monthly_pay_fen"] - fell["previous_fen"]
    return fell.sort_values(["year", "county_code", "platform_code", "person_id"]).reset_index(drop=True)
