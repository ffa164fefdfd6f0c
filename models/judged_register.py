"""A year's judged register, built in one place for every screen (R-8 with R-8.3, R-8.6, R-8.11).

The platforms as they stood (the live register this year, the register read back from the audit trail for a
past year), staff counts from the roster where one is kept, that year's work funds from the ledger where
there are lines, the standard in force that year, and the eight-haves verdicts. The overview, platform list,
staffing calculator and gap, targets, the ranking's building indicators and the standards preview all read
it here, so they cannot judge the same platform two ways.
"""
from dataclasses import dataclass

import pandas as pd
from sqlmodel import Session

from logic.funding import apply_work_funds
from logic.standard import Standard
from logic.vectorised import evaluate_frame
from models.funding import work_funds_by_platform
from models.register_history import RegisterAsOf, platforms_in_year
from models.standards import standard_in_force


@dataclass(frozen=True)
class JudgedRegister:
    year: int
    county_code: str | None
    frame: pd.DataFrame  # one row per platform: its facts as judged, then evaluate_frame's verdict columns
    standard: Standard  # in force in `year`
    past: RegisterAsOf | None  # how a past year's register was read back; None for this year's live one


def register_facts(session: Session, year: int, county_code: str | None = None
                   ) -> tuple[pd.DataFrame, RegisterAsOf | None]:
    """The facts each verdict of `year` is made on, before judging (the standards preview judges them twice)."""
    platforms, past = platforms_in_year(session, year, county_code)
    return apply_work_funds(platforms, work_funds_by_platform(session, year, county_code)), past


def judged_register(session: Session, year: int, county_code: str | None = None) -> JudgedRegister:
    facts, past = register_facts(session, year, county_code)
    standard = standard_in_force(session, year)
    return JudgedRegister(year, county_code, facts.join(evaluate_frame(facts, standard)), standard, past)
