"""Two compilations that both number their speeches 第一篇, 第二篇, sharing one
directive word for word (and a near copy of it twice inside 乙市's 第一篇)."""
from pathlib import Path

BODY = "要压实防汛责任。各级党委政府要把防汛救灾摆在突出位置，水库、堤防、山塘逐一落实巡查责任人，确保责任落实到人。"
SHARED = "第一，" + BODY
NEAR_COPY = BODY.replace("确保责任落实到人", "确保每一处责任都落实到人")

JIA = ("第一篇：甲市领导在防汛工作会议上的讲话\n同志们：\n" + SHARED + "\n"
       "第二，要加强监测预警。气象水文部门要密切监视雨情水情，及时发布预警信息，做到早发现早处置。\n"
       "第二篇：甲市领导在森林防火工作会议上的讲话\n"
       "第一，要严控野外火源。进山入林路口要设卡检查，严禁携带火种进山，坚决杜绝野外用火。\n"
       "第二，要备足扑火力量。专业扑火队伍要靠前驻防，物资装备要配齐配足，确保拉得出打得赢。\n")
YI = ("第一篇：乙市领导在防汛工作会议上的讲话\n同志们：\n" + SHARED + "\n"
      "第二，要做好转移安置。对危险区域群众要应转尽转、应撤尽撤，确保安置点生活保障到位。\n"
      "第三，要抓好汛后复盘。汛期结束后要逐项检查各级各部门责任落实情况，认真总结经验教训，补齐短板弱项。\n" + NEAR_COPY + "\n"
      "第二篇：乙市领导在安全生产工作会议上的讲话\n"
      "一是要压实企业主体责任。企业主要负责人要亲自抓安全生产，把隐患排查治理贯穿生产全过程。\n"
      "二是要强化执法检查。应急管理部门要开展明察暗访，对违法违规行为严肃查处，形成有力震慑。\n")


def write(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "甲市讲话汇编.txt").write_text(JIA, encoding="utf-8")
    (folder / "乙市讲话汇编.txt").write_text(YI, encoding="utf-8")
    return folder
