"""The eight-haves standard as data (R-8.11): thresholds and lists per column of SPEC's R-8 table.

The bureau may copy and adjust a standard ("服务内容根据需要适时调整"), so nothing here is a constant
the rules read directly: `evaluate` takes a `Standard`, and `yibin_2014()` is only the seeded default.
A standard round-trips through a plain dict so the store can keep it as JSON, versioned.
"""
from dataclasses import asdict, dataclass, field, replace

from logic.codes import EQUIPMENT, LEVELS, SERVICES, WINDOWS
from logic.staffing import StaffParams, StaffRequirement, required_staff

COLUMNS = ("street_township", "community", "village")


@dataclass(frozen=True)
class ColumnRule:
    """One column of the R-8 table: what a platform judged by this column must have."""

    sign_suffix: str
    min_area_m2: float
    windows: frozenset[str]
    open_counter: bool
    info_area: bool
    office: bool
    service_seat: bool
    staff_rule: str  # "scaled" (R-STAFF-1/2), "community" or "village" (R-STAFF-3)
    demo_min_area_m2: float | None  # None: this column has no demonstration platforms
    demo_full_time: str  # "all_required" | "at_least_one" | "none" (R-8.9 interpretation)


@dataclass(frozen=True)
class Standard:
    code: str
    name: str
    version: int
    columns: dict[str, ColumnRule]
    level_column: dict[str, str]  # which column judges each level
    equipment: frozenset[str]
    services: frozenset[str]
    demo_extra_equipment: frozenset[str] = field(default_factory=frozenset)
    staff_base: int = 2  # R-STAFF-1: 2 staff up to the base population
    staff_base_population: int = 10_000
    staff_step_population: int = 10_000  # R-STAFF-2: one more per further step
    staff_min_full_time: int = 1
    partial_increment: bool = False  # R-STAFF-2 interpretation, default full increments only

    @property
    def label(self) -> str:
        return f"{self.name} v{self.version}"

    def column_for(self, level: str) -> ColumnRule:
        if level not in self.level_column:
            raise ValueError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}")
        return self.columns[self.level_column[level]]

    def staff_params(self) -> StaffParams:
        return StaffParams(self.staff_base, self.staff_base_population,
                           self.staff_step_population, self.staff_min_full_time)

    def staff_rule(self, level: str) -> str:
        """R-8.10: a level follows the staff rule of the column that judges it."""
        return self.column_for(level).staff_rule

    def staff_requirement(self, level: str, population: int, partial_increment: bool | None = None) -> StaffRequirement:
        """Required staff under this standard: its numbers, its column rule, and its R-STAFF-2 reading unless
        another is asked for."""
        partial = self.partial_increment if partial_increment is None else partial_increment
        return required_staff(level, population, partial_increment=partial, params=self.staff_params(),
                              rule=self.staff_rule(level))

    def to_dict(self) -> dict:
        data = asdict(self)
        return _sets_to_lists(data)

    @classmethod
    def from_dict(cls, data: dict) -> "Standard":
        columns = {
            name: ColumnRule(**{**rule, "windows": frozenset(rule["windows"])})
            for name, rule in data["columns"].items()
        }
        rest = {k: v for k, v in data.items() if k != "columns"}
        for key in ("equipment", "services", "demo_extra_equipment"):
            rest[key] = frozenset(rest.get(key, ()))
        return cls(columns=columns, **rest)

    def with_version(self, version: int, name: str | None = None) -> "Standard":
        return replace(self, version=version, name=name or self.name)


def _sets_to_lists(value):
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, dict):
        return {k: _sets_to_lists(v) for k, v in value.items()}
    return value


def yibin_2014() -> Standard:
    """The standard of 宜府办函〔2014〕282号 二、(一) as SPEC reads it, with its interpretations."""
    centre = "就业和社会保障服务中心"
    station = "就业和社会保障服务站"
    return Standard(
        code="yibin-2014",
        name="宜宾2014标准",
        version=1,
        columns={
            "street_township": ColumnRule(
                sign_suffix=centre, min_area_m2=50, windows=frozenset(WINDOWS[:3]),
                open_counter=True, info_area=True, office=True, service_seat=False,
                staff_rule="scaled", demo_min_area_m2=70, demo_full_time="all_required",
            ),
            "community": ColumnRule(
                sign_suffix=station, min_area_m2=20,
                windows=frozenset({"employment", "social_insurance"}),
                open_counter=True, info_area=True, office=False, service_seat=False,
                staff_rule="community", demo_min_area_m2=40, demo_full_time="at_least_one",
            ),
            "village": ColumnRule(
                sign_suffix=station, min_area_m2=20, windows=frozenset(),
                open_counter=False, info_area=False, office=False, service_seat=True,
                staff_rule="village", demo_min_area_m2=None, demo_full_time="none",
            ),
        },
        # interpretation: the county platform is judged by the street/township column.
        level_column={
            "county": "street_township", "street": "street_township",
            "township": "street_township", "community": "community", "village": "village",
        },
        equipment=frozenset(EQUIPMENT),
        services=frozenset(SERVICES),
    )
