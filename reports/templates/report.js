(function () {
  "use strict";
  var box = document.getElementById("filters");
  if (!box) { return; }
  box.className = "on";
  var sev = box.querySelector("select[data-filter=s]");
  var cat = box.querySelector("select[data-filter=c]");
  var acc = box.querySelector("select[data-filter=a]");
  var groups = document.querySelectorAll("section.group");
  var total = document.querySelectorAll("li.f").length;
  var shown = document.getElementById("shown");
  function apply() {
    var s = sev.value, c = cat.value, a = acc.value, count = 0;
    for (var j = 0; j < groups.length; j++) {
      var inCat = !c || groups[j].getAttribute("data-c") === c;
      var items = groups[j].querySelectorAll("li.f"), groupCount = 0;
      for (var k = 0; k < items.length; k++) {
        var el = items[k];
        var ok = inCat && (!s || el.getAttribute("data-s") === s) && (!a || el.getAttribute("data-a") === a);
        el.hidden = !ok;
        if (ok) { groupCount++; }
      }
      groups[j].hidden = groupCount === 0;
      var folds = groups[j].querySelectorAll("details.more");
      for (var m = 0; m < folds.length; m++) {
        var rest = folds[m].querySelectorAll("li.f:not([hidden])").length;
        folds[m].hidden = rest === 0;
        folds[m].querySelector(".rest").textContent = rest.toLocaleString();
      }
      count += groupCount;
    }
    shown.textContent = (s || c || a) ? count.toLocaleString() + " of " + total.toLocaleString() +
      " findings shown" : "All " + total.toLocaleString() + " findings shown";
  }
  sev.addEventListener("change", apply);
  cat.addEventListener("change", apply);
  acc.addEventListener("change", apply);
  document.getElementById("reset").addEventListener("click", function () {
    sev.value = ""; cat.value = ""; acc.value = "";
    apply();
  });
  window.addEventListener("beforeprint", function () {
    var closed = document.querySelectorAll("details:not([open])");
    for (var i = 0; i < closed.length; i++) { closed[i].open = true; closed[i].setAttribute("data-print", ""); }
  });
  window.addEventListener("afterprint", function () {
    var opened = document.querySelectorAll("details[data-print]");
    for (var i = 0; i < opened.length; i++) { opened[i].open = false; opened[i].removeAttribute("data-print"); }
  });
  apply();
})();
