"""A year's judged register, built in one place for every screen (R-8 with R-8.3, R-8.6, R-8.11).

The platforms as they stood (the live register this year, the register read back from the audit trail for a
past year), staff counts from the roster where one is kept, that year's work funds from the ledger where
there are lines, the standard in force that year, and the eight-haves verdicts. The overview, platform list,
staffing calculator and gap, targets, the ranking's building indicators and the standards preview all read
it here, so they cannot judge the same platform two ways.
"""
from dataclasses import dataclass, replace

import pandas as pd
from sqlmodel import Session

from logic.funding import apply_work_funds
from logic.standard import Standard
from logic.vectorised import evaluate_frame
from models.audit_queries import changes_since
from models.funding import work_funds_by_platform
from models.people_frames import platforms_with_roster
from models.register_history import RegisterAsOf, platforms_in_year
from models.revision import change_position
from models.standards import standard_in_force

# Writes to these change nothing the register holds (users, trainings, reviews, pay, scores, rankings).
UNRELATED = {"user", "training", "review", "payrecord", "paybenchmark", "performancescore", "nationalpilot",
             "assessmentscheme", "rankingsnapshot", "signinthrottle", "countyyear", "platformconfirmation"}
# Writes to these change the rows of the platforms they name; a write to any other table (a standard, a county,
# a setting) may change every verdict, and the register is built again.
BY_PLATFORM = {"platform": ("code",), "person": ("platform_code",), "fundingline": ("platform_code",)}
MOST_CHANGES = 2_000  # more audit rows than this since the last build: building again is as quick


@dataclass(frozen=True)
class JudgedRegister:
    year: int
    county_code: str | None
    frame: pd.DataFrame  # one row per platform: its facts as judged, then evaluate_frame's verdict columns
    standard: Standard  # in force in `year`
    past: RegisterAsOf | None  # how a past year's register was read back; None for this year's live one
    position: tuple[int, int] = (0, -1)  # (epoch, sequence) of the store when it was read (models.revision)


def register_facts(session: Session, year: int, county_code: str | None = None
                   ) -> tuple[pd.DataFrame, RegisterAsOf | None]:
    """The facts each verdict of `year` is made on, before judging (the standards preview judges them twice)."""
    platforms, past = platforms_in_year(session, year, county_code)
    # one county's platforms by their codes, not the lines' county: a platform moved from another county keeps
    # the lines it was given there
    codes = list(platforms["code"]) if county_code else None
    return apply_work_funds(platforms, work_funds_by_platform(session, year, codes=codes)), past


def judged_register(session: Session, year: int, county_code: str | None = None) -> JudgedRegister:
    position = change_position(session)  # read first: a write committed during the build is applied again later
    facts, past = register_facts(session, year, county_code)
    standard = standard_in_force(session, year)
    return JudgedRegister(year, county_code, _in_order(facts.join(evaluate_frame(facts, standard))), standard, past,
                          position)


def refreshed(session: Session, old: JudgedRegister) -> JudgedRegister:
    """`old` brought up to the store's present: the rows of the platforms that writes since it was read touched
    are read and judged again, the rest kept. The same as judged_register would give (tested), in the time of a
    few platforms instead of all. Built again whole for a past year, after a restore, after a write that may
    change every verdict (a standard, a county, a setting), or after very many writes."""
    position = change_position(session)
    if position == old.position:
        return old
    epoch, sequence = old.position
    if old.past is not None or position[0] != epoch or position[1] < sequence:
        return judged_register(session, old.year, old.county_code)
    codes = _platforms_touched(changes_since(session, sequence, position[1], MOST_CHANGES))
    if codes is None:
        return judged_register(session, old.year, old.county_code)
    facts = platforms_with_roster(session, old.county_code, sorted(codes))
    facts = apply_work_funds(facts, work_funds_by_platform(session, old.year, codes=sorted(codes)))
    fresh = facts.join(evaluate_frame(facts, old.standard))
    kept = old.frame[~old.frame["code"].isin(codes)]
    return replace(old, frame=_in_order(_joined(kept, fresh)), position=position)


def _joined(kept: pd.DataFrame, fresh: pd.DataFrame) -> pd.DataFrame:
    """The kept rows and the fresh ones, each column in the type the kept rows had (a few fresh rows with no
    value in a column would otherwise turn a whole column of numbers into floats)."""
    if kept.empty or fresh.empty:
        return fresh if kept.empty else kept
    frame = pd.concat([kept, fresh], ignore_index=True)
    for column, dtype in kept.dtypes.items():
        if frame[column].dtype != dtype:
            try:
                frame[column] = frame[column].astype(dtype)
            except (TypeError, ValueError):  # a column the fresh rows gave values the old type cannot hold
                pass
    return frame


def _platforms_touched(changes: list[tuple] | None) -> set[str] | None:
    """The platforms whose rows these audit rows (entity, key, before, after) may change; None: maybe all."""
    if changes is None:
        return None
    codes: set[str] = set()
    for entity, key, before, after in changes:
        if entity in UNRELATED:
            continue
        if entity not in BY_PLATFORM:
            return None
        if entity == "platform":
            codes.add(key)
        for values in (before, after):
            for field in BY_PLATFORM[entity]:
                if values and values.get(field):
                    codes.add(values[field])
    return codes


def _in_order(frame: pd.DataFrame) -> pd.DataFrame:
    """By county and code, in Python's order of the codes on every database (a collation may differ)."""
    return frame.sort_values(["county_code", "code"], kind="stable").reset_index(drop=True)
