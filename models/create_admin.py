"""Create the first city administrator of a new database: python -m models.create_admin USERNAME "Name".

There is no self-registration in the app, so a fresh PostgreSQL store needs one administrator made from a
shell by whoever runs the server; after that, administrators manage users on the Users screen.
"""
import getpass
import sys

from logic.authz import SYSTEM
from logic.errors import ValidationFailed
from models.db import database_url, make_engine, write_session
from models.migrate import upgrade
from models.seed import init_database
from models.users import create_user


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print('usage: python -m models.create_admin USERNAME "Display name"', file=sys.stderr)
        return 2
    password = getpass.getpass("Password: ")
    if password != getpass.getpass("Again: "):
        print("The passwords differ; nothing was created.", file=sys.stderr)
        return 1
    engine = make_engine(database_url())
    upgrade(engine)
    init_database(engine)
    try:
        with write_session(engine, SYSTEM) as session:
            create_user(session=session, actor=SYSTEM, username=argv[0], display_name=argv[1],
                        role="city_admin", county_code=None, password=password)
    except ValidationFailed as failure:
        for error in failure.errors:
            print(f"{error.field}: {error.reason_en}", file=sys.stderr)
        return 1
    print(f"City administrator {argv[0]} created.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
