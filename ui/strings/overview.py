"""Strings of the overview screen."""

STRINGS: dict[str, tuple[str, str]] = {
    "ov.title": ("全市平台建设总览", "City-wide platform overview"),
    "ov.caption": ("按县(区)和层级统计已登记、达标(“八有”全部具备)和具备示范条件的平台。",
                   "Platforms registered, compliant (all eight haves) and demonstration-eligible, by county and level."),
    "ov.targets": ("三年目标进度", "Three-year targets"),
    "ov.target.compliant": ("全面达标平台", "Compliant platforms"),
    "ov.target.demo": ("标准化示范平台", "Demonstration platforms"),
    "ov.target.demo_street_township": ("其中:乡镇、街道示范", "of which street/township"),
    "ov.target.demo_community": ("其中:社区示范", "of which community"),
    "ov.target.village": ("中心村、农村社区综合达标", "Central-village / rural-community compliant"),
    "ov.of_target": ("{actual:,} / {target:,}({share:.0%})", "{actual:,} / {target:,} ({share:.0%})"),
    "ov.interpretation": ("口径说明:576 个达标平台统计县(区)、街道、乡(镇)、城镇社区的达标平台,以及标为中心村或农村社区的"
                          "达标行政村(视为“符合条件的行政村”);其他达标行政村 {other:,} 个单列,不计入 576。示范数为"
                          "符合标准化示范条件的平台。",
                          "How it counts: the 576 counts compliant county, street, township and urban-community platforms, "
                          "plus compliant villages flagged central village or rural community (read as the 'qualifying "
                          "villages'); {other:,} other compliant villages are shown apart and not counted. Demonstration "
                          "counts platforms that meet the demonstration criteria."),
    "ov.by_county": ("各县(区)情况", "By county"),
    "ov.col.registered": ("已登记", "Registered"),
    "ov.col.compliant": ("达标", "Compliant"),
    "ov.col.demonstration": ("具备示范条件", "Demonstration-eligible"),
    "ov.col.rate": ("达标率", "Compliance rate"),
    "ov.col.status": ("状态", "Status"),
    "ov.col.count": ("数量", "Count"),
    "ov.status.compliant": ("达标", "Compliant"),
    "ov.status.not": ("未达标", "Not compliant"),
    "ov.chart.by_county": ("各县(区)平台达标情况", "Compliance by county"),
    "ov.chart.failing": ("未达标平台缺失的“八有”项目", "Which of the eight haves non-compliant platforms miss"),
    "ov.col.item": ("项目", "Item"),
    "ov.col.failing": ("未满足的平台数", "Platforms failing"),
    "ov.empty": ("还没有登记任何平台。请到“平台录入”页面添加。", "No platforms registered yet: add them on the Platform entry page."),
}
