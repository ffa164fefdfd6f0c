"""R-FUND-1, -2, -5, -7 and R-8.6: funding lines, checked before saving, and the sums the screens show
(宜府办函〔2014〕282号 三、(二) "建立和完善经费保障机制").

Money is integer fen from the store to the sums (pandas sums of int64 are exact) and Decimal yuan only at the
edge, so a county's total and the city's total agree to the fen. Nothing here opens a session or draws a widget.

R-8.6 "有统一工作经费" from the ledger: a platform that has any funding line in a year is judged by the lines —
its work funds are secured when work-funds lines give it more than nothing allocated that year. A platform with
no line that year keeps the flag entered on its record (the ledger is not yet kept for it).
"""
from datetime import date
from decimal import Decimal, InvalidOperation

import pandas as pd

from logic.errors import FieldError

# the codes, importable from here with the rules that use them
from logic.funding_codes import (
    AMOUNTS as AMOUNTS,
    CATEGORIES as CATEGORIES,
    FIRST_YEAR as FIRST_YEAR,
    FUNDING_LABELS as FUNDING_LABELS,
    MAX_FEN as MAX_FEN,
    NOTE_MAX as NOTE_MAX,
    PURPOSES as PURPOSES,
    SOURCES as SOURCES,
)
from logic.record_errors import errors_of
from logic.records import FundingLineBase


def funding_label(kind: str, code, lang: str = "zh") -> str:
    pair = FUNDING_LABELS.get(kind, {}).get(code)
    return "" if code is None else (str(code) if pair is None else pair[0 if lang == "zh" else 1])


def last_year(today: date) -> int:
    """Lines may be budgeted for next year, never further ahead."""
    return today.year + 1


def parse_yuan(value, field: str, zh: str) -> tuple[int | None, FieldError | None]:
    """Yuan as typed ("1200", "1,200.50", Decimal, int) to exact fen, or the error naming `field`.

    Floats are refused outright: a float has already lost the fen it might have carried.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0, None  # a blank amount is nothing yet (e.g. not spent)
    if isinstance(value, (bool, float)):
        return None, FieldError(field, f"{zh}必须以文本或整数输入,不能是浮点数", f"{field}: enter text or a whole number")
    try:
        number = Decimal(str(value).strip().replace(",", "").replace(",", ""))
    except InvalidOperation:
        return None, FieldError(field, f"{zh}“{value}”不是数字", f"{field}: {value!r} is not a number")
    if not number.is_finite():
        return None, FieldError(field, f"{zh}“{value}”不是数字", f"{field}: {value!r} is not a number")
    if number < 0:
        return None, FieldError(field, f"{zh}不能为负数", f"{field} cannot be negative")
    if number > Decimal(MAX_FEN) / 100:  # compared before scaling, so a huge exponent cannot overflow
        return None, FieldError(field, f"{zh}超过单笔上限 10 亿元", f"{field} is above the one-billion-yuan limit")
    if number.as_tuple().exponent < -2 and number != number.quantize(Decimal("0.01")):
        return None, FieldError(field, f"{zh}最多两位小数(精确到分)", f"{field}: at most two decimals (to the fen)")
    fen = number * 100
    return int(fen), None


def yuan(fen) -> Decimal:
    """Exact yuan for display: 123456 fen -> Decimal('1234.56')."""
    return (Decimal(int(fen)) / 100).quantize(Decimal("0.01"))


def execution_rate(spent_fen: int, allocated_fen: int) -> Decimal | None:
    """Spent over allocated, as a percentage to one decimal; None when nothing was allocated."""
    if not allocated_fen:
        return None
    return (Decimal(int(spent_fen)) * 100 / Decimal(int(allocated_fen))).quantize(Decimal("0.1"))


# The amounts as a user types them (yuan) and as the store keeps them (fen); errors name the typed field.
AMOUNT_NAMES = {"budgeted": ("budgeted_fen", "预算金额", "budgeted"), "allocated": ("allocated_fen", "到位金额", "allocated"),
                "spent": ("spent_fen", "支出金额", "spent")}
TEXT_FIELDS = ("county_code", "platform_code", "category", "source", "purpose", "note")


def clean_line(raw: dict) -> tuple[dict, list[FieldError]]:
    """A line as entered (amounts in yuan as text or Decimal) to a line as stored (amounts in fen),
    with an error per amount that cannot be read. Blank text fields become None (the note becomes "")."""
    facts, errors = dict(raw), []
    for key in TEXT_FIELDS:
        if isinstance(facts.get(key), str):
            facts[key] = facts[key].strip() or None
    facts["note"] = facts.get("note") or ""
    facts["purpose_platforms"] = sorted({str(c).strip() for c in facts.get("purpose_platforms") or [] if str(c).strip()})
    year = facts.get("year")
    if isinstance(year, str) and year.strip().isdigit():
        facts["year"] = int(year.strip())
    for typed, (stored, zh, _) in AMOUNT_NAMES.items():
        if typed in facts:
            fen, error = parse_yuan(facts.pop(typed), typed, zh)
            facts[stored] = fen
            errors += [error] if error else []
    return facts, errors


def validate_line(facts: dict, *, today: date, platform_county: str | None = None,
                  purpose_platform_counties: dict | None = None) -> list[FieldError]:
    """Everything wrong with one funding line, amounts already in fen (clean_line); county and platform
    existence are the store's to look up.

    `platform_county` is the county of the line's platform (None: no platform, or unknown code);
    `purpose_platform_counties` maps each platform a city subsidy names to its county (None: unknown).
    """
    errors = [_as_typed_name(e) for e in errors_of(FundingLineBase, facts, LINE_FIELDS)]
    errors += year_errors(facts.get("year"), today)
    if not any(e.field in AMOUNT_NAMES for e in errors):
        errors += _amounts(facts)
    errors += [e for e in _dates(facts, today) if not _named(errors, e.field)]
    errors += _platform(facts, platform_county)
    if not _named(errors, "purpose"):
        errors += _purpose(facts, purpose_platform_counties or {})
    return errors


# a line's own fields, checked against the record's limits (logic.records.FundingLineBase); the county, year and
# platforms are the rules' and the store's
LINE_FIELDS = tuple(f for f in FundingLineBase.model_fields
                    if f not in ("county_code", "year", "platform_code", "purpose_platforms"))
_TYPED_NAME = {stored: typed for typed, (stored, _, _) in AMOUNT_NAMES.items()}


def _as_typed_name(error: FieldError) -> FieldError:
    """An amount's error named as the form and the template name it (`budgeted`, typed in yuan)."""
    return FieldError(_TYPED_NAME.get(error.field, error.field), error.reason_zh, error.reason_en)


def _named(errors: list[FieldError], field: str) -> bool:
    return any(e.field == field for e in errors)


def year_errors(year, today: date) -> list[FieldError]:
    top = last_year(today)
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= top:
        return [FieldError("year", f"年度应在 {FIRST_YEAR}—{top} 之间", f"the year must be {FIRST_YEAR}–{top}")]
    return []


def _amounts(facts: dict) -> list[FieldError]:
    """The amounts together: at least one given, and no more spent than arrived unless the note says why."""
    if not any(facts.get(key) for key, _, _ in AMOUNT_NAMES.values()):
        return [FieldError("budgeted", "预算、到位、支出金额至少填写一项", "enter at least one of budgeted, allocated or spent")]
    if (facts.get("spent_fen") or 0) > (facts.get("allocated_fen") or 0) and not (facts.get("note") or "").strip():
        return [FieldError("spent", "支出超过到位金额,须在备注中说明原因",
                           "spent is above allocated: say why in the note")]
    return []


DATES = {"allocated_on": ("到位日期", "the date allocated"), "spent_on": ("支出日期", "the date spent")}


def _dates(facts: dict, today: date) -> list[FieldError]:
    """A line's dates are real dates, none after today, and in the line's year unless the note says why (money
    of one year may arrive or be spent early the next; the ledger must say so, not leave a reader guessing)."""
    errors, year = [], facts.get("year")
    explained = bool((facts.get("note") or "").strip())
    for key, (zh, en) in DATES.items():
        value = facts.get(key)
        if value is None:
            continue
        if not isinstance(value, date):
            errors.append(FieldError(key, f"{zh}不是有效日期", f"{en} is not a date"))
        elif value > today:
            errors.append(FieldError(key, f"{zh} {value} 晚于今天", f"{en} {value} is after today"))
        elif isinstance(year, int) and value.year != year and not explained:
            errors.append(FieldError(key, f"{zh} {value} 不在 {year} 年度内,须在备注中说明原因",
                                     f"{en} {value} is outside {year}: say why in the note"))
    return errors


def _platform(facts: dict, platform_county: str | None) -> list[FieldError]:
    code = facts.get("platform_code")
    if not code:
        return []
    if platform_county is None:
        return [FieldError("platform_code", f"平台 {code} 不存在", f"platform {code} does not exist")]
    if platform_county != facts.get("county_code"):
        return [FieldError("platform_code", f"平台 {code} 不属于本县(区)", f"platform {code} is in another county")]
    return []


def _purpose(facts: dict, counties: dict) -> list[FieldError]:
    """R-FUND-1: a city reward or subsidy says what it rewarded (demonstration or compliance building)."""
    purpose, targets = facts.get("purpose"), list(facts.get("purpose_platforms") or [])
    if facts.get("category") != "city_subsidy":
        if purpose or targets:
            return [FieldError("purpose", "只有市级奖补经费填写奖补用途", "only a city reward/subsidy line has a purpose")]
        return []
    errors = [] if purpose in PURPOSES else [FieldError("purpose", "市级奖补须注明用于示范建设或达标建设",
                                                         "a city reward/subsidy must say: demonstration or compliance")]
    for code in targets:
        if counties.get(code) != facts.get("county_code"):
            errors.append(FieldError("purpose_platforms", f"奖补平台 {code} 不存在或不属于本县(区)",
                                     f"subsidised platform {code} does not exist or is in another county"))
            break
    if facts.get("source") not in (None, "city_special", "reward_in_lieu"):
        errors.append(FieldError("source", "市级奖补的资金来源应为市级专项资金或以奖代补",
                                 "a city reward/subsidy comes from the city special fund or reward in lieu"))
    return errors


# --- roll-ups --------------------------------------------------------------------------------------------
LINE_COLUMNS = ("id", "county_code", "year", "platform_code", "category", "source", "budgeted_fen",
                "allocated_fen", "spent_fen", "purpose", "purpose_platforms", "allocated_on", "spent_on", "note",
                "version", "updated_at", "updated_by")


def rollup(lines: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Budgeted, allocated and spent (fen, exact int sums) and the execution rate per group of `by`."""
    if lines.empty:
        return pd.DataFrame(columns=[*by, *AMOUNTS, "lines", "execution_rate"])
    sums = lines.astype({k: "int64" for k in AMOUNTS}).groupby(by, sort=True)[list(AMOUNTS)].sum()
    sums["lines"] = lines.groupby(by, sort=True).size()
    return with_rate(sums.reset_index())


def with_rate(sums: pd.DataFrame) -> pd.DataFrame:
    """Group sums (as rollup or models.funding.line_sums give them) with each group's execution rate."""
    out = sums.copy()
    out["execution_rate"] = [execution_rate(s, a) for s, a in zip(out["spent_fen"], out["allocated_fen"], strict=True)]
    return out


def subsidy_sums(city_sums: pd.DataFrame) -> pd.DataFrame:
    """Sums of the city special fund's lines as received (allocated) and used (spent)."""
    return city_sums.rename(columns={"allocated_fen": "received_fen", "spent_fen": "used_fen"}).drop(
        columns=["budgeted_fen"])


CITY_FUND = "city_special"  # the source of city funds: what finance and audit follow as received and used


def city_subsidy(lines: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """City special funds received (allocated) and used (spent) per group: the money finance and audit follow."""
    city = lines[lines["source"] == CITY_FUND] if not lines.empty else lines
    out = rollup(city, by).rename(columns={"allocated_fen": "received_fen", "spent_fen": "used_fen"})
    return out.drop(columns=["budgeted_fen"])


def totals(frame: pd.DataFrame) -> dict:
    """The total row of a roll-up: exact sums of the fen columns, the rate recomputed from them."""
    sums = {k: int(frame[k].sum()) if len(frame) else 0 for k in frame.columns if k.endswith("_fen")}
    if "allocated_fen" in sums:
        sums["execution_rate"] = execution_rate(sums["spent_fen"], sums["allocated_fen"])
    if "lines" in frame:
        sums["lines"] = int(frame["lines"].sum()) if len(frame) else 0
    return sums


def work_fund_sums(lines: pd.DataFrame, year: int) -> pd.DataFrame:
    """The work funds allocated in `year` to each platform with any funding line that year (as
    models.funding.work_fund_sums sums them in the database)."""
    columns = ["year", "platform_code", "work_funds_fen"]
    if lines.empty:
        return pd.DataFrame(columns=columns)
    in_year = lines[(lines["year"] == year) & lines["platform_code"].notna() & (lines["platform_code"] != "")]
    work = in_year["allocated_fen"].where(in_year["category"] == "work_funds", 0).astype("int64")
    sums = work.groupby(in_year["platform_code"]).sum()
    return pd.DataFrame({"year": year, "platform_code": sums.index, "work_funds_fen": sums.to_numpy()},
                        columns=columns)


def secured_from_sums(sums: pd.DataFrame) -> dict[str, bool]:
    """R-8.6: a platform with funding lines in a year has its work funds secured when that year's work-funds
    lines allocated it something; `sums` is one year's work_fund_sums."""
    return {code: bool(fen > 0) for code, fen in sorted(zip(sums["platform_code"], sums["work_funds_fen"],
                                                            strict=True))}


def secured_by_year(sums: pd.DataFrame) -> dict[int, dict[str, bool]]:
    """secured_from_sums for each year of `sums` (work_fund_sums over several years)."""
    return {int(year): secured_from_sums(group) for year, group in sums.groupby("year", sort=True)}


def work_funds_secured(lines: pd.DataFrame, year: int) -> dict[str, bool]:
    """R-8.6 from the ledger: {platform: secured} for every platform with any funding line in `year`."""
    return secured_from_sums(work_fund_sums(lines, year))


def judged_work_funds(frame: pd.DataFrame, secured: dict[str, bool]) -> tuple[pd.Series, pd.Series]:
    """Per platform of `frame`: work funds secured (from the ledger where it is kept, else as entered) and
    whether the ledger decided it (SPEC R-8.6)."""
    # dictionary look-ups over the codes: several times faster than isin/map on the text column, and a county
    # is judged once for each year it has lines
    codes = frame["code"].to_list()
    from_lines = [code in secured for code in codes]
    judged = [bool(secured[code]) if ledger else bool(entered)
              for code, ledger, entered in zip(codes, from_lines, frame["work_funds_secured"], strict=True)]
    return pd.Series(judged, index=frame.index, dtype=bool), pd.Series(from_lines, index=frame.index, dtype=bool)


def apply_work_funds(frame: pd.DataFrame, secured: dict[str, bool]) -> pd.DataFrame:
    """The platforms frame with `work_funds_secured` from the ledger where it is kept (column
    `work_funds_from_lines` says which), as logic.staffing_gap.apply_roster_counts does for staff (SPEC R-8.6)."""
    out = frame.copy()
    judged, from_lines = judged_work_funds(frame, secured)
    out["work_funds_from_lines"] = from_lines
    if from_lines.any():
        out.loc[from_lines, "work_funds_secured"] = judged[from_lines].to_list()
    return out


def without_work_funds(platforms: pd.DataFrame, secured: dict[str, bool]) -> pd.DataFrame:
    """Platforms whose work funds are not secured in the year (judged from lines where kept, else entered)."""
    judged = apply_work_funds(platforms, secured)
    return judged[~judged["work_funds_secured"].astype(bool)]


def count_without_work_funds(platforms: pd.DataFrame, secured: dict[str, bool]) -> int:
    """len(without_work_funds(...)) without building the table: a county's count for each of its years."""
    judged, _ = judged_work_funds(platforms, secured)
    return int((~judged).sum())


def subsidy_purposes(lines: pd.DataFrame) -> pd.DataFrame:
    """R-FUND-1/-7: each city reward or subsidy line with its purpose and the platforms it went to (the line's
    platform and the platforms it names), so a supervisor follows the money from the decision to the platform.
    One row per line, so the amounts still add up to the ledger's."""
    columns = ["id", "county_code", "year", "purpose", "platforms", "source", "allocated_fen", "spent_fen", "note"]
    if lines.empty:
        return pd.DataFrame(columns=columns)
    city = lines[lines["category"] == "city_subsidy"].sort_values(["year", "county_code", "id"])
    platforms = [sorted({*(listed or []), *([own] if isinstance(own, str) and own else [])})
                 for listed, own in zip(city["purpose_platforms"], city["platform_code"], strict=True)]
    out = city.assign(platforms=platforms)
    return out.loc[:, columns].reset_index(drop=True)
