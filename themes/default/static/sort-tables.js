// Sortable tables (issue 27), as progressive enhancement: every table marked `data-sortable`
// gets a button in each column header; pressing it sorts the rows by that column (again: the
// other way) and sets `aria-sort` on the header. Without JavaScript the table stays as built.
// Columns whose header has the class `num` sort as numbers written the Vietnamese way
// ("3.182.603", "23,03 %"); cells without a number go last either way. A service's sub-rows
// (`tr.sub-row`) move with the row above them, and group rows (`tr.group-row`) stay first in
// their `tbody`; a header marked `data-nosort` (a column of citations) gets no button.
// The UI strings come from the script element's data attributes (the theme's i18n file).
(function () {
  "use strict";
  var script = document.currentScript;
  var strings = (script && script.dataset) || {};
  // "3.182.603", "23,03", "-1.234,5", "100": the first number of a text.
  var NUMBER = /[-\u2212]?\d{1,3}(?:\.\d{3})+(?:,\d+)?|[-\u2212]?\d+(?:,\d+)?/;

  function numberOf(text) {
    var m = NUMBER.exec(text);
    if (!m) return null;
    return parseFloat(m[0].replace(/\u2212/, "-").replace(/\./g, "").replace(",", "."));
  }

  // The cell of `row` at logical column `index` (colspans counted); none when a cell spans it.
  function cellAt(row, index) {
    var col = 0;
    for (var i = 0; i < row.cells.length; i++) {
      var cell = row.cells[i];
      var span = cell.colSpan || 1;
      if (index < col + span) return span === 1 ? cell : null;
      col += span;
    }
    return null;
  }

  function keyOf(row, index, numeric) {
    var cell = cellAt(row, index);
    if (!cell) return null;
    var text = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    text = text.replace(/\s+/g, " ").trim();
    if (numeric) return numberOf(text);
    return text === "" || text === "—" ? null : text;
  }

  function compare(a, b, numeric, direction) {
    // Empty keys last whichever the direction; ties keep the built order.
    if (a.key === null || b.key === null) {
      if (a.key === b.key) return a.order - b.order;
      return a.key === null ? 1 : -1;
    }
    var c = numeric ? a.key - b.key : a.key.localeCompare(b.key, "vi", { numeric: true });
    return c !== 0 ? c * direction : a.order - b.order;
  }

  function sortBody(body, index, numeric, direction) {
    var pinned = [];
    var blocks = [];
    Array.prototype.forEach.call(body.rows, function (row) {
      if (row.classList.contains("group-row")) {
        pinned.push(row);
      } else if (row.classList.contains("sub-row") && blocks.length) {
        blocks[blocks.length - 1].rows.push(row);
      } else {
        blocks.push({ rows: [row], key: keyOf(row, index, numeric), order: blocks.length });
      }
    });
    blocks.sort(function (a, b) { return compare(a, b, numeric, direction); });
    pinned.forEach(function (row) { body.appendChild(row); });
    blocks.forEach(function (b) { b.rows.forEach(function (row) { body.appendChild(row); }); });
  }

  function enhance(table, live) {
    var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!head) return;
    var headers = Array.prototype.slice.call(head.cells);
    var col = 0;
    headers.forEach(function (th) {
      var index = col;
      col += th.colSpan || 1;
      if (th.tagName !== "TH" || th.textContent.trim() === "" || th.hasAttribute("data-nosort")) return;
      var label = th.textContent.replace(/\s+/g, " ").trim();
      var numeric = th.classList.contains("num");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      var mark = document.createElement("span");
      mark.className = "sort-mark";
      mark.setAttribute("aria-hidden", "true");
      button.appendChild(mark);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var direction = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
        Array.prototype.forEach.call(table.tBodies, function (body) {
          sortBody(body, index, numeric, direction);
        });
        if (live && strings.sorted) {
          live.textContent = strings.sorted
            .replace("{column}", label)
            .replace("{order}", direction === 1 ? strings.ascending : strings.descending);
        }
      });
    });
    table.classList.add("sortable");
  }

  function start() {
    var tables = document.querySelectorAll("table[data-sortable]");
    if (!tables.length) return;
    var live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    document.body.appendChild(live);
    Array.prototype.forEach.call(tables, function (t) { enhance(t, live); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
