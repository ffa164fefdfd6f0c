"""Strings of the county → street/township → platform picker (pk.)."""
STRINGS = {
    "pk.search": ("查找平台(编号或名称)", "Find a platform (code or name)"),
    "pk.search_help": ("输入编号或名称的一部分,下面只列出含有匹配平台的街道/乡镇。",
                       "Type part of a code or name: only the streets/townships with a matching platform are listed."),
    "pk.township": ("街道/乡镇", "Street/township"),
    "pk.county_level": ("县级平台", "County platforms"),
    "pk.more_towns": ("共 {total:,} 个街道/乡镇,此处列出 {shown:,} 个;其余请用查找框查找。",
                      "{total:,} streets/townships, {shown:,} listed here: find the others with the search box."),
    "pk.no_match": ("没有编号或名称含“{words}”的平台。", "No platform code or name contains “{words}”."),
    "pk.none_here": ("该街道/乡镇没有其他平台可选。", "No other platform to pick in this street/township."),
}
