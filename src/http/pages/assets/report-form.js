// Hints while typing on the report form. They only advise: the server checks every rule with
// the shared schema and shows its verdict next to the field, so a hint never blocks a submit.
'use strict';
(function () {
  var form = document.getElementById('report-form');
  var dataEl = document.getElementById('page-data');
  if (!form || !dataEl) return;
  var hints = JSON.parse(dataEl.textContent || '{}').hints || {};
  var pairs = [
    ['attendees', 'members'],
    ['essaysSubmitted', 'essaysExpected'],
  ];

  function value(name) {
    var el = form.elements.namedItem(name);
    return el && /^\d+$/.test(el.value.trim()) ? Number(el.value.trim()) : null;
  }
  function check() {
    pairs.forEach(function (pair) {
      var hint = form.querySelector('[data-hint-for="' + pair[0] + '"]');
      if (!hint) return;
      var part = value(pair[0]);
      var whole = value(pair[1]);
      var show = part !== null && whole !== null && part > whole;
      hint.hidden = !show;
      hint.textContent = show ? hints[pair[0]] || '' : '';
      // The live warning stands in for the static hint of the same field while it shows.
      var still = document.getElementById('hint-' + pair[0]);
      if (still) still.hidden = show;
    });
  }
  // Only on typing: after a rejected submit, the server's own message is the one to read.
  form.addEventListener('input', check);
  // One submit at a time: a double tap must not file the report twice.
  form.addEventListener('submit', function () {
    var button = form.querySelector('button[type="submit"]');
    if (button)
      setTimeout(function () {
        button.disabled = true;
      }, 0);
  });
})();
