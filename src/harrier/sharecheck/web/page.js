// The share-check page: send the photos to this computer's own server, show what each would give away, let the
// parent choose which faces to mask, and link to the cleaned copy (encoded on request from memory).
"use strict";
(function () {
  const T = JSON.parse(document.getElementById("strings").textContent);
  const form = document.getElementById("check-form");
  const input = document.getElementById("files");
  const drop = document.getElementById("drop");
  const status = document.getElementById("status");
  const results = document.getElementById("results");

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;  // never innerHTML: names come from the photo's own metadata
    return e;
  }
  function fill(s, vals) { return s.replace(/\{(\w+)\}/g, (m, k) => (k in vals ? String(vals[k]) : m)); }

  drop.addEventListener("dragover", (ev) => { ev.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (ev) => {
    ev.preventDefault();
    drop.classList.remove("over");
    if (!ev.dataTransfer || !ev.dataTransfer.files.length) return;
    const dt = new DataTransfer();
    for (const f of ev.dataTransfer.files) dt.items.add(f);
    input.files = dt.files;
    form.requestSubmit();
  });

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (!input.files.length) { input.focus(); return; }
    status.textContent = T.checking;
    results.replaceChildren();
    const body = new FormData(form);
    let data;
    try {
      const resp = await fetch("/api/check", { method: "POST", body: body });
      data = await resp.json();
      if (!resp.ok) throw new Error(data.detail || resp.status);
    } catch (err) {
      status.textContent = fill(T.error, { error: err.message });
      return;
    }
    status.textContent = "";
    showCaption(data.caption);
    data.photos.forEach((p, i) => results.appendChild(photoSection(p, i)));
    results.dataset.ready = "1";
  });

  function showCaption(risks) {
    const sec = document.getElementById("caption-result");
    const list = document.getElementById("caption-risks");
    list.replaceChildren();
    if (risks === null) { sec.hidden = true; return; }
    if (!risks.length) list.appendChild(el("li", {}, T.caption_ok));
    for (const r of risks) {
      const li = el("li", { "data-kind": r.kind });
      li.append(el("strong", {}, "“" + r.text + "”"), document.createTextNode(": " + r.advice));
      list.appendChild(li);
    }
    sec.hidden = false;
  }

  function photoSection(p, i) {
    const sec = el("section", { class: "photo", "aria-labelledby": "photo-h-" + i });
    sec.appendChild(el("h2", { id: "photo-h-" + i }, p.name));
    if (p.error) { sec.classList.add("error"); sec.appendChild(el("p", { class: "err" }, p.error)); return sec; }
    sec.dataset.id = p.id;

    sec.appendChild(el("h3", {}, T.leaks_h));
    sec.appendChild(el("p", { class: "why" }, T.leaks_why));
    const leaks = el("ul", { class: "leaks" });
    if (!p.leaks.length) leaks.appendChild(el("li", {}, T.nothing));
    for (const l of p.leaks) leaks.appendChild(el("li", { "data-kind": l.kind }, l.text));
    sec.appendChild(leaks);
    if (p.leaks.length) sec.appendChild(el("p", {}, T.clean_note));

    const faces = el("fieldset", { class: "faces" });
    faces.appendChild(el("legend", {}, T.faces_h));
    if (!p.faces.length) faces.appendChild(el("p", { class: "no-faces" }, T.no_faces));
    else faces.appendChild(el("p", { class: "why" }, T.faces_why));
    for (const f of p.faces) {
      const id = "mask-" + i + "-" + f.index;
      const row = el("div");
      const box = el("input", { type: "checkbox", id: id, class: "mask-face", "data-face": f.index });
      box.checked = f.masked;  // children's faces start masked, adults' do not
      const desc = fill(f.child ? T.face_child : T.face_adult, { n: f.index + 1 });
      const label = el("label", { for: id });
      label.append(box, document.createTextNode(T.mask_face + " (" + desc + ")"));
      row.appendChild(label);
      faces.appendChild(row);
    }
    sec.appendChild(faces);
    sec.appendChild(el("p", { class: "why" }, T.things_in_picture));

    sec.appendChild(el("h3", {}, T.preview_h));
    const frame = el("div", { class: "frame" });
    const img = el("img", { class: "preview", alt: fill(T.preview_alt, { name: p.name }) });
    frame.appendChild(img);
    const outlines = p.faces.map((f) => {
      const o = el("div", { class: "box", "aria-hidden": "true" });
      o.appendChild(el("span", {}, String(f.index + 1)));
      frame.appendChild(o);
      return o;
    });
    img.addEventListener("load", () => {
      p.faces.forEach((f, k) => {  // CSSOM styles are allowed under the CSP; inline style attributes are not
        const [x, y, w, h] = f.box;
        const s = outlines[k].style;
        s.left = (100 * x / img.naturalWidth) + "%";
        s.top = (100 * y / img.naturalHeight) + "%";
        s.width = (100 * w / img.naturalWidth) + "%";
        s.height = (100 * h / img.naturalHeight) + "%";
      });
    });
    sec.appendChild(frame);
    const link = el("a", { class: "download", download: p.download_name }, T.download);
    sec.appendChild(el("p")).appendChild(link);

    function update() {
      const chosen = [...faces.querySelectorAll("input.mask-face")].filter((c) => c.checked)
        .map((c) => c.dataset.face);
      const q = "?masks=" + chosen.join(",");
      img.src = "/api/preview/" + encodeURIComponent(p.id) + q;
      link.href = "/api/clean/" + encodeURIComponent(p.id) + q;
      faces.querySelectorAll("input.mask-face").forEach((c) => {
        outlines[Number(c.dataset.face)].classList.toggle("off", !c.checked);
      });
    }
    faces.addEventListener("change", update);
    update();
    return sec;
  }
})();
