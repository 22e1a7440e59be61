// The explorer's only script. Article text is never written as HTML: the server escaped it,
// and everything shown here from quote data goes through textContent.
(function () {
  "use strict";

  var FIELDS = [
    ["speaker", "Speaker"], ["kind", "Kind"], ["title", "Title"], ["role", "Role"],
    ["organization", "Organization"], ["cue", "Cue"], ["channel", "Channel"], ["type", "Type"],
    ["confidence", "Confidence"], ["gender", "Gender"], ["flags", "Audit flags"], ["elsewhere", "Across the corpus"]
  ];
  var LINKS = {speaker: "speaker_url", elsewhere: "cluster_url"};  // built by the server: /speakers/N, /clusters/N

  function quoteData() {
    var node = document.getElementById("quote-data");
    if (!node) return null;
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  function fillDetails(list, quote) {
    list.textContent = "";
    FIELDS.forEach(function (field) {
      var value = quote[field[0]];
      if (value === null || value === undefined || value === "") return;
      var term = document.createElement("dt");
      term.textContent = field[1];
      var detail = document.createElement("dd");
      detail.className = "field-" + field[0];
      var url = LINKS[field[0]] && quote[LINKS[field[0]]];
      if (url) {
        var link = document.createElement("a");
        link.className = field[0] + "-link";
        link.href = url;
        link.textContent = String(value);
        detail.appendChild(link);
      } else {
        detail.textContent = String(value);
      }
      list.appendChild(term);
      list.appendChild(detail);
    });
  }

  function quoted(quote) {
    return quote.type === "direct" ? "\u201c" + quote.content + "\u201d" : quote.content;
  }

  function parts(id) {
    return document.querySelectorAll('.article-text [data-q="' + CSS.escape(id) + '"]');
  }

  function setActive(id, on) {
    parts(id).forEach(function (node) { node.classList.toggle("active", on); });
  }

  function initArticle() {
    var data = quoteData();
    var text = document.getElementById("article-text");
    if (!data || !text) return;
    var tooltip = document.getElementById("tooltip");
    var tooltipList = document.createElement("dl");
    tooltip.appendChild(tooltipList);
    var selectedBox = document.getElementById("selected-quote");
    var selectedList = document.getElementById("selected-details");
    var current = null;
    var pinned = null;

    var hideTimer = null;
    var dismissed = null;  // the quote just clicked: no tooltip for it until the pointer leaves it

    function place(id) {
      // Above the quote's first line, or below its last one: never over the quote itself.
      var nodes = parts(id);
      var first = nodes[0].getClientRects()[0] || nodes[0].getBoundingClientRect();
      var lastRects = nodes[nodes.length - 1].getClientRects();
      var last = lastRects[lastRects.length - 1] || nodes[nodes.length - 1].getBoundingClientRect();
      var height = tooltip.offsetHeight;
      var width = tooltip.offsetWidth;
      var left = Math.min(Math.max(8, first.left), Math.max(8, document.documentElement.clientWidth - width - 8));
      var top = first.top - height - 6 >= 0 ? first.top - height - 6 : last.bottom + 6;
      tooltip.style.left = (left + window.scrollX) + "px";
      tooltip.style.top = (top + window.scrollY) + "px";
    }

    function show(target) {
      var id = target.getAttribute("data-q");
      if (!data[id] || id === dismissed) return;
      clearTimeout(hideTimer);
      if (current && current !== id) setActive(current, false);
      current = id;
      setActive(id, true);
      fillDetails(tooltipList, data[id]);
      tooltip.hidden = false;
      place(id);
    }

    function hide() {
      clearTimeout(hideTimer);
      if (current && current !== pinned) setActive(current, false);
      current = null;
      tooltip.hidden = true;
    }

    function hideSoon() {
      clearTimeout(hideTimer);
      hideTimer = setTimeout(hide, 250);  // time to reach the tooltip's link
    }

    function select(id) {
      if (pinned) setActive(pinned, false);
      pinned = id;
      setActive(id, true);
      fillDetails(selectedList, data[id]);
      var content = document.createElement("blockquote");
      content.textContent = quoted(data[id]);
      selectedList.appendChild(content);
      selectedBox.hidden = false;
      dismissed = id;
      hide();
    }

    text.addEventListener("mouseover", function (event) {
      var target = event.target.closest("[data-q]");
      if (!target || target.getAttribute("data-q") !== dismissed) dismissed = null;
      if (target) show(target); else hideSoon();
    });
    text.addEventListener("mouseleave", function () { dismissed = null; hideSoon(); });
    tooltip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    tooltip.addEventListener("mouseleave", hideSoon);
    text.addEventListener("focusin", function (event) {
      var target = event.target.closest("[data-q]");
      if (target) show(target);
    });
    text.addEventListener("focusout", hideSoon);
    text.addEventListener("click", function (event) {
      var target = event.target.closest("[data-q]");
      if (target) select(target.getAttribute("data-q"));
    });
    text.addEventListener("keydown", function (event) {
      var target = event.target.closest("[data-q]");
      if (target && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        select(target.getAttribute("data-q"));
      }
    });
    document.querySelectorAll(".source[data-speaker]").forEach(function (item) {
      var speaker = item.getAttribute("data-speaker");
      var marks = text.querySelectorAll('[data-speaker="' + CSS.escape(speaker) + '"]');
      item.addEventListener("mouseenter", function () { marks.forEach(function (m) { m.classList.add("active"); }); });
      item.addEventListener("mouseleave", function () { marks.forEach(function (m) { m.classList.remove("active"); }); });
    });
    var hash = decodeURIComponent(location.hash.slice(1));
    if (hash.indexOf("quote-") === 0 && data[hash.slice(6)]) select(hash.slice(6));
  }

  document.addEventListener("DOMContentLoaded", initArticle);
})();
