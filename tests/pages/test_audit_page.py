"""AppTest of the audit screen: every change with who made it and what it changed, filterable and
downloadable, for city administrators and viewers (督查、财政、审计) only."""
from io import BytesIO

import openpyxl
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from tests.pages.conftest import OWN, open_page, page_alone
from ui.i18n import CATALOG

pytestmark = pytest.mark.usefixtures("served_app")  # every app run through Home.py, as on the server

PAGE = "pages/audit.py"
ACTOR, ENTITY, KEY, CHANGES, AT = (CATALOG[f"au.col.{c}"][0] for c in ("actor", "entity", "key", "changes", "at"))
PLATFORM, USER, COUNTY = (CATALOG[f"aw.entity.{e}"][0] for e in ("platform", "user", "county"))
OFFICER_A = "Officer_A(officer_a)"  # the display name the fixture gives, then the username


def _save_on_the_entry_screen(code="511502-AUD1", name="李庄镇", population=12_000):
    """A county officer saves a platform through the real screen, then edits its name."""
    at = open_page("own_officer", "pages/platforms.py")
    at.text_input(key="pf_code").input(code)
    at.text_input(key="pf_name").input(name)
    at.number_input(key="pf_service_population").set_value(population)
    at.button(key="pf_save").click().run()
    assert not at.exception and at.selectbox(key="pf_select").value == code
    at.text_input(key="pf_name").input(name + "便民服务中心")
    at.button(key="pf_save").click().run()
    assert not at.exception and any("便民服务中心" in s.value for s in at.success)


def _trail(at):
    assert not at.exception, at.exception
    return at.dataframe[0].value


@pytest.fixture
def downloads(monkeypatch):
    """What a click on a download button would fetch, by file id: the exports are made on click (a deferred
    callable), so the fixture keeps each callable and makes the file as the server would."""
    kept: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def keep(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = original(self, data_callable, mimetype, coordinates, file_name, **kwargs)
        kept[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    return kept


def _clicked(downloads, button) -> bytes:
    return downloads[button.proto.deferred_file_id]()


@pytest.mark.parametrize("who", ["city_admin", "viewer"])
def test_a_platform_save_appears_in_the_trail_with_its_actor_and_change(app_store, who):
    _save_on_the_entry_screen()
    table = _trail(open_page(who, PAGE))
    platform_rows = table[table[ENTITY] == PLATFORM]
    # newest first: the edit, then the creation; the officer by name and username
    assert list(platform_rows[ACTOR]) == [OFFICER_A, OFFICER_A]
    assert set(platform_rows[KEY]) == {"511502-AUD1"}
    edit = platform_rows.iloc[0][CHANGES]
    assert "名称: 李庄镇 → 李庄镇便民服务中心" in edit and "版本: 1 → 2" in edit
    assert "服务对象人数: (空) → 12000" in platform_rows.iloc[1][CHANGES]
    assert "层级: (空) → 乡(镇)" in platform_rows.iloc[1][CHANGES]  # a code as its label


def test_the_user_and_entity_filters_narrow_the_trail(app_store):
    _save_on_the_entry_screen()
    at = open_page("city_admin", PAGE)
    everything = _trail(at)
    assert {OFFICER_A, "系统"} <= set(everything[ACTOR])
    assert {PLATFORM, USER, COUNTY} <= set(everything[ENTITY])

    at.selectbox(key="au_actor").set_value("officer_a").run()
    by_officer = _trail(at)
    assert set(by_officer[ACTOR]) == {OFFICER_A} and 0 < len(by_officer) < len(everything)

    at.selectbox(key="au_actor").set_value(None)
    at.selectbox(key="au_entity").set_value("user").run()
    users = _trail(at)
    assert set(users[ENTITY]) == {USER} and set(users[KEY]) >= {"admin", "officer_a", "officer_b", "viewer"}

    at.selectbox(key="au_actor").set_value("officer_a").run()
    assert _trail(at).empty  # the officer changed no user
    assert CATALOG["common.rows"][0].format(n=0) in [c.value for c in at.caption]


def test_the_excel_download_opens_and_holds_the_rows_shown_without_any_password_hash(app_store, downloads):
    _save_on_the_entry_screen()
    at = open_page("city_admin", PAGE)
    at.selectbox(key="au_entity").set_value("platform").run()
    shown = _trail(at)
    button = at.download_button(key="au_trail_dl_xlsx")
    data = _clicked(downloads, button)
    book = openpyxl.load_workbook(BytesIO(data))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(shown.columns)
    at_column, changes = list(shown.columns).index(AT), list(shown.columns).index(CHANGES)
    plain = [c for c in range(len(shown.columns)) if c not in (at_column, changes)]
    screen = shown.astype(object).where(shown.notna(), None).values.tolist()
    assert [[r[c] for c in plain] for r in rows[1:]] == [[r[c] for c in plain] for r in screen]
    assert [r[at_column].strftime("%Y-%m-%d %H:%M:%S") for r in rows[1:]] == [r[at_column] for r in screen]
    assert sheet.cell(2, at_column + 1).number_format == "yyyy-mm-dd hh:mm:ss"  # a time cell, not text
    assert len(rows) == 1 + 2
    assert book.worksheets[1].title == "说明" and book.worksheets[1]["B1"].value == CATALOG["au.title"][0]

    at.selectbox(key="au_entity").set_value("user").run()  # user rows carry password hashes in the store
    button = at.download_button(key="au_trail_dl_xlsx")
    data = _clicked(downloads, button)
    cells = [str(c) for row in openpyxl.load_workbook(BytesIO(data)).active.iter_rows(values_only=True) for c in row]
    assert any("officer_a" in c for c in cells)
    assert not any("$2b$" in c or "password_hash" in c for c in cells)


def test_the_download_holds_every_change_whole_where_the_screen_abbreviates(app_store, downloads):
    """A platform's creation changes over 12 fields and a long sign text passes 60 characters: the screen shows
    "… +N" and cuts the value, the file has every field and the whole value, in the same words as the screen
    (ui.audit_words.describe, whole)."""
    from sqlmodel import select

    from logic.audit_diff import changed_fields
    from models.db import read_session
    from models.tables import AuditLog

    _save_on_the_entry_screen(name="长" * 80)
    at = open_page("city_admin", PAGE)
    at.selectbox(key="au_entity").set_value("platform").run()
    shown = _trail(at)
    assert shown[CHANGES].str.contains("… +").any() and shown[CHANGES].str.contains("长" * 57 + "…").any()
    rows = list(openpyxl.load_workbook(BytesIO(_clicked(downloads, at.download_button(key="au_trail_dl_xlsx"))))
                .worksheets[0].iter_rows(values_only=True))
    changes = [r[list(shown.columns).index(CHANGES)] for r in rows[1:]]
    with read_session(app_store) as s:
        stored = s.exec(select(AuditLog).where(AuditLog.entity == "platform").order_by(AuditLog.id.desc())).all()
    assert [c.count(" → ") for c in changes] == [len(changed_fields(r.before, r.after)) for r in stored]  # every field
    assert not any("… +" in c or "…" in c for c in changes) and any("长" * 80 in c for c in changes)
    assert all("名称: " in c for c in changes) and not any("name: " in c for c in changes)  # in the screen's words


@pytest.mark.parametrize("who", ["own_officer", "other_officer", None])
def test_county_officers_and_visitors_are_denied_the_audit_screen(app_store, who):
    at = page_alone(PAGE, who)
    assert [e.value for e in at.error] == [CATALOG["guard.denied"][0]]
    assert not at.dataframe and not at.download_button and not at.selectbox


def test_the_county_filter_keeps_that_county_s_rows_only(app_store):
    _save_on_the_entry_screen()
    at = open_page("viewer", PAGE)
    at.selectbox(key="au_county").set_value(OWN).run()
    table = _trail(at)
    assert set(table[ENTITY]) == {PLATFORM, COUNTY, USER}  # the county, its platforms and its officers
    assert "officer_a" in set(table[KEY]) and "officer_b" not in set(table[KEY])  # officer_b is of 511503
    assert set(table.loc[table[ENTITY] == PLATFORM, KEY]) == {"511502-AUD1"}


def test_times_show_in_beijing_time_eight_hours_after_the_stored_utc(app_store):
    from datetime import UTC, timedelta

    from sqlmodel import select

    from models.db import read_session
    from models.tables import AuditLog
    _save_on_the_entry_screen()
    with read_session(app_store) as s:
        newest = s.exec(select(AuditLog).order_by(AuditLog.id.desc())).first()
    stored = newest.at if newest.at.tzinfo else newest.at.replace(tzinfo=UTC)
    table = _trail(open_page("city_admin", PAGE))
    header = CATALOG["au.col.at"][0]
    assert "北京时间" in header
    assert table[header].iloc[0] == (stored.astimezone(UTC) + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M:%S")
