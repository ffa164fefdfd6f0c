"""Sign-in rules that need no framework: the cookie key's strength, the failed-sign-in throttle,
password rules, and when a signed-in session must end (R-NET-2)."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from logic.errors import FieldError

MIN_KEY_BYTES = 32
KNOWN_DEFAULT_KEYS = {"some_key", "some_signature_key", "abcdef", "random_signature_key", "changeme", "secret"}
MAX_FAILURES = 5
COOLDOWN = timedelta(minutes=15)
COOKIE_EXPIRY_DAYS = 0.5  # at most a day (issue 3); half a working day keeps a stolen cookie short-lived
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
class ThrottleState:
    failures: int = 0
    locked_until: datetime | None = None


def is_locked(state: ThrottleState, now: datetime) -> bool:
    return state.locked_until is not None and now < state.locked_until


def after_failure(state: ThrottleState, now: datetime, *, limit: int = MAX_FAILURES,
                  cooldown: timedelta = COOLDOWN) -> ThrottleState:
    """One more failure; the limit-th locks the username for the cooldown."""
    failures = 0 if _expired(state, now) else state.failures
    failures += 1
    if failures >= limit:
        return ThrottleState(failures, now + cooldown)
    return ThrottleState(failures, None)


def _expired(state: ThrottleState, now: datetime) -> bool:
    """A lock whose cooldown has passed starts the count afresh."""
    return state.locked_until is not None and now >= state.locked_until


def failures_before_attempt(state: ThrottleState, now: datetime, *, limit: int = MAX_FAILURES) -> int:
    """The count to hand the sign-in widget: the limit while locked, else the live count."""
    if is_locked(state, now):
        return limit
    return 0 if _expired(state, now) else state.failures


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
