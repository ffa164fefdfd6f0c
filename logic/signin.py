"""Sign-in rules that need no framework: the cookie key's strength, the failed-sign-in throttle,
password rules, and when a signed-in session must end (R-NET-2).

The throttle counts a try before its password is checked (models.signin keeps the counters and serialises
the tries of one counter), so parallel guesses cannot all read the old count: per client first, then per
account, with the same answer whether or not the account exists.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta
from ipaddress import ip_address, ip_network

from logic.errors import FieldError

MIN_KEY_BYTES = 32
KNOWN_DEFAULT_KEYS = {"some_key", "some_signature_key", "abcdef", "random_signature_key", "changeme", "secret"}
COOKIE_EXPIRY_DAYS = 0.5  # at most a day; half a working day keeps a stolen cookie short-lived
PASSWORD_MIN, PASSWORD_MAX, BCRYPT_MAX_BYTES = 8, 128, 72


def cookie_key_problem(key: str | None) -> tuple[str, str] | None:
    """Why this key may not sign cookies (zh, en), or None when it will do."""
    if not key:
        return ("未设置", "is not set")
    if key.strip().lower() in KNOWN_DEFAULT_KEYS:
        return ("是公开的默认值", "is a well-known default")
    if len(key.encode("utf-8")) < MIN_KEY_BYTES:
        return (f"太短(不足 {MIN_KEY_BYTES} 字节)", f"is shorter than {MIN_KEY_BYTES} bytes")
    if len(set(key)) < 12:
        return ("过于简单,不像随机生成的", "is too repetitive to be random")
    return None


@dataclass(frozen=True)
class Rule:
    """How many tries a counter allows before it waits, and how the wait grows."""
    limit: int               # tries checked before the counter waits (the limit-th is still checked)
    forget_after: timedelta  # a counter with no try for this long starts afresh
    first_wait: timedelta    # the wait after the limit-th try
    max_wait: timedelta      # each try after a wait doubles the wait, up to this


# Per client (one browser's address) first: 5 tries per 15 minutes is what R-NET-2's "5 attempts, then wait"
# always meant for a person at a keyboard, and a stranger's guesses stop here without touching any account.
CLIENT = Rule(limit=5, forget_after=timedelta(minutes=15), first_wait=timedelta(minutes=15),
              max_wait=timedelta(minutes=15))
# Per account, from all clients together: only a guesser with many addresses gets this far. 20 failures with no
# success between them is four clients' worth; then one try per wait, the wait doubling from 15 minutes to at
# most 4 hours, so the admin is shut out for minutes, not days, while a distributed guesser gets ~6 tries a day.
ACCOUNT = Rule(limit=20, forget_after=timedelta(hours=24), first_wait=timedelta(minutes=15),
               max_wait=timedelta(hours=4))


@dataclass(frozen=True)
class Counter:
    """One throttle counter as the store holds it (per client or per account)."""
    failures: int = 0
    last_try_at: datetime | None = None
    locked_until: datetime | None = None


@dataclass(frozen=True)
class Verdict:
    allowed: bool                    # may this try's password be checked?
    counter: Counter                 # the counter to store
    wait_until: datetime | None = None


def reserve(rule: Rule, counter: Counter, now: datetime) -> Verdict:
    """Count a try before its password is checked: refused while the counter waits (and not counted, so a
    stranger hammering a waiting account does not lengthen the wait); the limit-th try and every try after a
    wait start a wait of their own, undone by a success."""
    if counter.locked_until is not None and now < counter.locked_until:
        return Verdict(False, counter, counter.locked_until)
    if _forgotten(rule, counter, now):
        counter = Counter()
    failures = counter.failures + 1
    locked_until = now + wait_after(rule, failures) if failures >= rule.limit else None
    return Verdict(True, Counter(failures, now, locked_until))


def _forgotten(rule: Rule, counter: Counter, now: datetime) -> bool:
    return counter.last_try_at is None or now - counter.last_try_at >= rule.forget_after + _lock_left(counter)


def _lock_left(counter: Counter) -> timedelta:
    """A counter is not forgotten while waiting: its quiet time starts when the wait ends."""
    if counter.locked_until is None or counter.last_try_at is None:
        return timedelta(0)
    return max(counter.locked_until - counter.last_try_at, timedelta(0))


def wait_after(rule: Rule, failures: int) -> timedelta:
    """The wait after the failures-th try (failures >= limit): first_wait, doubling each try, capped."""
    doublings = min(failures - rule.limit, 32)
    return min(rule.first_wait * (2 ** doublings), rule.max_wait)


def refund(counter: Counter) -> Counter:
    """A client's try that turned out right is not a failure: given back, and the wait it started undone."""
    return Counter(max(counter.failures - 1, 0), counter.last_try_at, None)


def client_address(peer: str | None, real_ip: str | None, trusted: list) -> str:
    """Who the client is: the connection's peer, or the proxy's X-Real-IP when the peer is a trusted proxy.
    Streamlit reports a loopback peer as None. A header from anyone else is ignored: it could be forged."""
    peer_ip = _ip(peer) or ip_address("127.0.0.1")
    claimed = _ip(real_ip)
    if claimed is not None and any(peer_ip in net for net in trusted):
        return str(claimed)
    return str(peer_ip)


def trusted_networks(setting: str | None) -> list:
    """GSP_TRUSTED_PROXIES: addresses or networks, comma separated (e.g. "127.0.0.1,10.0.0.0/24")."""
    return [ip_network(part.strip(), strict=False) for part in (setting or "").split(",") if part.strip()]


def _ip(text: str | None):
    try:
        return ip_address((text or "").strip())
    except ValueError:
        return None


def session_still_valid(*, active: bool, signed_in_at: datetime, tokens_valid_after: datetime) -> bool:
    """A session ends when the user is deactivated, or signed out / had the password reset since."""
    return active and signed_in_at >= tokens_valid_after


def password_errors(password: str, username: str) -> list[FieldError]:
    if len(password) < PASSWORD_MIN or len(password) > PASSWORD_MAX:
        return [FieldError("password", f"密码长度应为 {PASSWORD_MIN}–{PASSWORD_MAX} 个字符",
                           f"the password must be {PASSWORD_MIN}–{PASSWORD_MAX} characters")]
    if password != password.strip():  # the sign-in form strips what is typed: this one could never sign in
        return [FieldError("password", "密码首尾不能有空格", "the password must not begin or end with a space")]
    if password.strip().lower() == username.strip().lower():
        return [FieldError("password", "密码不能与用户名相同", "the password must not be the username")]
    if len(password.encode("utf-8")) > BCRYPT_MAX_BYTES:
        return [FieldError("password", f"密码编码后超过 {BCRYPT_MAX_BYTES} 字节(中文每字约 3 字节),请缩短",
                           f"the password is over {BCRYPT_MAX_BYTES} bytes when encoded (a Chinese character "
                           "takes 3): make it shorter")]
    return []


USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")


def user_errors(*, username: str, display_name: str, role: str, county_code: str | None,
                known_counties: set[str], roles: tuple[str, ...]) -> list[FieldError]:
    """A user's record: a lowercase username (the sign-in widget lowercases), a role, a county for officers."""
    errors = []
    if not (3 <= len(username) <= 32) or set(username) - USERNAME_CHARS:
        errors.append(FieldError("username", "用户名应为 3–32 位小写字母、数字或 . _ -",
                                 "the username must be 3–32 lowercase letters, digits or . _ -"))
    if not display_name.strip():
        errors.append(FieldError("display_name", "姓名不能为空", "the display name is required"))
    if role not in roles:
        errors.append(FieldError("role", f"未知角色:{role}", f"unknown role: {role}"))
    if role == "county_officer" and county_code not in known_counties:
        errors.append(FieldError("county_code", "县(区)经办人员必须指定所属县(区)",
                                 "a county officer needs their county"))
    if role != "county_officer" and county_code:
        errors.append(FieldError("county_code", "只有县(区)经办人员属于某个县(区)",
                                 "only a county officer belongs to a county"))
    return errors
