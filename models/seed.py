"""Reference data every database needs: Yibin's units (R-ORG-2) and the Yibin 2014 standard."""
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from logic.authz import SYSTEM
from models.db import create_schema, write_session
from models.standards import seed_yibin_2014
from models.tables import County

# R-ORG-2: the ten counties/districts and the 临港开发区 management committee addressed by the text.
YIBIN_UNITS = (
    ("511502", "翠屏区", "Cuiping District"),
    ("511503", "南溪区", "Nanxi District"),
    ("511504", "叙州区(原宜宾县)", "Xuzhou District (formerly Yibin County)"),
    ("511523", "江安县", "Jiang'an County"),
    ("511524", "长宁县", "Changning County"),
    ("511525", "高县", "Gao County"),
    ("511526", "珙县", "Gong County"),
    ("511527", "筠连县", "Junlian County"),
    ("511528", "兴文县", "Xingwen County"),
    ("511529", "屏山县", "Pingshan County"),
    ("511599", "临港开发区", "Lingang Economic Development Zone"),
)


def seed_reference(session: Session) -> None:
    have = set(session.exec(select(County.code)))
    for order, (code, name, name_en) in enumerate(YIBIN_UNITS):
        if code not in have:
            session.add(County(code=code, name=name, name_en=name_en, sort_order=order))
    seed_yibin_2014(session)


def init_database(engine: Engine) -> None:
    """Create the tables and the reference rows; safe to call on every start."""
    create_schema(engine)
    with write_session(engine, SYSTEM) as session:
        seed_reference(session)
