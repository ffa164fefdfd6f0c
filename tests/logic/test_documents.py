"""Issue 18: the documents' builders, without the app. logic.document lays a notice out as .docx (read back with
python-docx; converted by a headless LibreOffice where one is installed); logic.rectification turns the rules'
findings into the list's items (R-8.1..8.8, R-STAFF, R-FUND-3/4, R-PERS-3/4), each with its clause."""
import io
import os
import shutil
import subprocess

import pandas as pd
import pytest
from docx import Document

from logic import rectification as R
from logic.document import Notice, Section, Table, notice_docx
from logic.standard import yibin_2014

NOTICE = Notice(title="关于2026年度考核情况的通报", issuer="宜宾市人力资源和社会保障局", date_text="2026年12月2日",
                addressee="各县(区)人力资源和社会保障局:",
                sections=(Section("一、基本情况", ("全市登记平台 1,213 个。", Table(("县(区)", "分配金额(元)"),
                                                                          (("翠屏区", "200,000.00"),)))),))


def test_a_notice_reads_back_in_order_with_its_table_and_the_issuer_at_the_end():
    doc = Document(io.BytesIO(notice_docx(NOTICE)))
    texts = [p.text for p in doc.paragraphs]
    assert texts == ["关于2026年度考核情况的通报", "各县(区)人力资源和社会保障局:", "一、基本情况", "全市登记平台 1,213 个。",
                     "宜宾市人力资源和社会保障局", "2026年12月2日"]
    assert [[c.text for c in r.cells] for r in doc.tables[0].rows] == [["县(区)", "分配金额(元)"], ["翠屏区", "200,000.00"]]
    east_asian = doc.paragraphs[0].runs[0]._element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    assert east_asian == "宋体"  # Chinese in the title's face, not Word's Latin fallback


def test_text_a_user_typed_with_control_characters_is_written_without_them():
    notice = Notice(title="\x01=HYPERLINK(\"x\")", issuer="局\r", date_text="",
                    sections=(Section("一", (Table(("名称",), (("\x0b南溪区",),)),)),))
    doc = Document(io.BytesIO(notice_docx(notice)))
    assert doc.paragraphs[0].text == "=HYPERLINK(\"x\")" and doc.tables[0].rows[1].cells[0].text == "南溪区"


def test_a_landscape_notice_and_column_widths():
    notice = Notice(title="清单", issuer="局", date_text="", landscape=True,
                    sections=(Section("一", (Table(("a", "b"), (("1", "2"),), widths_cm=(3.0, 9.0)),)),))
    doc = Document(io.BytesIO(notice_docx(notice)))
    section = doc.sections[0]
    assert section.page_width > section.page_height
    assert [round(c.width.cm, 1) for c in doc.tables[0].rows[1].cells] == [3.0, 9.0]


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None
                    or not os.environ.get("GSP_OFFICE_TESTS"),
                    reason="runs with GSP_OFFICE_TESTS=1 and LibreOffice and poppler installed (apt-get install "
                           "libreoffice-writer-nogui poppler-utils)")
def test_a_headless_office_suite_opens_the_notice(tmp_path):
    path = tmp_path / "notice.docx"
    path.write_bytes(notice_docx(NOTICE))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", str(tmp_path / "notice.pdf"), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert "考核情况的通报" in text and "200,000.00" in text


def _platform(code, level="community", parent="511502001000", **facts):
    base = {"code": code, "name": code, "level": level, "county_code": "511502", "parent_code": parent,
            "village_kind": None, "service_population": 3000, "sign_installed": True,
            "sign_text": "合江门街道就业和社会保障服务站", "area_m2": 30.0, "windows": ["employment", "social_insurance"],
            "open_counter": True, "info_area": True, "office": True, "service_seat": True, "staff_full_time": 1,
            "staff_part_time": 0, "equipment": list(yibin_2014().equipment), "network_connected": True,
            "work_funds_secured": True, "services": list(yibin_2014().services), "rules_posted": True}
    return {**base, **facts}


def test_r8_failing_items_but_staff_are_listed_with_the_clause_and_staff_as_a_shortfall():
    """R-8.2 and R-8.5 fail with their reasons and clauses; R-8.3 (staff) is told once, as R-STAFF's shortfall."""
    frame = pd.DataFrame([_platform("511502001001", area_m2=16.0, network_connected=False, staff_full_time=0),
                          _platform("511502001002")])
    from logic.vectorised import evaluate_frame
    frame = frame.join(evaluate_frame(frame, yibin_2014()))
    items = R.eight_haves_items(frame, yibin_2014(), "zh")
    assert [(i.platform_code, i.clause) for i in items] == [
        ("511502001001", "宜府办函〔2014〕282号 二、(一)“八有”第2项(有场地)"),
        ("511502001001", "宜府办函〔2014〕282号 二、(一)“八有”第5项(有畅通网络)")]
    assert "面积 16 m² 低于 20 m²" in items[0].problem and items[0].township_code == "511502001000"
    (short,) = R.staffing_items(frame, yibin_2014(), "zh")
    assert short.platform_code == "511502001001" and "现有 0 人" in short.problem and "人员配备" in short.clause


def test_r_fund_3_and_4_pay_items_in_exact_yuan():
    below = pd.DataFrame([{"name": "张三", "platform_code": "P1", "monthly_pay_fen": 250_050, "benchmark_fen": 300_000,
                           "shortfall_fen": 49_950}])
    apart = pd.DataFrame([{"centre_code": "C1", "highest_name": "甲", "highest_fen": 400_000, "lowest_name": "乙",
                           "lowest_fen": 300_000, "ratio": "1.333", "tolerance": "1.2"}])
    items = R.pay_items(below, apart, {"P1": "C1"}, "zh")
    assert items[0].problem == "编外人员张三月均收入 2,500.50 元,低于标准 3,000.00 元,差 499.50 元"
    assert items[0].township_code == "C1" and "大学生村官" in items[0].clause
    assert "相差 1.333 倍,超过 1.2 倍" in items[1].problem and "大体平衡" in items[1].clause


def test_r_pers_3_and_4_people_items():
    flags = {"dismiss_or_terminate": pd.DataFrame([{"name": "李四", "platform_code": "P1", "first_year": 2024,
                                                     "last_year": 2025}]),
             "not_certified": pd.DataFrame([{"name": "王五", "platform_code": "P2"}]),
             "no_training": pd.DataFrame([{"name": "赵六", "platform_code": "P2", "year": 2026}])}
    items = R.people_items(flags, {"P1": "C1"}, "zh")
    assert [i.problem for i in items] == ["李四 2024、2025 年连续两年考核不称职,应予辞退或解除合同", "王五未持证上岗",
                                          "赵六 2026 年未参加技能培训"]
    assert [i.township_code for i in items] == ["C1", "", ""]


def test_items_are_grouped_county_first_then_street_by_street():
    items = [R.Item("T2", "T2a", "people", "", ""), R.Item("", "K", "pay", "", ""), R.Item("T1", "T1", "staffing", "", ""),
             R.Item("T1", "T1", "eight_haves", "", "")]
    ordered = R.in_order(items, ["T1", "T2"], ["K", "T1", "T2", "T2a"])
    assert [(i.township_code, i.kind) for i in ordered] == [("", "pay"), ("T1", "eight_haves"), ("T1", "staffing"),
                                                             ("T2", "people")]
