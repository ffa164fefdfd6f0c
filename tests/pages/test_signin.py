"""R-NET-2 "每个用户都须登录": signing in through the real form, the persisted throttle, sessions that end
when the store says so (deactivation, password reset, sign-out), and a server that will not start with a
weak cookie key. The browser's cookie is stood in for by `browser_cookies` (AppTest has no browser)."""
from datetime import UTC, datetime, timedelta

import pytest

from logic.authz import SYSTEM
from logic.errors import ValidationFailed
from logic.signin import CLIENT
from models.db import read_session, write_session
from models.signin import account_key, client_key, counter_of
from models.users import create_user, get_user, hash_password, reset_password, update_user
from tests.pages.conftest import COOKIE_KEY, PASSWORD, cookie_token, signed_in_app
from ui.i18n import CATALOG

pytestmark = pytest.mark.usefixtures("served_app")  # every run through Home.py, as on the server

FAILED = CATALOG["login.failed"][0]
LOCKED = CATALOG["login.locked"][0].format(minutes=15)
ENDED = CATALOG["login.session_ended"][0]
FORM_FIELDS = {CATALOG["login.username"][0], CATALOG["login.password"][0]}


def _home():
    at = signed_in_app(None).run()
    assert not at.exception, at.exception
    return at


def _sign_in(at, username: str, password: str):
    fields = {w.label: w for w in at.text_input}
    fields[CATALOG["login.username"][0]].input(username)
    fields[CATALOG["login.password"][0]].input(password)
    next(b for b in at.button if (b.key or "").startswith("FormSubmitter:signin_form")).click().run()
    assert not at.exception, at.exception
    return at


def _signed_in_as(at) -> str | None:
    actor = at.session_state.get("_actor")
    return actor.username if actor else None


def _shows_form(at) -> bool:
    return {w.label for w in at.text_input} >= FORM_FIELDS


def _errors(at) -> list[str]:
    return [e.value for e in at.error]


def _throttle(engine, username: str):
    """The account's failure counter in the store (models.signin), or None when it has none."""
    return counter_of(engine, account_key(username))


@pytest.fixture
def from_address(monkeypatch):
    """Make the browser's connection come from `address` (st.context.ip_address), with no cookie."""
    from types import SimpleNamespace

    import streamlit.runtime.context as context

    def use(address: str) -> None:
        monkeypatch.setattr(context, "_get_client_context",
                            lambda: SimpleNamespace(cookies={}, headers={}, remote_ip=address))
    return use


def _user(engine, username: str):
    with read_session(engine) as session:
        return get_user(session, username)


# --- the form ------------------------------------------------------------------------------------

def test_the_right_password_signs_in_and_opens_the_app(app_store):
    at = _sign_in(_home(), "officer_a", PASSWORD)
    assert _signed_in_as(at) == "officer_a" and at.title
    assert "sign_out_button" in {b.key for b in at.sidebar.button}
    assert _throttle(app_store, "officer_a") is None
    at.run()  # the form drawn before the password was checked is gone from the next run on
    assert _signed_in_as(at) == "officer_a" and at.title and not _shows_form(at)


def test_a_wrong_password_is_refused_with_the_failure_message_and_counted_in_the_store(app_store):
    at = _sign_in(_home(), "officer_a", "not-the-password")
    assert _errors(at) == [FAILED]
    assert _signed_in_as(at) is None and _shows_form(at) and not at.title
    assert _throttle(app_store, "officer_a").failures == 1


def test_the_username_typed_in_capitals_and_spaces_still_signs_in(app_store):
    # the form lowercases and strips the username, which is why usernames are stored lowercase
    assert _signed_in_as(_sign_in(_home(), "  OFFICER_A ", PASSWORD)) == "officer_a"


def test_five_failures_from_a_browser_make_it_wait_in_every_tab_whatever_the_username(app_store, from_address):
    from_address("203.0.113.7")
    first = _home()
    for _ in range(2):
        _sign_in(first, "officer_a", "wrong-password")
    second = _home()  # a new session (another tab, or after a restart) continues the count from the store
    for _ in range(CLIENT.limit - 2):
        _sign_in(second, "officer_a", "wrong-password")
    assert counter_of(app_store, client_key("203.0.113.7")).failures == CLIENT.limit

    _sign_in(second, "officer_a", PASSWORD)  # now even the right password is not checked
    assert _errors(second) == [LOCKED] and _signed_in_as(second) is None
    fresh = _sign_in(_home(), "no_such_user", "wrong-password")  # an unknown username: the same answer
    assert _errors(fresh) == [LOCKED] and not fresh.title

    from_address("198.51.100.4")  # the officer at another desk is not shut out by the guesser's failures
    assert _signed_in_as(_sign_in(_home(), "officer_a", PASSWORD)) == "officer_a"
    assert _throttle(app_store, "officer_a") is None  # a success forgives the account's failures


def test_an_unknown_username_is_refused_exactly_like_a_wrong_password(app_store):
    assert _errors(_sign_in(_home(), "no_such_user", PASSWORD)) == [FAILED]
    assert _errors(_sign_in(_home(), "officer_a", "wrong-password")) == [FAILED]


def test_a_deactivated_user_cannot_sign_in_even_with_the_right_password(app_store):
    _deactivate(app_store, "officer_a")
    at = _sign_in(_home(), "officer_a", PASSWORD)
    assert _errors(at) == [FAILED] and _signed_in_as(at) is None


def test_a_password_the_form_would_strip_is_refused_when_set(app_store):
    # the form strips what is typed, so " padded-pass-1" could never be matched: proven, then refused
    with write_session(app_store, SYSTEM) as session:
        user = get_user(session, "officer_a")
        user.password_hash = hash_password(" padded-pass-1")
    assert _signed_in_as(_sign_in(_home(), "officer_a", " padded-pass-1")) is None
    with (pytest.raises(ValidationFailed, match="begin or end with a space"),
          write_session(app_store, SYSTEM) as session):
        create_user(session=session, actor=SYSTEM, username="padded", display_name="P", role="viewer",
                    county_code=None, password=" padded-pass-1")


# --- sessions the store ends ---------------------------------------------------------------------

def _deactivate(engine, username: str) -> None:
    with write_session(engine, SYSTEM) as session:
        user = get_user(session, username)
        update_user(session=session, actor=SYSTEM, username=username, expected_version=user.version,
                    display_name=user.display_name, role=user.role, county_code=user.county_code, active=False)


def _reset(engine, username: str) -> None:
    with write_session(engine, SYSTEM) as session:
        user = get_user(session, username)
        reset_password(session=session, actor=SYSTEM, username=username, expected_version=user.version,
                       password="a-brand-new-1")


def _is_signed_out(at) -> bool:
    return (_signed_in_as(at) is None and not at.session_state["authentication_status"]
            and ENDED in [w.value for w in at.warning] and not at.title)


@pytest.mark.parametrize("end", [_deactivate, _reset], ids=["deactivated", "password reset"])
def test_a_signed_in_user_is_signed_out_on_the_next_run_once_the_store_ends_their_session(app_store, end):
    at = signed_in_app("own_officer").run()
    assert _signed_in_as(at) == "officer_a"
    end(app_store, "officer_a")
    at.run()
    assert not at.exception, at.exception
    assert _is_signed_out(at)


def test_a_session_begun_before_a_password_reset_ends_but_one_begun_after_it_lives(app_store):
    _reset(app_store, "officer_a")
    at = signed_in_app("own_officer")  # seeded now: after the reset
    assert _signed_in_as(at.run()) == "officer_a"
    stale = signed_in_app("own_officer")
    stale.session_state["signed_in_at"] = _user(app_store, "officer_a").tokens_valid_after - timedelta(seconds=1)
    assert _is_signed_out(stale.run())


def test_signing_out_ends_every_cookie_issued_before(app_store, browser_cookies):
    issued = datetime.now(UTC)
    browser_cookies["gsp_auth"] = cookie_token("officer_a", issued)
    assert _signed_in_as(_home()) == "officer_a"  # the cookie alone signs in, in a new session

    at = _home()
    before = _user(app_store, "officer_a").tokens_valid_after
    at.sidebar.button(key="sign_out_button").click().run()
    assert not at.exception, at.exception
    assert CATALOG["app.signed_out"][0] in [s.value for s in at.success]
    assert not at.session_state["authentication_status"] and _signed_in_as(at) is None
    assert _user(app_store, "officer_a").tokens_valid_after > max(before, issued)
    at.run()  # in a browser, the component deleting the cookie reruns the app straight away
    assert CATALOG["app.signed_out"][0] in [s.value for s in at.success] and _shows_form(at)

    again = _home()  # the same cookie, in a new session or another tab
    assert _signed_in_as(again) is None and _shows_form(again) and not again.title


@pytest.mark.parametrize("token", [
    pytest.param(lambda: cookie_token("officer_a", datetime.now(UTC), key="x" * 8 + COOKIE_KEY),
                 id="signed with another key"),
    pytest.param(lambda: cookie_token("nobody", datetime.now(UTC)), id="unknown user"),
    pytest.param(lambda: cookie_token("officer_a", datetime.now(UTC) - timedelta(days=1)), id="expired"),
])
def test_a_forged_or_expired_cookie_does_not_sign_in(app_store, browser_cookies, token):
    browser_cookies["gsp_auth"] = token()
    at = _home()
    assert _signed_in_as(at) is None and _shows_form(at) and not at.title


def test_a_cookie_of_a_deactivated_user_does_not_sign_in(app_store, browser_cookies):
    browser_cookies["gsp_auth"] = cookie_token("officer_a", datetime.now(UTC))
    _deactivate(app_store, "officer_a")
    at = _home()
    assert _signed_in_as(at) is None and not at.title


# --- the cookie key ------------------------------------------------------------------------------

@pytest.mark.parametrize("key, problem", [
    (None, "未设置"),
    ("some_key", "是公开的默认值"),
    ("k" * 8 + "0123456789abcdefghijklm", "太短"),  # 31 bytes
    ("ab" * 24, "过于简单"),
])
def test_the_app_refuses_to_start_with_a_missing_default_short_or_repetitive_cookie_key(
        app_store, monkeypatch, key, problem):
    if key is None:
        monkeypatch.delenv("GSP_COOKIE_KEY")
    else:
        monkeypatch.setenv("GSP_COOKIE_KEY", key)
    at = signed_in_app(None)
    at.secrets["unrelated"] = "so no developer's secrets.toml can supply a key"
    at.run()
    assert not at.exception, at.exception
    (error,) = _errors(at)
    assert "应用拒绝启动" in error and problem in error and "GSP_COOKIE_KEY" in error
    assert not at.text_input and not at.title


def test_a_strong_key_from_secrets_is_used_when_the_environment_has_none(app_store, monkeypatch):
    monkeypatch.delenv("GSP_COOKIE_KEY")
    at = signed_in_app(None)
    at.secrets["auth"] = {"cookie_key": COOKIE_KEY}
    at.run()
    assert not at.exception and not at.error
    assert _shows_form(at)


# --- malformed cookies: ignored, never an error on every load --------------------------------------

def _unsigned(payload: dict) -> str:
    import jwt
    return jwt.encode(payload, None, algorithm="none")


def _signed(payload) -> str:
    import jwt
    return jwt.encode(payload, COOKIE_KEY, algorithm="HS256")


def _in_an_hour() -> float:
    return (datetime.now(UTC) + timedelta(hours=1)).timestamp()


@pytest.fixture
def cookie_calls(monkeypatch):
    """What the app asks the browser's cookie component to do (AppTest has no browser to do it)."""
    from ui import auth
    calls = []
    monkeypatch.setattr(auth, "delete_cookie", lambda: calls.append(("delete",)))
    monkeypatch.setattr(auth, "set_cookie", lambda token, now: calls.append(("set", token)))
    return calls


@pytest.mark.parametrize("token", [
    pytest.param(lambda: _unsigned({"username": "admin", "exp_date": _in_an_hour()}), id="alg none"),
    pytest.param(lambda: "garbage", id="garbage"),
    pytest.param(lambda: "a.b.c", id="three dots of nothing"),
    pytest.param(lambda: _signed({"exp_date": _in_an_hour()}), id="no username"),
    pytest.param(lambda: _signed({"username": "admin"}), id="no expiry"),
    pytest.param(lambda: _signed({"username": ["admin"], "exp_date": _in_an_hour()}), id="username a list"),
    pytest.param(lambda: _signed({"username": "admin", "exp_date": "tomorrow"}), id="expiry a word"),
    pytest.param(lambda: _signed({"username": "admin", "exp_date": 1e300}), id="expiry out of range"),
    pytest.param(lambda: __import__("jwt").api_jws.encode(b'["admin"]', COOKIE_KEY, algorithm="HS256"),
                 id="payload a list"),
])
def test_a_malformed_cookie_shows_the_sign_in_form_and_is_deleted_once(app_store, browser_cookies, cookie_calls,
                                                                       token):
    browser_cookies["gsp_auth"] = token()
    at = _home()
    assert not at.exception and not at.error and not at.warning
    assert _shows_form(at) and _signed_in_as(at) is None and not at.title
    assert cookie_calls == [("delete",)]
    at.run()  # st.context still holds the page's cookie on later runs: it is not deleted again
    assert not at.exception and _shows_form(at) and cookie_calls == [("delete",)]
    assert _signed_in_as(_sign_in(at, "officer_a", PASSWORD)) == "officer_a"  # and the form still works


def test_signing_in_with_the_form_sets_a_cookie_that_signs_a_new_session_in(app_store, browser_cookies,
                                                                             cookie_calls):
    _sign_in(_home(), "officer_a", PASSWORD)
    (call,) = cookie_calls
    assert call[0] == "set"
    browser_cookies["gsp_auth"] = call[1]
    assert _signed_in_as(_home()) == "officer_a"
