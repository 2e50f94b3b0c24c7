"""The role of each passage in its document: greeting (同志们：), preamble
(现在，我代表…向大会报告), frame (forwarding lines …请认真学习, 印发, 按：,
distribution, date lines), transition (下面，我讲几点意见), closing
(请予审议, 谢谢大家) or content.

Computed once per loaded build from each passage's text and position (a
``role`` the ingest side set on a passage wins). A non-content passage keeps
its place for questions about it (哪天印发, 谁发的, 开头说了什么) and falls
behind content for every other question.
"""
from __future__ import annotations

import re

import numpy as np

from qa.search.sentences import normalized, split_sentences

CONTENT, GREETING, PREAMBLE, FRAME, TRANSITION, CLOSING = (
    "content", "greeting", "preamble", "frame", "transition", "closing")
ROLES = (CONTENT, GREETING, PREAMBLE, FRAME, TRANSITION, CLOSING)
# A passage takes a non-content role when sentences of that kind make up
# at least this share of its characters.
ROLE_SHARE = 0.5
# The fused score of a non-content passage, for a question not about it.
DEMOTE_FACTOR = 0.55

_SENTENCE_ROLES = [
    (GREETING, re.compile(r"^(?:尊敬的|亲爱的)?(?:[^，。；]{0,12}(?:同志们|代表|领导|来宾|老师们|同学们|朋友们|教工|家长们|各位)"
                          r"[^，。；]{0,20})[：:！!]$|^大家(?:上午|下午|晚上)?好[！!。]?$")),
    (PREAMBLE, re.compile(r"我代表.{0,20}(?:向|作|做).{0,16}报告|向大会报告|向本次.{0,10}报告|作工作报告|"
                          r"现将.{0,20}(?:情况|工作).{0,6}(?:报告|汇报)如下|汇报如下|报告如下")),
    (FRAME, re.compile(r"请.{0,10}认真学习|希.{0,8}认真学习|予以印发|现将.{0,40}印发|印发给你们|^按[：:]|抄送|抄报|主送|"
                       r"^〔\d{4}〕|^\[\d{4}\]|第\s*\d+\s*期$|^[\u4e00-\u9fff]{2,12}(?:办|室|厅|局|委|部|委员会|办公室)$|"
                       r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$|^（?\d{4}年\d{1,2}月\d{1,2}日）?$|"
                       r"^[\u4e00-\u9fff]{2,8}通报$|^附件[:：\d]|转发|现摘录|摘录如下")),
    (TRANSITION, re.compile(r"^(?:下面|接下来|以下)[，,]?\s*(?:我|结合|就|根据).{0,30}(?:讲|谈|说|提|强调)"
                            r".{0,14}(?:意见|方面|内容|问题|要求|看法|体会|几点|点)|^下面[，,]?我(?:再)?(?:讲|谈|说)|"
                            # …在此我想对大家提出几点建议：, the points after it: a line announcing them
                            r"我们?(?:想|再|就)?(?:对|向|给)?[^，。；：]{0,8}?(?:提出|提|讲|谈|说)(?:以下)?"
                            r"(?:几点|[一二三四五六七八九十两\d]+点|几个方面)(?:建议|希望|意见|要求|看法|想法)?[：:]$")),
    (CLOSING, re.compile(r"请予审议|谢谢(?:大家|各位)?[！!。]?$|^以上.{0,12}(?:报告|意见|汇报)|请.{0,6}(?:审议|批评指正)|"
                         r"^最后[，,]?\s*(?:祝|预祝)|祝.{0,12}(?:新春|春节|节日|新年|身体健康|工作顺利|愉快)")),
]

# Questions about the frame, the opening or the closing: those passages stay in front.
ASKS_ABOUT = {
    FRAME: re.compile(r"哪天|哪一天|什么时候(?:讲|发|印|作|召开)|日期|谁发|谁讲|谁作|哪个单位|哪个部门|印发|下发|转发|发文|谁发|发的|发给|发布|落款|文号|期号|按语|编者按|导读|导语|编者的话|学习.{0,6}讲话|认真学习|"
                      r"通报.{0,4}期|哪个部门发|什么单位发|附件|记者|摄影|拍摄|配图|图片"),
    GREETING: re.compile(r"开头|开场|称呼|怎么称呼|问候"),
    PREAMBLE: re.compile(r"开头|开场|代表谁|向谁报告|报告人|谁作|作报告|汇报"),
    TRANSITION: re.compile(r"几点意见|几个方面|几方面|几部分|讲几点|讲了几|分几"),
    CLOSING: re.compile(r"结尾|结束语|最后说|收尾|审议|感谢|谢谢|祝"),
}


def sentence_role(sentence: str) -> str:
    for role, pattern in _SENTENCE_ROLES:
        if pattern.search(sentence.strip()):
            return role
    return CONTENT


def classify(text: str) -> str:
    """The role of a passage's text: the non-content role that most of its characters have, else content."""
    total = len(normalized(text)) or 1
    share: dict[str, int] = {}
    for s in split_sentences(text):
        role = sentence_role(s.text)
        if role != CONTENT:
            share[role] = share.get(role, 0) + len(normalized(s.text))
    if not share:
        return CONTENT
    role, chars = max(share.items(), key=lambda kv: kv[1])
    return role if sum(share.values()) >= ROLE_SHARE * total else CONTENT


def passage_role(passage) -> str:
    """A role set by the ingest side wins; otherwise the passage's own words decide."""
    given = getattr(passage, "role", CONTENT) or CONTENT
    if given != CONTENT:
        return given if given in ROLES else FRAME
    return classify(passage.text)


def passage_roles(passages) -> list[str]:
    """The role of every passage of a build (computed once per loaded build)."""
    return [passage_role(p) for p in passages]


def _asked_roles(question: str) -> set[str]:
    return {role for role, pattern in ASKS_ABOUT.items() if pattern.search(question)}


def demoted(passage, question: str) -> bool:
    """The passage has a role other than content that the question does not ask about."""
    role = passage_role(passage)
    return role != CONTENT and role not in _asked_roles(question)


def role_factors(roles: list[str], rows: np.ndarray, question: str) -> np.ndarray:
    """A factor per candidate row: 1 for content and for a role the question asks
    about, DEMOTE_FACTOR for a greeting, preamble, frame, transition or closing."""
    asked = _asked_roles(question)
    return np.array([1.0 if roles[int(r)] == CONTENT or roles[int(r)] in asked else DEMOTE_FACTOR for r in rows],
                    dtype=np.float32)
