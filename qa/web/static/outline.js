// The 目录 (runs when its gr.HTML loads): speeches filled in when opened, the heading search, the reader.
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
  const head = reader.querySelector(".reader-head");
  if (head && qa.returnTo && where.start !== undefined) {  // opened from an answer: a way back to it
    const back = document.createElement("button");
    back.type = "button"; back.className = "back-to-chat"; back.textContent = "返回问答";
    back.title = "回到刚才的回答";
    head.prepend(back);
  }
  const target = reader.querySelector("mark.hit") || reader.querySelector(".in-target") || reader;
  target.scrollIntoView({ block: "start" });
  // the sticky header must not cover the marked lines (a phone's header is tall)
  if (head && target !== reader) {
    const cover = head.getBoundingClientRect().bottom - target.getBoundingClientRect().top + 8;
    if (cover > 0) {
      if (reader.scrollHeight > reader.clientHeight + 1 && getComputedStyle(reader).overflowY !== "visible") reader.scrollTop -= cover;
      else window.scrollBy(0, -cover);
    }
  }
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
  if (event.target.closest("button.back-to-chat")) { qa.backToChat(); return; }
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
