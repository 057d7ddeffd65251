// Shows one card in the shell and fits its quote, measured in the page.
//
// quotecards.show(html, spec) puts the card's HTML (base.html.j2) in #card, loads the font faces
// the card uses and checks that each really loaded, places the fixed lines on their baselines,
// then finds the largest whole pixel size, between spec.fit.low and spec.fit.high, at which the
// quote keeps within spec.fit.maxLines lines and inside its text box, balanced, in as many lines
// as the layout chose where it can.  It answers {size, lines} or {error, ...}; Python turns
// errors into messages and takes the screenshot.
"use strict";

window.quotecards = (() => {
  // Chromium balances a paragraph of up to this many lines with text-wrap: balance and leaves a
  // longer one greedy; past it, the narrowing below does the same job.
  const NATIVE_BALANCE = 6;

  function fontSpec(face) {
    const family = '"' + face.family.replace(/["\\]/g, "\\$&") + '"';
    return `${face.italic ? "italic" : "normal"} ${face.weight} 16px ${family}`;
  }

  function fontFace(face) {
    const style = face.italic ? "italic" : "normal";
    for (const candidate of document.fonts) {
      const family = candidate.family.replace(/^["']|["']$/g, "");
      if (family === face.family && candidate.style === style &&
          Number(candidate.weight) === face.weight) {
        return candidate;
      }
    }
    return null;
  }

  // The faces that are not loaded: never declared, failed to load, or still on their way.
  function unloaded(faces) {
    return faces.filter((face) => {
      const found = fontFace(face);
      return !found || found.status !== "loaded";
    }).map((face) => ({ ...face, status: fontFace(face)?.status ?? "not declared" }));
  }

  async function loadFonts(faces) {
    await Promise.all(faces.map((face) => document.fonts.load(fontSpec(face)).catch(() => null)));
    return unloaded(faces);
  }

  // Each fixed line carries its baseline; its box is moved so that the baseline falls there.
  function placeLines(card) {
    for (const line of card.querySelectorAll("[data-baseline]")) {
      line.style.top = "0px";
      const mark = line.querySelector(".qc-baseline").getBoundingClientRect().bottom;
      const top = line.getBoundingClientRect().top;
      line.style.top = `${Number(line.dataset.baseline) - (mark - top)}px`;
    }
  }

  function textRects(quote) {
    const range = document.createRange();
    range.selectNodeContents(quote.lastChild);
    return [...range.getClientRects()].filter((rect) => rect.width > 0);
  }

  // Lines, whether any text crosses the column, and the height the quote takes from the top of
  // its first line of type to the foot of its last, counted as the Pillow layout counts it.
  function measure(quote, fit, size) {
    quote.style.fontSize = `${size}px`;
    const box = quote.getBoundingClientRect();
    const style = getComputedStyle(quote);
    const left = box.left + parseFloat(style.paddingLeft);
    const right = box.right - parseFloat(style.paddingRight);
    const leading = fit.leading * size;
    const rects = textRects(quote);
    const lines = new Set(rects.map((r) => Math.floor((r.top + r.height / 2 - box.top) / leading)));
    const wide = rects.some((r) => r.left < left - 0.5 || r.right > right + 0.5);
    const extent = box.height - leading + (fit.ascent + fit.descent) * size;
    return { lines: lines.size, wide, extent };
  }

  function fits(quote, fit, size) {
    const m = measure(quote, fit, size);
    return !m.wide && m.lines <= fit.maxLines && m.extent <= fit.box.height + 0.5;
  }

  // The largest size that fits, as typeset's `largest` finds it (fitting is monotone in the
  // size), starting from the size the layout chose for this box: usually that size fits and
  // the next does not, and two measurements settle it.
  function largest(quote, fit) {
    let low = fit.low;
    let high = Math.max(fit.low, fit.high);
    const hint = Math.min(Math.max(fit.hint, low), high);
    if (fits(quote, fit, hint)) {
      if (hint === high || !fits(quote, fit, hint + 1)) return hint;
      low = hint + 1;
    } else {
      if (hint === low) return null;
      high = hint - 1;
      if (!fits(quote, fit, low)) return null;
    }
    while (low < high) {
      const middle = Math.floor((low + high + 1) / 2);
      if (fits(quote, fit, middle)) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  // The narrowest column that keeps the quote within `lines` lines: what text-wrap: balance
  // does, for the paragraphs too long for Chromium to balance and to break a quote into the
  // layout's number of lines.  False, and the column as it was, if none does.
  function narrowest(quote, fit, size, lines) {
    quote.style.maxWidth = "";
    let high = Math.floor(quote.getBoundingClientRect().width);
    let low = Math.ceil(high / 4);
    const keeps = (width) => {
      quote.style.maxWidth = `${width}px`;
      const m = measure(quote, fit, size);
      return !m.wide && m.lines <= lines;
    };
    if (!keeps(high)) {
      quote.style.maxWidth = "";
      return false;
    }
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (keeps(middle)) high = middle;
      else low = middle + 1;
    }
    quote.style.maxWidth = `${high}px`;
    return true;
  }

  function fitQuote(quote, fit) {
    quote.style.maxWidth = "";
    quote.style.top = "0px";
    const size = largest(quote, fit);
    if (size === null) return null;
    let m = measure(quote, fit, size);
    if (m.lines < fit.lines) {
      // The layout chose more lines than the fewest (no widow, an even rag): follow it if the
      // quote still fits that way at this size.
      narrowest(quote, fit, size, fit.lines);
      const kept = measure(quote, fit, size);
      if (kept.lines !== fit.lines || kept.wide || kept.extent > fit.box.height + 0.5) {
        quote.style.maxWidth = "";
      }
    } else if (m.lines > NATIVE_BALANCE) {
      narrowest(quote, fit, size, m.lines);
    }
    m = measure(quote, fit, size);
    // The first baseline goes where the layout put it, moved by half of any difference in
    // height so that the quote stays centred on its place; never outside the text box.
    const first = quote.querySelector(".qc-baseline").getBoundingClientRect().bottom;
    const ascent = fit.ascent * size;
    let want = fit.box.y + fit.firstBaseline + (fit.extent - m.extent) / 2;
    want = Math.min(Math.max(want, fit.box.y + ascent), fit.box.y + fit.box.height - m.extent + ascent);
    quote.style.top = `${want - first}px`;
    return { size, lines: m.lines, extent: m.extent };
  }

  async function decodeImages(card) {
    const failed = [];
    await Promise.all([...card.querySelectorAll("img")].map((img) =>
      img.decode().catch(() => failed.push(img.getAttribute("src")))));
    return failed;
  }

  async function show(html, spec) {
    const card = document.getElementById("card");
    card.innerHTML = html;
    let missing = await loadFonts(spec.faces);
    if (missing.length) return { error: "fonts", missing };
    const images = await decodeImages(card);
    if (images.length) return { error: "images", images };
    placeLines(card);
    const quote = card.querySelector(".quote");
    let fitted = fitQuote(quote, spec.fit);
    // A face the card did not declare that layout reached for (a character only a fallback
    // has) starts loading during the fit, which then measured a stand-in: wait and fit again.
    if (document.fonts.status !== "loaded") {
      await document.fonts.ready;
      placeLines(card);
      fitted = fitQuote(quote, spec.fit);
    }
    missing = unloaded(spec.faces);
    if (missing.length) return { error: "fonts", missing };
    if (fitted === null) return { error: "fit" };
    return fitted;
  }

  return { show };
})();
