"""R-NET-2 "每个用户都须登录": signing in through the real form, the persisted throttle, sessions that end
when the store says so (deactivation, password reset, sign-out), and a server that will not start with a
weak cookie key. The browser's cookie is stood in for by `browser_cookies` (AppTest has no browser)."""
from datetime import datetime, timedelta, timezone

import pytest

from logic.authz import SYSTEM
from logic.errors import ValidationFailed
from logic.signin import MAX_FAILURES
from models.db import read_session, write_session
from models.users import LoginThrottle, create_user, get_user, hash_password, reset_password, update_user
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
    actor = at.session_state["_actor"] if "_actor" in at.session_state else None
    return actor.username if actor else None


def _shows_form(at) -> bool:
    return FORM_FIELDS <= {w.label for w in at.text_input}


def _errors(at) -> list[str]:
    return [e.value for e in at.error]


def _throttle(engine, username: str) -> LoginThrottle | None:
    with read_session(engine) as session:
        return session.get(LoginThrottle, username)


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


def test_five_failures_lock_the_username_in_the_store_until_the_cooldown_ends_and_others_are_unaffected(app_store):
    first = _home()
    for _ in range(2):
        _sign_in(first, "officer_a", "wrong-password")
    assert _throttle(app_store, "officer_a").locked_until is None

    second = _home()  # a new session (another tab, or after a restart) continues the count from the store
    for _ in range(MAX_FAILURES - 2):
        _sign_in(second, "officer_a", "wrong-password")
    row = _throttle(app_store, "officer_a")
    assert row.failures == MAX_FAILURES and row.locked_until is not None

    _sign_in(second, "officer_a", PASSWORD)  # now even the right password is refused
    assert LOCKED in _errors(second) and _signed_in_as(second) is None

    fresh = _sign_in(_home(), "officer_a", PASSWORD)
    assert LOCKED in _errors(fresh) and _signed_in_as(fresh) is None and not fresh.title

    assert _signed_in_as(_sign_in(_home(), "officer_b", PASSWORD)) == "officer_b"
    assert _throttle(app_store, "officer_b") is None

    with write_session(app_store, SYSTEM) as session:  # the cooldown passes
        lock = session.get(LoginThrottle, "officer_a")
        lock.locked_until = datetime.now(timezone.utc) - timedelta(seconds=1)
    after = _sign_in(_home(), "officer_a", PASSWORD)
    assert _signed_in_as(after) == "officer_a" and not _errors(after)
    assert _throttle(app_store, "officer_a").failures == 0


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
    with pytest.raises(ValidationFailed, match="begin or end with a space"):
        with write_session(app_store, SYSTEM) as session:
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
    issued = datetime.now(timezone.utc)
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
    pytest.param(lambda: cookie_token("officer_a", datetime.now(timezone.utc), key="x" * 8 + COOKIE_KEY),
                 id="signed with another key"),
    pytest.param(lambda: cookie_token("nobody", datetime.now(timezone.utc)), id="unknown user"),
    pytest.param(lambda: cookie_token("officer_a", datetime.now(timezone.utc) - timedelta(days=1)), id="expired"),
])
def test_a_forged_or_expired_cookie_does_not_sign_in(app_store, browser_cookies, token):
    browser_cookies["gsp_auth"] = token()
    at = _home()
    assert _signed_in_as(at) is None and _shows_form(at) and not at.title


def test_a_cookie_of_a_deactivated_user_does_not_sign_in(app_store, browser_cookies):
    browser_cookies["gsp_auth"] = cookie_token("officer_a", datetime.now(timezone.utc))
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
