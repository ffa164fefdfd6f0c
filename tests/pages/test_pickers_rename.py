"""Pickers that stay on their record when another user renames it between two runs.

A select box sends back its option's label, and Streamlit maps the label to the option: a label made from a
name that someone else has since changed maps to nothing, and the box falls back to its first option. Every
picker of records therefore keeps the record's id as its value (ui.pickers.hold); each test picks a record
that is not the first, lets another user rename it through the store, reruns, and checks the same record is
still the one picked.
"""
import pytest
from sqlmodel import select

from logic.authz import Actor
from models.db import read_session, write_session
from models.people import Person, get_person, update_person
from tests.pages.conftest import browser_sends_label, open_page
from tests.pages.test_roster_page import PAGE as ROSTER, roster  # noqa: F401 -- the roster fixture, used by name as a test parameter

pytestmark = pytest.mark.usefixtures("served_app")  # every rerun through Home.py, as on the server

ADMIN = Actor("admin", "city_admin")


def _person(engine, name: str) -> int:
    with read_session(engine) as s:
        return s.exec(select(Person.id).where(Person.name == name)).one()


def _rename_person(engine, person_id: int, name: str) -> None:
    with write_session(engine, ADMIN) as s:
        person = get_person(s, person_id)
        update_person(session=s, actor=ADMIN, person_id=person_id, facts={"name": name},
                      expected_version=person.version)


def test_the_roster_history_picker_keeps_the_person_another_user_renamed(roster, monkeypatch):
    li = _person(roster, "李强")
    at = open_page("own_officer", ROSTER)
    at.selectbox(key="ro_platform").set_value("S1").run()
    at.selectbox(key="ro_history_person").set_value(li).run()
    assert at.selectbox(key="ro_history_person").options[0] != "李强"  # else falling back would look the same
    _rename_person(roster, li, "李强强")
    at.run()  # the screen now offers 李强强; the browser still shows, and sends, 李强
    browser_sends_label(monkeypatch, at, "ro_history_person", "李强")
    assert not at.exception
    assert at.selectbox(key="ro_history_person").value == li
    assert "李强强" in at.selectbox(key="ro_history_person").options


def test_the_roster_edit_picker_keeps_the_person_another_user_renamed(roster, monkeypatch):
    li = _person(roster, "李强")
    at = open_page("own_officer", ROSTER)
    at.selectbox(key="ro_platform").set_value("S1").run()
    at.selectbox(key="ro_person").set_value(li).run()
    assert at.selectbox(key="ro_person").options[0] != "李强 · 协理员"
    _rename_person(roster, li, "李强强")
    at.run()
    browser_sends_label(monkeypatch, at, "ro_person", "李强 · 协理员")
    assert not at.exception
    assert at.selectbox(key="ro_person").value == li
    assert at.text_input(key="ro_edit_name").value == "李强"  # the form is the one the officer opened
