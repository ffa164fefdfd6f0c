"""Loads what screens show: rows from the store, verdicts from logic/ (never SQL or rules in a page)."""
from datetime import date

import pandas as pd

from logic.funding import apply_work_funds
from logic.vectorised import evaluate_frame
from models.counties import county_names
from models.db import read_session
from models.funding import work_funds_by_platform
from models.register_history import RegisterAsOf, platforms_in_year
from models.standards import standard_in_force
from ui.i18n import lang
from ui.store import engine


def counties() -> dict[str, str]:
    """code -> name in the current language, in the bureau's order."""
    with read_session(engine()) as session:
        names = county_names(session)
    return {code: pair[0] if lang() == "zh" else pair[1] for code, pair in names.items()}


def platforms_with_verdicts(county_code: str | None = None, year: int | None = None) -> tuple[pd.DataFrame, str]:
    """Every platform (of one county, or the city) with its eight-haves verdict in `year` (this year by
    default), and the standard used. Staff counts come from the roster where one is kept (R-8.3, column
    `staff_from_roster`), work funds from the year's funding lines where there are any (R-8.6, column
    `work_funds_from_lines`). A past year is judged on the register as it stood at that year's end."""
    frame, label, _ = register_for_year(year or date.today().year, county_code)
    return frame, label


def register_for_year(year: int, county_code: str | None = None) -> tuple[pd.DataFrame, str, RegisterAsOf | None]:
    """platforms_with_verdicts for `year`, the label of the standard in force that year, and for a past year
    how its register was read back from the audit trail (None for this year: the live register)."""
    with read_session(engine()) as session:
        platforms, past = platforms_in_year(session, year, county_code)
        frame = apply_work_funds(platforms, work_funds_by_platform(session, year))
        standard = standard_in_force(session, year)
    return frame.join(evaluate_frame(frame, standard)), standard.label, past


def current_standard():
    with read_session(engine()) as session:
        return standard_in_force(session)
