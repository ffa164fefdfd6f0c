"""Strings of the documents the bureau sends: the annual assessment report (rp.) and the rectification list (rc.)."""
STRINGS = {
    "rp.issuer": ("宜宾市人力资源和社会保障局", "Yibin Municipal Human Resources and Social Security Bureau"),
    "rp.title": ("关于{year}年度全市基层就业和社会保障公共服务平台建设考核情况的通报",
                 "Notice on the {year} assessment of the grassroots employment and social-security service platforms"),
    "rp.subtitle": ("依据 {at}(北京时间)冻结的第 {id} 号考核结果", "From assessment snapshot {id}, frozen {at} (Beijing time)"),
    "rp.addressee": ("各县(区)人力资源和社会保障局:", "To the human resources and social security bureaus of every county "
                     "and district:"),
    "rp.intro": ("根据宜府办函〔2014〕282号文件和{year}年度考核方案,市局对各县(区)基层就业和社会保障公共服务平台建设情况进行了考核。"
                 "现将考核结果通报如下。",
                 "Under document Yi Fu Ban Han [2014] No. 282 and the {year} assessment scheme, the bureau has assessed "
                 "each county's building of its grassroots service platforms. The results follow."),
    "rp.date": ("{year}年{month}月{day}日", "{day} {month_name} {year}"),
    "rp.h.summary": ("一、基本情况", "1. The year in figures"),
    "rp.summary": ("全市登记平台 {registered:,} 个;计入目标的“八有”达标平台 {compliant:,} 个,为 576 个目标的 {compliant_share:.0%};"
                   "具备示范条件的街道(乡镇)和社区平台 {demo:,} 个,为 180 个目标的 {demo_share:.0%};"
                   "综合达标的中心村、农村社区 {village:,} 个,为 50 个目标的 {village_share:.0%}。",
                   "{registered:,} platforms registered; {compliant:,} compliant with the eight haves and counted toward "
                   "the target of 576 ({compliant_share:.0%}); {demo:,} street/township and community platforms "
                   "demonstration-eligible, of 180 ({demo_share:.0%}); {village:,} central villages and rural "
                   "communities compliant, of 50 ({village_share:.0%})."),
    "rp.summary.pilots": ("至{year}年已获国家试点项目的县(区){won} 个,占全市 {total} 个县(区)的 {share:.0%}。",
                          "By {year}, {won} of the city's {total} counties had won a national pilot ({share:.0%})."),
    "rp.summary.network": ("接入业务专网的平台 {connected:,} 个,占登记平台的 {share:.0%}。",
                           "{connected:,} platforms are connected to the business network ({share:.0%} of those registered)."),
    "rp.summary.source": ("(以上数字不在冻结的考核结果中,取自本系统{year}年的平台登记,于 {now}(北京时间)读取{past}。)",
                          "(These figures are not part of the frozen snapshot: they are read from the {year} platform "
                          "register at {now} (Beijing time){past}.)"),
    "rp.summary.source.frozen": ("(以上数字为冻结考核结果时,即 {now}(北京时间),本系统{year}年平台登记的情况{past},与考核结果一并保存。)",
                                 "(These figures are the {year} platform register as it stood when the result was "
                                 "frozen, at {now} (Beijing time){past}, and are kept with it.)"),
    "rp.summary.source.past": (",按该年年底的登记情况由审计记录还原", ", as the register stood at the end of that year, read "
                               "back from the audit trail"),
    "rp.summary.source.live": (",本年度登记仍可能变动", "; this year's register may still change"),
    "rp.h.ranking": ("二、考核排名", "2. The ranking"),
    "rp.ranking.intro": ("各县(区)得分和排名如下(总分和各维度得分为 0–1 的折算值,同分并列)。",
                         "Each county's scores and rank (the total and the dimensions scaled 0–1; equal totals tie)."),
    "rp.ties": ("{names}总分相同,并列第 {rank} 名。", "{names} have the same total and share rank {rank}."),
    "rp.no_ties": ("本年度没有并列名次。", "No two counties tie this year."),
    "rp.unranked": ("以下县(区)列出但不排名,不参加资金分配:{items}。", "Listed but not ranked, and taking no share of the pool: "
                    "{items}."),
    "rp.confirmed_without": ("以下县(区)因市局数据未录入而未排名,冻结时已确认:{items}。",
                             "Unranked for want of the bureau's own entries, confirmed when frozen: {items}."),
    "rp.unapproved": ("冻结时以下县(区)本年度尚未审核锁定:{items}。", "When frozen, these counties' year was not yet approved: "
                      "{items}."),
    "rp.h.tiers": ("三、奖励档次", "3. Award tiers"),
    "rp.tier": ("{tier}({n} 个):{names}。", "{tier} ({n}): {names}."),
    "rp.tier.empty": ("{tier}:无。", "{tier}: none."),
    "rp.h.split": ("四、奖补资金分配", "4. The subsidy split"),
    "rp.split.intro": ("奖补资金总额 {pool} 元,{rule}分配,精确到分:", "A pool of {pool} yuan, split {rule}, to the fen:"),
    "rp.split.total": ("合计", "Total"),
    "rp.split.left": ("未分配 {left} 元(没有县(区)排名,或有份额的档次中没有排名的县(区))。",
                      "{left} yuan not allocated (no county ranked, or none in a tier that has shares)."),
    "rp.col.amount": ("分配金额(元)", "Amount (yuan)"),
    "rp.h.method": ("五、评分方法", "5. How the score was made"),
    "rp.method": ("各指标按固定目标值折算为 0–1(缺数据的指标不计入,不按 0 计),指标加权得维度得分,维度加权得总分。"
                  "数据覆盖率低于 {threshold:.0%} 的县(区)不排名。{every}",
                  "Each indicator is scaled 0–1 against fixed goalposts (a missing value is left out, never counted "
                  "as 0); indicators weighted make a dimension's score, dimensions weighted the total. Counties with "
                  "under {threshold:.0%} of the weight in data are not ranked. {every}"),
    "rp.method.every": ("某个适用维度完全没有数据的县(区)也不排名。", "Nor is a county with no data at all in a dimension "
                        "that applies to it."),
    "rp.method.lenient": ("缺整个维度的县(区)按其余维度排名。", "A county missing a whole dimension is ranked on the others."),
    "rp.method.pilot": ("国家试点建设维度只适用于当年已获国家试点项目的县(区)。",
                        "The national-pilot dimension applies only to counties that had won a pilot by that year."),
    "rp.col.dim_weight": ("维度权重", "Dimension weight"),
    "rp.col.ind_weight": ("指标权重", "Indicator weight"),
    "rp.h.stability": ("六、排名稳定性", "6. How stable the ranks are"),
    "rp.stability": ("将各指标和维度权重在 ±{spread:.0%} 范围内随机变动 {draws} 次(随机种子 {seed}),各县(区)名次变化如下;"
                     "档次变化比例超过 5% 的县(区)有 {changed} 个。",
                     "Every indicator and dimension weight moved at random by up to ±{spread:.0%}, {draws} times "
                     "(seed {seed}): the ranks below; {changed} counties change tier in over 5% of the draws."),
    "rp.stability.none": ("没有排名的县(区),不作稳定性分析。", "No county is ranked, so there is no stability analysis."),
    "rp.download": ("下载考核通报(Word)", "Download the assessment report (Word)"),
    "rp.language": ("通报语言", "Report language"),
    "rp.making": ("正在生成考核通报……", "Making the assessment report…"),
}
STRINGS.update({
    "rc.title": ("{county}基层就业和社会保障公共服务平台整改清单({year}年)",
                 "{county}: rectification list of the grassroots service platforms ({year})"),
    "rc.subtitle": ("按{year}年执行的“{standard}”标准评价;于 {now}(北京时间)生成",
                    "Judged on the standard in force in {year} ({standard}); made {now} (Beijing time)"),
    "rc.intro": ("以下平台和人员存在不符合宜府办函〔2014〕282号要求的问题,共 {n} 项,涉及 {platforms} 个平台。请逐项明确整改时限和责任人,"
                 "在下次检查前整改到位。",
                 "The platforms and people below fall short of Yi Fu Ban Han [2014] No. 282 in {n} items on {platforms} "
                 "platforms. Set a deadline and a person responsible for each and fix them before the next inspection."),
    "rc.none": ("本县(区)没有需要整改的项目。", "Nothing in this county needs fixing."),
    "rc.county_level": ("县级平台", "County platforms"),
    "rc.col.township": ("街道(乡镇)", "Street/township"),
    "rc.col.code": ("平台编码", "Platform code"),
    "rc.col.platform": ("平台名称", "Platform"),
    "rc.col.kind": ("问题类别", "Kind"),
    "rc.col.problem": ("问题及原因", "Problem and reason"),
    "rc.col.clause": ("依据条款", "Clause"),
    "rc.col.deadline": ("整改时限", "Deadline"),
    "rc.col.responsible": ("责任人", "Person responsible"),
    "rc.heading": ("整改清单", "Rectification list"),
    "rc.caption": ("{county}{year}年需要整改的项目 {n} 项,涉及 {platforms} 个平台:“八有”不达标、人员配备不足、编外人员待遇、人员管理。",
                   "{county}, {year}: {n} items to fix on {platforms} platforms (eight haves, staffing, "
                   "off-establishment pay, staff management)."),
    "rc.download_docx": ("下载整改清单(Word)", "Download the rectification list (Word)"),
    "rc.make_zip": ("生成全部县(区)整改清单", "Make every county's list"),
    "rc.making": ("正在生成整改清单……{name}", "Making the lists… {name}"),
    "rc.download_zip": ("下载全部县(区)整改清单(每县一份 Word 和 Excel,打包)",
                        "Download every county's list (a Word and an Excel file each, zipped)"),
})
