"""No formula cell in any download of any screen: this test walks them all.

The store is seeded with the demo register, and every text a user can set (platform names and sign texts,
people's names and certificate numbers, funding purposes and notes, display names, standard names, snapshot
notes, training topics, pilot projects, county names) is overwritten with hostile text: formulas, a formula
behind a control character, a tab, a carriage return, "#N/A". Then every download button of every screen each
role can open is clicked (the files are made on click, as on the server), every xlsx is opened with openpyxl and
every CSV split with the csv module, and no cell may be live.

The walk also reads the source: every place in pages/ and ui/ that offers a download must have been reached by
some click, so that a download shown only after a choice (the roster's people list, the standards preview) is
not left out when a screen grows another one."""
import ast
import csv
import io
import sys
import zipfile
from itertools import cycle
from pathlib import Path

import pytest
from openpyxl import load_workbook
from streamlit.runtime.media_file_manager import MediaFileManager

from logic.import_kinds import KINDS
from logic.spreadsheet import FORMULA_CHARS
from models.db import read_session, write_session
from models.tables import Platform
from tests.pages.conftest import ROOT, actor_for, app_store_of, open_page, small_demo_build

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


def hostile_build(engine) -> None:
    """small_demo_build, every free-text cell poisoned, and a hostile change in the audit trail."""
    from logic.authz import Actor
    from models.platforms import update_platform
    small_demo_build(engine)
    _poison(engine)
    admin = Actor("admin", "city_admin")
    with write_session(engine, admin) as session:  # and the audit trail holds a hostile change
        platform = session.exec(__import__("sqlmodel").select(Platform).order_by(Platform.id)).first()
        update_platform(session=session, actor=admin, code=platform.code, facts={"name": "=HYPERLINK(\"x\")街道"},
                        expected_version=platform.version)


@pytest.fixture
def hostile_store(request, app_backend, tmp_path, monkeypatch):
    """hostile_build's store, built once per process and copied per test (app_store_of)."""
    yield from app_store_of("downloads_hostile", hostile_build, request, app_backend, tmp_path, monkeypatch)


def _offering_frames() -> set[tuple[str, int]]:
    """(file, line) of every frame of the app's own code (pages/, ui/, Home.py) on the stack now."""
    frames, frame = set(), sys._getframe(1)
    while frame is not None:
        path = Path(frame.f_code.co_filename)
        if path.is_relative_to(ROOT) and path.relative_to(ROOT).parts[0] in ("pages", "ui", "Home.py"):
            frames.add((path.relative_to(ROOT).as_posix(), frame.f_lineno))
        frame = frame.f_back
    return frames


@pytest.fixture
def downloads(monkeypatch):
    """Every deferred download registered during the test, by file id: (file name, the callable a click runs,
    the lines of the app's code that offered it)."""
    kept: dict[str, tuple[str, object, set]] = {}
    original = MediaFileManager.add_deferred

    def keep(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = original(self, data_callable, mimetype, coordinates, file_name, **kwargs)
        kept[file_id] = (file_name, data_callable, _offering_frames())
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    return kept


class Walk:
    """What the walk clicked: the files by screen and name, each button's key, and the code that offered it."""

    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.by_key: dict[str, str] = {}  # widget key -> the entry of `files` its click made
        self.shown: set[str] = set()  # every download widget key the AppTest trees showed
        self.offered_at: set[tuple[str, int]] = set()


def _click_all(at, downloads, walk: Walk, screen: str) -> None:
    assert not at.exception, at.exception
    for button in at.download_button:
        walk.shown.add(button.key)
        name, make, frames = downloads[button.proto.deferred_file_id]
        data = make()
        entry = f"{screen}|{name}"
        walk.files[entry] = data if isinstance(data, bytes) else data.encode("utf-8")
        walk.by_key[button.key] = entry
        walk.offered_at |= frames


def _walk(who: str, downloads, engine) -> Walk:
    from ui.nav import allowed_screens
    walk = Walk()
    for screen in allowed_screens(actor_for(who)):
        at = open_page(who, screen.path)
        _click_all(at, downloads, walk, screen.path)
        for step in MORE.get(screen.path, ()):  # what a screen shows only after a choice or an upload
            step(at, who, engine)
            _click_all(at, downloads, walk, screen.path)
    return walk


def download_offers() -> dict[tuple[str, int], int]:
    """(file, first line) -> last line of every call in pages/, ui/ and Home.py that offers a download:
    st.download_button, ui.export.download_buttons (whose own two buttons are not counted apart), or
    ui.paging.paged_table with an export."""
    offers = {}
    for path in sorted([ROOT / "Home.py", *(ROOT / "pages").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]):
        relative = path.relative_to(ROOT).as_posix()
        if relative == "ui/export.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                exported = name == "paged_table" and any(k.arg == "export_stem" for k in node.keywords)
                if name in ("download_button", "download_buttons") or exported:
                    offers[(relative, node.lineno)] = node.end_lineno
    return offers


def _never_clicked(walk: Walk) -> list[str]:
    """The download offers in the code that no click of the walk came from."""
    return [f"{path}:{first}" for (path, first), last in download_offers().items()
            if not any(p == path and first <= line <= last for p, line in walk.offered_at)]


def _other_kinds(kind):
    def step(at, who, engine):
        at.radio(key="im_kind").set_value(kind).run()
    return step


def _upload_with_problems(at, who, engine):
    """A platforms file whose bad rows echo hostile cells back in the problems list (and its download)."""
    at.radio(key="im_kind").set_value("platforms").run()
    rows = ["平台编码,平台名称,层级,县(区)代码", *(f"X{i},\"{v}\",@SUM(A1),511502" for i, v in enumerate(["=1+1", "@SUM(A1)"]))]
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
    at.text_input(key="ro_platform_search").input(platform).run()  # its street/township, wherever it is
    at.selectbox(key="ro_platform").set_value(platform).run()


def _copy_a_standard(at, who, engine):
    """A draft that asks for no sign wording and no minimum area: platforms the hostile sign texts failed now pass,
    so verdicts move and the preview of them (hostile platform and county names) and its download show."""
    at.button(key="sd_copy").click().run()
    signs = [box for box in at.text_input if box.key.endswith("_sign")]
    areas = [n for n in at.number_input if n.key.endswith("_area") and not n.key.endswith("demo_area")]
    assert signs and areas and not any(w.disabled for w in (*signs, *areas))
    for box in signs:
        box.set_value("")
    for area in areas:
        area.set_value(0.0)
    at.run()


def _a_frozen_snapshot(at, who, engine):
    """The assessment report is offered per frozen snapshot: an administrator freezes one through the screen
    (every confirmation ticked, a hostile note); the others' walks have none to offer."""
    if who != "city_admin":
        return
    for _ in range(3):  # each confirmation shows once the one before it is ticked
        for box in at.checkbox:
            if box.key and box.key.startswith("rk_freeze_") and not box.value:
                box.check()
        at.run()
    at.text_input(key="rk_freeze_note").input("=1+1").run()
    at.button(key="rk_freeze").click().run()


def _the_city_zip(at, who, engine):
    """The city's rectification lists are zipped on a click (with a progress bar); officers have no such button."""
    if any(b.key == "rc_make_zip" for b in at.button):
        at.button(key="rc_make_zip").click().run()


MORE = {
    "pages/year_end.py": (_the_city_zip,),
    "pages/ranking.py": (_a_frozen_snapshot,),
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


# downloads that only show after a step of MORE: each must be clicked, and hold hostile text to be worth it
AFTER_A_STEP = {"city_admin": ("ro_dl_people", "sd_preview_dl", "im_problems"), "viewer": ("ro_dl_people",),
                "own_officer": ("ro_dl_people", "im_problems")}


@pytest.mark.parametrize("who", ["city_admin", "viewer", "own_officer"])
def test_no_download_of_any_screen_holds_a_live_formula(hostile_store, downloads, who):
    walk = _walk(who, downloads, hostile_store)
    files = walk.files
    xlsx = {n: d for n, d in files.items() if n.endswith(".xlsx")}
    csvs = {n: d for n, d in files.items() if n.endswith(".csv")}
    assert sorted(xlsx) == sorted(n[:-4] + ".xlsx" for n in csvs)  # every table comes in both formats
    assert len(xlsx) >= (20 if who != "viewer" else 10), sorted(files)  # the walk found the screens' downloads
    assert walk.shown == set(walk.by_key)  # every download widget a screen showed was clicked and kept
    for key in AFTER_A_STEP[who]:
        made = {walk.by_key.get(f"{key}_{fmt}") for fmt in ("xlsx", "csv")}
        assert None not in made, f"the walk never showed {key}: {sorted(walk.shown)}"
        assert _hostile_texts_seen({n: files[n] for n in made}) >= 1, f"{key}'s files hold no hostile text"
    assert all(zipfile.is_zipfile(io.BytesIO(d)) for d in xlsx.values())
    assert _hostile_texts_seen(files) >= 10, "the poisoned texts never reached a download"
    live = {name: cells for name, data in xlsx.items() if (cells := _live_xlsx_cells(data))}
    live |= {name: fields for name, data in csvs.items() if (fields := _live_csv_fields(data))}
    assert not live
    if who == "city_admin":  # who may open every screen: every download the code offers was clicked
        assert not _never_clicked(walk), ("downloads no step of the walk shows (add one to MORE): "
                                          f"{_never_clicked(walk)}")
        # and every workbook is laid out for reading (checked on this walk's files: a second walk of every
        # screen just for the layout cost as much as this one)
        bad = _badly_laid_out(xlsx)
        assert not bad, "\n".join(f"{name}: {found}" for name, found in bad.items())


def test_the_source_scan_finds_the_downloads_it_must_watch():
    """The offers the walk must reach are found in the code (a scan that found none would pass anything)."""
    offers = {path for path, _ in download_offers()}
    assert {"ui/views/roster_list.py", "ui/views/standards_editor.py", "ui/views/import_view.py",
            "ui/paging.py"} <= offers
    assert len(download_offers()) >= 15


def test_an_offer_no_click_came_from_is_named():
    walk = Walk()
    walk.offered_at = {(path, line) for path, line in download_offers() if path != "ui/views/standards_editor.py"}
    (missed,) = _never_clicked(walk)
    assert missed.startswith("ui/views/standards_editor.py:")


def test_the_poison_is_in_the_store(hostile_store):
    """The walk above is only worth something if the store really holds the hostile texts."""
    with read_session(hostile_store) as session:
        names = set(session.exec(__import__("sqlmodel").select(Platform.name)))
    assert {"=1+1", "@SUM(A1)", "#N/A", "\r=1", "=HYPERLINK(\"x\")街道"} <= names


TEXT_THAT_IS_A_VALUE = __import__("re").compile(  # a date, a time or an amount written as text
    r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?|-?\d{1,3}(,\d{3})*\.\d{2}|TRUE|FALSE")


def _unreadable(name: str, data: bytes) -> list[str]:
    """What makes a workbook hard to read: no frozen bold header, a column without a width, no note of what and
    when naming the table (the import templates excepted: they are blank forms), a yes/no, date or amount that is
    not a value."""
    book = load_workbook(io.BytesIO(data))
    sheet, found = book.worksheets[0], []
    if sheet.freeze_panes not in ("A2", "A3") or not all(c.font.b for c in sheet[1]):
        found.append("header not frozen and bold")
    used = {c.column_letter for c in sheet[1] if c.value is not None}
    if missing := sorted(col for col in used if not sheet.column_dimensions[col].width):
        found.append(f"no width for {missing}")
    if "|template_" not in name and ("说明" not in book.sheetnames or book["说明"]["B1"].value == "表格导出"):
        found.append("no 说明 sheet naming the table")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "b" or (isinstance(cell.value, str) and TEXT_THAT_IS_A_VALUE.fullmatch(cell.value)):
                found.append(f"{cell.coordinate}={cell.value!r}")
    return found[:3]


def _badly_laid_out(xlsx: dict[str, bytes]) -> dict[str, list[str]]:
    """Bold frozen header, widths, a note sheet, and values as values (是/否, date cells, amounts as numbers) in
    every xlsx every screen offers an administrator: what each workbook that falls short lacks."""
    return {n: found for n, d in xlsx.items() if (found := _unreadable(n, d))}


def test_the_layout_check_sees_a_workbook_not_laid_out_for_reading():
    """The layout check run on the administrator's walk above finds each fault (a check that found none would
    pass anything)."""
    from openpyxl import Workbook
    book = Workbook()
    book.active.append(["日期", "金额", "是否"])
    book.active.append(["2026-01-02", "1,234.50", True])
    data = io.BytesIO()
    book.save(data)
    found = _badly_laid_out({"x|plain.xlsx": data.getvalue()})["x|plain.xlsx"]
    assert found == ["header not frozen and bold", "no 说明 sheet naming the table", "A2='2026-01-02'"]
