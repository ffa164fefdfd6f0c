"""Users and the sign-in throttle, kept in the store (R-NET-2)."""
from datetime import datetime

from sqlmodel import Field, SQLModel

from models.tables import utc_now


class User(SQLModel, table=True):
    __audit_key__ = "username"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(index=True, unique=True, max_length=64)
    display_name: str = Field(max_length=100)
    password_hash: str = Field(max_length=100)
    role: str = Field(max_length=20)
    county_code: str | None = Field(default=None, foreign_key="county.code", max_length=16)
    active: bool = True
    # A cookie issued before this time no longer signs in (sign-out, password change, deactivation).
    tokens_valid_after: datetime = Field(default_factory=utc_now)
    version: int = 1
    created_at: datetime = Field(default_factory=utc_now)


class LoginThrottle(SQLModel, table=True):
    """Failed sign-ins per username, persisted so a restart does not reset the count."""

    __audit_key__ = "username"
    username: str = Field(primary_key=True, max_length=64)
    failures: int = 0
    locked_until: datetime | None = None
    last_failure_at: datetime | None = None
