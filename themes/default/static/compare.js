// The comparison page's picker (issue 27), as progressive enhancement: the group (hidden
// without JavaScript) shows one checkbox per locality; unticking one hides its column of the
// matrix, its row of the summary and its list of unmatched items, and the chosen localities
// are written into the address (`?dp=bim-son,quan-hoa`) so that the comparison can be shared.
// Opening such an address ticks those localities again. The UI strings come from the group's
// data attributes (the theme's i18n file).
(function () {
  "use strict";
  var picker = document.querySelector("[data-picker]");
  if (!picker) return;
  var boxes = Array.prototype.slice.call(picker.querySelectorAll('input[name="dp"]'));
  var status = picker.querySelector("[data-picker-status]");

  function fromAddress() {
    var params = new URLSearchParams(location.search);
    var list = params.get("dp");
    if (list === null) {
      var hash = /(?:^#|&)dp=([^&]*)/.exec(location.hash);
      list = hash ? decodeURIComponent(hash[1]) : null;
    }
    return list === null ? null : list.split(",").filter(Boolean);
  }

  function toAddress(chosen) {
    var params = new URLSearchParams(location.search);
    if (chosen.length === boxes.length) params.delete("dp");
    else params.set("dp", chosen.join(","));
    var query = params.toString().replace(/%2C/gi, ",");
    var address = location.pathname + (query ? "?" + query : "") + location.hash;
    try {
      history.replaceState(null, "", address);
    } catch (e) {
      // Some browsers refuse to rewrite a file:// address: the filter still applies.
    }
  }

  function apply(write) {
    var chosen = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    document.querySelectorAll("[data-col]").forEach(function (el) {
      el.hidden = chosen.indexOf(el.getAttribute("data-col")) < 0;
    });
    // Each model's count of the localities shown that adopted it.
    document.querySelectorAll("table.matrix tbody tr:not(.group-row)").forEach(function (row) {
      var cells = row.querySelectorAll("td[data-col]:not([hidden])");
      var n = Array.prototype.filter.call(cells, function (c) { return c.querySelector(".cell-item"); }).length;
      var count = row.querySelector("td[data-adopted]");
      if (count) count.textContent = String(n);
    });
    if (status) {
      status.textContent = (picker.getAttribute("data-shown") || "")
        .replace("{count}", String(chosen.length))
        .replace("{total}", String(boxes.length));
    }
    if (write) toAddress(chosen);
  }

  var wanted = fromAddress();
  if (wanted) {
    boxes.forEach(function (b) { b.checked = wanted.indexOf(b.value) >= 0; });
  }
  picker.hidden = false;
  picker.addEventListener("change", function () { apply(true); });
  var all = picker.querySelector("[data-picker-all]");
  if (all) {
    all.addEventListener("click", function () {
      boxes.forEach(function (b) { b.checked = true; });
      apply(true);
    });
  }
  apply(false);
})();
