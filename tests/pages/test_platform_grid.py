"""The batch grid of a township's communities and villages: many rows edited at once, each judged as typed, saved
all together or not at all through the form's store functions, audited like a form save."""
import pytest
from sqlmodel import func, select

from logic.authz import SYSTEM
from models.db import read_session, write_session
from models.tables import AuditLog, Platform
from tests.pages.conftest import OTHER, OWN, open_page

PAGE = "pages/platforms.py"
TOWN = f"{OWN}101000"
VILLAGES = [f"{OWN}101{n}" for n in range(201, 204)]


@pytest.fixture
def township(app_store):
    with write_session(app_store, SYSTEM) as s:
        s.add(Platform(code=TOWN, name="李庄镇", level="township", county_code=OWN))
        s.flush()
        for n, code in enumerate(VILLAGES):
            s.add(Platform(code=code, name=f"李庄镇{n}村", level="village", county_code=OWN, parent_code=TOWN,
                           siting="village_committee", service_population=1500))
        s.add(Platform(code=f"{OTHER}101000", name="南溪镇", level="township", county_code=OTHER))
    return app_store


def _new(**facts) -> dict:
    """An added row as the browser sends it: the columns' defaults, then what was typed."""
    from ui.views.platform_grid import CODED, FLAGS, NUMBERS
    return {**dict.fromkeys(FLAGS, False), **{f: [] for f in CODED}, **dict.fromkeys(NUMBERS, 0), "sign_text": "",
            "village_kind": "none", "siting": "village_committee", **facts}


def _state(engine):
    with read_session(engine) as s:
        rows = {p.code: p for p in s.exec(select(Platform).where(Platform.parent_code == TOWN))}
        audits = s.exec(select(func.count()).select_from(AuditLog)).one()
    return rows, audits


def _grid(at):
    at.selectbox(key="pg_centre").set_value(TOWN).run()
    return at


def test_the_grid_lists_the_centre_s_stations_with_a_verdict_each(township):
    at = _grid(open_page("own_officer", PAGE))
    assert not at.exception
    verdicts = at.dataframe[-1].value
    assert list(verdicts.iloc[:, 0]) == VILLAGES
    assert set(verdicts["按所填判定"]) == {"未达标"}


def test_edits_to_many_rows_save_together_and_each_is_audited_as_a_form_save(township):
    at = _grid(open_page("own_officer", PAGE))
    _, audits_before = _state(township)
    at.session_state[f"pg_editor_{TOWN}"] = {
        "edited_rows": {0: {"service_population": 2000}, 2: {"name": "李庄镇新村", "network_connected": True}},
        "added_rows": [], "deleted_rows": []}
    at.button(key="pg_save").click().run()
    assert not at.exception and any("已保存 2 个平台" in s.value for s in at.success)
    rows, audits = _state(township)
    assert rows[VILLAGES[0]].service_population == 2000 and rows[VILLAGES[0]].version == 2
    assert (rows[VILLAGES[2]].name, rows[VILLAGES[2]].network_connected) == ("李庄镇新村", True)
    assert rows[VILLAGES[1]].version == 1  # untouched rows are not written
    assert audits == audits_before + 2


def test_one_bad_row_refuses_the_whole_batch_naming_the_row_and_the_field(township):
    at = _grid(open_page("own_officer", PAGE))
    before = _state(township)
    at.session_state[f"pg_editor_{TOWN}"] = {
        "edited_rows": {0: {"service_population": 2000}, 1: {"name": "长" * 300}},
        "added_rows": [_new(code=f"{OWN}101204", name="新建村", level="community", village_kind="central_village")],
        "deleted_rows": []}
    at.button(key="pg_save").click().run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert f"{VILLAGES[1]}:平台名称" in errors and "最多 100 字,现有 300 字" in errors
    assert f"{OWN}101204:村类型" in errors
    assert _state(township) == before  # nothing written, not even the good row


def test_new_villages_are_added_under_the_centre_in_the_officer_s_county(township):
    at = _grid(open_page("own_officer", PAGE))
    at.session_state[f"pg_editor_{TOWN}"] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        _new(code=f"{OWN}101204", name="新建村", level="village"),
        _new(code=f"{OWN}101205", name="又一村", level="village", equipment=["computer"])]}
    at.button(key="pg_save").click().run()
    assert not at.exception and any("已保存 2 个平台" in s.value for s in at.success)
    rows, _ = _state(township)
    added = rows[f"{OWN}101205"]
    assert (added.county_code, added.parent_code, added.equipment) == (OWN, TOWN, ["computer"])


def test_a_row_saved_by_someone_else_meanwhile_refuses_the_batch(township):
    at = _grid(open_page("own_officer", PAGE))
    from models.platforms import update_platform
    with write_session(township, SYSTEM) as s:
        update_platform(session=s, actor=SYSTEM, code=VILLAGES[0], facts={"name": "他人改名村"}, expected_version=1)
    at.session_state[f"pg_editor_{TOWN}"] = {"edited_rows": {0: {"service_population": 9}, 1: {"office": True}},
                                             "added_rows": [], "deleted_rows": []}
    at.button(key="pg_save").click().run()
    assert not at.exception and any("未保存" in e.value for e in at.error)
    rows, _ = _state(township)
    assert rows[VILLAGES[0]].name == "他人改名村" and rows[VILLAGES[1]].office is False


def test_a_viewer_sees_the_grid_read_only_and_no_save(township):
    at = _grid(open_page("viewer", PAGE))
    assert not at.exception
    assert "pg_save" not in {b.key for b in at.button}


def test_a_compliant_village_is_registered_in_a_few_interactions_by_copying_a_similar_one(township):
    """Quick entry: 复制自 fills premises, equipment, services and the rest from a village of the county; the
    officer types who it is and how many it serves. Counted interactions: template, code, name, people served,
    sign text, save = 6 (the form alone took 35)."""
    from logic.compliance import evaluate
    from models.platforms import facts_of, update_platform
    from models.standards import standard_in_force
    from tests.logic.test_r8_rules import platform
    good = {k: v for k, v in platform("village").items() if k not in ("code", "name", "county_code", "parent_code")}
    with write_session(township, SYSTEM) as s:
        update_platform(session=s, actor=SYSTEM, code=VILLAGES[0], facts=good, expected_version=1)
        template = s.exec(select(Platform).where(Platform.code == VILLAGES[0])).one()
        assert evaluate(facts_of(template), standard_in_force(s)).compliant
    at = open_page("own_officer", PAGE)
    interactions = 0
    for step in (lambda: at.selectbox(key="pf_template").set_value(VILLAGES[0]),
                 lambda: at.text_input(key="pf_code").input(f"{OWN}101209"),
                 lambda: at.text_input(key="pf_name").input("李庄镇石鼓村"),
                 lambda: at.number_input(key="pf_service_population").set_value(1300),
                 lambda: at.text_input(key="pf_sign_text").input("石鼓村就业和社会保障服务站"),
                 lambda: at.button(key="pf_save").click()):
        step().run()
        interactions += 1
    assert not at.exception and interactions == 6
    assert any(f"{OWN}101209" in s.value and s.value.endswith(":达标") for s in at.success)
    rows, _ = _state(township)
    assert rows[f"{OWN}101209"].parent_code == TOWN and rows[f"{OWN}101209"].equipment == sorted(good["equipment"])


def test_twenty_villages_are_updated_in_one_grid_save(app_store):
    """Quick entry: a township's twenty villages brought up to date at once (pick the centre, edit the cells,
    one save), each row saved and audited as a form save would."""
    codes = [f"{OWN}102{n}" for n in range(201, 221)]
    with write_session(app_store, SYSTEM) as s:
        s.add(Platform(code=f"{OWN}102000", name="大观镇", level="township", county_code=OWN))
        s.flush()
        s.add_all(Platform(code=c, name=f"大观镇{n}村", level="village", county_code=OWN, parent_code=f"{OWN}102000")
                  for n, c in enumerate(codes))
    at = open_page("own_officer", PAGE)
    at.selectbox(key="pg_centre").set_value(f"{OWN}102000").run()
    with read_session(app_store) as s:
        audits = s.exec(select(func.count()).select_from(AuditLog)).one()
    at.session_state[f"pg_editor_{OWN}102000"] = {"added_rows": [], "deleted_rows": [], "edited_rows": {
        n: {"network_connected": True, "rules_posted": True} for n in range(20)}}
    at.button(key="pg_save").click().run()
    assert not at.exception and any("已保存 20 个平台" in s.value for s in at.success)
    with read_session(app_store) as s:
        saved = s.exec(select(Platform).where(Platform.parent_code == f"{OWN}102000")).all()
        assert s.exec(select(func.count()).select_from(AuditLog)).one() == audits + 20
    assert all(p.network_connected and p.rules_posted and p.version == 2 for p in saved) and len(saved) == 20
