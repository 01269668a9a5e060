// Supervisor pages: drops a sign-in ?token= from the address bar, then refreshes live: polls the
// JSON API every few seconds (the session cookie authorises reads) and repaints figures, bars,
// badges and lists in place. Labels and number conventions come from the page (#page-data), so
// Vietnamese pages stay Vietnamese: 97,58%.
'use strict';
(function () {
  // The token in ?token= has become the HttpOnly session cookie: keep it out of history and bookmarks.
  if (/[?&]token=/.test(location.search)) {
    var clean = new URL(location.href);
    clean.searchParams.delete('token');
    history.replaceState(null, '', clean.pathname + clean.search + clean.hash);
  }

  var dataEl = document.getElementById('page-data');
  if (!dataEl) return;
  var data = JSON.parse(dataEl.textContent || '{}');
  if (!data.kind) return;
  var L = data.labels;

  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }
  function num(n) {
    var fixed = Math.abs(n).toFixed(2).split('.');
    var whole = fixed[0].replace(/\B(?=(\d{3})+(?!\d))/g, L.thousands);
    var frac = (fixed[1] || '').replace(/0+$/, '');
    return (n < 0 && Number(fixed.join('.')) !== 0 ? '-' : '') + whole + (frac ? L.decimal + frac : '');
  }
  function rate(r) {
    return r === null || r === undefined ? '–' : num(r) + '%';
  }
  function fraction(a, b) {
    return num(a) + '/' + num(b);
  }
  function vn(iso) {
    var d = new Date(Date.parse(iso) + 7 * 3600000); // Vietnam is UTC+7 all year
    return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), H: d.getUTCHours(), M: d.getUTCMinutes() };
  }
  function date(iso) {
    var p = vn(iso);
    return L.lang === 'vi' ? p.d + '/' + p.m + '/' + p.y : p.d + ' ' + L.months[p.m - 1] + ' ' + p.y;
  }
  function dateTime(iso) {
    var p = vn(iso);
    var hm = pad(p.H) + ':' + pad(p.M);
    return L.lang === 'vi' ? hm + ' ngày ' + date(iso) : date(iso) + ', ' + hm + ' (UTC+7)';
  }
  function setText(el, value) {
    if (el && el.textContent !== value) el.textContent = value;
  }
  function q(root, sel) {
    return root ? root.querySelector(sel) : null;
  }
  function byData(attr, value) {
    return document.querySelector('[' + attr + '="' + (window.CSS && CSS.escape ? CSS.escape(value) : value) + '"]');
  }

  function paintBar(svg, c) {
    if (!svg) return;
    var x = 0;
    ['onTime', 'late', 'overdue', 'pending'].forEach(function (k) {
      var w = c.expected > 0 ? Math.round((c[k] / c.expected) * 10000) / 100 : 0;
      var seg = q(svg, '[data-seg="' + k + '"]');
      if (seg) {
        seg.setAttribute('x', String(x));
        seg.setAttribute('width', String(w));
      }
      x += w;
    });
  }
  function paintBadge(cell, status) {
    var b = q(cell, '.badge');
    if (!b || b.getAttribute('data-status') === status) return;
    b.className = 'badge s-' + status;
    b.setAttribute('data-status', status);
    b.textContent = L.status[status] || status;
  }
  function totals(rollup) {
    var t = { expected: 0, done: 0, onTime: 0, late: 0, overdue: 0, pending: 0 };
    ((rollup && rollup.levels) || []).forEach(function (l) {
      Object.keys(t).forEach(function (k) {
        t[k] += l[k];
      });
    });
    return t;
  }
  function levelFractions(rollup) {
    return ((rollup && rollup.levels) || [])
      .filter(function (l) {
        return l.expected > 0;
      })
      .map(function (l) {
        return (L.levels[l.level] || l.level) + ' ' + fraction(l.done, l.expected);
      })
      .join(' · ');
  }
  function paintUnitRow(u) {
    var row = byData('data-unit', u.unitId);
    if (!row) return;
    paintBadge(q(row, '.js-status'), u.status);
    setText(q(row, '.js-deadline'), date(u.extendedTo || u.deadline));
    setText(q(row, '.js-completed'), u.completedAt ? dateTime(u.completedAt) : '–');
  }

  function paintCommittee(view) {
    var r = view.rollup;
    r.levels.forEach(function (l) {
      var el = byData('data-level', l.level);
      if (!el) return;
      setText(q(el, '.js-fraction'), fraction(l.done, l.expected));
      setText(q(el, '.js-rate'), '(' + rate(l.doneRate) + ')');
      ['onTime', 'late', 'overdue', 'pending'].forEach(function (k) {
        setText(q(el, '.js-' + k), num(l[k]));
      });
      paintBar(q(el, 'svg.bar'), l);
    });
    var att = byData('data-figure', 'attendance');
    setText(q(att, '.js-rate'), rate(r.attendance.rate));
    setText(q(att, '.js-fraction'), fraction(r.attendance.attendees, r.attendance.members));
    var ess = byData('data-figure', 'essays');
    setText(q(ess, '.js-rate'), rate(r.essays.rate));
    setText(q(ess, '.js-fraction'), fraction(r.essays.submitted, r.essays.expected));
    var over = q(byData('data-figure', 'overdue'), '.js-count');
    setText(over, num(r.overdueCount));
    if (over) over.classList.toggle('bad', r.overdueCount > 0);
    var first = byData('data-figure', 'first');
    setText(q(first, '.js-name'), r.firstFinisher ? r.firstFinisher.name : '–');
    setText(q(first, '.js-at'), r.firstFinisher ? date(r.firstFinisher.at) : '');
    view.children.forEach(function (c) {
      var row = byData('data-child', c.unitId);
      if (!row) return;
      setText(q(row, '.js-levels'), levelFractions(c.rollup) || '–');
      paintBar(q(row, 'svg.bar'), totals(c.rollup));
      setText(q(row, '.js-attendance'), rate(c.rollup ? c.rollup.attendance.rate : null));
      var o = q(row, '.js-overdue');
      var n = c.rollup ? c.rollup.overdueCount : 0;
      setText(o, num(n));
      if (o) o.classList.toggle('bad', n > 0);
    });
    view.units.forEach(paintUnitRow);
    if (view.self) paintUnitRow(view.self);
  }

  function paintOverdue(page) {
    var list = document.getElementById('overdue-list');
    if (!list) return;
    var items = page.units.map(function (u) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = data.unitHref + encodeURIComponent(u.unitId) + data.langSuffix;
      a.textContent = u.name;
      var id = document.createElement('span');
      id.className = 'muted';
      id.textContent = u.unitId;
      li.append(a, ' ', id, ' — ' + L.text.deadline + ' ' + date(u.deadline));
      return li;
    });
    var more = page.total - page.units.length;
    if (items.length === 0 || more > 0) {
      var note = document.createElement('li');
      note.className = 'muted';
      note.textContent = items.length === 0 ? L.text.none : L.text.andMore.replace('{n}', num(more));
      items.push(note);
    }
    list.replaceChildren.apply(list, items);
  }

  var FACTS = ['receivedAt', 'deadline', 'extendedTo', 'acknowledgedAt', 'completedAt', 'exemptedAt', 'withdrawnAt'];
  function paintUnit(u) {
    // A new or corrected report changes a whole section: reload the page once.
    if ((u.report !== null) !== data.reported || (data.corrections !== undefined && u.corrections !== data.corrections)) {
      location.reload();
      return;
    }
    paintBadge(document.querySelector('.js-status'), u.status);
    FACTS.forEach(function (key) {
      var el = q(document.getElementById('unit-facts'), '[data-fact="' + key + '"]');
      if (!el) return;
      el.hidden = !u[key];
      if (u[key]) setText(q(el, '.js-value'), dateTime(u[key]));
    });
  }
  function detail(e) {
    var p = e.payload || {};
    var parts = [];
    if (e.kind === 'report' && typeof p.status === 'string') parts.push(L.status[p.status] || p.status);
    if (e.kind === 'received' && typeof p.deadline === 'string') parts.push(L.text.deadline + ' ' + date(p.deadline));
    if (e.kind === 'extension' && typeof p.to === 'string') parts.push('→ ' + date(p.to));
    if ((e.kind === 'reminder' || e.kind === 'escalation') && typeof p.step === 'number') parts.push(L.text.step + ' ' + (p.step + 1));
    if (e.kind === 'escalation' && typeof p.recipientUnitId === 'string') parts.push('→ ' + p.recipientUnitId);
    if (e.kind === 'attachment' && typeof p.name === 'string' && typeof p.size === 'number') {
      var kind = typeof p.contentType === 'string' ? L.attachment.kinds[p.contentType] || p.contentType : '';
      parts.push(p.name + ' (' + (kind ? kind + ', ' : '') + fileSize(p.size) + ')');
    }
    if (typeof p.reason === 'string' && p.reason) parts.push(p.reason);
    if (e.actor) parts.push(L.text.by + ' ' + e.actor);
    return parts.join(' · ');
  }
  // As unit-view.ts writes it: 850 KB, 1,2 MB.
  function fileSize(bytes) {
    if (bytes < 1048576) return Math.max(1, Math.round(bytes / 1024)) + ' KB';
    var text = (Math.round((bytes / 1048576) * 10) / 10).toFixed(1);
    return (L.lang === 'vi' ? text.replace('.', ',') : text) + ' MB';
  }
  // An attached file's download link, and whether a later file replaced it (unit-view.ts attachmentLink).
  function attachmentParts(e, replaced) {
    var id = e.payload && e.payload.attachmentId;
    if (e.kind !== 'attachment' || typeof id !== 'string') return [];
    var a = document.createElement('a');
    a.className = 'ev-file';
    a.href = data.timelineUrl.replace(/\/timeline$/, '/attachments/' + encodeURIComponent(id));
    a.setAttribute('download', '');
    a.textContent = L.attachment.download;
    if (!replaced[id]) return [' ', a];
    var note = document.createElement('span');
    note.className = 'muted ev-replaced';
    note.textContent = '(' + L.attachment.replaced + ')';
    return [' ', a, ' ', note];
  }
  function paintTimeline(entries) {
    var list = document.getElementById('timeline');
    if (!list || list.querySelectorAll('li.ev').length === entries.length) return;
    var replaced = {};
    entries.forEach(function (e) {
      if (e.kind === 'attachment' && e.payload && typeof e.payload.replaces === 'string') replaced[e.payload.replaces] = true;
    });
    list.replaceChildren.apply(
      list,
      entries.map(function (e) {
        var li = document.createElement('li');
        li.className = 'ev ev-' + e.kind;
        var t = document.createElement('time');
        t.textContent = dateTime(e.at);
        var label = document.createElement('span');
        label.className = 'ev-label';
        label.textContent = L.events[e.kind] || e.kind;
        var d = document.createElement('span');
        d.className = 'ev-detail';
        d.textContent = detail(e);
        li.append.apply(li, [t, label, d].concat(attachmentParts(e, replaced)));
        return li;
      }),
    );
  }

  function getJson(url) {
    return fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } }).then(function (res) {
      if (!res.ok) throw Object.assign(new Error('HTTP ' + res.status), { status: res.status });
      return res.json();
    });
  }
  var live = document.getElementById('live-status');
  var liveText = live ? live.innerHTML : '';
  function refresh() {
    var work =
      data.kind === 'committee'
        ? Promise.all([getJson(data.committeeUrl).then(paintCommittee), getJson(data.overdueUrl).then(paintOverdue)])
        : Promise.all([
            getJson(data.unitUrl).then(paintUnit),
            getJson(data.timelineUrl).then(function (t) {
              paintTimeline(t.entries);
            }),
          ]);
    return work.then(
      function () {
        if (live) {
          if (live.classList.contains('stale')) {
            live.innerHTML = liveText;
            live.classList.remove('stale');
          }
          setText(document.getElementById('updated-at'), dateTime(new Date().toISOString()));
        }
        return true;
      },
      function (err) {
        if (live) {
          live.textContent = L.text.liveFailed;
          live.classList.add('stale');
        }
        return err.status !== 401 && err.status !== 403; // signed out: stop polling
      },
    );
  }
  function loop() {
    var go = document.hidden ? Promise.resolve(true) : refresh();
    go.then(function (again) {
      if (again) setTimeout(loop, data.interval);
    });
  }
  setTimeout(loop, data.interval);
})();
