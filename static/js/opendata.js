// Download links of a list page follow its filters: after htmx filters the list (and pushes the
// address), a click takes the filters from the address bar instead of those the page was rendered with.
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest("a[data-export-base]") : null;
  if (!link) return;
  var box = link.closest("[data-export-filters]");
  var names = box ? box.getAttribute("data-export-filters").split(" ") : [];
  var current = new URLSearchParams(window.location.search);
  var kept = new URLSearchParams();
  names.forEach(function (name) {
    var value = current.get(name);
    if (value) kept.set(name, value);
  });
  var query = kept.toString();
  link.href = link.getAttribute("data-export-base") + (query ? "?" + query : "");
});
