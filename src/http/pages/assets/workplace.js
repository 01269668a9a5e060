// The workplace's forms are clients of the JSON API: every change goes through the API's routes,
// so one set of checks (roles, scope, inspectors refused, validation, audit) covers the browser,
// the CLI and scripts alike. A form says what it calls in data- attributes; this script sends it
// with the session's CSRF token, asks first where the change cannot be undone, and shows the
// API's answer next to the field it names.
'use strict';
(function () {
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute('content') : '';
  var dataEl = document.getElementById('page-data');
  var words = (dataEl && JSON.parse(dataEl.textContent || '{}').workplace) || {};
  var vi = document.documentElement.lang !== 'en';
  // What each previewing form last sent: the launch sends exactly the spec its preview showed.
  var previewed = new WeakMap();

  function setPath(target, path, value) {
    var keys = path.split('.');
    var at = target;
    for (var i = 0; i < keys.length - 1; i++) {
      if (typeof at[keys[i]] !== 'object' || at[keys[i]] === null) at[keys[i]] = {};
      at = at[keys[i]];
    }
    at[keys[keys.length - 1]] = value;
  }

  // Fields to a JSON object: "deadlines.province" nests, empty fields are left out, number inputs
  // are numbers, "data-list" fields are comma-separated lists; fields marked data-query go to the URL.
  function collect(form) {
    var body = {};
    var query = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.type === 'file' || el.type === 'submit' || el.type === 'button') return;
      if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) return;
      var value = el.value.trim();
      if (value === '') return;
      if (el.hasAttribute('data-query')) {
        query.push(encodeURIComponent(el.name) + '=' + encodeURIComponent(value));
        return;
      }
      if (el.type === 'number' && /^-?\d+$/.test(value)) value = Number(value);
      else if (el.hasAttribute('data-list'))
        value = value
          .split(',')
          .map(function (s) {
            return s.trim();
          })
          .filter(Boolean);
      setPath(body, el.name, value);
    });
    return { body: body, query: query.join('&') };
  }

  // What is sent: the text of a spec field (YAML or JSON as typed or loaded from a file), a file as
  // it is (organisation files up to 64 MiB stream from disk), or the fields as JSON.
  function request(form) {
    var replay = form.getAttribute('data-replay');
    if (replay) {
      var source = document.getElementById(replay);
      var sent = source && previewed.get(source);
      if (!sent) return { missing: '' };
      return { url: form.getAttribute('data-url'), type: sent.type, body: sent.body };
    }
    var fields = collect(form);
    // "{unitId}" in the route is the value of that field, which then is not part of the body.
    var missing = null;
    var route = form.getAttribute('data-url').replace(/\{(\w+)\}/g, function (_all, name) {
      var value = fields.body[name];
      delete fields.body[name];
      if (value === undefined) missing = name;
      return encodeURIComponent(String(value === undefined ? '' : value));
    });
    if (missing) return { missing: missing, message: words.required || 'Required' };
    var url = route + (fields.query ? (route.indexOf('?') < 0 ? '?' : '&') + fields.query : '');
    var textField = form.getAttribute('data-text');
    var fileField = form.getAttribute('data-file');
    if (textField && form.elements.namedItem(textField) && form.elements.namedItem(textField).value.trim() !== '') {
      var text = form.elements.namedItem(textField).value;
      return { url: url, type: /^\s*\{/.test(text) ? 'application/json' : 'text/yaml; charset=utf-8', body: text };
    }
    if (fileField) {
      var input = form.elements.namedItem(fileField);
      var file = input && input.files && input.files[0];
      if (!file) return { missing: fileField, message: words.chooseFile || 'Choose a file' };
      return { url: url, type: contentTypeOf(file), body: file };
    }
    if (textField) delete fields.body[textField];
    return { url: url, type: 'application/json', body: JSON.stringify(fields.body) };
  }

  function contentTypeOf(file) {
    var name = file.name.toLowerCase();
    if (/\.json$/.test(name)) return 'application/json';
    if (/\.ya?ml$/.test(name)) return 'text/yaml; charset=utf-8';
    return 'text/csv; charset=utf-8';
  }

  function clearErrors(form) {
    Array.prototype.forEach.call(form.querySelectorAll('[data-error-for]'), function (el) {
      el.hidden = true;
      el.textContent = '';
    });
    Array.prototype.forEach.call(form.querySelectorAll('[aria-invalid]'), function (el) {
      el.removeAttribute('aria-invalid');
    });
  }

  function status(form, text, kind) {
    var el = form.querySelector('.form-status');
    if (!el) return;
    el.textContent = text;
    el.className = 'form-status' + (kind ? ' ' + kind : '');
    el.hidden = !text;
  }

  // The API names the field of each issue ("deadlines.province", "reason"); the message goes under
  // that field, or under the form when the field is not on it.
  function showErrors(form, answer) {
    var issues = (answer && answer.issues) || [];
    var placed = false;
    issues.forEach(function (issue) {
      var path = String(issue.path || '');
      var target = form.querySelector('[data-error-for="' + path + '"]') || form.querySelector('[data-error-for="' + path.split('.')[0] + '"]');
      if (!target) return;
      target.textContent = (target.textContent ? target.textContent + ' ' : '') + issue.message;
      target.hidden = false;
      var field = form.elements.namedItem(path) || form.elements.namedItem(path.split('.')[0]);
      if (field && field.setAttribute) field.setAttribute('aria-invalid', 'true');
      placed = true;
    });
    var message = (vi && answer && answer.messageVi) || (answer && answer.message) || '';
    status(form, (words.refused || 'Refused') + ': ' + message, 'bad');
    if (placed) {
      var first = form.querySelector('[aria-invalid]');
      if (first) first.focus();
    }
  }

  function send(form) {
    var req = request(form);
    if (req.missing === '') return status(form, words.previewFirst || 'Preview first', 'bad');
    if (req.missing) {
      showErrors(form, { issues: [{ path: req.missing, message: req.message }], message: req.message });
      return;
    }
    var button = form.querySelector('button[type="submit"]');
    if (button) button.disabled = true;
    status(form, words.sending || '…', '');
    fetch(req.url, {
      method: form.getAttribute('data-method') || 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': req.type, 'x-csrf-token': csrf, accept: form.hasAttribute('data-html') ? 'text/html' : 'application/json' },
      body: req.body,
    })
      .then(function (res) {
        return (
          form.hasAttribute('data-html') && res.ok
            ? res.text()
            : res.json().catch(function () {
                return {};
              })
        ).then(function (answer) {
          return { ok: res.ok, status: res.status, answer: answer };
        });
      })
      .then(function (out) {
        if (button) button.disabled = false;
        if (!out.ok) return showErrors(form, out.answer);
        done(form, out.answer, req);
      })
      .catch(function () {
        if (button) button.disabled = false;
        status(form, words.offline || 'No connection', 'bad');
      });
  }

  // After success: put an HTML answer where the form says, follow a link the answer names, or reload.
  function done(form, answer, req) {
    var into = form.getAttribute('data-html');
    if (into) {
      previewed.set(form, req);
      var target = document.getElementById(into);
      target.innerHTML = answer;
      target.hidden = false;
      status(form, '', '');
      var next = target.querySelector('[data-focus]');
      if (next) next.focus();
      return;
    }
    status(form, form.getAttribute('data-done') || words.done || 'Done', 'good');
    var then = form.getAttribute('data-then');
    if (then === 'reload')
      window.setTimeout(function () {
        window.location.reload();
      }, 600);
    else if (then)
      window.setTimeout(function () {
        window.location.assign(then.replace('{id}', encodeURIComponent((answer && answer.directiveId) || '')));
      }, 600);
  }

  function ask(form) {
    var panel = form.querySelector('.confirm-panel');
    if (!panel) return send(form);
    status(form, '', '');
    panel.hidden = false;
    var yes = panel.querySelector('[data-confirm-yes]');
    if (yes) yes.focus();
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.matches || !form.matches('form.api-form')) return;
    event.preventDefault();
    clearErrors(form);
    ask(form);
  });

  document.addEventListener('click', function (event) {
    var el = event.target;
    var form = el.closest && el.closest('form.api-form');
    if (!form) return;
    if (el.hasAttribute('data-confirm-yes')) {
      form.querySelector('.confirm-panel').hidden = true;
      send(form);
    } else if (el.hasAttribute('data-confirm-no')) {
      form.querySelector('.confirm-panel').hidden = true;
      status(form, words.cancelled || '', '');
    }
  });

  // A spec file chosen on the launch form is read into the spec text, where it can be checked and edited.
  document.addEventListener('change', function (event) {
    var el = event.target;
    var into = el.getAttribute && el.getAttribute('data-read-into');
    if (!into || !el.files || !el.files[0]) return;
    var reader = new FileReader();
    reader.onload = function () {
      var target = document.getElementById(into);
      target.value = String(reader.result);
      target.dispatchEvent(new Event('input', { bubbles: true }));
    };
    reader.readAsText(el.files[0], 'utf-8');
  });

  // A preview stands for what was previewed: editing the form takes it away, so nothing else is launched.
  document.addEventListener('input', function (event) {
    var form = event.target.form;
    var into = form && form.getAttribute('data-html');
    if (!into) return;
    previewed.delete(form);
    var target = document.getElementById(into);
    if (target) {
      target.hidden = true;
      target.innerHTML = '';
    }
  });
})();
