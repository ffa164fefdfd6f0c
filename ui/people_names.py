"""Who last changed a record, as the people using the app know them: a display name with the username (the
seeding and migrations as 系统), never a bare login name or `system` on a screen."""
import pandas as pd

from models.db import read_session
from models.users import list_users
from ui.audit_words import Names, person
from ui.data import per_revision
from ui.i18n import lang
from ui.store import engine


@per_revision(2)
def display_names() -> dict[str, str]:
    """Username -> display name of every user (a small table, read once per store revision)."""
    with read_session(engine()) as session:
        return {user.username: user.display_name for user in list_users(session)}


def who(username: str | None) -> str:
    return person(username, Names({}, display_names(), lang()))


def who_column(usernames: pd.Series) -> list[str]:
    """A column of usernames as people, each distinct username worded once."""
    names = Names({}, display_names(), lang())
    worded = {u: person(u, names) for u in usernames.dropna().unique()}
    return [worded.get(u, "") if isinstance(u, str) else "" for u in usernames]
