"""Chinese through and through (issue 16): every screen, opened as every role, in both languages.

In Chinese no screen may show an English word, an internal code (village_committee, work_funds, system, …),
a rule id (R-…) or None/nan/NaT, nor leave Streamlit to show its own English (a select box's "Choose an
option", a table's "None" for a missing value). In English no screen may show a catalog key in place of its
string. The store is a small demo (every kind of record, its audit trail included), with the people's names
in Chinese as in the bureau's own store; usernames are shown by design on the users and audit screens.
"""
import pytest
from sqlalchemy import update

from logic.authz import SYSTEM
from models.db import write_session
from models.users import User
from tests.pages.conftest import USERS, app_build, app_store_of, signed_in_app
from tests.pages.screen_text import en_leaks, texts, unset_placeholders, zh_leaks
from ui.nav import SCREENS

pytestmark = pytest.mark.usefixtures("served_app")  # every run through Home.py, as on the server

CHINESE_NAMES = {"admin": "王敏", "officer_a": "李娜", "officer_b": "张伟", "viewer": "刘洋"}
USERNAMES = {username for username, _, _ in USERS.values()}


def walk_build(engine) -> None:
    """app_build, a small demo register (rosters, ledger, scores, history: every screen has rows) and the
    users' display names in Chinese."""
    from models.demo_setup import seed_demo_data
    app_build(engine)
    with write_session(engine, SYSTEM) as session:
        seed_demo_data(session, scale=0.05)
    with engine.begin() as conn:
        for username, name in CHINESE_NAMES.items():
            conn.execute(update(User).where(User.username == username).values(display_name=name))


@pytest.fixture
def walk_store(request, app_backend, tmp_path, monkeypatch):
    yield from app_store_of("walk", walk_build, request, app_backend, tmp_path, monkeypatch)


def walk(who: str, lang: str):
    """(screen, AppTest after opening it) for every screen the role's navigation offers, in `lang`. Each screen
    gets an app of its own: AppTest words the widgets of the last run between runs, outside any session, where
    the catalog falls back to Chinese and an English option label would no longer be found."""
    for screen in SCREENS:
        at = signed_in_app(who)
        at.session_state["name"] = CHINESE_NAMES[USERS[who][0]]
        at.session_state["lang"] = lang
        at.run()
        assert not at.exception, at.exception
        try:
            at.switch_page(screen.path)
        except ValueError:
            continue  # not offered to this role
        at.run()
        assert not at.exception, (screen.path, at.exception)
        yield screen.path, at


ROLES = ("city_admin", "own_officer", "viewer")


@pytest.mark.parametrize("who", ROLES)
def test_no_chinese_screen_shows_english_a_code_a_rule_id_or_none(walk_store, who):
    leaks, seen = [], 0
    for path, at in walk(who, "zh"):
        found = texts(at)
        seen += len(found)
        leaks += [(path, where, text[:100], why) for where, text, why in zh_leaks(found, allowed=USERNAMES)]
        leaks += [(path, box, "", "Streamlit's English placeholder") for box in unset_placeholders(at)]
        # a rerun keeps a chosen None as "nothing chosen": a box whose option None reads 全部 shows the placeholder
        at.run()
        leaks += [(path, box, "", "Streamlit's English placeholder, rerun") for box in unset_placeholders(at)]
    assert seen > 500, "the walk read almost nothing: the text collection is broken"
    assert not leaks, "\n".join(map(str, leaks))


@pytest.mark.parametrize("who", ROLES)
def test_no_english_screen_shows_a_catalog_key(walk_store, who):
    leaks = []
    for path, at in walk(who, "en"):
        leaks += [(path, where, text) for where, text, _ in en_leaks(texts(at))]
    assert not leaks, "\n".join(map(str, leaks))


def test_the_sign_in_screen_is_chinese_too(walk_store):
    at = signed_in_app(None).run()
    assert not at.exception, at.exception
    found = texts(at)
    assert any("登录" in text for _, text in found)
    assert zh_leaks(found) == [] and unset_placeholders(at) == []


# --- the walk's eyes: each kind of leak, shown on purpose, is seen -------------------------------------------
def _leaky_screen():
    import altair as alt
    import pandas as pd
    import streamlit as st
    st.markdown("平台 work_funds")  # an internal code
    st.caption("需 2 人[R-STAFF-1]")  # a rule id
    st.metric("最后修改人", "system")  # the system account by its login name
    st.selectbox("平台", ["甲", "乙"], index=None)  # Streamlit's "Choose an option"
    st.multiselect("奖补平台", ["甲", "乙"])  # Streamlit's "Choose options"
    st.dataframe(pd.DataFrame({"平台": ["甲", None], "updated_by": ["李娜", "王敏"]}))  # "None"; an English header
    with st.expander("Details"):
        st.write("fd.field.year")  # a catalog key, as ui.i18n.t shows a string it cannot find
    st.altair_chart(alt.Chart(pd.DataFrame({"n": [1], "county": ["甲"]})).mark_bar().encode(x="n:Q", y="county:N"))


def test_the_walk_sees_every_kind_of_leak_on_a_screen_made_of_them():
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_function(_leaky_screen).run()
    found = texts(at)
    why = {text: reason for _, text, reason in zh_leaks(found)}
    assert why["平台 work_funds"].startswith("internal code")
    assert why["需 2 人[R-STAFF-1]"] == "rule id"
    assert why["system"].startswith("internal code")
    assert why["None"] == "empty value shown as a word"
    assert why["updated_by"].startswith("internal code") or why["updated_by"].startswith("English")
    assert why["Details"].startswith("English")
    assert why["county"].startswith("internal code")  # the chart's axis title, from the field's name
    assert sorted(unset_placeholders(at)) == ["Multiselect '奖补平台'", "Selectbox '平台'"]
    assert [text for _, text, _ in en_leaks(found)] == ["fd.field.year"]


def test_usernames_shown_by_design_and_the_language_switch_are_not_leaks():
    assert zh_leaks([("cell", "officer_a"), ("label", "语言 / Language"), ("option", "English"),
                     ("caption", "下载 Excel 或 CSV(上限 10 MB)")], allowed={"officer_a"}) == []
