"""AppTest of the users screen (R-NET-2): only a city administrator creates users, sets role and county,
deactivates and resets passwords; passwords are kept only as bcrypt hashes."""
import bcrypt
import pytest
from sqlmodel import select

from models.db import read_session
from models.users import User, get_user
from tests.pages.conftest import OWN, PASSWORD, open_page, page_alone
from ui.i18n import CATALOG

pytestmark = pytest.mark.usefixtures("served_app")  # every app run through Home.py, as on the server

PAGE = "pages/users.py"
NEW_PASSWORD = "new-secret-42"


def _user(engine, username: str) -> User | None:
    with read_session(engine) as session:
        return get_user(session, username)


def _count(engine) -> int:
    with read_session(engine) as session:
        return len(session.exec(select(User)).all())


def _fill_new(at, *, username="wang.fang", display="王芳", role="county_officer", county=OWN, password=NEW_PASSWORD):
    at.text_input(key="us_new_username").input(username)
    at.text_input(key="us_new_display_name").input(display)
    at.selectbox(key="us_new_role").set_value(role).run()  # the county picker opens only for an officer
    at.selectbox(key="us_new_county").set_value(county)
    at.text_input(key="us_new_password").input(password)
    return at


def _messages(at) -> str:
    return "\n".join(m.value for m in [*at.error, *at.success])


def test_an_administrator_creates_a_user_whose_password_is_kept_only_as_a_bcrypt_hash(app_store):
    at = _fill_new(open_page("city_admin", PAGE))
    at.button(key="us_create").click().run()
    assert not at.exception, at.exception
    assert "wang.fang" in at.success[0].value
    user = _user(app_store, "wang.fang")
    assert (user.display_name, user.role, user.county_code, user.active) == ("王芳", "county_officer", OWN, True)
    assert NEW_PASSWORD not in user.password_hash
    assert user.password_hash.startswith("$2b$")
    assert bcrypt.checkpw(NEW_PASSWORD.encode(), user.password_hash.encode())
    assert at.text_input(key="us_new_password").value == ""  # not left in the form for the next user
    assert "wang.fang" in set(at.dataframe[0].value.iloc[:, 0])


@pytest.mark.parametrize("changes, why", [
    ({"password": "short-7"}, "8–128 个字符"),
    ({"password": "WANG.FANG"}, "不能与用户名相同"),
    # 25 Chinese characters pass "8–128 characters" but are 75 bytes: bcrypt would read only 72
    ({"password": "宜宾市人力资源和社会保障局基层平台管理系统密码测试"}, "超过 72 字节"),
    ({"county": None}, "必须指定所属县(区)"),
    ({"username": "officer_a"}, "已存在"),
])
def test_a_bad_user_is_refused_with_a_clear_message_and_nothing_is_written(app_store, changes, why):
    if "password" in changes and len(changes["password"]) > 20:
        assert len(changes["password"]) == 25 and len(changes["password"].encode()) == 75
    before = _count(app_store)
    at = _fill_new(open_page("city_admin", PAGE), **changes)
    at.button(key="us_create").click().run()
    assert not at.exception, at.exception
    assert not at.success and why in _messages(at)
    assert _count(app_store) == before
    if changes.get("username") != "officer_a":
        assert _user(app_store, "wang.fang") is None


def test_a_county_chosen_then_abandoned_for_another_role_is_not_held_against_the_new_user(app_store):
    # the county picker is disabled (so cannot be cleared) once the role is no longer county officer
    at = _fill_new(open_page("city_admin", PAGE), username="li.si", display="李四").run()
    at.selectbox(key="us_new_role").set_value("viewer").run()
    county = at.selectbox(key="us_new_county")
    assert county.disabled and county.value == OWN  # still showing the county, and no way to clear it
    at.button(key="us_create").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    user = _user(app_store, "li.si")
    assert (user.role, user.county_code) == ("viewer", None)


def _pick(at, username: str):
    at.selectbox(key="us_pick").set_value(username).run()
    return at


def test_deactivating_a_user_ends_their_sessions(app_store):
    before = _user(app_store, "officer_a")
    at = _pick(open_page("city_admin", PAGE), "officer_a")
    assert at.checkbox(key="us_edit_active").value is True
    at.checkbox(key="us_edit_active").uncheck()
    at.button(key="us_save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    after = _user(app_store, "officer_a")
    assert after.active is False
    assert after.tokens_valid_after > before.tokens_valid_after
    assert after.version == before.version + 1


def test_an_administrator_cannot_deactivate_themselves(app_store):
    at = _pick(open_page("city_admin", PAGE), "admin")
    at.checkbox(key="us_edit_active").uncheck()
    at.button(key="us_save").click().run()
    assert CATALOG["us.self_lockout"][0] in _messages(at)
    assert _user(app_store, "admin").active is True


def test_resetting_a_password_replaces_the_hash_and_moves_the_sign_in_cut_off_forward(app_store):
    before = _user(app_store, "officer_a")
    at = _pick(open_page("city_admin", PAGE), "officer_a")
    at.text_input(key="us_reset_password").input(NEW_PASSWORD)
    at.button(key="us_reset").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    after = _user(app_store, "officer_a")
    assert after.tokens_valid_after > before.tokens_valid_after
    assert bcrypt.checkpw(NEW_PASSWORD.encode(), after.password_hash.encode())
    assert not bcrypt.checkpw(PASSWORD.encode(), after.password_hash.encode())
    assert at.text_input(key="us_reset_password").value == ""


def test_a_bad_reset_password_changes_nothing(app_store):
    before = _user(app_store, "officer_a")
    at = _pick(open_page("city_admin", PAGE), "officer_a")
    at.text_input(key="us_reset_password").input("officer_a")
    at.button(key="us_reset").click().run()
    assert "不能与用户名相同" in _messages(at)
    after = _user(app_store, "officer_a")
    assert (after.password_hash, after.tokens_valid_after, after.version) == \
        (before.password_hash, before.tokens_valid_after, before.version)


@pytest.mark.parametrize("who", ["own_officer", "other_officer", "viewer", None])
def test_anyone_but_a_city_administrator_is_denied_the_users_screen(app_store, who):
    at = page_alone(PAGE, who)
    assert [e.value for e in at.error] == [CATALOG["guard.denied"][0]]
    assert not at.dataframe and not at.text_input and "us_create" not in {b.key for b in at.button}
