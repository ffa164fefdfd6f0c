"""R-TGT-2..5, R-NET-1: the phases, progress by county, the 90% pilot line and the network per level."""
import pandas as pd
import pytest

from logic.target_tracking import network_by_level, phase_of, pilot_status, progress_by_county


@pytest.mark.parametrize(("year", "phase"), [(2013, None), (2014, "phase1"), (2015, "phase1"), (2016, "phase2"),
                                             (2017, "phase2"), (2018, None)])
def test_r_tgt_2_3_the_phases_are_2014_15_and_2016_17(year, phase):
    """R-TGT-2 "第一阶段(2014年—2015年)强基础", R-TGT-3 "第二阶段(2016年—2017年)抓提升"."""
    assert phase_of(year) == phase


@pytest.mark.parametrize(("won", "year", "share", "met", "due"), [
    (9, 2016, 0.9, True, True),    # 9 of 10 = 90%: met at exactly the line
    (8, 2016, 0.8, False, True),
    (9, 2015, 0.0, False, False),  # won in 2016: not yet counted in 2015
])
def test_r_tgt_4_ninety_percent_of_counties_with_a_pilot_by_2016(won, year, share, met, due):
    """R-TGT-4 "到2016年,90%的区县争取到国家…试点项目"."""
    counties = [f"C{i}" for i in range(10)]
    status = pilot_status({c: 2016 for c in counties[:won]}, counties, year)
    assert (status["share"], status["met"], status["due"]) == (pytest.approx(share), met, due)


def test_r_tgt_4_the_line_is_met_at_exactly_ninety_percent_and_pilots_count_from_the_year_won():
    counties = [f"C{i}" for i in range(10)]
    assert pilot_status({c: 2015 for c in counties[:9]}, counties, 2016)["met"]
    assert not pilot_status({c: 2015 for c in counties[:8]}, counties, 2016)["met"]
    assert pilot_status({c: 2017 for c in counties}, counties, 2016)["won"] == []


def test_progress_by_county_counts_as_r_tgt_1_does():
    df = pd.DataFrame([
        dict(county_code="A", level="street", village_kind="none", compliant=True, demonstration_eligible=True),
        dict(county_code="A", level="village", village_kind="central_village", compliant=True,
             demonstration_eligible=False),
        dict(county_code="A", level="village", village_kind="none", compliant=True, demonstration_eligible=False),
        dict(county_code="B", level="community", village_kind="none", compliant=False, demonstration_eligible=False),
    ])
    out = progress_by_county(df, ["A", "B", "C"]).set_index("county_code")
    assert out.loc["A"].to_dict() == {"registered": 3, "compliant": 2, "demo": 1, "village": 1}
    assert out.loc["C"].to_dict() == {"registered": 0, "compliant": 0, "demo": 0, "village": 0}


def test_r_net_1_network_and_services_online_per_level():
    df = pd.DataFrame([
        dict(level="street", network_connected=True, services_online=["employment", "ss_card"]),
        dict(level="street", network_connected=False, services_online=[]),
        dict(level="village", network_connected=True, services_online=["employment"]),
    ])
    out = network_by_level(df).set_index("level")
    assert (out.loc["street", "platforms"], out.loc["street", "connected"]) == (2, 1)
    assert out.loc["street", "online_employment"] == 1 and out.loc["village", "online_employment"] == 1
    assert out.loc["county", "platforms"] == 0


def test_r_net_1_network_counts_equal_a_count_platform_by_platform():
    """The column-wise count against the plain reading: per level, platforms, connected ones, and each service
    online where the platform lists it (twice or once), none where its list is empty or missing."""
    from logic.codes import LEVELS, SERVICES
    lists = [[], None, ["employment"], ["employment", "employment"], sorted(SERVICES), ["not_a_service"]]
    df = pd.DataFrame([dict(level=level, network_connected=bool(i % 2), services_online=lists[(i + n) % len(lists)])
                       for n, level in enumerate(LEVELS) for i in range(7)])
    out = network_by_level(df).set_index("level")
    for level in LEVELS:
        at = [r for r in df.to_dict("records") if r["level"] == level]
        assert out.loc[level, "platforms"] == len(at)
        assert out.loc[level, "connected"] == sum(r["network_connected"] for r in at)
        for code in SERVICES:
            assert out.loc[level, f"online_{code}"] == sum(code in (r["services_online"] or ()) for r in at)
