// The online application form, made easier with JavaScript; everything also works without it
// (all sections shown, "add another co-applicant" asks the server for one more row).
(function () {
  "use strict";
  var form = document.getElementById("application");
  if (!form) { return; }

  // Show only the parts that apply to the chosen kind of applicant / respondent.
  function refresh() {
    form.querySelectorAll("[data-controlled-by]").forEach(function (part) {
      var name = part.getAttribute("data-controlled-by");
      var chosen = form.querySelector('input[name="' + name + '"]:checked');
      var kinds = part.getAttribute("data-show-for").split(" ");
      part.hidden = !chosen || kinds.indexOf(chosen.value) === -1;
    });
  }
  form.addEventListener("change", function (event) {
    if (event.target.type === "radio") { refresh(); }
  });
  refresh();

  // Add a co-applicant row from the <template> (Django's formset empty_form).
  var button = document.getElementById("add-co-applicant");
  var template = document.getElementById("co-applicant-template");
  var rows = document.getElementById("co-applicant-rows");
  var total = form.querySelector('input[name="co-TOTAL_FORMS"]');
  var max = form.querySelector('input[name="co-MAX_NUM_FORMS"]');
  if (!button || !template || !rows || !total) { return; }
  // Not a submit button any more: Enter in a text box then submits the application.
  button.type = "button";
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10) || 0;
    if (max && index >= parseInt(max.value, 10)) { return; }
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var row = holder.firstElementChild;
    var number = row.querySelector("[data-row-number]");
    if (number) { number.textContent = String(index + 1); }
    rows.appendChild(row);
    total.value = String(index + 1);
    var first = row.querySelector("input, select");
    if (first) { first.focus(); }
  });
})();
