"""R-NET-2 "在安全认证体系下开展各项业务经办": the sign-in rules of logic.signin, without a framework or a store.

The cookie key, the failed-sign-in throttle, the password and user rules, and when a session must end.
"""
from datetime import UTC, datetime, timedelta

import pytest

from logic.authz import ROLES
from logic.signin import (
    ACCOUNT,
    BCRYPT_MAX_BYTES,
    CLIENT,
    MIN_KEY_BYTES,
    PASSWORD_MAX,
    PASSWORD_MIN,
    Counter,
    client_address,
    cookie_key_problem,
    password_errors,
    refund,
    reserve,
    session_still_valid,
    trusted_networks,
    user_errors,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
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


class TestClientThrottle:
    """Per client first: 5 tries per 15 minutes, then one try per 15 minutes."""

    def _tries(self, n: int, *, rule=CLIENT, start: Counter = Counter(), at=T0, step=timedelta(seconds=1)):
        counter, verdicts = start, []
        for i in range(n):
            verdict = reserve(rule, counter, at + i * step)
            verdicts.append(verdict)
            counter = verdict.counter
        return verdicts

    @pytest.mark.parametrize("tries, checked", [(4, 4), (5, 5), (6, 5), (16, 5)])
    def test_of_n_quick_tries_at_most_five_are_checked(self, tries, checked):
        assert sum(v.allowed for v in self._tries(tries)) == checked

    def test_the_fifth_try_is_checked_and_starts_a_15_minute_wait(self):
        fourth, fifth = self._tries(5)[3:]
        assert fourth.counter.locked_until is None
        assert fifth.allowed and fifth.counter.locked_until == T0 + 4 * timedelta(seconds=1) + CLIENT.first_wait

    def test_a_refused_try_says_until_when_and_is_not_counted(self):
        *_, fifth, sixth = self._tries(6)
        assert not sixth.allowed and sixth.wait_until == fifth.counter.locked_until
        assert sixth.counter == fifth.counter

    def test_after_the_wait_one_more_try_is_checked_and_starts_another_wait(self):
        fifth = self._tries(5)[-1].counter
        end = fifth.locked_until
        assert not reserve(CLIENT, fifth, end - timedelta(microseconds=1)).allowed
        sixth = reserve(CLIENT, fifth, end)
        assert sixth.allowed and sixth.counter.failures == 6 and sixth.counter.locked_until == end + CLIENT.max_wait
        assert not reserve(CLIENT, sixth.counter, end + timedelta(seconds=1)).allowed

    def test_15_quiet_minutes_after_the_wait_forget_the_count(self):
        fifth = self._tries(5)[-1].counter
        quiet_from = fifth.locked_until
        assert reserve(CLIENT, fifth, quiet_from + CLIENT.forget_after - timedelta(seconds=1)).counter.failures == 6
        assert reserve(CLIENT, fifth, quiet_from + CLIENT.forget_after).counter.failures == 1

    def test_a_right_password_gives_its_try_back_and_undoes_the_wait_it_started(self):
        fifth = self._tries(5)[-1].counter
        assert refund(fifth) == Counter(4, fifth.last_try_at, None)
        assert refund(Counter()) == Counter(0, None, None)


class TestAccountThrottle:
    """Per account, from all clients: 20 failures, then one try per wait, 15 minutes doubling to 4 hours."""

    def test_twenty_failures_are_checked_before_the_account_waits(self):
        counter = Counter()
        for i in range(ACCOUNT.limit):
            verdict = reserve(ACCOUNT, counter, T0 + timedelta(minutes=i))
            assert verdict.allowed
            counter = verdict.counter
        assert counter.failures == 20 and counter.locked_until == T0 + timedelta(minutes=19, seconds=0) + ACCOUNT.first_wait
        assert not reserve(ACCOUNT, counter, counter.locked_until - timedelta(seconds=1)).allowed

    @pytest.mark.parametrize("failures, wait", [
        (19, None), (20, timedelta(minutes=15)), (21, timedelta(minutes=30)), (22, timedelta(hours=1)),
        (23, timedelta(hours=2)), (24, timedelta(hours=4)), (25, timedelta(hours=4)), (10_000, timedelta(hours=4)),
    ])
    def test_the_wait_doubles_from_15_minutes_and_stops_at_4_hours(self, failures, wait):
        before = Counter(failures - 1, T0 - timedelta(hours=5), None)
        assert reserve(ACCOUNT, before, T0).counter.locked_until == (T0 + wait if wait else None)

    def test_a_day_without_a_try_after_the_wait_forgets_the_failures(self):
        waiting = Counter(24, T0, T0 + timedelta(hours=4))
        assert reserve(ACCOUNT, waiting, T0 + timedelta(hours=28) - timedelta(seconds=1)).counter.failures == 25
        assert reserve(ACCOUNT, waiting, T0 + timedelta(hours=28)).counter.failures == 1

    def test_a_stranger_needs_four_addresses_to_make_the_admin_wait(self):
        assert ACCOUNT.limit >= 4 * CLIENT.limit and ACCOUNT.max_wait <= timedelta(hours=4)


class TestClientAddress:
    """The client is the connection's peer; X-Real-IP only when the peer is a trusted proxy (deploy/nginx)."""

    @pytest.mark.parametrize("peer, real_ip, setting, client", [
        ("203.0.113.7", None, "", "203.0.113.7"),
        ("203.0.113.7", "10.9.9.9", "", "203.0.113.7"),                 # a forged header from a stranger
        (None, "198.51.100.4", "127.0.0.1", "198.51.100.4"),             # nginx on the same host (peer loopback)
        (None, "198.51.100.4", "", "127.0.0.1"),                         # no proxy trusted: the header is ignored
        ("10.0.0.5", "198.51.100.4", "10.0.0.0/24, 127.0.0.1", "198.51.100.4"),
        ("10.0.1.5", "198.51.100.4", "10.0.0.0/24", "10.0.1.5"),
        (None, "not an address", "127.0.0.1", "127.0.0.1"),
        ("2001:db8::1", None, "", "2001:db8::1"),
    ])
    def test_who_the_client_is(self, peer, real_ip, setting, client):
        assert client_address(peer, real_ip, trusted_networks(setting)) == client


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
