"""The chat page's scripts: copy, export, links between the chat and the
目录, scrolling to the newest answer, Chinese labels for Gradio's own
controls. Everything runs in the browser; nothing is fetched from elsewhere.

HEAD defines window.qa (the helpers the components' scripts share);
CHAT_JS and OUTLINE_JS run when their gr.HTML components load.
"""

HEAD = r"""<script>
window.qa = {
  // Puts text on the clipboard (execCommand where the Clipboard API is refused) and says so on the button.
  async copy(button, text) {
    let ok = false;
    try { await navigator.clipboard.writeText(text); ok = true; } catch (e) {
      const area = document.createElement("textarea");
      area.value = text; area.style.position = "fixed"; area.style.opacity = "0";
      document.body.appendChild(area); area.select();
      try { ok = document.execCommand("copy"); } catch (e2) { ok = false; }
      area.remove();
    }
    qa.flash(button, ok ? "已复制" : "复制失败，请手动选择文字");
  },
  flash(button, text) {
    button.textContent = text;
    setTimeout(() => { button.textContent = button.getAttribute("data-label") || button.textContent; }, 1500);
  },
  // One turn as plain text (复制回答) or Markdown (导出对话): question, answer with [n], numbered sources.
  turnText(turn, markdown) {
    const question = turn.querySelector(".q .bubble").innerText.trim();
    const bubble = turn.querySelector(".a .bubble");
    const said = [...bubble.querySelectorAll(":scope > .notice, :scope > .answer, :scope > .no-answer")]
      .map(el => el.innerText.trim()).filter(Boolean);
    const md = markdown ? qa.mdText : (s => s);  // Markdown: document text stays text
    const lines = markdown ? ["## 问：" + md(question), "", ...said.map(s => "答：" + md(s))] : [...said];
    const sources = [...bubble.querySelectorAll("li.source")];
    if (sources.length) lines.push("", markdown ? "**来源**" : "来源：", "");
    sources.forEach((li, i) => {
      const copy = li.querySelector("button[data-copy]").getAttribute("data-copy");
      const cut = copy.lastIndexOf("\n——");
      const quote = copy.slice(0, cut), where = copy.slice(cut + 3);
      if (markdown) lines.push(`${i + 1}. ${md(where)}`, "", ...quote.split("\n").map(l => "   > " + md(l)), "");
      else lines.push(`[${i + 1}] ${where}`, quote, "");
    });
    return lines.join("\n").trim();
  },
  // Text for a Markdown file that a viewer shows as text: HTML (<img onerror>, <script>) escaped,
  // no inline link or image ("](" escaped; [1] stays), and javascript:/vbscript:/data: broken up.
  mdText(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/\]\s*\(/g, "]\\(").replace(/\b(javascript|vbscript|data)\s*:/gi, "$1\u200b:");
  },
  // 导出对话: the whole conversation as a Markdown file, made here (no server route serves files).
  exportMarkdown(button) {
    const turns = [...document.querySelectorAll("#conversation .turn")];
    if (!turns.length) { qa.flash(button, "还没有对话可导出"); return; }
    const now = new Date(), pad = n => String(n).padStart(2, "0");
    const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}`;
    const text = `# 讲话问答 对话记录\n\n导出于 ${now.toLocaleString("zh-CN")}，共 ${turns.length} 问。\n\n`
      + turns.map(t => qa.turnText(t, true)).join("\n\n---\n\n") + "\n";
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "text/markdown;charset=utf-8" }));
    link.download = `讲话问答对话-${stamp}.md`;
    document.body.appendChild(link); link.click();
    setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  },
  // 退出登录: forget the stored conversation here, end this session only (POST, same origin), back to the login.
  async logout(key) {
    try { localStorage.removeItem(key); } catch (e) { /* storage disabled */ }
    try { await fetch("/logout", { method: "POST", credentials: "same-origin" }); } catch (e) { /* offline */ }
    location.href = "/";
  },
  // Asks a question as if typed (a topic of a no-answer reply).
  ask(question) {
    const box = document.querySelector("#question textarea");
    box.value = question;
    box.dispatchEvent(new Event("input", { bubbles: true }));
    setTimeout(() => document.querySelector("#ask").click(), 50);
  },
  // Opens a place (file, speech, and a directive path or a passage span) in the 目录 tab's reader.
  open(place) {
    window.qaPendingOpen = place;
    const tab = [...document.querySelectorAll('[role="tab"]')].find(b => b.textContent.trim() === "目录");
    if (tab) tab.click();
    document.dispatchEvent(new CustomEvent("qa-open"));
  },
  // Gradio's own English labels, in Chinese.
  words: { "More tabs": "更多标签页", "Reset to default value": "恢复默认值", "Textbox": "输入框",
           "Clear": "清除", "Dropdown": "下拉选择", "Close": "关闭", "Loading...": "加载中…",
           "number input for 结果数": "结果数", "range slider for 结果数": "结果数" },
  // Titles (hover hints) for the page's own controls, which Gradio gives no title parameter.
  titles: { "#ask": "提问（也可在输入框里按回车）", "#clear": "清空对话（浏览器里保存的一并清除）",
            "#export": "把整个对话下载为文本文件（.md）", "#question textarea": "输入问题，回车提问",
            "#speech input": "只在这一篇讲话里找答案", "#k input[type=number]": "每次回答列出的来源数，1–10",
            "#k input[type=range]": "每次回答列出的来源数，1–10" },
  relabel() {
    for (const [selector, title] of Object.entries(qa.titles)) {
      const el = document.querySelector(selector);
      if (el && el.getAttribute("title") !== title) el.setAttribute("title", title);
    }
    for (const attr of ["aria-label", "title", "placeholder"]) {
      for (const el of document.querySelectorAll(`[${attr}]`)) {
        const zh = qa.words[el.getAttribute(attr)];
        if (zh) el.setAttribute(attr, zh);
      }
    }
  },
};
qa.watchLabels = () => {
  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; qa.relabel(); });
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label", "title"] });
  qa.relabel();
};
// An empty question: the hint under the box at once (the server adds no turn for it); typing hides it.
qa.showHint = (on) => { const hint = document.querySelector("#hint .ask-hint"); if (hint) hint.hidden = !on; };
qa.checkEmpty = () => qa.showHint(!(document.querySelector("#question textarea")?.value || "").trim());
document.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.target.matches?.("#question textarea")) qa.checkEmpty();
}, true);
document.addEventListener("click", (event) => {
  if (event.target.closest?.("#ask")) qa.checkEmpty();
  else if (event.target.closest?.("#clear")) qa.showHint(false);
}, true);
document.addEventListener("input", (event) => {
  if (event.target.matches?.("#question textarea")) qa.showHint(false);
}, true);
// 结果数 stays within its bounds while it is typed (the slider's own box takes 0 or 50 until it loses focus)
document.addEventListener("input", (event) => {
  const box = event.target;
  if (!box.matches || !box.matches("#k input[type=number]") || box.value === "") return;
  const value = Math.min(Math.max(Math.round(Number(box.value)), Number(box.min)), Number(box.max));
  if (!Number.isNaN(value) && String(value) !== box.value) {
    box.value = String(value);
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }
}, true);
// Gradio may add this script after the document has loaded
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", qa.watchLabels);
else qa.watchLabels();
</script>"""

# The conversation: its buttons, and the newest turn scrolled into view.
CHAT_JS = r"""
element.addEventListener("click", (event) => {
  const t = event.target;
  const copy = t.closest("button[data-copy]");
  if (copy) { event.preventDefault(); qa.copy(copy, copy.getAttribute("data-copy")); return; }
  const answer = t.closest("button.copy-answer");
  if (answer) { qa.copy(answer, qa.turnText(answer.closest(".turn"), false)); return; }
  const open = t.closest("button.open");
  if (open) {
    const d = open.dataset;
    qa.open({ file: d.file, speech: Number(d.speech), start: Number(d.start), end: Number(d.end) });
    return;
  }
  const topic = t.closest("button.ask-topic");
  if (topic) qa.ask(topic.getAttribute("data-question"));
});
let shown = null;
const showNewest = () => {
  const turns = element.querySelectorAll(".turn");
  const newest = turns.length ? turns[turns.length - 1] : null;
  if (newest && newest.id !== shown) {
    newest.scrollIntoView({ block: "start" });
    // a phone's keyboard would cover the answer: focus the box only with a mouse
    if (matchMedia("(pointer: fine)").matches) document.querySelector("#question textarea")?.focus({ preventScroll: true });
  }
  shown = newest ? newest.id : null;
};
watch("value", showNewest);
"""

# The 目录: speeches filled in when opened, the heading search, the reader.
OUTLINE_JS = r"""
const call = async (name, arg) => {
  try { return await server[name](arg); }
  catch (e) { return '<div class="notice error">读取失败，请稍后再试。</div>'; }
};
const placeOf = (el) => ({ file: el.dataset.file, speech: Number(el.dataset.speech), path: el.dataset.path || "" });
const read = async (where, tries = 20) => {
  const reader = element.querySelector(".reader");
  if (!reader) { if (tries) setTimeout(() => read(where, tries - 1), 100); return; }
  reader.innerHTML = await call("read_speech", where);
  element.querySelector(".outline").classList.add("reading");
  const target = reader.querySelector("mark.hit") || reader.querySelector(".in-target") || reader;
  target.scrollIntoView({ block: "start" });
};
element.addEventListener("toggle", async (event) => {
  const d = event.target;
  if (!d.matches || !d.matches("details.speech") || !d.open || d.dataset.filled) return;
  d.dataset.filled = "1";
  d.querySelector(".branch").innerHTML = await call("speech_outline", placeOf(d));
}, true);
element.addEventListener("click", (event) => {
  const dir = event.target.closest("button.dir");
  if (dir) {
    element.querySelectorAll("button.dir.current").forEach(b => b.classList.remove("current"));
    dir.classList.add("current");
    read(placeOf(dir));
    return;
  }
  if (event.target.closest("button.back")) {
    element.querySelector(".outline").classList.remove("reading");
    element.querySelector(".finder input")?.focus();
  }
});
let timer = null, asked = 0;
element.addEventListener("input", (event) => {
  if (!event.target.matches("input.find")) return;
  clearTimeout(timer);
  timer = setTimeout(async () => {
    const query = event.target.value.trim(), mine = ++asked;
    const results = element.querySelector(".results"), tree = element.querySelector(".tree");
    const html = query ? await call("search_outline", query) : "";
    if (mine !== asked) return;  // a later search is on its way
    results.innerHTML = html; results.hidden = !query; tree.hidden = !!query;
  }, 200);
});
const pending = () => { const p = window.qaPendingOpen; if (p) { window.qaPendingOpen = null; read(p); } };
document.addEventListener("qa-open", pending);
pending();
"""
