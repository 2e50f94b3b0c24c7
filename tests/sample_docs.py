"""Small speeches written for the build and rebuild tests."""
from pathlib import Path

FLOOD = ("关于防汛工作的讲话\n同志们：\n"
         "第一，要提高政治站位。各级党委政府要把防汛救灾摆在突出位置，压实各方责任，确保责任落实到人。\n"
         "第二，要加强监测预警。气象水文部门要密切监视雨情水情，及时发布预警信息，做到早发现早处置。\n"
         "第三，要做好转移安置。对危险区域群众要应转尽转、应撤尽撤，确保安置点生活保障到位。\n")
SAFETY = ("关于安全生产的讲话\n同志们：\n"
          "一是要压实企业主体责任。企业主要负责人要亲自抓安全生产，把隐患排查治理贯穿生产全过程。\n"
          "二是要强化执法检查。应急管理部门要开展明察暗访，对违法违规行为严肃查处，形成有力震慑。\n")
FOREST = ("关于森林防火的讲话\n同志们：\n"
          "第一，要严控野外火源。进山入林路口要设卡检查，严禁携带火种进山，坚决杜绝野外用火。\n"
          "第二，要备足扑火力量。专业扑火队伍要靠前驻防，物资装备要配齐配足，确保拉得出打得赢。\n")

# Odd and hostile questions (the chat handlers, the CLI, the page over HTTP).
LONG = "疫苗接种" * 5000  # a pasted document: 20,000 characters
# name -> question; every one must be answered politely
ODD = {
    "html": "<img src=x onerror=alert(1)><script>alert(2)</script><b>粗</b>疫苗",
    "attribute": '" onmouseover="alert(1)" data-x=\'疫苗\'',
    "sql": "'; DROP TABLE passages; -- 疫苗 OR 1=1",
    "english": "How should schools prepare before reopening?",
    "traditional": "學校開學前要做哪些準備？",
    "full-width digits": "第２篇第１部分講了什麼？ＡＢＣ１２３",
    "emoji": "打了针🙂能防住病毒吗？👍🏽👨‍👩‍👧",
    "control characters": "疫苗\x00接种\x07进度\x1b[31m\x7f",
    "bidi override": "\u202e疫苗接种\u202c",
    "lone surrogate": "疫苗\ud800接种",
    "line separators": "疫苗\u2028接种\u2029进度\r\n学校",
    "punctuation only": "？？？！！。。",
    "regex characters": ".*+?[](){}|\\^$ 疫苗",
    "nonexistent speech": "第九十九篇讲了什么？",
    "long": LONG,
}
BLANK = {"empty": "", "whitespace": " \t\n\u3000 ", "control only": "\x00\x01\x1f"}

SCHOOL = ("关于学校开学工作的讲话\n同志们：\n"
          "第一，要做好开学准备。学校要在开学前完成校园消毒，食堂和宿舍要开展专项检查，确保师生安全返校。\n"
          "第二，要抓好日常防控。学校要落实晨午检制度，发现发热学生及时报告，做到早发现早处置。\n"
          "第三，要压实落实责任。教育部门要逐校督导检查，校长是第一责任人，具体落实要细化到班级和个人。\n")


def write_school_and_flood(folder: Path) -> Path:
    """A documents folder of two speeches: school.txt and flood.txt."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "school.txt").write_text(SCHOOL, encoding="utf-8")
    (folder / "flood.txt").write_text(FLOOD, encoding="utf-8")
    return folder
