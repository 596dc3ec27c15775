// The running total of a budget ballot (templates/votes/_ballot.html). Only a help while
// choosing: the server checks the budget again, and the ballot works without this script.
(function () {
  "use strict";

  function setUp(form) {
    var output = document.getElementById("vote-total");
    if (!output) return;
    var budget = Number(form.getAttribute("data-budget")) || 0;
    var money = new Intl.NumberFormat(form.getAttribute("data-locale") || document.documentElement.lang, {
      style: "currency",
      currency: "EUR",
      minimumFractionDigits: 0,
      maximumFractionDigits: 0,
    });
    var boxes = form.querySelectorAll("input[data-cost]");

    function fill(template, values) {
      return template.replace(/\{(\w+)\}/g, function (match, name) {
        return name in values ? money.format(values[name]) : match;
      });
    }

    function update() {
      var total = 0;
      boxes.forEach(function (box) {
        if (box.checked) total += Number(box.getAttribute("data-cost")) || 0;
      });
      var over = total > budget;
      var template = output.getAttribute(over ? "data-over" : "data-within");
      output.textContent = fill(template, {
        total: total,
        budget: budget,
        rest: budget - total,
        over: total - budget,
      });
      output.classList.toggle("vote-total--over", over);
    }

    boxes.forEach(function (box) {
      box.addEventListener("change", update);
    });
    // Going back to the ballot, the browser ticks the boxes again after this script ran
    // (without a change event), so add up again once the page is shown.
    window.addEventListener("pageshow", update);
    update();
    output.hidden = false;
  }

  document.querySelectorAll("form[data-budget]").forEach(setUp);
})();
