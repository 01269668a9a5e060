// The credentials page: each revoke form asks for confirmation, then POSTs { reason } (and, for a
// unit's links, { kind, directiveId? }) to the API with the page's CSRF token, and reloads.
(function () {
  'use strict';
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute('content') : '';

  function post(url, body, form) {
    var error = form.querySelector('.revoke-error');
    if (error) error.textContent = '';
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(body),
    }).then(function (response) {
      if (response.ok) return window.location.reload();
      return response.json().then(
        function (answer) {
          if (error) error.textContent = form.getAttribute('data-failed') + ' ' + (answer.message || response.status);
        },
        function () {
          if (error) error.textContent = form.getAttribute('data-failed') + ' ' + response.status;
        },
      );
    });
  }

  document.querySelectorAll('form.revoke').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (!window.confirm(form.getAttribute('data-confirm'))) return;
      post(form.getAttribute('data-url'), { reason: form.elements.reason.value }, form);
    });
  });

  document.querySelectorAll('form.revoke-links').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (!window.confirm(form.getAttribute('data-confirm'))) return;
      var body = { kind: form.elements.kind.value, reason: form.elements.reason.value };
      var directiveId = form.elements.directiveId.value.trim();
      if (directiveId) body.directiveId = directiveId;
      post('/api/units/' + encodeURIComponent(form.elements.unitId.value.trim()) + '/links/revoke', body, form);
    });
  });
})();
