// The review page: renders the review file's state and sends one change at a time.
// Every change carries the version of the file it was based on; a 409 means someone else wrote
// first, and the page says so and shows the file as it now is.  Text from the file is only ever
// set with textContent, never parsed as HTML.
"use strict";

const TOKEN = document.querySelector('meta[name="quotecards-token"]').content;
const CHECK_DELAY = 150;
const PREVIEW_DELAY = 450;
const POLL_EVERY = 4000;

let state = null;
let filter = "all";
const drafts = new Map(); // quote id -> text being edited (an open editor)
const previewUrls = new Map(); // "text|speaker|format|theme" -> object URL or {error}
const previewLoads = new Map();

const $ = (selector, root = document) => root.querySelector(selector);

async function request(path, body) {
  const options = { headers: { "X-Quotecards-Token": TOKEN }, cache: "no-store" };
  if (body !== undefined) {
    options.method = "POST";
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = { error: `the server answered ${response.status}` };
  }
  return { status: response.status, data };
}

async function loadState() {
  const { status, data } = await request("/api/state");
  if (status !== 200) {
    showBanner(data.error || "The review could not be read.", true);
    return;
  }
  state = data;
  render();
}

// A change: on success the answer is the new state; on a conflict, say so and reload.
async function change(path, body) {
  const { status, data } = await request(path, { ...body, version: state.version });
  if (status === 200) {
    state = data;
    hideBanner();
    render();
    flashSaved();
    return { ok: true };
  }
  if (status === 409) {
    showBanner(data.error, false);
    await loadState();
    return { ok: false, conflict: true };
  }
  if (data.check) return { ok: false, check: data.check };
  showBanner(data.error || `The change was refused (${status}).`, false);
  return { ok: false };
}

function flashSaved() {
  const saved = $("#saved");
  saved.textContent = `Saved to ${state.file}`;
  saved.classList.add("on");
  clearTimeout(flashSaved.timer);
  flashSaved.timer = setTimeout(() => saved.classList.remove("on"), 1600);
}

function showBanner(text, withReload) {
  $("#banner-text").textContent = text;
  $("#banner-reload").hidden = !withReload;
  $("#banner").hidden = false;
}

function hideBanner() {
  $("#banner").hidden = true;
}

// Rendering.

// The voices the source does not name ("Speaker 1"), each with a box for the name.
function renderVoices() {
  const labels = [...new Set([...(state.unnamed || []), ...Object.keys(state.named || {})])];
  const section = $("#voices");
  section.hidden = !labels.length;
  const form = $("#voices-form");
  if (form.contains(document.activeElement)) return; // never replace a box being typed in
  form.replaceChildren();
  for (const label of labels) {
    const row = document.createElement("label");
    row.className = "voice";
    const name = document.createElement("span");
    name.className = "voice-label";
    name.textContent = label;
    const input = document.createElement("input");
    input.type = "text";
    input.maxLength = 200;
    input.value = (state.named || {})[label] || "";
    input.placeholder = "Name, as it should appear on a card";
    input.dataset.label = label;
    const save = document.createElement("button");
    save.type = "button";
    save.textContent = "Save name";
    save.addEventListener("click", () => change("/api/speaker", { label, name: input.value }));
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        change("/api/speaker", { label, name: input.value });
      }
    });
    row.append(name, input, save);
    form.append(row);
  }
}

function render() {
  renderVoices();
  const main = $("#quotes");
  const focused = document.activeElement?.closest?.(".quote")?.dataset.id;
  const focusClass = document.activeElement?.classList?.[0];
  main.replaceChildren();
  main.setAttribute("aria-busy", "false");
  $("#source").textContent = `source: ${state.source}`;
  const counts = { ...state.counts, all: state.quotes.length };
  for (const [name, count] of Object.entries(counts)) {
    const el = $(`[data-count="${name}"]`);
    if (el) el.textContent = count;
  }
  const shown = state.quotes.filter((q) => filter === "all" || q.status === filter);
  if (!shown.length) {
    const empty = document.createElement("p");
    empty.className = "empty";
    empty.textContent =
      filter === "all" ? "No candidates in this review." : `No ${filter} quotes yet.`;
    main.append(empty);
  }
  let section = null;
  for (const quote of shown) {
    const group = quote.rank === 0 ? "kept" : quote.attribution === "uncertain" ? "uncertain" : "picks";
    if (group !== section) {
      section = group;
      const heading = document.createElement("h2");
      heading.className = "group";
      heading.textContent = {
        picks: "Candidates, best first",
        uncertain: "Speaker not established: the text does not say who said these, so they cannot go on a card",
        kept: "Decided earlier, no longer offered by the selector",
      }[group];
      main.append(heading);
    }
    main.append(renderQuote(quote));
  }
  if (focused) {
    const article = main.querySelector(`.quote[data-id="${CSS.escape(focused)}"]`);
    const target = (focusClass && article?.querySelector(`.${CSS.escape(focusClass)}`)) || article;
    target?.focus({ preventScroll: true });
  }
  observePreviews();
}

// The score and its reasons: of the words as saved, or as being typed once they pass the check.
function showScore(article, score, reasons) {
  $(".score-value", article).textContent = score;
  $(".score-bar span", article).style.width = `${Math.max(0, Math.min(100, score))}%`;
  const list = $(".reasons", article);
  list.replaceChildren();
  for (const reason of reasons) {
    const li = document.createElement("li");
    const negative = reason.startsWith("−");
    li.textContent = negative ? reason.slice(1) : reason;
    if (negative) li.className = "minus";
    list.append(li);
  }
}

function renderQuote(quote) {
  const article = $("#quote-template").content.firstElementChild.cloneNode(true);
  article.dataset.id = quote.id;
  article.dataset.status = quote.status;
  $(".rank", article).textContent = quote.rank ? `#${quote.rank}` : "–";
  showScore(article, quote.score, quote.reasons);
  $(".status-pill", article).textContent = quote.status;
  $(".speaker", article).textContent = quote.editor_speaker
    ? `${quote.editor_speaker} (attributed by the editor)`
    : quote.speaker || "speaker not established";
  $(".kind", article).textContent = quote.kind;
  $(".edited-pill", article).hidden = !quote.edited;
  $(".updated", article).textContent = quote.updated ? `changed ${friendlyTime(quote.updated)}` : "";
  if (quote.updated) $(".updated", article).title = quote.updated;
  // Typographic quotes and apostrophes, as the card sets them; the highlight in the accent.
  showText($(".text", article), quote);

  const problems = [];
  if (quote.missing) problems.push("Its words are no longer in the source; it cannot be built.");
  if (quote.problem) problems.push(capitalise(quote.problem) + ".");
  if (quote.refused) {
    const diff = quote.refused.diff_text ? ` (${quote.refused.diff_text})` : "";
    problems.push(`The text in the file is refused: ${quote.refused.headline}${diff}.`);
  }
  if (quote.highlight_problem) problems.push(capitalise(quote.highlight_problem) + ".");
  if (problems.length) {
    const problem = $(".problem", article);
    problem.hidden = false;
    problem.textContent = problems.join(" ");
  }
  if (quote.context) {
    $(".context", article).hidden = false;
    $(".context-text", article).textContent = quote.context;
    $(".context-label", article).textContent = quote.context_label || "In the source";
  }

  renderChips($(".themes .chips", article), state.themes, quote.themes, quote, "themes");
  renderChips($(".formats .chips", article), state.formats, quote.formats, quote, "formats");

  renderHighlight(article, quote);

  const note = $(".note", article);
  note.value = quote.note;
  note.addEventListener("change", () => change("/api/note", { id: quote.id, note: note.value }));
  note.addEventListener("keydown", (event) => {
    if (event.key === "Enter") note.blur();
    event.stopPropagation();
  });

  const approve = $(".approve", article);
  const reject = $(".reject", article);
  approve.setAttribute("aria-pressed", String(quote.status === "approved"));
  reject.setAttribute("aria-pressed", String(quote.status === "rejected"));
  approve.textContent = quote.status === "approved" ? "Approved ✓" : "Approve";
  reject.textContent = quote.status === "rejected" ? "Rejected" : "Reject";
  approve.setAttribute("aria-label", quote.status === "approved" ? "Undo approve" : "Approve");
  reject.setAttribute("aria-label", quote.status === "rejected" ? "Undo reject" : "Reject");
  const unattributed = !quote.editor_speaker && (quote.attribution === "uncertain" || !quote.speaker);
  approve.disabled = quote.missing || (unattributed && quote.status !== "approved");
  if (unattributed) approve.title = "The text does not establish who said it, so it cannot go on a card.";
  approve.addEventListener("click", () => decide(quote, "approved"));
  reject.addEventListener("click", () => decide(quote, "rejected"));
  $(".edit", article).addEventListener("click", () => openEditor(article, quote));
  $(".edit", article).disabled = quote.missing;

  article.addEventListener("click", (event) => {
    if (!event.target.closest("button, input, textarea, label, a")) article.focus();
  });
  renderPreviews(article, quote, quote.text);
  if (drafts.has(quote.id)) openEditor(article, quote, drafts.get(quote.id));
  return article;
}

function showText(block, quote) {
  const parts = quote.display_parts || [[quote.display ?? quote.text, false]];
  block.replaceChildren("“");
  for (const [text, highlighted] of parts) {
    if (!highlighted) {
      block.append(text);
      continue;
    }
    const mark = document.createElement("mark");
    mark.textContent = text;
    block.append(mark);
  }
  block.append("”");
}

// The highlight: typed, or the words selected in the quote; the server refuses words that are
// not the quote's, with the one line shown in the banner.
function renderHighlight(article, quote) {
  const field = $(".highlight", article);
  const clear = $(".clear-highlight", article);
  field.value = quote.highlight || "";
  clear.hidden = !quote.highlight;
  const send = (highlight) => {
    if (highlight.trim() === (quote.highlight || "")) return;
    change("/api/highlight", { id: quote.id, highlight });
  };
  field.addEventListener("change", () => send(field.value));
  field.addEventListener("keydown", (event) => {
    if (event.key === "Enter") field.blur();
    event.stopPropagation();
  });
  // Keep the selection: pressing the button must not clear it first.
  $(".use-selection", article).addEventListener("mousedown", (event) => event.preventDefault());
  $(".use-selection", article).addEventListener("click", () => {
    const selection = window.getSelection();
    const block = $(".text", article);
    const inside = selection && selection.rangeCount && block.contains(selection.anchorNode) &&
      block.contains(selection.focusNode);
    const words = inside ? selection.toString().replace(/^[\s“”]+|[\s“”]+$/g, "") : "";
    if (!words) {
      showBanner("Select words in the quote first, then press “Highlight selection”.", false);
      return;
    }
    send(words);
  });
  clear.addEventListener("click", () => send(""));
}

function decide(quote, status) {
  return change("/api/decide", { id: quote.id, status: quote.status === status ? "proposed" : status });
}

function renderChips(container, options, chosen, quote, key) {
  for (const option of options) {
    const label = document.createElement("label");
    label.className = "chip";
    label.title = option.purpose || option.description || "";
    const box = document.createElement("input");
    box.type = "checkbox";
    box.value = option.name;
    box.checked = chosen.includes(option.name);
    box.addEventListener("change", () => {
      const boxes = [...container.querySelectorAll("input:checked")].map((b) => b.value);
      const picked = { themes: quote.themes, formats: quote.formats, [key]: boxes };
      change("/api/choose", { id: quote.id, ...picked });
    });
    const name = document.createElement("span");
    name.textContent = option.name;
    label.append(box, name);
    if (key === "formats" && option.label) {
      const size = document.createElement("small");
      size.textContent = option.label;
      label.append(size);
    }
    container.append(label);
  }
}

// The editor: the integrity check answers as the editor types.

function openEditor(article, quote, draft) {
  const editor = $(".editor", article);
  const area = $(".editor-text", article);
  editor.hidden = false;
  $(".text", article).hidden = true;
  $(".actions", article).hidden = true;
  area.value = draft ?? quote.text;
  drafts.set(quote.id, area.value);
  let checkTimer = null;
  let previewTimer = null;
  const check = async () => {
    const { status, data } = await request("/api/check", { id: quote.id, text: area.value });
    if (status !== 200) return showCheck(article, { ok: false, problems: [data.error], diff: [] });
    showCheck(article, data);
    if (data.ok && data.score !== undefined) showScore(article, data.score, data.reasons);
    clearTimeout(previewTimer);
    if (data.ok) previewTimer = setTimeout(() => renderPreviews(article, quote, data.text), PREVIEW_DELAY);
  };
  area.addEventListener("input", () => {
    drafts.set(quote.id, area.value);
    clearTimeout(checkTimer);
    checkTimer = setTimeout(check, CHECK_DELAY);
  });
  area.addEventListener("keydown", (event) => {
    event.stopPropagation();
    if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) save();
    if (event.key === "Escape") cancel();
  });
  const save = async () => {
    clearTimeout(checkTimer);
    const text = area.value;
    drafts.delete(quote.id);
    const result = await change("/api/edit", { id: quote.id, text });
    if (result.ok) return;
    // Refused or overtaken: the editor keeps the words typed, to fix or to save again.
    drafts.set(quote.id, text);
    if (result.conflict) render();
    else if (result.check) showCheck(article, result.check);
  };
  const cancel = () => {
    drafts.delete(quote.id);
    render();
  };
  $(".save", article).onclick = save;
  $(".cancel", article).onclick = cancel;
  $(".reset", article).onclick = async () => {
    drafts.delete(quote.id);
    await change("/api/reset", { id: quote.id });
  };
  $(".reset", article).hidden = !quote.edited;
  if (draft === undefined) {
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
  }
  check();
}

const CLOSING = /^[.,;:!?…’”)\]]/;

function showCheck(article, check) {
  const box = $(".check", article);
  box.replaceChildren();
  box.className = `check ${check.ok ? "ok" : "refused"}`;
  const verdict = document.createElement("p");
  verdict.className = "verdict";
  verdict.textContent = check.ok
    ? "✓ The source’s words: this edit keeps to the verbatim rule."
    : `✗ Refused: ${check.headline || check.problems[0]}.`;
  box.append(verdict);
  if (!check.ok && check.diff.length) {
    const diff = document.createElement("p");
    diff.className = "diff";
    diff.setAttribute("aria-label", "Word diff against the source");
    for (const [op, text] of check.diff) {
      const piece = document.createElement(op === "removed" ? "del" : op === "added" ? "ins" : "span");
      piece.className = `d-${op}`;
      piece.textContent = op === "omitted" ? "…" : text;
      if (op === "omitted") piece.title = `left out: ${text}`;
      // Words are spaced; punctuation that closes ("daisies." not "daisies .") is not.
      if (diff.childNodes.length && !CLOSING.test(piece.textContent)) diff.append(" ");
      diff.append(piece);
    }
    box.append(diff);
  }
  $(".save", article).disabled = !check.ok;
}

// Previews: the real cards, painted by the server, fetched with the token as a header.

function renderPreviews(article, quote, text) {
  const holder = $(".previews", article);
  holder.replaceChildren();
  for (const format of quote.formats) {
    for (const theme of quote.themes) {
      const figure = document.createElement("figure");
      figure.className = "preview";
      figure.dataset.key = JSON.stringify([text, quote.editor_speaker || quote.speaker, format, theme, quote.highlight]);
      figure.dataset.query = new URLSearchParams({ id: quote.id, format, theme, text }).toString();
      const frame = document.createElement("div");
      frame.className = "frame loading";
      const caption = document.createElement("figcaption");
      caption.textContent = `${format} · ${theme}`;
      figure.append(frame, caption);
      holder.append(figure);
      const cached = previewUrls.get(figure.dataset.key);
      if (cached) fill(figure, cached);
    }
  }
  observePreviews();
}

const observer = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) {
        observer.unobserve(entry.target);
        loadPreview(entry.target);
      }
    }
  },
  { rootMargin: "600px 0px" },
);

function observePreviews() {
  for (const figure of document.querySelectorAll(".preview:not([data-filled])")) {
    observer.observe(figure);
  }
}

async function loadPreview(figure) {
  const key = figure.dataset.key;
  if (!previewLoads.has(key)) {
    previewLoads.set(
      key,
      (async () => {
        const response = await fetch(`/api/preview?${figure.dataset.query}`, {
          headers: { "X-Quotecards-Token": TOKEN },
        });
        const result = response.ok
          ? { url: URL.createObjectURL(await response.blob()) }
          : { error: (await response.json().catch(() => ({}))).error || "no preview" };
        previewUrls.set(key, result);
        return result;
      })(),
    );
  }
  const result = await previewLoads.get(key);
  for (const same of document.querySelectorAll(".preview")) {
    if (same.dataset.key === key) fill(same, result);
  }
}

function fill(figure, result) {
  if (figure.dataset.filled) return;
  figure.dataset.filled = "1";
  const frame = figure.querySelector(".frame");
  frame.classList.remove("loading");
  if (result.url) {
    const img = document.createElement("img");
    img.src = result.url;
    img.alt = `Card preview, ${figure.querySelector("figcaption").textContent}`;
    frame.append(img);
  } else {
    frame.classList.add("failed");
    frame.textContent = result.error;
  }
}

// Small things.

function friendlyTime(iso) {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  return when.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

function capitalise(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function moveFocus(step) {
  const quotes = [...document.querySelectorAll(".quote")];
  if (!quotes.length) return;
  const at = quotes.indexOf(document.activeElement?.closest(".quote"));
  const next = quotes[Math.max(0, Math.min(quotes.length - 1, at + step))] || quotes[0];
  next.focus();
  next.scrollIntoView({ block: "nearest", behavior: "smooth" });
}

document.addEventListener("keydown", (event) => {
  if (event.metaKey || event.ctrlKey || event.altKey) return;
  if (event.target.matches("input, textarea")) return;
  const article = document.activeElement?.closest(".quote");
  const quote = article && state?.quotes.find((q) => q.id === article.dataset.id);
  if (event.key === "j") moveFocus(1);
  else if (event.key === "k") moveFocus(-1);
  else if (quote && event.key === "a") decide(quote, "approved");
  else if (quote && event.key === "r") decide(quote, "rejected");
  else if (quote && event.key === "e") {
    event.preventDefault();
    openEditor(article, quote);
  } else return;
});

for (const button of document.querySelectorAll("[data-filter]")) {
  button.addEventListener("click", () => {
    filter = button.dataset.filter;
    for (const other of document.querySelectorAll("[data-filter]")) {
      other.setAttribute("aria-pressed", String(other === button));
    }
    render();
  });
}

$("#banner-reload").addEventListener("click", () => {
  hideBanner();
  loadState();
});
$("#banner-close").addEventListener("click", hideBanner);

// Someone else may change the file (another tab, a text editor): notice it, and show the file
// as it is unless the editor is in the middle of an edit here.
async function poll() {
  if (document.hidden || !state) return;
  const { status, data } = await request("/api/state");
  if (status !== 200 || data.version === state.version) return;
  if (drafts.size) {
    showBanner(
      `${state.file} changed on disk since this page loaded it. Reload to see it; ` +
        "an edit saved now would be refused.",
      true,
    );
    return;
  }
  state = data;
  render();
  showBanner(`${state.file} changed on disk; the page now shows it as it is.`, false);
}

setInterval(poll, POLL_EVERY);
loadState();
