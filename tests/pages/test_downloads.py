"""No formula cell in any download of any screen: this test walks them all.

The store is seeded with the demo register, and every text a user can set (platform names and sign texts,
people's names and certificate numbers, funding purposes and notes, display names, standard names, snapshot
notes, training topics, pilot projects, county names) is overwritten with hostile text: formulas, a formula
behind a control character, a tab, a carriage return, "#N/A". Then every download button of every screen each
role can open is clicked (the files are made on click, as on the server), every xlsx is opened with openpyxl and
every CSV split with the csv module, and no cell may be live."""
import csv
import io
import zipfile
from itertools import cycle

import pytest
from openpyxl import load_workbook
from streamlit.runtime.media_file_manager import MediaFileManager

from logic.import_kinds import KINDS
from logic.spreadsheet import FORMULA_CHARS
from models.db import read_session, write_session
from models.tables import Platform
from tests.pages.conftest import actor_for, open_page

HOSTILE = ["\x01=HYPERLINK(\"http://x\",\"y\")", "=1+1", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "#N/A",
           " =2+2", "＝3", "'=4"]
FREE_TEXT = {  # table: the columns whose text a user types (codes, choices and usernames are checked on entry)
    "platform": ("name", "sign_text"), "person": ("name", "certificate_no", "leave_reason"),
    "fundingline": ("note",), "user": ("display_name",), "standardversion": ("name",),
    "rankingsnapshot": ("note",), "training": ("topic",), "nationalpilot": ("project",), "county": ("name",),
}
NUMBER = __import__("re").compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def _poison(engine) -> None:
    """Every free-text cell gets a hostile text; the first rows get them as they are, later rows with a number
    after them (names that must stay distinct stay distinct)."""
    from sqlalchemy import select
    from sqlmodel import SQLModel
    with engine.begin() as conn:
        for name, columns in FREE_TEXT.items():
            table = SQLModel.metadata.tables[name]
            key = list(table.primary_key.columns)
            values = cycle(HOSTILE)
            for n, row in enumerate(conn.execute(select(*key).order_by(*key)).all()):
                value = next(values) + ("" if n < len(HOSTILE) else f" {n}")
                where = [column == part for column, part in zip(key, row, strict=True)]
                conn.execute(table.update().where(*where).values({c: value for c in columns}))


@pytest.fixture
def hostile_store(app_store):
    from logic.authz import SYSTEM, Actor
    from models.demo_setup import seed_demo_data
    from models.platforms import update_platform
    with write_session(app_store, SYSTEM) as session:
        seed_demo_data(session, scale=0.05)
    _poison(app_store)
    admin = Actor("admin", "city_admin")
    with write_session(app_store, admin) as session:  # and the audit trail holds a hostile change
        platform = session.exec(__import__("sqlmodel").select(Platform).order_by(Platform.id)).first()
        update_platform(session=session, actor=admin, code=platform.code, facts={"name": "=HYPERLINK(\"x\")街道"},
                        expected_version=platform.version)
    return app_store


@pytest.fixture
def downloads(monkeypatch):
    """Every deferred download registered during the test, by file id: (file name, the callable a click runs)."""
    kept: dict[str, tuple[str, object]] = {}
    original = MediaFileManager.add_deferred

    def keep(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = original(self, data_callable, mimetype, coordinates, file_name, **kwargs)
        kept[file_id] = (file_name, data_callable)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    return kept


def _click_all(at, downloads, files: dict[str, bytes], screen: str) -> None:
    assert not at.exception, at.exception
    for button in at.download_button:
        name, make = downloads[button.proto.deferred_file_id]
        data = make()
        files[f"{screen}|{name}"] = data if isinstance(data, bytes) else data.encode("utf-8")


def _walk(who: str, downloads, engine) -> dict[str, bytes]:
    from ui.nav import allowed_screens
    files: dict[str, bytes] = {}
    for screen in allowed_screens(actor_for(who)):
        at = open_page(who, screen.path)
        _click_all(at, downloads, files, screen.path)
        for step in MORE.get(screen.path, ()):  # what a screen shows only after a choice or an upload
            step(at, who, engine)
            _click_all(at, downloads, files, screen.path)
    return files


def _other_kinds(kind):
    def step(at, who, engine):
        at.radio(key="im_kind").set_value(kind).run()
    return step


def _upload_with_problems(at, who, engine):
    """A platforms file whose bad rows echo hostile cells back in the problems list (and its download)."""
    at.radio(key="im_kind").set_value("platforms").run()
    rows = ["平台编码,平台名称,层级,县(区)代码", *(f"X{i},\"{v}\",=bad,511502" for i, v in enumerate(["=1+1", "@SUM(A1)"]))]
    data = "\r\n".join(rows).encode("utf-8-sig")
    at.file_uploader(key="im_file").set_value(("bad.csv", data, "text/csv")).run()


def _a_platform_with_people(at, who, engine):
    from sqlmodel import select

    from models.people import Person
    own = actor_for(who).county_code
    with read_session(engine) as session:
        query = select(Person.county_code, Person.platform_code).where(Person.left_on.is_(None))
        if own:
            query = query.where(Person.county_code == own)
        county, platform = session.exec(query.order_by(Person.id)).first()
    if not own:  # an officer's county is fixed
        at.selectbox(key="ro_county").set_value(county).run()
    at.selectbox(key="ro_platform").set_value(platform).run()


def _copy_a_standard(at, who, engine):
    at.button(key="sd_copy").click().run()  # a draft: the verdict preview and its download show


MORE = {
    "pages/import.py": (*(_other_kinds(k) for k in list(KINDS)[1:]), _upload_with_problems),
    "pages/roster.py": (_a_platform_with_people,),
    "pages/standards.py": (_copy_a_standard,),
}


def _live_xlsx_cells(data: bytes) -> list[str]:
    live = []
    for sheet in load_workbook(io.BytesIO(data)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type in ("f", "e") or (
                        isinstance(cell.value, str) and cell.value.lstrip().startswith(FORMULA_CHARS)
                        and not cell.quotePrefix):
                    live.append(f"{sheet.title}!{cell.coordinate}={cell.value!r}")
    return live


def _live_csv_fields(data: bytes) -> list[str]:
    assert data.startswith(b"\xef\xbb\xbf")
    content = data.decode("utf-8-sig")
    assert "\r" not in content.replace("\r\n", "")  # records end CRLF; no bare CR to start a record mid-field
    return [field for row in csv.reader(io.StringIO(content, newline="")) for field in row
            if field.lstrip().startswith(FORMULA_CHARS) and not NUMBER.fullmatch(field)]


def _hostile_texts_seen(files: dict[str, bytes]) -> int:
    """How many cells hold one of the hostile texts (guarded): proof the walk met the poison."""
    needles = ("HYPERLINK", "=1+1", "@SUM(A1)", "＝3", "#N/A")
    return sum(data.decode("utf-8-sig", "replace").count(n) for name, data in files.items() if name.endswith(".csv")
               for n in needles)


@pytest.mark.parametrize("who", ["city_admin", "viewer", "own_officer"])
def test_no_download_of_any_screen_holds_a_live_formula(hostile_store, downloads, who):
    files = _walk(who, downloads, hostile_store)
    xlsx = {n: d for n, d in files.items() if n.endswith(".xlsx")}
    csvs = {n: d for n, d in files.items() if n.endswith(".csv")}
    assert sorted(xlsx) == sorted(n[:-4] + ".xlsx" for n in csvs)  # every table comes in both formats
    assert len(xlsx) >= (20 if who != "viewer" else 10), sorted(files)  # the walk found the screens' downloads
    assert all(zipfile.is_zipfile(io.BytesIO(d)) for d in xlsx.values())
    assert _hostile_texts_seen(files) >= 10, "the poisoned texts never reached a download"
    live = {name: cells for name, data in xlsx.items() if (cells := _live_xlsx_cells(data))}
    live |= {name: fields for name, data in csvs.items() if (fields := _live_csv_fields(data))}
    assert not live


def test_the_poison_is_in_the_store(hostile_store):
    """The walk above is only worth something if the store really holds the hostile texts."""
    with read_session(hostile_store) as session:
        names = set(session.exec(__import__("sqlmodel").select(Platform.name)))
    assert {"=1+1", "@SUM(A1)", "#N/A", "\r=1", "=HYPERLINK(\"x\")街道"} <= names
