// Shows one card in the shell, its lines where the layout put them.
//
// quotecards.show(html, spec) puts the card's HTML (base.html.j2) in #card, loads the font faces
// the card uses and checks that each really loaded, places every line on its baseline, then
// measures each line as Chromium set it against the advance the layout measured
// (spec.widths, in the order of the lines): the layout's line breaks hold only if the two agree.
// It answers {lines} or {error, ...}; Python turns errors into messages and takes the screenshot.
"use strict";

window.quotecards = (() => {
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

  // Each line carries its baseline; its box is moved so that the baseline falls there.
  function placeLines(card) {
    for (const line of card.querySelectorAll("[data-baseline]")) {
      line.style.top = "0px";
      const mark = line.querySelector(".qc-baseline").getBoundingClientRect().bottom;
      const top = line.getBoundingClientRect().top;
      line.style.top = `${Number(line.dataset.baseline) - (mark - top)}px`;
    }
  }

  // Lines whose advance in Chromium is not the layout's, within the tolerance.
  function drift(card, spec) {
    const lines = [...card.querySelectorAll(".line")];
    const off = [];
    lines.forEach((line, i) => {
      const want = spec.widths[i];
      const drawn = line.getBoundingClientRect().width;
      const allowed = Math.max(spec.tolerance.px, spec.tolerance.share * want);
      if (Math.abs(drawn - want) > allowed) {
        off.push({ role: line.dataset.role, text: line.textContent, width: want, drawn });
      }
    });
    return off;
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
    // A face the card did not declare that a fallback reached for starts loading on layout.
    await document.fonts.ready;
    placeLines(card);
    missing = unloaded(spec.faces);
    if (missing.length) return { error: "fonts", missing };
    const off = drift(card, spec);
    if (off.length) return { error: "drift", lines: off };
    return { lines: card.querySelectorAll(".line.quote").length };
  }

  return { show };
})();
