"""R-8.11: versioned standards in the store, and which one is in force for a year."""
from sqlmodel import Session, select

from logic.standard import Standard, yibin_2014
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
    """The version in force in `year` (the latest start not after it); with no year, the newest in force."""
    rows = [r for r in list_standards(session) if r.in_force_from_year is not None]
    if year is not None:
        rows = [r for r in rows if r.in_force_from_year <= year]
    if not rows:
        return yibin_2014()
    row = max(rows, key=lambda r: (r.in_force_from_year, r.version))
    return Standard.from_dict(row.content)
