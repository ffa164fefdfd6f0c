"""Hostile text for the stored-text tests (stored text must show as text, never as markup): markdown an attacker
might type into any free-text field, put into every such column of a store, for the AppTest walk and the browser
test to open every screen on."""
from sqlalchemy import update

from logic.authz import SYSTEM, Actor
from models.assessment import NationalPilot, freeze
from models.db import write_session
from models.funding import FundingLine
from models.people import Person, Training
from models.standards import copy_version, list_standards, put_in_force
from models.tables import County, Platform
from models.users import User

EVIL_HOST = "e.test"  # reserved for testing (RFC 2606): a fetch of it can only be the bug under test
EVIL = f"http://{EVIL_HOST}/p.png"
# one of each: an image, a link, LaTeX, a colour directive, an emoji shortcode, a material icon, a bare www
# address; SHORT (an image, LaTeX, an emoji) for the columns of 50 characters
HOSTILE = f"![i]({EVIL})[a]({EVIL})$x$:red[r]:smile::material/home: www.{EVIL_HOST}"
SHORT = f"![i]({EVIL})$x$:smile:"
RAW_PIECES = ("![i](", "[a](", "$x$", ":red[", ":smile:", ":material/home:")


def make_hostile(engine, *, seed_scale: float | None = 0.05) -> None:
    """Hostile text in every free-text column of `engine`'s store (seeding a small demo register first unless
    `seed_scale` is None); unique names keep their own code first, so they stay unique."""
    if seed_scale is not None:
        from models.demo_setup import seed_demo_data
        with write_session(engine, SYSTEM) as session:
            seed_demo_data(session, scale=seed_scale)
    admin = Actor("admin", "city_admin")
    with write_session(engine, admin) as session:
        freeze(session=session, actor=admin, year=2024, payload={"year": 2024, "counties": []}, note=HOSTILE)
        copy = copy_version(session=session, actor=admin, version_id=list_standards(session)[0].id, name=HOSTILE)
        put_in_force(session=session, actor=admin, version_id=copy.id, year=2015,
                     expected_version=copy.row_version)  # its name on every verdict
    with engine.begin() as conn:  # straight to the columns: what any path that stores text could leave there
        conn.execute(update(County).values(name=County.code.concat(SHORT), name_en=County.code.concat(SHORT)))
        conn.execute(update(Platform).values(name=Platform.code.concat(SHORT), sign_text=HOSTILE))
        conn.execute(update(User).values(display_name=HOSTILE))
        conn.execute(update(Person).values(name=SHORT, post=SHORT, leave_reason=HOSTILE))
        conn.execute(update(Training).values(topic=HOSTILE))
        conn.execute(update(FundingLine).values(note=HOSTILE))
        conn.execute(update(NationalPilot).values(project=HOSTILE))
