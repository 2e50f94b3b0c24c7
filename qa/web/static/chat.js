// The conversation (runs when its gr.HTML loads; ``element`` is that component).
// The browser keeps the conversation (conversations.js) and renders it on
// load without asking the server; a question sends only itself, the filter,
// the number of sources and the last few questions (qa.beforeAsk); the
// server answers with the new turn's HTML (qa.receive).
const root = element.querySelector(".chat-root") || element;
const empty = root.innerHTML;
const announcer = element.querySelector("#announce");

qa.renderConversation = () => {
  const conv = qa.conv;  // a question still on its way stays qa.pending: its answer goes to its own conversation
  if (!conv.turns.length) { root.innerHTML = empty; return; }
  const dropped = conv.dropped ? `<div class="notice info">这个对话较早的 ${conv.dropped} 问已不再保存。</div>` : "";
  root.innerHTML = `<div class="chat">${dropped}${conv.turns.map(t => t.html).join("")}</div>`;
};

const chat = () => {
  let box = root.querySelector(".chat:not(.empty)");
  if (!box) { root.innerHTML = '<div class="chat"></div>'; box = root.querySelector(".chat"); }
  return box;
};

// Before a question leaves: its bubble at once, the box emptied, and what the server needs.
qa.beforeAsk = (question, speech, k) => {
  const text = String(question || "").trim().slice(0, qa.config.limit);
  if (!text || qa.pending) return ["", speech, k, ""];
  root.querySelectorAll(".turn.failed").forEach(el => el.remove());
  const conv = qa.conv, n = (conv.turns.length ? conv.turns[conv.turns.length - 1].n : 0) + 1;
  const history = conv.turns.slice(-qa.config.historyTurns).map(t => t.q);
  qa.pending = { id: conv.id, question: String(question), n };
  const wrap = document.createElement("div");
  wrap.innerHTML = `<div class="turn pending" id="pending"><div class="q"><span class="who">问</span>`
    + `<div class="bubble">${qa.esc(text)}</div></div><div class="a"><span class="who">答</span>`
    + `<div class="bubble"><p class="waiting" role="status">正在查找……</p></div></div></div>`;
  chat().appendChild(wrap.firstChild);
  root.querySelector("#pending").scrollIntoView({ block: "start" });
  qa.setBox(""); qa.lengthNote();
  return [text, speech, k, JSON.stringify({ n, history })];
};

// The server's answer: one turn, added to the conversation it was asked in.
qa.receive = (payload) => {
  if (!payload) return;
  let data;
  try { data = JSON.parse(payload); } catch (e) { return; }
  const asked = qa.pending;
  qa.pending = null;
  root.querySelector("#pending")?.remove();
  if (data.status) {
    const status = document.querySelector("#status .status");
    if (status) status.outerHTML = data.status;
  }
  const turn = { n: data.n, q: data.question, html: data.html };
  let conv = qa.conv;
  if (asked && asked.id !== conv.id) conv = qa.store.load(asked.id) || conv;
  if (conv.turns.some(t => t.n === turn.n)) return;  // shown already
  if (!conv.title) conv.title = qa.titleOf(turn.q);
  conv.turns.push(turn);
  while (conv.turns.length > qa.config.maxTurns) { conv.turns.shift(); conv.dropped = (conv.dropped || 0) + 1; }
  conv.updated = Date.now();
  qa.save(conv);
  qa.renderList();
  if (conv !== qa.conv) return;
  const wrap = document.createElement("div");
  wrap.innerHTML = turn.html;
  const shown = wrap.firstElementChild;
  chat().appendChild(shown);
  shown.scrollIntoView({ block: "start" });
  const said = shown.querySelector(".a .bubble .answer, .a .bubble .no-answer, .a .bubble .notice");
  if (announcer) announcer.textContent = `第 ${turn.n} 问的回答：${(said?.textContent || "").trim().slice(0, 300)}`;
  // a phone's keyboard would cover the answer: focus the box only with a mouse
  if (matchMedia("(pointer: fine)").matches) qa.box()?.focus({ preventScroll: true });
};

// The question did not reach an answer: say so in Chinese, give the question back, keep everything else.
qa.failed = (message) => {
  const asked = qa.pending;
  if (!asked) return;
  qa.pending = null;
  const turn = root.querySelector("#pending");
  if (turn) {
    turn.classList.replace("pending", "failed");
    turn.removeAttribute("id");
    turn.querySelector(".a .bubble").innerHTML =
      `<div class="notice error">这个问题没有得到回答：${qa.esc(message || "连不上服务器，请稍后再试。")}问题已放回输入框，可以再问一次。</div>`;
  }
  if (!(qa.box()?.value || "").trim()) qa.setBox(asked.question);
  if (announcer) announcer.textContent = "提问没有成功：" + (message || "连不上服务器");
};

// [n] in an answer: the source card in place (a dialog), by mouse, tap or keyboard; the page does not move.
let pop = null, popRef = null, hoverClose = null;
qa.closePop = (refocus) => {
  clearTimeout(hoverClose);
  if (pop) pop.remove();
  if (popRef) { popRef.setAttribute("aria-expanded", "false"); if (refocus) popRef.focus({ preventScroll: true }); }
  pop = null; popRef = null;
};
const openPop = (ref, focus) => {
  if (popRef === ref) return;
  qa.closePop();
  const card = document.getElementById(ref.getAttribute("data-ref"));
  const bubble = ref.closest(".bubble");
  if (!card || !bubble) return;
  pop = document.createElement("div");
  pop.className = "ref-pop";
  pop.setAttribute("role", "dialog");
  pop.setAttribute("aria-label", "来源 " + ref.textContent);
  pop.tabIndex = -1;
  const quote = card.querySelector("blockquote.passage");
  pop.innerHTML = card.querySelector(".cite").outerHTML + (quote ? quote.outerHTML : "")
    + `<div class="tools">${card.querySelector(".tools").innerHTML}`
    + `<button type="button" class="pop-close" aria-label="关闭来源 ${qa.esc(ref.textContent)}">关闭</button></div>`;
  pop.style.top = (ref.offsetTop + ref.offsetHeight + 4) + "px";
  bubble.appendChild(pop);
  popRef = ref;
  ref.setAttribute("aria-expanded", "true");
  if (focus) pop.focus({ preventScroll: true });
};
element.addEventListener("click", (event) => {
  const t = event.target;
  const ref = t.closest("button.ref");
  if (ref) { if (popRef === ref) qa.closePop(true); else openPop(ref, true); return; }
  if (t.closest("button.pop-close")) { qa.closePop(true); return; }
  const copy = t.closest("button[data-copy]");
  if (copy) { event.preventDefault(); qa.copy(copy, copy.getAttribute("data-copy")); return; }
  const answer = t.closest("button.copy-answer");
  if (answer) { qa.copy(answer, qa.turnText(answer.closest(".turn"), false)); return; }
  const open = t.closest("button.open");
  if (open) {
    const d = open.dataset;
    const from = open.closest(".ref-pop") ? popRef : open;
    qa.closePop();
    qa.open({ file: d.file, speech: Number(d.speech), start: Number(d.start), end: Number(d.end) }, from);
    return;
  }
  const topic = t.closest("button.ask-topic");
  if (topic) qa.ask(topic.getAttribute("data-question"));
});
document.addEventListener("click", (event) => {
  if (pop && !event.target.closest(".ref-pop, button.ref")) qa.closePop();
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && pop) { event.preventDefault(); qa.closePop(true); }
});
element.addEventListener("focusout", (event) => {
  if (pop && event.relatedTarget && !event.relatedTarget.closest(".ref-pop, button.ref")) qa.closePop();
});
if (matchMedia("(hover: hover)").matches) {
  element.addEventListener("mouseover", (event) => {
    const ref = event.target.closest("button.ref");
    if (ref) { clearTimeout(hoverClose); openPop(ref, false); }
    else if (event.target.closest(".ref-pop")) clearTimeout(hoverClose);
  });
  element.addEventListener("mouseout", (event) => {
    const from = event.target.closest("button.ref, .ref-pop"), to = event.relatedTarget;
    if (!from || !pop || (to && to.closest && to.closest("button.ref, .ref-pop"))) return;
    if (pop.contains(document.activeElement)) return;  // opened to be read with the keyboard
    clearTimeout(hoverClose);
    hoverClose = setTimeout(() => qa.closePop(), 250);
  });
}

// This tab's conversation, from this browser's copy: nothing is sent to the server.
const id = qa.currentId();
qa.conv = (id && qa.store.load(id)) || qa.newConversation();
qa.setCurrentId(qa.conv.id);
qa.renderConversation();
const list = () => { if (document.querySelector("#convs ul")) qa.renderList(); else setTimeout(list, 100); };
list();
