"""County look-ups for screens (R-ORG-2)."""
from sqlmodel import Session, select

from models.tables import County


def get_county(session: Session, code: str) -> County | None:
    return session.get(County, code)


def county_names(session: Session) -> dict[str, tuple[str, str]]:
    """code -> (Chinese name, English name), in the bureau's order."""
    rows = session.exec(select(County).order_by(County.sort_order, County.code))
    return {c.code: (c.name, c.name_en) for c in rows}
