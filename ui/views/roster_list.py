"""The roster of one platform as a table, and one person's trainings and reviews."""
from decimal import Decimal

import pandas as pd
import streamlit as st

from logic.funding import yuan as exact_yuan
from logic.people import people_label
from logic.people_flags import training_hours_in
from models.db import read_session
from models.people_frames import people_frame, reviews_frame, trainings_frame
from ui.export import download_buttons
from ui.i18n import lang, t, t_text
from ui.store import engine

CODED = ("source", "establishment", "employment", "recruitment")
SHOWN = ("name", "post", *CODED, "certificate_no", "certificate_date", "monthly_income_fen", "joined_on")


def yuan_text(fen) -> str:
    """Exact yuan from integer fen, for display (never through a float)."""
    if fen is None or pd.isna(fen):
        return ""
    fen = int(fen)
    sign, fen = ("-" if fen < 0 else ""), abs(fen)
    return f"{sign}{fen // 100:,}.{fen % 100:02d}"


def blank_if_missing(value) -> str:
    """A missing certificate, date or reason reads as an empty cell, not as 'None'; dates as ISO (sortable)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def load(platform_code: str, include_left: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The platform's people and their trainings (of them only, not of the county)."""
    with read_session(engine()) as session:
        people = people_frame(session, platform_code=platform_code, include_left=include_left)
        trainings = trainings_frame(session, platform_code=platform_code)
    return people, trainings[trainings["person_id"].isin(people["id"])]


def typed(value):
    """A date or text for a file: the value itself (a date cell), or nothing when missing."""
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def yuan(fen) -> Decimal | None:
    """Exact yuan for a file: a number cell formatted to the fen."""
    return None if fen is None or pd.isna(fen) else exact_yuan(fen)


def table(people: pd.DataFrame, trainings: pd.DataFrame, year: int, for_file: bool = False) -> pd.DataFrame:
    """The roster as the screen shows it; `for_file`: amounts and dates as values, so a workbook has number and
    date cells (the screen shows them as text, to the fen and ISO)."""
    as_text, money = (typed, yuan) if for_file else (blank_if_missing, yuan_text)
    hours = training_hours_in(trainings.to_dict("records"), year)
    out = pd.DataFrame({t(f"ro.field.{c}"): people[c] for c in SHOWN})
    for c in CODED:
        out[t(f"ro.field.{c}")] = people[c].map(lambda v, c=c: people_label(c, v, lang()))
    for c in ("certificate_no", "certificate_date", "joined_on"):
        out[t(f"ro.field.{c}")] = people[c].map(as_text)
    out[t("ro.field.monthly_income_fen")] = people["monthly_income_fen"].map(money)
    out[t("ro.col.trainings")] = people["id"].map(lambda i: hours.get(i, 0) / 10)
    out[t("ro.col.status")] = people["left_on"].map(lambda d: t("ro.status.left") if d else t("ro.status.on"))
    out[t("ro.field.left_on")] = people["left_on"].map(as_text)
    out[t("ro.field.leave_reason")] = people["leave_reason"].map(as_text)
    out.insert(0, t("ro.col.id"), people["id"])
    return out


def show(people: pd.DataFrame, trainings: pd.DataFrame, year: int, stem: str) -> None:
    shown = table(people, trainings, year)
    st.dataframe(shown, hide_index=True, width="stretch")
    download_buttons(lambda: table(people, trainings, year, for_file=True), stem, key="ro_dl_people",
                     title=t_text("ro.title"))


def history(person_id: int) -> None:
    with read_session(engine()) as session:
        trainings = trainings_frame(session, person_id=person_id)
        reviews = reviews_frame(session, person_id=person_id)
    a, b = st.columns(2)
    with a:
        if trainings.empty:
            st.caption(t("ro.no_trainings"))
        else:
            st.dataframe(pd.DataFrame({
                t("ro.field.trained_on"): trainings["trained_on"],
                t("ro.field.hours"): trainings["hours_tenths"] / 10,
                t("ro.field.topic"): trainings["topic"],
            }), hide_index=True, width="stretch")
    with b:
        if reviews.empty:
            st.caption(t("ro.no_reviews"))
        else:
            st.dataframe(pd.DataFrame({
                t("ro.field.year"): reviews["year"],
                t("ro.field.grade"): reviews["grade"].map(lambda g: people_label("grade", g, lang())),
            }), hide_index=True, width="stretch")
