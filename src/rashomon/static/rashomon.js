/* rashomon: open a value's evidence in place, under its row of the side-by-side table.
   Without this script each value is a link to its evidence further down the page.
   Plain DOM, no dependencies; it moves only markup the server already escaped. */
(function () {
  "use strict";

  function closeRow(row) {
    var link = document.querySelector("a.value[aria-expanded='true'][data-evidence='" + row.getAttribute("data-for") + "']");
    if (link) { link.setAttribute("aria-expanded", "false"); }
    row.parentNode.removeChild(row);
  }

  function openEvidence(link) {
    var id = link.getAttribute("data-evidence");
    var source = document.getElementById(id);
    var row = link.closest("tr");
    if (!source || !row) { return false; }
    var open = row.parentNode.querySelector("tr.inplace-row[data-for='" + id + "']");
    var others = row.closest("table").querySelectorAll("tr.inplace-row");
    Array.prototype.forEach.call(others, closeRow);
    if (open) { return true; }  // a second click closes it

    var panel = source.cloneNode(true);
    panel.removeAttribute("id");
    Array.prototype.forEach.call(panel.querySelectorAll("[id]"), function (el) { el.removeAttribute("id"); });
    panel.classList.add("inplace");

    var close = document.createElement("button");
    close.type = "button";
    close.className = "close";
    close.setAttribute("aria-label", "Close the evidence");
    close.textContent = "×";
    panel.insertBefore(close, panel.firstChild);

    var cell = document.createElement("td");
    cell.colSpan = row.children.length;
    cell.appendChild(panel);
    var inplace = document.createElement("tr");
    inplace.className = "inplace-row";
    inplace.setAttribute("data-for", id);
    inplace.appendChild(cell);
    row.parentNode.insertBefore(inplace, row.nextSibling);
    link.setAttribute("aria-expanded", "true");
    close.addEventListener("click", function () { closeRow(inplace); link.focus(); });
    return true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.value[data-evidence]");
    if (link && openEvidence(link)) { event.preventDefault(); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    Array.prototype.forEach.call(document.querySelectorAll("tr.inplace-row"), closeRow);
  });

  document.documentElement.classList.add("js");
}());
