"""What a new platform's code must look like, so a code says where the platform sits (issue 15).

Two shapes, both starting with the platform's own county code, so an officer can never file a platform
under another county's number:

1. The national statistical division code (统计用区划代码, 12 digits) where the platform sits on an
   administrative unit: county CCCCCC, then the street/township segment TTT, then the committee segment VVV.
   The segments follow the National Bureau of Statistics' coding rules (统计用区划代码编制规则):
   - TTT: 001-099 街道, 100-199 镇, 200-399 乡, 400-599 政企合一单位 (farms, development zones: either level).
     So a county platform is CCCCCC000000, a street CCCCCC0NN000, a township CCCCCC1NN000..CCCCCC3NN000.
   - VVV: 001-199 居民委员会 (our `community`), 200-399 村民委员会 (our `village`); a station's first nine
     digits are its street/township centre's when the centre has a division code.
2. For a platform with no division code (a hall in an industrial park, a new centre not yet coded): the
   county code, '-', then 1 to 20 capital letters or digits, e.g. 511502-P001.

Only new codes are judged: a stored code is never changed by an edit, so rows entered before these rules keep
their codes and stay editable (the callers pass `new`).
"""
import re

from logic.codes import label
from logic.errors import FieldError

DIVISION = re.compile(r"[0-9]{12}")
NO_DIVISION = re.compile(r"([0-9]{6})-[A-Z0-9]{1,20}")
ALLOWED = re.compile(r"[A-Z0-9-]+")
COUNTY = re.compile(r"[0-9]{6}")

# the street/township segment (digits 7-9) each centre level may take; 400-599 are 政企合一 units of either
CENTRE_SEGMENTS = {"street": (range(1, 100), range(400, 600)), "township": (range(100, 400), range(400, 600))}
# the committee segment (digits 10-12) each station level may take
STATION_SEGMENTS = {"community": range(1, 200), "village": range(200, 400)}
SEGMENT_ZH = {"street": "001-099 或 400-599", "township": "100-399 或 400-599",
              "community": "001-199", "village": "200-399"}
SEGMENT_EN = {"street": "001-099 or 400-599", "township": "100-399 or 400-599",
              "community": "001-199", "village": "200-399"}


def code_errors(code, *, level, county_code, parent_code=None, known_counties=frozenset()) -> list[FieldError]:
    """The problems of a NEW platform code (none when it is good); every reason says what a code looks like."""
    if not isinstance(code, str) or not code:
        return []  # a missing code is the required-field check's to name
    if not ALLOWED.fullmatch(code):
        return [_bad(f"编码只能含数字、大写字母和“-”,不能有空格、标记、小写或全角字符,现为“{code}”",
                     f"a code holds only digits, capital letters and '-' (no spaces, markup, lower case or "
                     f"full-width characters), got {code!r}", level, county_code, parent_code)]
    if not (isinstance(county_code, str) and COUNTY.fullmatch(county_code)):
        return []  # no county to hold the code against: the county's own check speaks
    prefix = code[:6]
    if DIVISION.fullmatch(code) or NO_DIVISION.fullmatch(code):
        if prefix != county_code:
            return [_other_county(prefix, county_code, known_counties, level, parent_code)]
        return _division_shape(code, level, parent_code) if DIVISION.fullmatch(code) else []
    return [_bad(f"编码“{code}”不是 12 位统计用区划代码,也不是“县(区)代码-字母数字”",
                 f"code {code!r} is neither a 12-digit division code nor 'county code-letters/digits'",
                 level, county_code, parent_code)]


def example(level, county_code: str, parent_code=None) -> str:
    """A division code of the right shape for this level and county (the parent's prefix for a station)."""
    centre = {"street": "001", "township": "101"}.get(level, "001")
    if level in STATION_SEGMENTS:
        start = parent_code[:9] if _is_division(parent_code, county_code) else f"{county_code}{centre}"
        return start + ("001" if level == "community" else "201")
    if level in CENTRE_SEGMENTS:
        return f"{county_code}{centre}000"
    return f"{county_code}000000"


def looks_like(level, county_code, parent_code=None) -> tuple[str, str]:
    """What a code looks like, in Chinese and English, with examples for this platform."""
    county = county_code if isinstance(county_code, str) and COUNTY.fullmatch(county_code) else "511502"  # any real county shows the shape
    division = example(level, county, parent_code)
    return (f"编码应为 12 位统计用区划代码(如 {division}),或无区划代码的平台用“县(区)代码-字母数字”"
            f"(如 {county}-P001)",
            f"a code is the 12-digit statistical division code (e.g. {division}) or, for a platform without one, "
            f"'county code-capital letters/digits' (e.g. {county}-P001)")


def _division_shape(code: str, level, parent_code) -> list[FieldError]:
    """A division code's segments against the platform's level (and a station's against its centre's)."""
    county = code[:6]
    centre, station = int(code[6:9]), int(code[9:])
    if level == "county":
        ok = centre == 0 and station == 0
        zh, en = f"县(区)平台的区划代码应为 {county}000000", f"a county platform's division code is {county}000000"
    elif level in CENTRE_SEGMENTS:
        ok = station == 0 and any(centre in r for r in CENTRE_SEGMENTS[level])
        zh = f"{label('level', level)}平台的区划代码第 7-9 位应为 {SEGMENT_ZH[level]},末 3 位为 000"
        en = f"a {level} platform's division code has digits 7-9 in {SEGMENT_EN[level]} and ends in 000"
    elif level in STATION_SEGMENTS:
        ok = 0 < centre < 600 and station in STATION_SEGMENTS[level]
        zh = f"{label('level', level)}平台的区划代码第 7-9 位为所属街道或乡(镇),末 3 位应为 {SEGMENT_ZH[level]}"
        en = f"a {level} platform's division code has its street/township in digits 7-9 and ends in " \
             f"{SEGMENT_EN[level]}"
    else:
        return []  # an unknown level is the level check's to name
    if not ok:
        return [_bad(f"编码 {code} 与层级不符:{zh}", f"code {code} does not fit the level: {en}",
                     level, county, parent_code)]
    if level in STATION_SEGMENTS and _is_division(parent_code, county) and code[:9] != parent_code[:9]:
        return [_bad(f"编码 {code} 的前 9 位应与所属街道或乡(镇)的编码 {parent_code} 相同",
                     f"code {code}: its first 9 digits must be those of its street/township {parent_code}",
                     level, county, parent_code)]
    return []


def _other_county(prefix: str, county_code: str, known_counties, level, parent_code) -> FieldError:
    if prefix in known_counties:
        whose_zh, whose_en = "是另一个县(区)的代码", "are another county's code"
    else:
        whose_zh, whose_en = "不是本平台所属县(区)的代码", "are not this platform's county"
    return _bad(f"编码前 6 位 {prefix} {whose_zh};本平台属于 {county_code},编码应以 {county_code} 开头",
                f"the code's first 6 digits {prefix} {whose_en}: this platform belongs to {county_code}, so its "
                f"code starts with {county_code}", level, county_code, parent_code)


def _bad(zh: str, en: str, level, county_code, parent_code) -> FieldError:
    how_zh, how_en = looks_like(level, county_code, parent_code)
    return FieldError("code", f"{zh}。{how_zh}", f"{en}. {how_en}")


def _is_division(code, county_code) -> bool:
    return isinstance(code, str) and bool(DIVISION.fullmatch(code)) and code.startswith(county_code)
