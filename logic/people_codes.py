"""The people roster's codes and their labels (R-STAFF-4, R-PERS-1..2), shared by the rules, the records
and the screens."""

SOURCES = ("reassigned", "assistant", "public_welfare", "sanzhi_yifu", "village_cadre")
ESTABLISHMENTS = ("in", "off")
EMPLOYMENTS = ("full_time", "part_time")
RECRUITMENTS = ("open_selection", "other")
GRADES = ("excellent", "competent", "basic", "incompetent")

PEOPLE_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "source": {
        "reassigned": ("编制内调剂", "Reassigned in-establishment staff"),
        "assistant": ("劳动保障协理员", "Labour-security assistant"),
        "public_welfare": ("公益性岗位", "Public-welfare post"),
        "sanzhi_yifu": ("“三支一扶”人员", "\"Three supports, one assistance\" graduate"),
        "village_cadre": ("村干部兼任", "Village cadre (part-time)"),
    },
    "establishment": {"in": ("编制内", "In establishment"), "off": ("编制外", "Off establishment")},
    "employment": {"full_time": ("专职", "Full-time"), "part_time": ("兼职", "Part-time")},
    "recruitment": {"open_selection": ("公开选聘", "Open selection"), "other": ("其他方式", "Other")},
    "grade": {
        "excellent": ("优秀", "Excellent"),
        "competent": ("称职", "Competent"),
        "basic": ("基本称职", "Basically competent"),
        "incompetent": ("不称职", "Incompetent"),
    },
}
MAX_INCOME_FEN = 10_000_000  # 100,000 yuan a month: anything above is a typing slip, not a wage
MAX_TRAINING_TENTHS = 10_000  # 1,000 hours in one training
