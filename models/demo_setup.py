"""The demo database: generated platforms and the demo users, only ever in the demo SQLite file."""
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from logic.authz import SYSTEM
from models.db import read_session, write_session
from models.tables import Platform
from models.users import create_user, get_user

# Listed in the README. They exist only in the demo database (models.db.DEMO_DB_PATH).
DEMO_USERS = (
    ("admin", "市局管理员(演示)", "city_admin", None, "demo-admin-2014"),
    ("cuiping", "翠屏区经办人(演示)", "county_officer", "511502", "demo-cuiping-2014"),
    ("nanxi", "南溪区经办人(演示)", "county_officer", "511503", "demo-nanxi-2014"),
    ("viewer", "督查室只读用户(演示)", "viewer", None, "demo-viewer-2014"),
)


def seed_demo_data(session: Session, *, scale: float = 1.0) -> None:
    """Every generated part of the demo, in the order they build on each other."""
    from models.demo import seed_demo
    from models.demo_assessment import seed_demo_assessment
    from models.demo_funding import seed_demo_funding
    from models.demo_history import seed_demo_history
    from models.demo_people import seed_demo_people
    seed_demo(session, scale=scale)
    seed_demo_people(session)  # rosters, trainings and reviews for the R-PERS lists
    seed_demo_funding(session)  # funding ledger, pay benchmark and pay records (R-FUND)
    seed_demo_assessment(session)  # work-performance scores and pilots (R-ASSESS, R-TGT-4)
    seed_demo_history(session)  # when each platform was entered and brought up to today (past years)


def ensure_demo(engine: Engine) -> None:
    with read_session(engine) as session:
        has_platforms = session.exec(select(Platform.id).limit(1)).first() is not None
    if not has_platforms:
        with write_session(engine, SYSTEM) as session:
            seed_demo_data(session)
    with write_session(engine, SYSTEM) as session:
        for username, name, role, county, password in DEMO_USERS:
            if get_user(session, username) is None:
                create_user(session=session, actor=SYSTEM, username=username, display_name=name,
                            role=role, county_code=county, password=password)
