// Harrier console: keyboard shortcuts and re-blurring revealed media. Plain JS, no build step.
(function () {
  "use strict";

  // --- wellness: a revealed item goes back to its blurred version when it leaves the screen or the tab ---
  function reblur(frame) {
    var slot = frame.querySelector(".media-slot");
    if (!slot || !slot.querySelector("img.revealed")) return;
    var img = document.createElement("img");
    img.className = "media-img";
    img.alt = "media (blurred)";
    img.src = frame.getAttribute("data-blurred");
    slot.replaceChildren(img);
  }
  function reblurAll() { document.querySelectorAll(".media-frame").forEach(reblur); }
  document.addEventListener("visibilitychange", function () { if (document.hidden) reblurAll(); });
  window.addEventListener("pagehide", reblurAll);
  window.addEventListener("blur", reblurAll);
  var seen = ("IntersectionObserver" in window) ? new IntersectionObserver(function (entries) {
    entries.forEach(function (e) { if (!e.isIntersecting) reblur(e.target); });
  }) : null;
  document.querySelectorAll(".media-frame").forEach(function (f) { if (seen) seen.observe(f); });
  document.addEventListener("click", function (ev) {
    var b = ev.target.closest("[data-reblur]");
    if (b) { var f = b.closest(".media").querySelector(".media-frame"); if (f) reblur(f); }
    var all = ev.target.closest("[data-check-all]");
    if (all) {
      document.querySelectorAll('input[name="' + all.getAttribute("data-check-all") + '"]').forEach(function (c) { c.checked = all.checked; });
    }
  });

  // --- keyboard shortcuts ---
  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === "Escape") { reblurAll(); var h = document.getElementById("help"); if (h) h.hidden = true; if (typing(document.activeElement)) document.activeElement.blur(); return; }
    if (typing(document.activeElement)) return;
    if (ev.key === "/") { var s = document.querySelector(".topsearch input"); if (s) { ev.preventDefault(); s.focus(); } return; }
    if (ev.key === "?") { var help = document.getElementById("help"); if (help) help.hidden = !help.hidden; return; }
    if (ev.key === "j") { var n = document.getElementById("next-form") || document.querySelector('form[action$="/next"]'); if (n) { ev.preventDefault(); n.requestSubmit(); } return; }
    if (ev.key === "k") { var k = document.getElementById("skip-form"); if (k && !k.querySelector("button").disabled) { ev.preventDefault(); k.requestSubmit(); } return; }
    var btn = document.querySelector('#decide-form button[data-key="' + ev.key + '"]');
    if (btn) { ev.preventDefault(); decide(btn); }
  });
  function decide(btn) {
    var form = document.getElementById("decide-form");
    if (btn.value === "report" && !form.querySelector("#classification").value) {
      var sel = form.querySelector("#classification");
      sel.focus();
      sel.setCustomValidity("Choose the industry classification for the report");
      sel.reportValidity();
      return;
    }
    form.requestSubmit(btn);
  }
  document.addEventListener("submit", function (ev) {
    var sub = ev.submitter;
    if (sub && sub.value === "report" && ev.target.id === "decide-form") {
      var sel = ev.target.querySelector("#classification");
      if (!sel.value) { ev.preventDefault(); sel.setCustomValidity("Choose the industry classification for the report"); sel.reportValidity(); }
    }
  });
  document.addEventListener("change", function (ev) { if (ev.target.id === "classification") ev.target.setCustomValidity(""); });
})();
