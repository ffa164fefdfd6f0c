"""Table models. Their input fields and limits are declared once in logic.records, which they inherit.

Sets of codes are kept as JSON lists (sorted) so one row is one platform, as the officers think of it.
Every editable table carries `version` for optimistic locking (no lost updates) and is audited.
"""
import copy
from datetime import UTC, datetime
from functools import cache

from sqlalchemy import JSON, BigInteger, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from logic.records import CountyBase, PlatformBase, StandardVersionBase


def utc_now() -> datetime:
    return datetime.now(UTC)


@cache
def _defaults(model: type) -> tuple:
    """(field, default, factory) of each optional field of `model`, read once: pydantic's per-row default lookup
    is half the cost of building a row, which shows in a 5,000-row import."""
    fields = model.model_fields.items()
    return tuple((name, f.default, f.default_factory) for name, f in fields if not f.is_required())


def new_values(model: type, values: dict) -> dict:
    """The fields of a new row of `model`: `values`, and the model's defaults for the fields left out (as
    `model(**values)` fills them, a factory called and a mutable default copied for each row). One builder for a
    form's save (`model(**new_values(...))`) and an import's bulk insert (models.audit.insert_audited), so both store the same row."""
    filled = {name: factory() if factory else copy.copy(default)
              for name, default, factory in _defaults(model) if name not in values}
    return {**filled, **values}


class County(CountyBase, table=True):
    """R-ORG-2: a county, district or the 临港开发区 management committee (fields: logic.records.CountyBase)."""

    __audit_key__ = "code"
    __audit_county__ = "code"
    version: int = 1


class Platform(PlatformBase, table=True):
    """One service platform (its facts and their limits: logic.records.PlatformBase)."""

    __audit_key__ = "code"
    id: int | None = Field(default=None, primary_key=True)
    version: int = 1
    updated_at: datetime = Field(default_factory=utc_now)
    updated_by: str = Field(default="system", max_length=64)


class StandardVersion(StandardVersionBase, table=True):
    """R-8.11: one version of an eight-haves standard, its contents as JSON (see logic.standard)."""

    __table_args__ = (UniqueConstraint("code", "version"),)
    __audit_key__ = "id"
    __version_field__ = "row_version"  # `version` is the standard's own number; this one counts edits
    id: int | None = Field(default=None, primary_key=True)
    content: dict = Field(sa_column=Column(JSON, nullable=False))
    row_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    created_at: datetime = Field(default_factory=utc_now)
    created_by: str = Field(default="system", max_length=64)


class AuditLog(SQLModel, table=True):
    """One row per create, update or delete, written in the same transaction as the change."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utc_now, index=True)
    actor: str = Field(index=True, max_length=64)
    action: str = Field(max_length=10)  # create | update | delete
    entity: str = Field(index=True, max_length=40)
    entity_key: str = Field(max_length=100)
    county_code: str | None = Field(default=None, index=True, max_length=16)
    before: dict | None = Field(default=None, sa_column=Column(JSON))
    after: dict | None = Field(default=None, sa_column=Column(JSON))
    # the store's change sequence number of the write this row belongs to, stamped at its commit (models.revision)
    sequence: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True, index=True))
