// The explorer's only script. Article text is never written as HTML: the server escaped it,
// and everything shown here from quote data goes through textContent.
(function () {
  "use strict";

  var FIELDS = [
    ["speaker", "Speaker"], ["kind", "Kind"], ["title", "Title"], ["role", "Role"],
    ["organization", "Organization"], ["cue", "Cue"], ["channel", "Channel"], ["type", "Type"],
    ["confidence", "Confidence"]
  ];

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
      detail.textContent = String(value);
      detail.className = "field-" + field[0];
      list.appendChild(term);
      list.appendChild(detail);
    });
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

    function show(target) {
      var id = target.getAttribute("data-q");
      if (!data[id]) return;
      if (current && current !== id) setActive(current, false);
      current = id;
      setActive(id, true);
      fillDetails(tooltipList, data[id]);
      tooltip.hidden = false;
      var box = target.getBoundingClientRect();
      tooltip.style.left = Math.max(8, box.left + window.scrollX) + "px";
      tooltip.style.top = (box.bottom + window.scrollY + 6) + "px";
    }

    function hide() {
      if (current && current !== pinned) setActive(current, false);
      current = null;
      tooltip.hidden = true;
    }

    function select(id) {
      if (pinned) setActive(pinned, false);
      pinned = id;
      setActive(id, true);
      fillDetails(selectedList, data[id]);
      var content = document.createElement("blockquote");
      content.textContent = data[id].content;
      selectedList.appendChild(content);
      selectedBox.hidden = false;
    }

    text.addEventListener("mouseover", function (event) {
      var target = event.target.closest("[data-q]");
      if (target) show(target); else hide();
    });
    text.addEventListener("mouseleave", hide);
    text.addEventListener("focusin", function (event) {
      var target = event.target.closest("[data-q]");
      if (target) show(target);
    });
    text.addEventListener("focusout", hide);
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
