// Conversations kept in this browser (localStorage), never sent back to the server.
//
// Each conversation is two keys: a small meta record (title, dates) for the
// list, and its turns (the HTML the server rendered for each). A tab works on
// its own conversation (its id in sessionStorage, which is per tab and
// survives a reload) and writes only that one's keys, so two tabs never
// overwrite each other. At most qa.config.maxConversations are kept: the
// oldest goes, with a notice; a full storage drops the oldest too.
(() => {
  const PREFIX = "jianghua-qa/v2/", META = PREFIX + "meta/", TURNS = PREFIX + "turns/", CURRENT = PREFIX + "current";
  const safe = (fn, fallback) => { try { return fn(); } catch (e) { return fallback; } };
  qa.store = {
    list() {
      const out = [];
      for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i);
        if (!key || !key.startsWith(META)) continue;
        const meta = safe(() => JSON.parse(localStorage.getItem(key)), null);
        if (meta && typeof meta.id === "string") out.push(meta);
      }
      return out.sort((a, b) => (b.updated || 0) - (a.updated || 0));
    },
    load(id) {
      const meta = safe(() => JSON.parse(localStorage.getItem(META + id)), null);
      const turns = safe(() => JSON.parse(localStorage.getItem(TURNS + id)), null);
      if (!meta || !Array.isArray(turns)) return null;
      const ok = turns.filter(t => t && Number.isInteger(t.n) && typeof t.q === "string" && typeof t.html === "string");
      return { ...meta, turns: ok };
    },
    write(conv) {
      const meta = { id: conv.id, title: conv.title, created: conv.created, updated: conv.updated,
                     count: conv.turns.length, dropped: conv.dropped || 0 };
      try {
        localStorage.setItem(TURNS + conv.id, JSON.stringify(conv.turns));
        localStorage.setItem(META + conv.id, JSON.stringify(meta));
        return true;
      } catch (e) { return false; }
    },
    remove(id) { localStorage.removeItem(META + id); localStorage.removeItem(TURNS + id); },
  };
  // the first page's single conversation (Gradio's BrowserState, encrypted for that page only) cannot be
  // read here; it would only hold storage: removed
  safe(() => localStorage.removeItem("jianghua-qa-conversation"));
  qa.currentId = () => safe(() => sessionStorage.getItem(CURRENT), null);
  qa.setCurrentId = (id) => safe(() => sessionStorage.setItem(CURRENT, id));
  qa.newConversation = () => {
    const now = Date.now();
    return { id: now.toString(36) + Math.random().toString(36).slice(2, 8), title: "", created: now, updated: now,
             turns: [], dropped: 0 };
  };
  qa.titleOf = (question) => question.replace(/\s+/g, " ").trim().slice(0, 24) || "新对话";
  // Saves a conversation; what had to go to make room is said in qa.notes.
  qa.save = (conv) => {
    const notes = [];
    for (;;) {
      if (qa.store.write(conv)) break;
      const others = qa.store.list().filter(m => m.id !== conv.id);
      if (others.length) {
        const old = others[others.length - 1];
        qa.store.remove(old.id);
        notes.push(`浏览器的存储空间已满，删除了最早的对话“${old.title}”。`);
      } else if (conv.turns.length > 1) {
        conv.turns.shift(); conv.dropped = (conv.dropped || 0) + 1;
      } else { notes.push("浏览器的存储空间已满，这一问没能保存。"); break; }
    }
    const all = qa.store.list();
    for (const old of all.slice(qa.config.maxConversations).filter(m => m.id !== conv.id)) {
      qa.store.remove(old.id);
      notes.push(`最多保存 ${qa.config.maxConversations} 个对话，删除了最早的“${old.title}”。`);
    }
    if (notes.length) qa.note(notes.join(" "));
  };
  qa.dateText = (time) => {
    const d = new Date(time), pad = n => String(n).padStart(2, "0");
    const today = new Date().toDateString() === d.toDateString();
    return (today ? "今天" : `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`) + ` ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  };
  qa.note = (text) => {
    const note = document.querySelector("#convs .note");
    if (note) { note.textContent = text; note.hidden = !text; }
  };
  // The list beside the chat: 新对话, each conversation (open, 改名, 删除), undo of a delete, export.
  qa.renderList = () => {
    const list = document.querySelector("#convs ul");
    if (!list) return;
    const metas = qa.store.list();
    const mine = qa.conv;
    if (mine && !mine.turns.length) metas.unshift({ id: mine.id, title: "", updated: mine.updated, count: 0 });
    list.innerHTML = metas.map(m => {
      const title = m.title || "新对话（未提问）", current = mine && m.id === mine.id;
      return `<li class="conv${current ? " current" : ""}" data-id="${qa.esc(m.id)}">`
        + `<button type="button" class="conv-open"${current ? ' aria-current="true"' : ""} title="${qa.esc(title)}">`
        + `<span class="title">${qa.esc(title)}</span><span class="date">${qa.esc(qa.dateText(m.updated))} · ${m.count || 0} 问</span></button>`
        + (m.count ? `<button type="button" class="conv-rename" aria-label="改名：${qa.esc(title)}">改名</button>`
          + `<button type="button" class="conv-delete" aria-label="删除：${qa.esc(title)}">删除</button>` : "")
        + "</li>";
    }).join("");
    // a phone shows the three latest above the chat; the rest on request
    const more = document.querySelector("#convs button.conv-more");
    if (more) {
      more.hidden = metas.length <= 3;
      more.textContent = list.classList.contains("all") ? "收起" : `显示全部（${metas.length}）`;
    }
    const head = document.querySelector("#convs .convs-h");
    if (head) head.textContent = `对话记录（${qa.store.list().length}）`;
  };
  qa.switchTo = (conv) => {
    qa.closePop?.();
    qa.conv = conv;
    qa.setCurrentId(conv.id);
    qa.renderConversation?.();
    qa.renderList();
  };
  let undo = null;
  qa.deleteConversation = (id) => {
    const conv = qa.store.load(id);
    if (!conv) return;
    qa.store.remove(id);
    if (qa.conv && qa.conv.id === id) qa.switchTo(qa.newConversation());
    else qa.renderList();
    const bar = document.querySelector("#convs .undo");
    if (!bar) return;
    clearTimeout(undo?.timer);
    undo = { conv, timer: setTimeout(() => { bar.hidden = true; undo = null; }, 15000) };
    bar.innerHTML = `已删除“${qa.esc(conv.title)}”。<button type="button" class="undo-delete">撤销</button>`;
    bar.hidden = false;
    bar.querySelector("button").focus({ preventScroll: true });
  };
  qa.undoDelete = () => {
    if (!undo) return;
    const { conv } = undo;
    clearTimeout(undo.timer); undo = null;
    document.querySelector("#convs .undo").hidden = true;
    qa.save(conv);
    qa.switchTo(conv);
  };
  qa.startRename = (li) => {
    const id = li.getAttribute("data-id"), conv = qa.store.load(id);
    if (!conv) return;
    const input = document.createElement("input");
    input.className = "rename"; input.value = conv.title; input.maxLength = 60;
    input.setAttribute("aria-label", "对话的新名字，回车保存，Esc 取消");
    li.replaceChildren(input);
    input.focus(); input.select();
    let done = false;
    const finish = (keep) => {
      if (done) return; done = true;
      const title = input.value.trim();
      if (keep && title) {
        conv.title = title.slice(0, 60);
        qa.store.write(conv);
        if (qa.conv && qa.conv.id === id) qa.conv.title = conv.title;
      }
      qa.renderList();
    };
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter") { e.preventDefault(); finish(true); }
      else if (e.key === "Escape") { e.preventDefault(); finish(false); }
    });
    input.addEventListener("blur", () => finish(true));
  };
  document.addEventListener("click", (event) => {
    const t = event.target, li = t.closest?.("#convs li.conv");
    if (t.closest?.("#convs button.new-conv")) {
      if (qa.conv && qa.conv.turns.length) qa.switchTo(qa.newConversation());
      qa.box()?.focus({ preventScroll: true });
    } else if (t.closest?.("#convs button.export-all")) qa.exportAll(t.closest("button"));
    else if (t.closest?.("#convs button.conv-more")) {
      document.querySelector("#convs ul").classList.toggle("all");
      qa.renderList();
    }
    else if (t.closest?.("#convs button.undo-delete")) qa.undoDelete();
    else if (li && t.closest("button.conv-open")) {
      const id = li.getAttribute("data-id");
      if (!qa.conv || id !== qa.conv.id) { const conv = qa.store.load(id); if (conv) qa.switchTo(conv); }
    } else if (li && t.closest("button.conv-rename")) qa.startRename(li);
    else if (li && t.closest("button.conv-delete")) qa.deleteConversation(li.getAttribute("data-id"));
  });
  // another tab saved or deleted a conversation: the list follows
  window.addEventListener("storage", (event) => { if (event.key && event.key.startsWith(PREFIX)) qa.renderList(); });
})();
