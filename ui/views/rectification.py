"""The rectification list (整改清单) of a county's year on the year-end screen (issue 18): what to fix on which
platform, grouped by street/township, with the deadline and the person responsible left for the county to fill.
As a table on screen, as .xlsx/.csv (ui.export, the app's guarded writer) and as .docx; for the whole city, one
file of each kind per county, zipped. The files are made when clicked."""
import io
import zipfile
from datetime import datetime

import pandas as pd
import streamlit as st

from logic import rectification as R
from logic.document import Notice, Section, Table, notice_docx
from models.counties import county_names
from models.db import read_session
from models.people_frames import flag_frames
from ui.data import judged, per_revision, revision
from ui.export import download_buttons, xlsx_bytes
from ui.i18n import lang, t, t_text
from ui.store import engine
from ui.views import funding_data
from ui.views.assessment_report import date_text
from ui.views.report_downloads import DOCX_MIME
from ui.views.stale_notice import CHINA, beijing

ZIP_MIME = "application/zip"
ZIP_KEPT = "rc_zip_kept"  # (year, store revision, bytes) of the city's zip last made in this session
# code, platform, kind, problem, clause, deadline, responsible: the reason and the clause get the room (a landscape
# A4 page holds 24 cm between its margins)
WIDTHS_CM = (3.3, 3.1, 2.1, 6.5, 4.6, 2.2, 2.2)


def items_of(county: str, year: int) -> tuple[list[R.Item], dict[str, str], str]:
    """The county's items in order, the names of the platforms they name, and the standard's label; kept per
    store revision (the people's flags are read from the store, not kept with the register)."""
    return _items(county, year, lang())


@per_revision(32)
def _items(county: str, year: int, language: str) -> tuple[list[R.Item], dict[str, str], str]:
    register = judged(year, county)
    frame = register.frame
    towns = dict(zip(frame["code"], R.township_of(frame), strict=True)) if len(frame) else {}
    below, imbalance, _declines = funding_data.pay_checks(county, year)
    with read_session(engine()) as session:
        flags = flag_frames(session, year, county)
    items = (R.eight_haves_items(frame, register.standard, language)
             + R.staffing_items(frame, register.standard, language)
             + R.pay_items(below, imbalance, towns, language) + R.people_items(flags, towns, language))
    order = list(frame["code"])
    townships = [c for c in order if c in set(towns.values())]
    items = R.in_order(items, townships, order)
    named = {i.platform_code for i in items} | {i.township_code for i in items}
    names = {code: name for code, name in zip(frame["code"], frame["name"], strict=True) if code in named}
    return items, names, register.standard.label


def table(items: list[R.Item], names: dict[str, str]) -> pd.DataFrame:
    county_level = t_text("rc.county_level")
    columns = [t_text(f"rc.col.{c}") for c in ("township", "code", "platform", "kind", "problem", "clause",
                                                "deadline", "responsible")]
    rows = [[names.get(i.township_code, county_level) if i.township_code else county_level, i.platform_code,
             names.get(i.platform_code, i.platform_code), R.KIND_LABELS[i.kind][0 if lang() == "zh" else 1],
             i.problem, i.clause, "", ""] for i in items]
    return pd.DataFrame(rows, columns=columns)


def notice(county_name: str, year: int, items: list[R.Item], names: dict[str, str], standard: str) -> Notice:
    """The list as a landscape notice: one section per street/township, its table without the township column."""
    shown = table(items, names)
    township = t_text("rc.col.township")
    sections = []
    for name, part in shown.groupby(township, sort=False):
        rows = tuple(tuple(str(v) for v in row) for row in part.drop(columns=[township]).itertuples(index=False))
        header = tuple(c for c in shown.columns if c != township)
        sections.append(Section(str(name), (Table(header, rows, widths_cm=WIDTHS_CM),)))
    platforms = len({i.platform_code for i in items})
    intro = t_text("rc.intro", n=len(items), platforms=platforms) if items else t_text("rc.none")
    return Notice(title=t_text("rc.title", county=county_name, year=year), issuer=t_text("rp.issuer"),
                  date_text=date_text(datetime.now(CHINA).date()),
                  subtitle=t_text("rc.subtitle", year=year, standard=standard, now=beijing(datetime.now().astimezone())),
                  sections=(Section(t_text("rc.heading"), (intro,)), *sections), landscape=True)


def files_of(county: str, county_name: str, year: int) -> tuple[bytes, bytes]:
    """(docx, xlsx) of one county's list."""
    items, names, standard = items_of(county, year)
    title = t_text("rc.title", county=county_name, year=year)
    return notice_docx(notice(county_name, year, items, names, standard)), xlsx_bytes(table(items, names), t_text("rc.heading"), title)


def all_counties_zip(year: int, on_county=lambda done, total, name: None) -> bytes:
    """Every county's list, a .docx and an .xlsx each, in one zip; `on_county` hears of each county begun."""
    with read_session(engine()) as session:
        pairs = county_names(session)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, (code, pair) in enumerate(pairs.items()):
            name = pair[0] if lang() == "zh" else pair[1]
            on_county(done, len(pairs), name)
            docx, xlsx = files_of(code, name, year)
            archive.writestr(f"{code}_{name}_{year}.docx", docx)
            archive.writestr(f"{code}_{name}_{year}.xlsx", xlsx)
    return out.getvalue()


def show(actor, county: str, county_name: str, year: int) -> None:
    """The county's list on screen with its downloads; the whole city's zip for those who see every county."""
    st.subheader(t("rc.heading"))
    items, names, standard = items_of(county, year)
    shown = table(items, names)
    st.caption(t("rc.caption", county=county_name, year=year, n=len(items),
                 platforms=len({i.platform_code for i in items})))
    with st.expander(t("rc.heading")):
        st.dataframe(shown, hide_index=True, width="stretch")
    title = t_text("rc.title", county=county_name, year=year)
    download_buttons(shown, f"rectification_{county}_{year}", "rc_dl", title=title)
    st.download_button(t("rc.download_docx"), lambda: notice_docx(notice(county_name, year, items, names, standard)),
                       f"rectification_{county}_{year}.docx", mime=DOCX_MIME, key="rc_dl_docx")
    if actor.county_code is None:  # administrators and viewers see every county
        _city_zip(year)


def _city_zip(year: int) -> None:
    """The whole city takes seconds (eleven registers judged, twenty-two files): made on a click with a progress
    bar, kept for the session, and offered while no write has changed the data it was made from."""
    if st.button(t("rc.make_zip"), key="rc_make_zip"):
        bar = st.progress(0.0, text=t_text("rc.making", name=""))
        data = all_counties_zip(year, lambda done, total, name: bar.progress(done / total,
                                                                               text=t_text("rc.making", name=name)))
        bar.empty()
        st.session_state[ZIP_KEPT] = (year, revision(), data)
    kept = st.session_state.get(ZIP_KEPT)
    if kept and kept[:2] == (year, revision()):
        data = kept[2]
        st.download_button(t("rc.download_zip"), lambda: data, f"rectification_{year}.zip", mime=ZIP_MIME,
                           key="rc_dl_zip")
