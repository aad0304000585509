/* Copy buttons, shown only where this script runs: "Cite this page" copies the citation with the date the
   reader copies it (written as the page's language writes dates; never a date of the build), the feed's
   page copies the feed's address. A button names what it copies (data-copy-from, an element's id). */
(function () {
  "use strict";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  function today() {
    var now = new Date();
    if ((document.documentElement.lang || "").indexOf("zh") === 0) {
      return now.getFullYear() + "年" + (now.getMonth() + 1) + "月" + now.getDate() + "日";
    }
    return now.getDate() + " " + MONTHS[now.getMonth()] + " " + now.getFullYear();
  }
  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
  }
  document.querySelectorAll(".zibo-copy").forEach(function (holder) { holder.hidden = false; });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".zibo-copy button[data-copy-from]");
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy-from"));
    if (!source) return;
    var text = (source.value || source.textContent).replace(/\s+/g, " ").trim();
    var accessed = button.getAttribute("data-accessed");
    if (accessed) text += accessed.replace("{date}", today());
    var said = button.parentElement.querySelector("[role=status]");
    function done() { if (said) said.textContent = button.getAttribute("data-copied") || ""; }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
    } else {
      fallback(text);
      done();
    }
  });
})();
