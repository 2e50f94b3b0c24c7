"""What kind of thing a question asks for, and whether a text states one.

    多少/几/比例/金额 → number   哪天/什么时候/几点 → date
    谁/哪位/哪个部门 → person    电话/地址/网址 → contact

Texts are compared in a matching form (``match_text``): full-width digits
made ASCII, spaces left by PDF conversion closed up (``3 .5 亿元`` →
``3.5亿元``, ``2020 年6 月`` → ``2020年6月``, a name padded ``王  琛`` → ``王琛``), Chinese year digits written
as numbers (``二〇一九年`` → ``2019年``). The matching form is only ever
compared with; what is quoted stays as the document writes it.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from qa.ingest.docmeta import DASHED_DAY
from qa.simplified import to_simplified

_YEAR_DIGITS = {"〇": "0", "零": "0", "○": "0", "O": "0", "一": "1", "二": "2", "三": "3", "四": "4",
                "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_CN_YEAR = re.compile("[〇零○一二三四五六七八九]{4}(?=年)")
# spaces between the parts of a number, a date or an amount
_GAP = re.compile(r"(?<=[\d.%])[ \t\u3000]+(?=[\d.%年月日号时点万亿元个人名所项%])|"
                  r"(?<=[年月])[ \t\u3000]+(?=\d)|(?<=\d)[ \t\u3000]+(?=[．.]\d)|"
                  # … and between Chinese characters: a two-character name padded to three (王  琛)
                  r"(?<=[\u4e00-\u9fff])[ \t\u3000]+(?=[\u4e00-\u9fff])")


CACHED_CHARS = 1000  # texts up to this long (sentences, passages) are remembered; longer ones are not


_ALTERNATIVE = re.compile(r"(?<=[\u4e00-\u9fff])\(([\u4e00-\u9fff])\)")


def match_text(text: str) -> str:
    """The form texts are matched in (never shown)."""
    return _cached_match_text(text) if len(text) <= CACHED_CHARS else _match_text(text)


@functools.lru_cache(maxsize=20000)
def _cached_match_text(text: str) -> str:
    return _match_text(text)


def _match_text(text: str) -> str:
    text = to_simplified(unicodedata.normalize("NFKC", text))  # 機構 is matched as 机构
    text = _ALTERNATIVE.sub(r"\1", text)  # 乡（镇） is 乡镇 as people write it
    text = _CN_YEAR.sub(lambda m: "".join(_YEAR_DIGITS[c] for c in m.group()), text)
    text = _CAPITAL_NUMBER.sub(lambda m: m.group().translate(_CAPITAL_DIGITS), text)
    return _GAP.sub("", text)


# 常年會費伍佰元 / 壹仟贰佰元整: a sum in the capital numerals of receipts and charters, read as 五百元
# (a run of them beside a unit of money, or one holding 拾/佰/仟: 伍 or 陆 alone is a surname)
_CAPITAL_DIGITS = str.maketrans("壹贰叁肆伍陆柒捌玖拾佰仟", "一二三四五六七八九十百千")
_CAPITAL = "壹贰叁肆伍陆柒捌玖拾佰仟零万亿"
_CAPITAL_NUMBER = re.compile(rf"[{_CAPITAL}]{{2,}}(?=[元圆角整])|[壹贰叁肆伍陆柒捌玖][拾佰仟][{_CAPITAL}]*")


NUMBER, DATE, PERSON, CONTACT, PLACE = "number", "date", "person", "contact", "place"
INSTANCE = "instance"  # 哪所大学 / 哪本期刊 / 哪个年级: one thing of a kind named in a form of its own

# 几 that asks: not 哪几/这几 (which, these), nor 前几年/近几年/后几天 (a span of time that is the topic)
# (新批准成立的几个SIG: those several, no count asked; 市场租金的几折 does ask)
# (牵扯好几个地方: several, no count asked)
_ASKING_JI = r"(?:(?<![哪那这前近后头的好])几|(?<=的)几(?![个位项家所条种类]))"
# 哪所大学 / 哪本学术期刊 / 哪个年级 (the kind asked for), and the form a name of that kind takes:
# …大学 / 越州中学, 《中国招标》 / …日报, 高二年级. Kinds named by no such form (哪家公司: 爱立信) are left out.
_NAME_CHARS = r"(?:(?![被在到的了是和与从于为他她我你们这那其该本个所家])[\u4e00-\u9fff])"  # (他被大学录取 names none)
_CITIES = ("北京|上海|天津|重庆|香港|澳门|广州|深圳|杭州|南京|武汉|成都|西安|苏州|厦门|青岛|大连|宁波|郑州|长沙|合肥|福州|"
           "济南|昆明|沈阳|哈尔滨|长春|石家庄|太原|南昌|贵阳|南宁|兰州|海口|拉萨|乌鲁木齐|呼和浩特|银川|西宁|雄安|京津冀")
_KINDS_NAMED = [
    (re.compile(r"哪(?:个|所|一所|一个)?(?:大学|学校|学院|高校|中学|小学)"),
     re.compile(_NAME_CHARS + r"{2,12}?(?:大学|学院|中学|小学|学校)|(?<![\u4e00-\u9fff])[一二三四五六七八九十]中(?![\u4e00-\u9fff])")),
    (re.compile(r"哪(?:本|家|份|种|个)?(?:学术)?(?:期刊|杂志|刊物|报纸|报刊)"),
     re.compile(r"《[^》\n]{1,30}》|" + _NAME_CHARS + r"{2,8}(?:日报|晚报|周刊|杂志|学报)")),
    (re.compile(r"哪(?:个|一个|一)?年级"), re.compile(r"[一二三四五六七八九初高]{1,2}年级|高[一二三](?![\u4e00-\u9fff]{0,1}[级峰])|初[一二三](?!步|期|心)|\d{4}级")),
    # 试点扩大到哪些城市: a city named (…市, a province's name, or one of the cities people name
    # without 市) (在哪个城市的哪座体育场举办: an event's place, PLACE below)
    (re.compile(r"哪(?:个|些|几个|一个|座)?城市(?![^，,。？?]{0,12}(?:举行|召开|举办|开的|开会|办的))"),
     re.compile(r"[\u4e00-\u9fff]{2,4}?(?:市|省|自治区|特别行政区)(?![场民委政长级区直属])|" + _CITIES)),
]


def kind_named(question: str):
    """The pattern of a name of the kind a 哪所大学 / 哪本期刊 / 哪个年级 question asks for, or None."""
    text = match_text(question)
    return next((named for asks, named in _KINDS_NAMED if asks.search(text)), None)


# 能不能先打个电话报上去: a call is the means asked about, not a number (打什么电话 / 打电话号码 still ask one)
CALLING = re.compile(r"打(?:个|一个|一通|通)?电话(?![号是多哪几])")


# How a question asks for each type, checked in this order.
_ASKS = [
    # 联系电话是多少 / 网址在哪里 / 有没有热线: the contact is what is asked, not a topic (政府网站集约化试点…补助多少)
    (CONTACT, re.compile(r"(?:电话|联系方式|联系人|地址|网址|网站|邮箱|传真|邮编|热线)(?:号码|号)?"
                         r"(?=[^，,。；;]{0,4}(?:多少|什么|啥|哪|几|怎么|$|[？?]))|哪个网站|什么网站|联系方式")),
    # (before PERSON: 哪家报纸 asks for a paper's name, not a body)
    (INSTANCE, re.compile("|".join(f"(?:{asks.pattern})" for asks, _ in _KINDS_NAMED))),
    # … 哪两个部门联合印发 / 哪三家单位: a count of bodies asked is still bodies
    (PERSON, re.compile(r"谁|哪位|哪几位|哪几家|哪些人|哪个人|哪些领导|哪位领导|哪个部门|哪些部门|哪个单位|哪些单位|什么部门|什么单位|哪个机构|哪些机构|哪家|"
                        r"哪[几两三四五六七八九十\d]+[个家位](?:部门|单位|机构|领导|同志)|"
                        r"主持人|讲话人|报告人|署名|落款|牵头")),
    (DATE, re.compile(r"哪天|哪一天|哪几天|哪日|什么时(?:候|间段?)|何时|啥时候|哪年|哪一年|几月|几号|几日|日期|什么日子|"
                      r"(?:上午|下午|晚上|早上|在|于|从|到|至|每天|每日)几点|几点(?:钟|开|召开|举行|开始|结束|截止|到|执行|开放|营业|关|有)")),
    (NUMBER, re.compile(r"多少|" + _ASKING_JI + r"(?:小时|分钟|[个项名所次万亿条人倍家户年天岁成折本针起批届种类场篇期轮周分元块台辆张门节])|多久|多长时间|比例|比重|占比|百分之|百分比|金额|数额|增速|增幅|"
                        r"增长率|规模|总量|预期目标|次数|人数|名额")),
    # 在哪个礼堂开的 / 在哪儿召开 / 在哪个城市举行: where an event was held
    (PLACE, re.compile(r"哪(?:个|座|家|所)?(?:城市|地方|剧场|剧院|礼堂|会场|场馆|体育馆|体育场|酒店|宾馆|地点|里|儿)"
                       r"(?:举行|召开|开的|开会|举办|办的|开)")),
]

# 400-810-8888 / 1-866-860-4259: a telephone number written in dashed groups (a date's last group is shorter)
PHONE_GROUPS = r"(?<![\d-])\d{1,4}(?:[-－—]\d{2,4}){1,2}[-－—]\d{3,4}(?![\d-]|\s*年)"
UNIT = (r"(?:%|万亿元|亿元|万元|元|万人|亿人|人次|人|个百分点|百分点|倍|个|项|所|名|次|家|户|条|篇|部|批|类|支|座|套|间|台|"
         r"平方公里|公里|千米|米|平方米|立方米|亩|公顷|吨|公斤|千克|克|升|千瓦时|千瓦|兆瓦|吉瓦|"
         # 7群42只 / 120MW / 3.5GW: animals and plants counted, power and distance in SI letters
         r"只|头|匹|群|株|棵|尾|[kKMG]Wh?|km|kg|"
         r"小时|天|周|年|岁|分|本|册|期|届|种|件|场|级|位|万|亿|千|百|"
         r"℃|°C|摄氏度|度|枚|块|针|剂|分钟|秒|学时|课时|学分|元钱|门|辆|张|节|宗|"
         # 每月 100G / 10Mbps: amounts of data and bandwidth
         r"[KMGT]i?B|[KMG]bps|G(?![A-Za-z]))")
# 以年度发放补贴 / 按月结算: how often a thing is paid or done, stated as its period
PERIOD = (r"[按以](?:年度|季度|月度|学期|学年|年|季|月|周)"
          r"(?=[\u4e00-\u9fff]{0,2}(?:发放|支付|拨付|结算|兑现|核算|考核|统计|评估))")
# 每日至少进行一次备份 / 每学期召开两次: how often, which 多久…一次 asks (its 一次 is the question's own)
FREQUENCY = r"每(?:天|日|周|星期|月|季度?|学期|学年|年)[\u4e00-\u9fff]{0,4}?(?:\d+|[一二两三四五六七八九十]+)次"
# 比例大于或等于10:1 / 10比1: a ratio to one (10:30 is a time of day)
RATIO = r"\d+\s*[:：∶比]\s*1(?![\d:：])"
# 1/5以上考场 / 三分之二以上: a share written as a fraction (a date's 2019/3/15 is none)
FRACTION = r"(?<![\d/])\d{1,3}\s*/\s*\d{1,3}(?![\d/])|[一二三四五六七八九十百千\d]+分之[一二三四五六七八九十\d]+"
# 节约约原来一半的费用 / 过半数: a share said in words, as 几成 or 多大比例 asks
HALF = r"(?<![上下前后])一半|半数|过半|大半"
# 保持率为0.75 / 系数取1.2: a rate or a coefficient is a bare number, no unit after it
RATE_VALUE = r"(?:率|系数|比值|指数|权重)\s*(?:为|是|取|达到?|约为?|[:：=＝])\s*\d+(?:\.\d+)?(?![\d年月日号])"
# 人民检察院负责… / 教育局牵头…: the body named before the verbs saying it does the work
DOES_THE_WORK = "负责|牵头|承担|主管|会同"
_HOLDS = {
    # (…；新增装机容量（MW）：11-14.5；: a table's row names the unit in its column's header)
    NUMBER: re.compile(rf"\d[\d.,]*\s*(?:余|多|来)?{UNIT}|[一二两三四五六七八九十百千万亿]+(?:余|多|来)?{UNIT}|\d+(?:\.\d+)?%|"
                       rf"[（(]{UNIT}[）)][：:]\s*\d|" + FRACTION + "|"
                       r"百分之[一二三四五六七八九十\d]+|[一二三四五六七八九十]成|(?:\d(?:\.\d)?|[一二三四五六七八九])折|\d+\s*[*×]\s*\d+|" + RATIO + "|"
                       # 15日之内 / 30日内 / 5个工作日: days counted (a date's 24日 counts none)
                       r"(?<![月\d])(?:\d+|[一二两三四五六七八九十]+)\s*(?:个)?(?:工作日|日(?=之?内|以内|以上|后|起))|"
                       # 保存60日: more days than a month has are counted, no date
                       r"(?<![月\d])(?:3[2-9]|[4-9]\d|[1-9]\d{2,})\s*日(?!期)|"
                       r"(?<![上下前后])半个?(?:年|月|天|小时|学期)|" + PERIOD + "|" + FREQUENCY + "|" + RATE_VALUE + "|" + HALF),  # 至少半年召开一次: half a year is a length
    DATE: re.compile(r"\d{4}年|\d{1,2}月\d{1,2}[日号]?|" + DASHED_DAY + r"|\d{1,2}月(?:份|底|初|中旬|上旬|下旬)|[上下]午\d|"
                     r"\d{1,2}[:：]\d{2}|\d{1,2}[点时]|(?<![\u4e00-\u9fff])[一二两三四五六七八九十]{1,3}点(?=[半钟至到前后，,。、]|$)|"
                     r"(?:早上|上午|中午|下午|晚上|凌晨|夜间|夜里|深夜)[一二两三四五六七八九十]{1,3}[点时]|年底|年初|月底|今年|明年|去年|上半年|下半年|"
                     # times a plan names without a date: 利用暑假期间, 春节前, 开学前
                     r"暑假|寒假|假期|春节|国庆|节前|节后|开学前|开学后|年内|当天|次日|上旬|中旬|下旬"),
    PERSON: re.compile(r"(?:组长|副组长|组员|成员|主任|负责人|联系人|总指挥|指挥长|召集人)[:：]\s*[\u4e00-\u9fff]{2,4}|等\d+位|[\u4e00-\u9fff]{2,3}(?:老师|教师|同学)(?=[，、。；等])|[\u4e00-\u9fff]{1,3}(?:同志|书记|市长|局长|校长|主任|总理|部长|省长|县长|区长|院长|组长|处长|科长)|"
                       r"[\u4e00-\u9fff](?:部|委|局|厅|办|室|院|处|科|署|会|组|中心|政府|党委|党组|国务院|中央|机关|学校|公司|集团)"
                       r"(?=[，、。；：）),:;和与及\s]|$|" + DOES_THE_WORK + ")"),
    CONTACT: re.compile(r"\d{3,4}-?\d{7,8}|1[3-9]\d{9}|https?://|www\.|\w+@\w+\.|电话|邮箱|地址|网址|邮编|" + PHONE_GROUPS),
    PLACE: re.compile(r"(?:在|于)[^，。；！？\d月日年时期间]{1,20}?(?:举行|召开|举办|开幕)|"  # 于5月举行 says when
                      # (a name: after 在/于 or opening its clause; 第一场体育场大场演讲 names no stadium)
                      r"(?:(?<=[在于到赴])|(?<![\u4e00-\u9fff]))(?![\d一二两三四五六七八九十])(?:(?!第)[\u4e00-\u9fff]){1,8}"
                      r"(?:礼堂|剧场|剧院|会堂|体育馆|体育场|会议中心|会议室|报告厅|大厅|广场|宾馆|酒店|饭店)"),
}


_COUNT = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)"



def _counted(asked: str, stated: str, count: str = _COUNT, before: str = "") -> tuple[re.Pattern, re.Pattern]:
    """(how a question asks for a count in a unit — 几/多少 + ``asked``, what states one — a number
    + ``stated``), for the table below."""
    # (多少万人: a count in ten thousands is still a count of people)
    return re.compile(rf"(?:{_ASKING_JI}|多少)(?:万|亿)?{asked}"), re.compile(rf"{before}{count}\s*{stated}")


# 支付金额540余万、 / 国际金牌10万/块: a sum in 万 or 亿 with no other unit after it is money
SUM_IN_WAN = r"\d\s*(?:余|多)?(?:万亿|亿|万)(?:余|多)?(?![\u4e00-\u9fff])"
# a sum of money as written: 86.14万余元, 三百元, 3-5个亿美金 (another currency)
MONEY = (r"\d\s*(?:个)?(?:万亿|亿|万|千)?(?:余|多)?(?:元|块|美金|美元|欧元|英镑|日元|港元|港币)|"
         r"[一二两三四五六七八九十百千万亿]+(?:余|多)?元")
# 多少钱 / 占多大比例 / 烧到多少度: the question names what the number counts, and a number of
# another kind (a year, a head count) does not answer it
_ASKED_UNITS = [
    # … and 多少安家费 / 多少奖金 / 多少补贴: a sum named by what it pays
    # (全年营收是多少 / 总投资为多少: a sum of money named before the asking word; 增长了多少 asks a rate)
    (re.compile(r"多少钱|几块钱|金额|费用是多少|价格|收费标准|多少元|多少万元|多少亿元|"
                r"多少[\u4e00-\u9fff]{0,3}(?:费|奖金|补贴|津贴|经费|资金|款)(?![\u4e00-\u9fff])|"
                r"(?:营收|营业收入|营业额|销售额|成交额|利润|净利润|产值|投资|投资额|预算|经费|资金|工资|薪酬|收益|税收|总收入)"
                r"(?:总额|总计)?(?:是|为|有|达到?|约|共计|做到了?)?多少(?![人个家项次倍])|"
                # 咨询费一共是多少 / 学费要多少 (浪费了多少 is no sum)
                r"(?<![消浪耗破])费(?:用|总额)?(?:一共|总共|总计|合计|共)?(?:是|为|要|需要|花了?|收)?多少(?![人个家项次倍])"),
     re.compile(MONEY + "|" + SUM_IN_WAN)),
    # (按市场租金的几折: a share, stated as 8折, 七成 or 70%)
    (re.compile(r"比例|比重|占比|百分比|百分之几|百分之多少|几成|几折"),
     re.compile(r"\d\s*%|百分之|[一二两三四五六七八九十]成|(?:\d(?:\.\d)?|[一二三四五六七八九])折|"
                + RATIO + "|" + FRACTION + "|" + HALF)),
    (re.compile(r"多少度|几度"), re.compile(r"\d\s*(?:℃|°C|摄氏度|度)")),
    # 多长时间 / 多久: a length of time, or the period something recurs in (每学期一次)
    (re.compile(r"多长时间|多久"),
     re.compile(r"[\d一二两三四五六七八九十半几]\s*(?:个)?(?:多)?(?:天|日(?!期)|小时|分钟|周|星期|个月|月(?![\d份])|年(?![\d级度代])|学期|学年)|"
                r"每(?:天|日|周|星期|月|季度|学期|学年|年)|[一二两三四五六七八九十\d]+\s*年一次|" + PERIOD)),
    # 公示几天 / 几小时内 / 多少名 / 降多少分 / 几岁 / 干满几年 / 多少项: a count in that unit
    # (a date's 24日 is no number of days; a year's 2020年 no number of years)
    _counted(r"个?(?:工作)?[天日](?!期)", r"个?(?:工作)?[天日](?![期报])", before=r"(?<![月\d])"),
    _counted(r"个?小时", r"个?小时"),
    _counted(r"分钟", r"分钟"),
    # 1200万人 / 6600多万纳税人 / 30余名 (省前100名 / 第3名 rank, they count no one)
    _counted(r"(?:[名位](?![次单称])|个?人(?![民才员事均口]))",
             r"(?:余|多)?[万亿]?(?:余|多)?[\u4e00-\u9fff]{0,3}?(?:名|位|人)", before=r"(?<![前第\d])"),
    # (一次十分重要的大会 / 万分感谢: 十分 and 万分 say how much, they count no points)
    _counted(r"分(?![钟之别配])", r"分(?![钟之别])", before=r"(?!十分|万分|百分)"),
    _counted(r"周?岁", r"周?岁"),
    _counted(r"个?年(?![级度代底初])", r"个?年(?![级度代])", count=r"(?:\d{1,2}|[一二两三四五六七八九十]+)",
             before=r"(?<!\d)"),
    _counted(r"[项条款件](?!规定)", r"(?:余|多)?\s*[项条款件个]"),
    # 卖出了多少万辆 / 几台 / 多少吨 / 几亩 / 多少宗 / 几张: things counted or measured in their own unit (1200万辆, 3.5万吨)
    *(_counted(unit + r"(?![\u4e00-\u9fff]{0,1}[籍型号子位])", r"(?:余|多)?[万亿]?(?:余|多)?\s*" + unit)
      for unit in ("辆", "台", "艘", "架", "吨", "亩", "公顷", "公里", "千米", "套", "宗", "张")),
    # 直播了多少场 / 几期 / 多少家企业 / 几所学校: counted in their counter (193场, 12家), not the
    # words the counter begins (场地, 家长, 所以, 本科, 期间, 节日, 部门)
    *(_counted(unit + rf"(?!{not_after})", r"(?:余|多)?[万亿]?(?:余|多)?\s*" + unit)
      for unit, not_after in (("场", "[地所馆景面次]"), ("期", "[间限末中望]"), ("届", "[时满]"), ("篇", "[幅章]"),
                              ("本", "[科人地金身土届期次]"), ("所", "[以有属在得谓]"), ("家", "[长庭属人里乡]"),
                              ("批", "[准复示次]"), ("轮", "[流换岗次]"), ("座", "[谈位]"), ("门", "[诊口户槛类]"),
                              ("节", "[日约点目能省]"), ("首", "[付都次先批要]"), ("集", "[团体中资]"),
                              ("户", "[籍口型外主]"))),
]


def asked_words(question: str, kind: str) -> str:
    """The words that ask for ``kind`` (在哪个剧场举行): what the answer is, no topic of it."""
    asks = dict(_ASKS).get(kind)
    m = asks.search(match_text(question)) if asks else None
    return m.group() if m else ""


def asked_unit(question: str):
    """The pattern a number must match to answer a question that names its kind (钱, 比例, 度), or None."""
    text = match_text(question)
    return next((states for asks, states in _ASKED_UNITS if asks.search(text)), None)


# 招生名额会优先给哪些地区: a measure named (名额, 规模, 人数) while the question asks which or how
_ASKS_QUANTITY = re.compile(r"多少|几|多久|多长|多大|多高|多远|百分之|占比|比例|比重")
# (在什么情形下…算进犯罪金额: the case asked, the amount its topic)
# (按什么标准核定…额度: the basis asked, the amount what it settles)
_ASKS_OTHER = re.compile(r"哪些|哪个|哪类|哪种|哪里|哪儿|怎么|怎样|如何|为什么|为何|为啥|什么(?:情形|情况|条件|场合)|"
                         r"(?:按|按照|依据|根据|以)什么(?:标准|原则|依据|办法|方式|方法|规定|口径)")
# whether a thing may be done, asked before the number it does it with (能不能把…多少…当成…)
_ASKS_LEAVE = re.compile(r"(?:能不能|可不可以|能否|可否|允不允许|准不准|让不让)(?!告诉|说|讲|介绍|帮|查|问)[^，,。；;？?]*?(?:多少|几)")


# a question that opens by asking why (为什么… / 凭什么… / 为何…)
_ASKS_WHY = re.compile(r"^[^，,。？?]{0,12}?(?:为什么|为何|为啥|凭什么|何以)")
# 几年后 / 几天来 / 几个月前: a stretch of time said loosely, no number asked when the question asks
# something else (什么 / 怎么 / 哪…)
_VAGUE_SPAN = re.compile(r"几(?:年|天|个月|周|十年)(?=后|前|以后|以来|之后)")
_ASKS_ELSE = re.compile(r"什么|啥|怎么|怎样|如何|哪|谁|为什么|为何")


def asked_type(question: str) -> str | None:
    """The type of answer the question asks for, or None."""
    text = CALLING.sub("", match_text(question))
    if _ASKS_WHY.match(text):
        return None  # 为什么做长线产品不能靠几个人说了算: a reason is asked, whatever the question counts
    for kind, asks in _ASKS:
        if kind == NUMBER and _ASKS_ELSE.search(text) and not asks.search(_VAGUE_SPAN.sub("", text)):
            continue  # 工作几年后单位给了他什么评价: "some years later", and a judgement asked
        if asks.search(text):
            if kind == NUMBER and not _ASKS_QUANTITY.search(text) and _ASKS_OTHER.search(text):
                return None  # the number's noun is the topic; the question asks something else of it
            if kind == NUMBER and _ASKS_LEAVE.search(text):
                return None  # 能不能把流转了多少面积当成政绩: whether it is allowed is asked, not how much
            return kind
    return None


# 哪一年的文件 asked: 国发〔2015〕59号, a document's number, states the year it was issued (no day or time)
_ASKS_YEAR = re.compile(r"哪一?年|几几年|年份")
_NUMBER_YEAR = re.compile(r"[〔\[【](?:19|20)\d\d[〕\]】]")
# 哪天 / 几号 / 几月几日: a day is asked, which a year, a month or 今年 does not name (qa.search.coverage)
# (2024/03/13 19:00 is 2024/03/1319:00 in the matching form: its day is read without a boundary after it)
ASKS_DAY = re.compile(r"哪天|哪一天|哪日|几号|几月几[日号]?")
DAY = re.compile(r"(?:19|20)\d\d([/.-])\d{1,2}\1\d{1,2}|\d{1,2}月\d{1,2}[日号]?|" + DASHED_DAY +
                 r"|(?<![\d月])\d{1,2}[日号]|当天|当日|次日|今天|明天|"
                 r"星期[一二三四五六日天]|周[一二三四五六日]|月底|月初|月末|上旬|中旬|下旬|"
                 r"[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}[日号]|春节|元旦|国庆|中秋|端午|清明")


def holds(kind: str | None, text: str, question: str = "") -> bool:
    """The text states a thing of this type (in the matching form), one that
    the question does not already say: 领导小组 asked about is not the body that answers."""
    pattern = kind_named(question) if kind == INSTANCE else _HOLDS.get(kind or "")
    if not pattern:
        return False
    asked = match_text(question)
    if kind == DATE and _ASKS_YEAR.search(asked) and _NUMBER_YEAR.search(match_text(text)):
        return True
    return any(not asked or m.group() not in asked for m in pattern.finditer(match_text(text)))


def states(kind: str | None, unit, text: str, question: str = "") -> bool:
    """The text states the type asked for, in the unit the question names where it names one
    (``unit``: asked_unit's pattern or None): 多少岁 wants an age, 每届任期4年 does not give one."""
    return holds(kind, text, question) and (unit is None or unit.search(match_text(text)) is not None)


TYPE_BOOST = 0.08  # added to the fused score of a candidate that states what the question asks for


# 在哪 / 什么位置 asked: a line whose label says it gives the place (地点：… / 地址：…) answers it
ASKS_WHERE = re.compile(r"在哪|哪里|哪儿|什么位置|什么地方|何处|啥地方|地点在|地址在")
PLACE_FIELD = re.compile(r"\s*(?:地点|地址|位置|会址|所在地|场地|办公地点)\s*[：:]")
_PLACE_FIELD_LINE = re.compile(r"(?:^|\n)" + PLACE_FIELD.pattern)


def type_bonus(question: str, rows, passages, boost: float = TYPE_BOOST):
    """Per candidate row: ``boost`` when its passage states the asked type (or, asked where, holds
    a line labelled with the place), else 0."""
    import numpy as np

    kind = asked_type(question)
    if kind is None and ASKS_WHERE.search(question):
        return np.array([boost if _PLACE_FIELD_LINE.search(passages[int(r)].text) else 0.0 for r in rows],
                        dtype=np.float32)
    if kind is None:
        return np.zeros(len(rows), dtype=np.float32)
    unit = asked_unit(question) if kind == NUMBER else None  # 多少钱: a sum of money, not any number
    bonus = np.array([boost if states(kind, unit, passages[int(r)].text, question) else 0.0 for r in rows],
                     dtype=np.float32)
    noun = compared_noun(question) if kind == NUMBER else None
    if noun is not None:  # 学分少于多少: of the passages stating numbers, those counting 学分 (9学分, not 两门)
        counts = counts_noun(noun)
        counted = np.array([bool(counts.search(match_text(passages[int(r)].text))) for r in rows])
        if counted.any():
            bonus = np.where(counted, bonus, 0.0).astype(np.float32)
    return bonus


# 学分少于多少 / 多少学分 / 一共能报几个专业: the noun a number is asked of, written beside the asking
_NOUN_THEN_ASKED = re.compile(r"([\u4e00-\u9fff]{2})(?:少于|低于|不足|不到|多于|高于|超过|达到)(?:多少|几)")
_ASKED_THEN_NOUN = re.compile(r"(?:几|多少)[个项名所类种位门]?([\u4e00-\u9fff]{2})")
COUNTERS = "个项名所类种门"  # (the classifiers a count may carry before its noun: 7个专业, 两门课)


def count_asked_of(question: str) -> str | None:
    """一共能报几个专业 → 专业: the noun whose count answers, where the question writes it."""
    return compared_noun(question) or next(iter(_ASKED_THEN_NOUN.findall(match_text(question))), None)


def compared_noun(question: str) -> str | None:
    """学分少于多少: the noun a bound is asked of, which the answer counts (9学分)."""
    m = _NOUN_THEN_ASKED.search(match_text(question))
    return m.group(1) if m else None


def counts_noun(noun: str):
    """The pattern of a count of ``noun`` (9学分, 共7个专业)."""
    return re.compile(rf"[\d一二两三四五六七八九十百千万]+\s*[{COUNTERS}]?\s*{re.escape(noun)}")
