"""The funding ledger's codes, limits and labels (R-FUND-1, -2, -5), shared by the rules, the records and
the screens."""

CATEGORIES = ("construction", "city_subsidy", "work_funds", "personnel", "welfare_post_subsidy",
              "social_insurance_subsidy")
SOURCES = ("county_budget", "city_special", "purchase_services", "reward_in_lieu")
PURPOSES = ("demonstration", "compliance")
AMOUNTS = ("budgeted_fen", "allocated_fen", "spent_fen")
FIRST_YEAR = 2014  # the opinion is dated 2014-10-26
MAX_FEN = 100_000_000_000  # one billion yuan in one line: anything above is a typing slip
NOTE_MAX = 500

FUNDING_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "category": {
        "construction": ("阵地建设经费", "Construction"),
        "city_subsidy": ("市级奖补", "City reward/subsidy"),
        "work_funds": ("工作经费", "Work funds"),
        "personnel": ("人员经费", "Personnel"),
        "welfare_post_subsidy": ("公益性岗位补贴", "Public-welfare post subsidy"),
        "social_insurance_subsidy": ("社会保险补贴", "Social-insurance subsidy"),
    },
    "source": {
        "county_budget": ("县(区)财政预算", "County budget"),
        "city_special": ("市级专项资金", "City special fund"),
        "purchase_services": ("政府购买服务", "Purchase of services"),
        "reward_in_lieu": ("以奖代补", "Reward in lieu of subsidy"),
    },
    "purpose": {
        "demonstration": ("示范建设", "Demonstration building"),
        "compliance": ("达标建设", "Compliance building"),
    },
}
