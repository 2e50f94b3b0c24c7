// The chat page's shared helpers (window.qa), loaded in the page's <head>.
// Everything runs in the browser; nothing is fetched from elsewhere.
// window.qaConfig (written by qa/web/page.py before this file) holds the
// numbers the server decides: the question length limit, the bounds of the
// conversations kept here.
window.qa = Object.assign(window.qa || {}, {
  config: Object.assign({ limit: 500, maxConversations: 50, maxTurns: 200, historyTurns: 3 }, window.qaConfig || {}),
  esc(text) {
    return String(text).replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  },
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
  // One turn as plain text (复制回答) or Markdown (导出对话): question, answer with [n],
  // and the sources the answer cites (the ones under 更多来源 stay out).
  turnText(turn, markdown) {
    const question = turn.querySelector(".q .bubble").innerText.trim();
    const bubble = turn.querySelector(".a .bubble");
    const said = [...bubble.querySelectorAll(":scope > .notice, :scope > .answer, :scope > .no-answer")]
      .map(el => (el.innerText || el.textContent).trim()).filter(Boolean);
    const md = markdown ? qa.mdText : (s => s);  // Markdown: document text stays text
    const lines = markdown ? ["## 问：" + md(question), "", ...said.map(s => "答：" + md(s))] : [...said];
    const sources = [...bubble.querySelectorAll("li.source.cited")];
    if (sources.length) lines.push("", markdown ? "**来源**" : "来源：", "");
    sources.forEach(li => {
      const n = li.getAttribute("data-n");
      const copy = li.querySelector("button[data-copy]").getAttribute("data-copy");
      const cut = copy.lastIndexOf("\n——");
      const quote = copy.slice(0, cut), where = copy.slice(cut + 3);
      if (markdown) lines.push(`${n}. ${md(where)}`, "", ...quote.split("\n").map(l => "   > " + md(l)), "");
      else lines.push(`[${n}] ${where}`, quote, "");
    });
    return lines.join("\n").trim();
  },
  // Text for a Markdown file that a viewer shows as text: HTML (<img onerror>, <script>) escaped,
  // no inline link or image ("](" escaped; [1] stays), and javascript:/vbscript:/data: broken up.
  mdText(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/\]\s*\(/g, "]\\(").replace(/\b(javascript|vbscript|data)\s*:/gi, "$1\u200b:");
  },
  // 退出登录: forget every conversation kept in this browser, end this session only
  // (POST, same origin), back to the login page.
  async logout() {
    try { qa.store.list().forEach(m => qa.store.remove(m.id)); } catch (e) { /* storage disabled */ }
    try { await fetch("/logout", { method: "POST", credentials: "same-origin" }); } catch (e) { /* offline */ }
    location.href = "/";
  },
  stamp(date) {
    const pad = n => String(n).padStart(2, "0");
    return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}`;
  },
  // A stored conversation's turns as Markdown (its HTML parsed here, never shown).
  conversationMarkdown(conv) {
    const box = document.createElement("div");
    box.innerHTML = conv.turns.map(t => t.html).join("");
    const turns = [...box.querySelectorAll(".turn")];
    return `# ${conv.title || "讲话问答"}\n\n开始于 ${new Date(conv.created).toLocaleString("zh-CN")}，共 ${turns.length} 问。\n\n`
      + turns.map(t => qa.turnText(t, true)).join("\n\n---\n\n") + "\n";
  },
  download(text, name) {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "text/markdown;charset=utf-8" }));
    link.download = name;
    document.body.appendChild(link); link.click();
    setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  },
  // 导出对话: this tab's conversation as a Markdown file, made here (no server route serves files).
  exportMarkdown(button) {
    const conv = qa.conv;
    if (!conv || !conv.turns.length) { qa.flash(button, "还没有对话可导出"); return; }
    const now = new Date();
    qa.download(`# 讲话问答 对话记录\n\n导出于 ${now.toLocaleString("zh-CN")}。\n\n` + qa.conversationMarkdown(conv),
                `讲话问答对话-${qa.stamp(now)}.md`);
  },
  // 导出全部: every conversation kept in this browser, one Markdown file.
  exportAll(button) {
    const all = qa.store.list().map(m => qa.store.load(m.id)).filter(c => c && c.turns.length);
    if (!all.length) { qa.flash(button, "还没有对话可导出"); return; }
    const now = new Date();
    qa.download(`# 讲话问答 全部对话\n\n导出于 ${now.toLocaleString("zh-CN")}，共 ${all.length} 个对话。\n\n`
                + all.map(c => qa.conversationMarkdown(c).replace(/^# /, "# 对话：")).join("\n\n===\n\n"),
                `讲话问答全部对话-${qa.stamp(now)}.md`);
  },
  box() { return document.querySelector("#question textarea"); },
  setBox(text) {
    const box = qa.box();
    if (!box) return;
    box.value = text;
    box.dispatchEvent(new Event("input", { bubbles: true }));
  },
  // Asks a question as if typed (an example, a topic of a no-answer reply).
  ask(question) {
    qa.setBox(question);
    setTimeout(() => document.querySelector("#ask").click(), 50);
  },
  tab(name) {
    const tab = [...document.querySelectorAll('[role="tab"]')].find(b => b.textContent.trim() === name);
    if (tab) tab.click();
  },
  // Opens a place (file, speech, and a directive path or a passage span) in the 目录 tab's reader;
  // ``from`` (a button in the chat) is where 返回问答 comes back to.
  open(place, from) {
    qa.returnTo = from ? { scrollY: window.scrollY, selector: qa.selectorOf(from) } : null;
    window.qaPendingOpen = place;
    qa.tab("目录");
    document.dispatchEvent(new CustomEvent("qa-open"));
  },
  selectorOf(el) {
    const turn = el.closest(".turn"), source = el.closest("li.source");
    if (!turn) return null;
    let sel = "#" + turn.id;
    if (source) sel += ` li.source[data-n="${source.getAttribute("data-n")}"]`;
    return sel + " button." + [...el.classList][0];
  },
  // 返回问答: the chat again, at the same place, focus on the button that left it.
  backToChat() {
    const back = qa.returnTo;
    qa.tab("问答");
    const restore = (tries) => {
      if (back) window.scrollTo(0, back.scrollY);
      const el = back && back.selector ? document.querySelector(back.selector) : null;
      if (el) el.focus({ preventScroll: true });
      if (tries && back && Math.abs(window.scrollY - back.scrollY) > 2) setTimeout(() => restore(tries - 1), 50);
    };
    requestAnimationFrame(() => setTimeout(() => restore(10), 30));
  },
  // 目录 search found no heading: the words go to the question box, to ask in 问答.
  askInChat(text) {
    qa.tab("问答");
    setTimeout(() => { qa.setBox(text); qa.box()?.focus(); qa.lengthNote(); }, 50);
  },
  // Gradio's own English labels, in Chinese.
  words: { "More tabs": "更多标签页", "Reset to default value": "恢复默认值", "Textbox": "输入框",
           "Clear": "清除", "Dropdown": "下拉选择", "Close": "关闭", "Loading...": "加载中…",
           "number input for 结果数": "结果数", "range slider for 结果数": "结果数" },
  // Titles (hover hints) for the page's own controls, which Gradio gives no title parameter.
  titles: { "#ask": "提问（也可在输入框里按回车）",
            "#export": "把这个对话下载为文本文件（.md）", "#question textarea": "输入问题，回车提问",
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
    qa.translateToasts();
  },
  // Gradio's own messages (toasts: a lost connection, a refused request) in Chinese.
  toastWords: {
    "Error": "出错了", "Warning": "提示", "Info": "提示", "Success": "完成", "Connection Lost": "连接中断",
    "Connection to the server was lost. Attempting reconnection...": "与服务器的连接已断开，正在尝试重新连接……",
  },
  toastText(text) {
    const t = text.trim();
    if (!t || !/[A-Za-z]{3,}/.test(t) || /[\u4e00-\u9fff]/.test(t)) return null;
    if (qa.toastWords[t]) return qa.toastWords[t];
    if (/too large|413|body/i.test(t)) return "请求太大，服务器没有接受。请缩短问题后再试。";
    if (/connect|network|fetch|lost|closed/i.test(t)) return "连不上服务器，请稍后再试。";
    if (/queue.*full|too many/i.test(t)) return "提问的人太多，请稍后再试。";
    return "请求没有成功，请稍后再试。";
  },
  translateToasts() {
    const toasts = document.querySelectorAll('[class*="toast-"]');
    let error = null;
    for (const el of toasts) {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const zh = qa.toastText(node.nodeValue);
        if (zh) { node.nodeValue = zh; if (zh !== "出错了" && zh !== "连接中断") error = zh; }
      }
    }
    if (error && qa.pending) qa.failed(error);
  },
});
qa.watchLabels = () => {
  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; qa.relabel(); });
  }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true,
                              attributeFilter: ["aria-label", "title"] });
  qa.relabel();
};
// An empty question: the hint under the box at once (the server adds no turn for it); typing hides it.
qa.showHint = (on) => { const hint = document.querySelector("#hint .ask-hint"); if (hint) hint.hidden = !on; };
qa.checkEmpty = () => qa.showHint(!(qa.box()?.value || "").trim());
// One length limit, the server's: past it, an honest note of what will be asked.
qa.lengthNote = () => {
  const note = document.querySelector("#hint .len-note"), length = (qa.box()?.value || "").length;
  if (!note) return;
  note.hidden = length <= qa.config.limit;
  note.textContent = `问题有 ${length} 字，超过 ${qa.config.limit} 字的上限：提问时只用前 ${qa.config.limit} 字。`;
};
document.addEventListener("keydown", (event) => {
  const inBox = event.target.matches?.("#question textarea");
  if (inBox && event.key === "Enter" && !event.shiftKey && !event.isComposing) qa.checkEmpty();
  // Tab from an empty box goes on to the newest answer (the box stands below it)
  if (inBox && event.key === "Tab" && !event.shiftKey && !event.target.value.trim()) {
    const answers = document.querySelectorAll("#conversation .turn:not(.pending) .a .bubble");
    if (answers.length) { event.preventDefault(); answers[answers.length - 1].focus(); }
  }
}, true);
document.addEventListener("click", (event) => {
  const t = event.target;
  if (t.closest?.("#ask")) qa.checkEmpty();
  const example = t.closest?.("button.example");
  if (example) qa.ask(example.getAttribute("data-question"));
  const ask = t.closest?.("button.ask-in-chat");
  if (ask) qa.askInChat(ask.getAttribute("data-question"));
  if (t.closest?.(".filter-chip")) document.querySelector("#filter .label-wrap, #filter button")?.click();
}, true);
document.addEventListener("input", (event) => {
  if (event.target.matches?.("#question textarea")) { qa.showHint(false); qa.lengthNote(); }
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
// The speech filter: a chip says it is on while its panel is folded.
qa.filterChip = () => setTimeout(() => {
  const chip = document.querySelector(".filter-chip"), input = document.querySelector("#speech input");
  if (!chip || !input) return;
  const label = input.value.trim();
  chip.hidden = !label || label === "全部讲话";
  chip.textContent = `已限定：${label}（点此更改）`;
  chip.title = "只在这篇讲话里找答案；点此打开限定面板";
}, 30);
// One look, the light one, whatever the system prefers: the page's colours are chosen (and their
// contrast checked) for it; Gradio would switch to its dark theme and leave them unreadable.
qa.keepLight = () => {
  document.documentElement.style.colorScheme = "light";
  const light = () => { if (document.body.classList.contains("dark")) document.body.classList.remove("dark"); };
  new MutationObserver(light).observe(document.body, { attributes: true, attributeFilter: ["class"] });
  light();
};
const started = () => { qa.keepLight(); qa.watchLabels(); };
// Gradio may add this script after the document has loaded
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", started);
else started();
// 限定讲话 narrows its list as one types, Chinese included (Gradio's own list kept every entry):
// entries without the typed text are hidden; the selected entry's own label shows them all.
qa.narrowFilter = () => {
  const input = document.querySelector("#speech input");
  if (!input) return;
  const typed = input.value.trim().toLowerCase();
  const items = document.querySelectorAll('ul[role="listbox"] li[role="option"]');
  const labels = [...items].map(li => li.textContent.replace("✓", "").trim());
  const showAll = !typed || labels.some((l, i) => l.toLowerCase() === typed && items[i].getAttribute("aria-selected") === "true");
  // (style, not the hidden attribute: the list's own CSS would show a hidden entry)
  items.forEach((li, i) => { li.style.display = !showAll && !labels[i].toLowerCase().includes(typed) ? "none" : ""; });
};
document.addEventListener("input", (event) => { if (event.target.matches?.("#speech input")) qa.narrowFilter(); }, true);
document.addEventListener("compositionend", (event) => { if (event.target.matches?.("#speech input")) qa.narrowFilter(); }, true);
new MutationObserver(() => { if (document.querySelector('ul[role="listbox"]')) qa.narrowFilter(); })
  .observe(document.documentElement, { childList: true, subtree: true });
