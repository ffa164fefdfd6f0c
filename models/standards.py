"""R-8.11: versioned standards in the store, and which one is in force for a year."""
from datetime import date

from sqlmodel import Session, select

from logic.authz import Actor, require
from logic.errors import FieldError, NotFound, ValidationFailed
from logic.standard import Standard, yibin_2014
from logic.standard_edit import validate_standard
from models.locking import bump, insert_new, load_for_edit
from models.tables import StandardVersion


def seed_yibin_2014(session: Session) -> StandardVersion:
    """Add the Yibin 2014 standard (version 1, in force from 2014) unless it is there already."""
    std = yibin_2014()
    found = session.exec(select(StandardVersion).where(
        StandardVersion.code == std.code, StandardVersion.version == std.version)).first()
    if found:
        return found
    row = StandardVersion(code=std.code, version=std.version, name=std.name,
                          in_force_from_year=2014, content=std.to_dict())
    session.add(row)
    session.flush()
    return row


def list_standards(session: Session) -> list[StandardVersion]:
    return list(session.exec(select(StandardVersion).order_by(StandardVersion.code, StandardVersion.version)))


def standard_in_force(session: Session, year: int | None = None) -> Standard:
    """The version in force in `year` (the latest start not after it); with no year, this year's. A version
    set in force from a later year waits for that year."""
    year = date.today().year if year is None else year
    rows = [r for r in list_standards(session) if r.in_force_from_year is not None and r.in_force_from_year <= year]
    if not rows:
        return yibin_2014()
    row = max(rows, key=lambda r: (r.in_force_from_year, r.version))
    return Standard.from_dict(row.content)


# --- the standards editor (R-8.11: the city bureau copies and adjusts a version) -------------------------

def get_version(session: Session, version_id: int) -> StandardVersion:
    row = session.get(StandardVersion, version_id)
    if row is None:
        raise NotFound(version_id)
    return row


def copy_version(*, session: Session, actor: Actor, version_id: int, name: str | None = None) -> StandardVersion:
    """A new draft version (not in force) of the same standard, with the contents of `version_id`."""
    require(actor, "administer")
    source = get_version(session, version_id)
    top = max(r.version for r in list_standards(session) if r.code == source.code)
    std = Standard.from_dict(source.content).with_version(top + 1, (name or "").strip() or source.name)
    _refuse(validate_standard(std))
    row = StandardVersion(code=std.code, version=std.version, name=std.name, in_force_from_year=None,
                          content=std.to_dict(), created_by=actor.username)
    # two copies made at once would both take number top + 1: the second is refused as stale, not a crash
    return insert_new(session, row, {"code": row.code, "version": row.version})


def save_version(*, session: Session, actor: Actor, version_id: int, standard: Standard,
                 expected_version: int) -> StandardVersion:
    """Save the edited contents of a draft opened at `expected_version` (its row_version). A version in force is
    never edited: past verdicts must stay explainable by the version they name; copy it instead."""
    require(actor, "administer")
    get_version(session, version_id)
    row = load_for_edit(session, StandardVersion, {"id": version_id}, expected_version)
    if row.in_force_from_year is not None:
        _refuse([FieldError("in_force_from_year", "已生效的版本不能修改,请复制为新版本后再调整",
                            "a version in force cannot be edited: copy it to a new version")])
    std = standard.with_version(row.version)
    std = Standard.from_dict({**std.to_dict(), "code": row.code})
    _refuse(validate_standard(std))
    row.name, row.content = std.name, std.to_dict()
    bump(row)
    session.add(row)
    session.flush()
    return row


def put_in_force(*, session: Session, actor: Actor, version_id: int, year: int | None,
                 expected_version: int) -> StandardVersion:
    """Judge platforms by this version from `year` on (None: take it out of force, back to a draft), if nobody
    changed it since it was shown at `expected_version` (its row_version)."""
    require(actor, "administer")
    get_version(session, version_id)
    row = load_for_edit(session, StandardVersion, {"id": version_id}, expected_version)
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 2014 <= year <= 2100):
        _refuse([FieldError("in_force_from_year", "生效年度应在 2014—2100 之间", "the year must be 2014–2100")])
    clash = [r for r in list_standards(session) if r.id != row.id and year is not None and r.in_force_from_year == year]
    if clash:
        _refuse([FieldError("in_force_from_year", f"{year} 年已有生效版本:{clash[0].name} v{clash[0].version}",
                            f"{clash[0].name} v{clash[0].version} is already in force from {year}")])
    if row.in_force_from_year != year:
        row.in_force_from_year = year
        bump(row)
    session.add(row)
    session.flush()
    return row


def _refuse(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationFailed(errors)
