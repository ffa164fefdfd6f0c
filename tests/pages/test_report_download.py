"""Issue 18: the annual assessment report (通报) of a frozen snapshot, downloaded from the ranking screen by every
role that opens it, opened with python-docx and compared figure by figure with the snapshot (R-ASSESS-1, 2) and
the year's register (R-TGT-1)."""
import io
import re

import pytest
from docx import Document
from sqlmodel import select

from logic.authz import SYSTEM
from models.counties import county_names
from models.db import read_session, write_session
from models.tables import Platform
from tests.pages.conftest import open_page
from tests.pages.test_ranking_page import assessed  # noqa: F401 - the ranking's fixture: a tie, unranked counties

PAGE = "pages/ranking.py"




def _freeze(at):
    """Freeze as an administrator does: tick every confirmation the screen asks for, then the button."""
    for _ in range(3):  # each confirmation shows once the one before it is ticked
        for box in at.checkbox:
            if box.key and box.key.startswith("rk_freeze_") and not box.value:
                box.check()
        at.run()
    at.button(key="rk_freeze").click().run()
    assert not at.exception, at.exception


@pytest.fixture
def frozen(assessed):  # noqa: F811 - pytest's fixture by name
    _freeze(open_page("city_admin", PAGE))
    from models.assessment import RankingSnapshot
    with read_session(assessed) as session:
        snapshot = session.exec(select(RankingSnapshot)).one()
        return assessed, snapshot.id, snapshot.payload


def _report(who, sid, downloads, language=None):
    at = open_page(who, PAGE)
    if language:
        at.radio(key=f"rp_lang_{sid}").set_value(language).run()
    button = next(b for b in at.download_button if b.key == f"rp_dl_{sid}")
    name, make = downloads[button.proto.deferred_file_id]
    assert name.endswith(".docx")
    return Document(io.BytesIO(make()))


def _text(doc) -> str:
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@pytest.mark.parametrize("who", ["city_admin", "own_officer", "viewer"])
def test_every_role_that_opens_the_ranking_downloads_the_report(frozen, downloads, who):
    _store, sid, _payload = frozen
    doc = _report(who, sid, downloads)
    assert doc.paragraphs[0].text.startswith("关于") and "通报" in doc.paragraphs[0].text
    assert doc.paragraphs[-2].text == "宜宾市人力资源和社会保障局"


def test_the_report_figures_equal_the_frozen_snapshot(frozen, downloads):
    """R-ASSESS-1/2: rank, total and dimension scores to three places, tier and amount to the fen, from the
    snapshot; the split's total equals what the snapshot allocated."""
    store, sid, payload = frozen
    with read_session(store) as session:
        names = {c: pair[0] for c, pair in county_names(session).items()}
    doc = _report("viewer", sid, downloads)
    ranking, split = doc.tables[0], doc.tables[1]
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in ranking.rows[1:]}
    assert len(rows) == len(payload["counties"])
    for county in payload["counties"]:
        row = rows[names[county["county"]]]
        if county["rank"] is None:
            assert row[0].startswith("不排名(")
        else:
            assert row[0] == str(county["rank"])
        assert row[2] == ("—" if county["total"] is None else f"{county['total']:.3f}")
    amounts = {r.cells[0].text: r.cells[3].text for r in split.rows[1:]}
    for county in payload["counties"]:
        fen = county["amount_fen"]
        assert amounts[names[county["county"]]] == f"{fen // 100:,}.{fen % 100:02d}"
    total = sum(c["amount_fen"] for c in payload["counties"])
    assert amounts["合计"] == f"{total // 100:,}.{total % 100:02d}" == "1,000,000.00"
    text = _text(doc)
    assert "翠屏区、南溪区总分相同,并列第 1 名。" in text  # the fixture's tie


def test_the_report_never_moves_when_the_data_do(frozen, downloads):
    """A frozen snapshot is what money was paid on: a platform added after freezing changes nothing in its report,
    the year in figures included (kept with the snapshot as the register stood when it was frozen)."""
    store, sid, payload = frozen
    before = _report("viewer", sid, downloads)
    with write_session(store, SYSTEM) as session:
        session.add(Platform(code="E1", name="E1", level="street", county_code="511523"))
    after = _report("viewer", sid, downloads)
    for table in (0, 1, 3):  # ranking, split, stability
        assert [[c.text for c in r.cells] for r in before.tables[table].rows] == \
               [[c.text for c in r.cells] for r in after.tables[table].rows]
    assert payload["summary"]["registered"] == 4
    assert "全市登记平台 4 个" in _text(before) and "全市登记平台 4 个" in _text(after)


def test_a_snapshot_frozen_before_it_kept_its_figures_reads_them_from_the_register_and_says_so(frozen, downloads):
    """Snapshots frozen before the year in figures was kept with them: the report reads it from the register when
    the file is made, and says so and when."""
    from models.assessment import RankingSnapshot
    store, sid, payload = frozen
    with write_session(store, SYSTEM) as session:
        row = session.get(RankingSnapshot, sid)
        row.payload = {k: v for k, v in payload.items() if k != "summary"}
        session.add(row)
        session.add(Platform(code="E1", name="E1", level="street", county_code="511523"))
    text = _text(_report("viewer", sid, downloads))
    assert "全市登记平台 5 个" in text and "不在冻结的考核结果中,取自本系统" in text


def test_the_summary_names_its_source_and_the_chinese_report_holds_no_english(frozen, downloads):
    _store, sid, _payload = frozen
    text = _text(_report("viewer", sid, downloads))
    assert "为冻结考核结果时" in text and "与考核结果一并保存" in text
    assert "None" not in text and "R-" not in text
    assert not re.findall(r"[A-Za-z]{2,}", text.replace("m²", "")), re.findall(r"[A-Za-z]{2,}", text)


def test_the_report_in_english_on_request(frozen, downloads):
    _store, sid, _payload = frozen
    doc = _report("viewer", sid, downloads, language="en")
    assert doc.paragraphs[0].text.startswith("Notice on the")
    assert "Cuiping" in _text(doc) and not re.search(r"[\u4e00-\u9fff]", _text(doc).replace("宜府办函", ""))


@pytest.fixture
def demo_frozen(app_store):
    """The demo register (a twentieth of the city) with this year's ranking frozen through the screen."""
    from models.demo_setup import seed_demo_data
    with write_session(app_store, SYSTEM) as session:
        seed_demo_data(session, scale=0.05)
    _freeze(open_page("city_admin", PAGE))
    from models.assessment import RankingSnapshot
    with read_session(app_store) as session:
        return app_store, session.exec(select(RankingSnapshot)).one().id


def test_the_year_in_figures_equals_the_targets_screen(demo_frozen, downloads):
    """R-TGT-1, R-TGT-4, R-NET-1: the report's summary figures are the targets screen's for the same year."""
    _store, sid = demo_frozen
    text = _text(_report("viewer", sid, downloads))
    targets = open_page("viewer", "pages/targets.py")
    shown = {m.label: m.value.split(" / ")[0] for m in targets.metric}
    assert int(shown["全面达标平台"].replace(",", "")) > 0  # a register with something to count
    assert f"计入目标的“八有”达标平台 {shown['全面达标平台']} 个" in text
    assert f"具备示范条件的街道(乡镇)和社区平台 {shown['标准化示范平台']} 个" in text
    assert f"综合达标的中心村、农村社区 {shown['中心村、农村社区综合达标']} 个" in text
    network = next(d.value for d in targets.dataframe if "已联网" in d.value.columns)
    assert f"接入业务专网的平台 {int(network['已联网'].sum()):,} 个" in text
    assert f"全市登记平台 {int(network['平台数'].sum()):,} 个" in text
    pilots = next(s.value for s in [*targets.success, *targets.warning] if "获批试点" in s.value)
    won = pilots.split("年,")[1].split("/")[0]
    assert f"已获国家试点项目的县(区){won} 个" in text
