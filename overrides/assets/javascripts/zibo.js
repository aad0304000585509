/* Glossary explanations (WCAG 1.4.13): a tap or click on a term opens or closes its explanation, a tap
   elsewhere closes it, Esc closes it and keeps the focus on the term. Without this script the
   explanation still shows on keyboard focus and on hover (zibo.css). */
(function () {
  "use strict";
  function terms() { return document.querySelectorAll(".zibo-term"); }
  function close(except) {
    terms().forEach(function (term) {
      if (term === except) return;
      term.classList.remove("zibo-term--open");
      var word = term.querySelector(".zibo-term__word");
      if (word) word.setAttribute("aria-expanded", "false");
    });
  }
  function toggle(word) {
    var term = word.parentElement;
    var open = !term.classList.contains("zibo-term--open");
    close(term);
    term.classList.toggle("zibo-term--open", open);
    term.classList.toggle("zibo-term--dismissed", !open);
    word.setAttribute("aria-expanded", open ? "true" : "false");
  }
  document.addEventListener("click", function (event) {
    var word = event.target.closest && event.target.closest(".zibo-term__word");
    if (!word) { close(null); return; }
    toggle(word);
  });
  document.addEventListener("keydown", function (event) {
    /* A term is a span with role=button (it wraps with the sentence): Enter and Space work as on a button. */
    var word = event.target.closest && event.target.closest(".zibo-term__word");
    if (word && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      toggle(word);
      return;
    }
    if (event.key !== "Escape") return;
    terms().forEach(function (term) {
      if (term.classList.contains("zibo-term--open") || term.matches(":hover") || term.contains(document.activeElement)) {
        term.classList.add("zibo-term--dismissed");
      }
    });
    close(null);
  });
  /* A dismissed explanation shows again once the pointer or the focus comes back to its term. */
  ["mouseover", "mouseout"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var term = event.target.closest && event.target.closest(".zibo-term");
      if (term && !term.contains(event.relatedTarget)) term.classList.remove("zibo-term--dismissed");
    });
  });
  document.addEventListener("focusin", function (event) {
    var term = event.target.closest && event.target.closest(".zibo-term");
    terms().forEach(function (other) { if (other !== term) other.classList.remove("zibo-term--dismissed"); });
  });
})();
/* The language switch keeps the reader's place: sections have the same ids in both languages
   (#progress), so the other language's page opens at the same section. */
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest(".md-select__link[hreflang]");
  if (link) link.hash = location.hash;
});
/* The themes matrix (themes/): its theme headings stay in view under the site's header while the rows
   scroll by (CSS sticky cannot: the matrix scrolls sideways in a box of its own), and a sign above it
   says there are more themes to the right until the reader has scrolled to the last one. */
(function () {
  "use strict";
  var tables = document.querySelectorAll(".zibo-matrix");
  if (!tables.length) return;
  var pending = false;
  function update() {
    pending = false;
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    tables.forEach(function (table) {
      var head = table.tHead, box = table.getBoundingClientRect();
      if (head) {
        var shift = Math.max(0, Math.min(top - box.top, box.height - head.offsetHeight));
        head.style.transform = shift > 0 ? "translateY(" + shift + "px)" : "";
      }
      var wrap = table.parentElement, more = wrap.previousElementSibling;
      if (more && more.classList.contains("zibo-matrix-more")) {
        more.hidden = wrap.scrollLeft + wrap.clientWidth >= wrap.scrollWidth - 2;
      }
    });
  }
  function later() {
    if (!pending) { pending = true; requestAnimationFrame(update); }
  }
  window.addEventListener("scroll", later, { passive: true });
  window.addEventListener("resize", later);
  tables.forEach(function (table) { table.parentElement.addEventListener("scroll", later, { passive: true }); });
  update();
})();
/* A heading's permalink sign (¶) is for copying an address, not a stop on every heading for keyboards. */
document.querySelectorAll(".md-typeset .headerlink").forEach(function (link) { link.setAttribute("tabindex", "-1"); });
