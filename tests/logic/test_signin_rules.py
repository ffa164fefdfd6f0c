"""R-NET-2 "在安全认证体系下开展各项业务经办": the sign-in rules of logic.signin, without a framework or a store.

The cookie key, the failed-sign-in throttle, the password and user rules, and when a session must end.
"""
from datetime import datetime, timedelta, timezone

import pytest

from logic.authz import ROLES
from logic.signin import (BCRYPT_MAX_BYTES, COOLDOWN, MAX_FAILURES, MIN_KEY_BYTES, PASSWORD_MAX, PASSWORD_MIN,
                          ThrottleState, after_failure, cookie_key_problem, failures_before_attempt, is_locked,
                          password_errors, session_still_valid, user_errors)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
RANDOM_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"


def _key(n_bytes: int) -> str:
    return (RANDOM_ALPHABET * 4)[:n_bytes]


class TestCookieKey:
    """The cookie key must be a secret of 32+ bytes, never a default (DESIGN, streamlit-authenticator)."""

    @pytest.mark.parametrize("key", [
        # strong enough: at the boundary and well above
        _key(MIN_KEY_BYTES),
        _key(64),
        "宜宾市人力资源和社会保障局",  # 13 Chinese characters are 39 bytes: bytes count, not characters
    ])
    def test_a_random_key_of_32_bytes_or_more_is_accepted(self, key):
        assert cookie_key_problem(key) is None

    @pytest.mark.parametrize("key, why", [
        # missing
        (None, "is not set"),
        ("", "is not set"),
        # the library's and tutorials' defaults, whatever their case or padding
        ("some_key", "well-known default"),
        ("  Some_Key ", "well-known default"),
        ("random_signature_key", "well-known default"),
        # one byte short
        (_key(MIN_KEY_BYTES - 1), "shorter than 32 bytes"),
        ("宜宾人社局" * 2, "shorter than 32 bytes"),  # 10 characters, 30 bytes
        # long but not random
        ("a" * 64, "too repetitive"),
        ("ab" * 40, "too repetitive"),
        (_key(11) * 4, "too repetitive"),  # 44 bytes from only 11 distinct characters
    ])
    def test_a_missing_default_short_or_repetitive_key_is_refused_with_its_reason(self, key, why):
        problem = cookie_key_problem(key)
        assert problem is not None
        zh, en = problem
        assert why in en and zh


class TestThrottle:
    """Five failed sign-ins lock the username for the cooldown; the count restarts after it."""

    def _fail(self, times: int, start: ThrottleState = ThrottleState(), at: datetime = T0) -> ThrottleState:
        state = start
        for i in range(times):
            state = after_failure(state, at + timedelta(seconds=i))
        return state

    def test_four_failures_count_but_do_not_lock(self):
        state = self._fail(MAX_FAILURES - 1)
        assert state == ThrottleState(MAX_FAILURES - 1, None)
        assert not is_locked(state, T0 + timedelta(seconds=10))
        assert failures_before_attempt(state, T0 + timedelta(seconds=10)) == MAX_FAILURES - 1

    def test_the_fifth_failure_locks_for_the_cooldown_from_that_failure(self):
        state = self._fail(MAX_FAILURES)
        fifth_at = T0 + timedelta(seconds=MAX_FAILURES - 1)
        assert state.failures == MAX_FAILURES
        assert state.locked_until == fifth_at + COOLDOWN
        assert is_locked(state, fifth_at)
        assert failures_before_attempt(state, fifth_at) == MAX_FAILURES

    def test_the_lock_holds_until_the_last_instant_and_ends_exactly_at_the_cooldown_end(self):
        state = self._fail(MAX_FAILURES)
        end = state.locked_until
        assert is_locked(state, end - timedelta(microseconds=1))
        assert failures_before_attempt(state, end - timedelta(microseconds=1)) == MAX_FAILURES
        assert not is_locked(state, end)
        assert failures_before_attempt(state, end) == 0

    def test_after_the_cooldown_the_count_restarts_from_one(self):
        state = self._fail(MAX_FAILURES)
        again = after_failure(state, state.locked_until)
        assert again == ThrottleState(1, None)
        assert self._fail(MAX_FAILURES - 1, start=again, at=state.locked_until + timedelta(minutes=1)).locked_until \
            is not None  # 1 + 4 more failures lock again

    def test_a_failure_while_locked_keeps_the_username_locked(self):
        state = self._fail(MAX_FAILURES)
        during = after_failure(state, T0 + timedelta(minutes=1))
        assert is_locked(during, T0 + timedelta(minutes=1))

    def test_a_custom_limit_and_cooldown_are_honoured(self):
        state = after_failure(after_failure(ThrottleState(), T0, limit=2), T0, limit=2, cooldown=timedelta(minutes=1))
        assert state.locked_until == T0 + timedelta(minutes=1)
        assert failures_before_attempt(state, T0, limit=2) == 2


class TestPassword:
    """Passwords of 8–128 characters, not the username, at most 72 bytes for bcrypt."""

    @pytest.mark.parametrize("password", [
        "x1" * 4,                 # 8 characters: the minimum
        "a" * PASSWORD_MIN,
        "宜宾市人力资源社会保障局经办",  # 14 Chinese characters: 42 bytes
        "宜" * 24,                # 72 bytes exactly
        "correct horse battery",  # inner spaces are fine
    ])
    def test_a_good_password_passes(self, password):
        assert password_errors(password, "officer_a") == []

    @pytest.mark.parametrize("password, username, why", [
        # length in characters
        ("a" * (PASSWORD_MIN - 1), "officer_a", "8–128 characters"),
        ("", "officer_a", "8–128 characters"),
        ("a" * (PASSWORD_MAX + 1), "officer_a", "8–128 characters"),
        # the username, in any case or padding
        ("officer_a", "officer_a", "must not be the username"),
        ("OFFICER_A", "officer_a", "must not be the username"),
        ("Officer_A", " officer_a ", "must not be the username"),
        # bcrypt reads only 72 bytes: 73 must be refused, not silently truncated
        ("宜" * 24 + "x", "officer_a", f"over {BCRYPT_MAX_BYTES} bytes"),
        ("宜宾" * 12 + "a", "officer_a", f"over {BCRYPT_MAX_BYTES} bytes"),
        ("宜" * 25, "officer_a", f"over {BCRYPT_MAX_BYTES} bytes"),
        ("a" * PASSWORD_MAX, "officer_a", f"over {BCRYPT_MAX_BYTES} bytes"),  # 128 characters pass the length rule
        # the sign-in form strips what is typed, so such a password could never be used
        (" leading-space-1", "officer_a", "begin or end with a space"),
        ("trailing-space-1 ", "officer_a", "begin or end with a space"),
    ])
    def test_a_bad_password_is_refused_with_one_clear_reason(self, password, username, why):
        errors = password_errors(password, username)
        assert len(errors) == 1
        assert errors[0].field == "password"
        assert why in errors[0].reason_en and errors[0].reason_zh


KNOWN = {"511502", "511503"}


class TestUser:
    """A user record: lowercase username (the sign-in form lowercases), a role, a county for officers only."""

    def _errors(self, **changes):
        record = dict(username="officer_c", display_name="王芳", role="county_officer", county_code="511502")
        record.update(changes)
        return {e.field for e in user_errors(**record, known_counties=KNOWN, roles=ROLES)}

    @pytest.mark.parametrize("changes", [
        {},
        {"role": "viewer", "county_code": None},
        {"role": "city_admin", "county_code": None},
        {"username": "abc"},
        {"username": "a" * 32},
        {"username": "wang.fang-2_x"},
    ])
    def test_a_good_record_passes(self, changes):
        assert self._errors(**changes) == set()

    @pytest.mark.parametrize("changes, field", [
        ({"username": "ab"}, "username"),
        ({"username": "a" * 33}, "username"),
        ({"username": "Officer_C"}, "username"),  # the sign-in form would lowercase it: never matched
        ({"username": "王芳"}, "username"),
        ({"username": "officer c"}, "username"),
        ({"display_name": "  "}, "display_name"),
        ({"role": "superuser", "county_code": None}, "role"),
        ({"county_code": None}, "county_code"),        # an officer without a county
        ({"county_code": "999999"}, "county_code"),    # an officer of an unknown county
        ({"role": "viewer"}, "county_code"),           # a viewer with a county
        ({"role": "city_admin"}, "county_code"),
    ])
    def test_a_bad_record_names_the_offending_field(self, changes, field):
        assert self._errors(**changes) == {field}


class TestSessionStillValid:
    """A session ends when the user is deactivated, signs out, or has the password reset after sign-in."""

    @pytest.mark.parametrize("active, signed_in_at, valid_after, valid", [
        (True, T0, T0 - timedelta(hours=1), True),
        (True, T0, T0, True),                                  # issued at the very instant: still good
        (True, T0, T0 + timedelta(microseconds=1), False),     # signed out / reset just after sign-in
        (True, T0, T0 + timedelta(hours=1), False),
        (False, T0, T0 - timedelta(hours=1), False),           # deactivated
    ])
    def test_the_table(self, active, signed_in_at, valid_after, valid):
        assert session_still_valid(active=active, signed_in_at=signed_in_at, tokens_valid_after=valid_after) is valid
