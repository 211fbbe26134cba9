/* The review page: keyboard decisions, undo, live counts, filters. Plain DOM, no libraries;
   every text from the server is set with textContent. */
(function () {
  'use strict';
  var token = document.querySelector('meta[name="review-token"]').getAttribute('content');
  var items = Array.prototype.slice.call(document.querySelectorAll('article.item'));
  var current = -1;
  var undoStack = [];  // decision ids made on this page, newest last

  var stateMeta = document.querySelector('meta[name="review-states"]');
  var states = stateMeta ? JSON.parse(stateMeta.getAttribute('content')) : {};  // key state per item id

  function post(url, body) {
    if (body.ids) {  // the state each decision is made against: the server refuses a stale one (409)
      body.states = {};
      body.ids.forEach(function (id) { if (id in states) { body.states[id] = states[id]; } });
    }
    return fetch(url, {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'X-Review-Token': token},
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (data) {
        if (data && data.states) { Object.keys(data.states).forEach(function (id) { states[id] = data.states[id]; }); }
        return {ok: r.ok, data: data};
      });
    });
  }

  function setText(id, value) {
    var el = document.getElementById(id);
    if (el) { el.textContent = String(value); }
  }

  function refreshCounts() {
    return fetch('/api/counts' + window.location.search).then(function (r) { return r.json(); })
      .then(function (data) {
        var c = data.counts, decided = 0;
        Object.keys(c).forEach(function (s) {
          setText('count-' + s, c[s].total);
          if (s === 'conflict' || s === 'new' || s === 'rejected') {
            setText('open-' + s, c[s].open);
            setText('decided-' + s, c[s].decided);
            decided += c[s].decided;
          }
        });
        setText('open-count', c.conflict.open);
        setText('decided-count', decided);
        setText('matching', data.matching);
        document.body.setAttribute('data-decisions', String(data.decisions));
      });
  }

  function focusItem(i, scroll) {
    if (i < 0 || i >= items.length) { return; }
    if (current >= 0 && items[current]) { items[current].classList.remove('current'); }
    current = i;
    items[i].classList.add('current');
    items[i].focus({preventScroll: true});
    if (scroll !== false) { items[i].scrollIntoView({block: 'nearest'}); }
  }

  function nextOpen(from) {
    for (var i = from + 1; i < items.length; i++) {
      if (!items[i].classList.contains('decided') && items[i].querySelector('button[data-action=accept]')) {
        return i;
      }
    }
    return -1;
  }

  function cardsOf(itemId) {
    return document.querySelectorAll('[data-item-id="' + itemId + '"]');
  }

  function markDecided(d) {
    if (d.action === 'note') { return; }
    cardsOf(d.item_id).forEach(function (el) {
      el.classList.remove('decided-accept', 'decided-reject');
      el.classList.add('decided-' + d.action);
      if (el.tagName === 'ARTICLE') { el.classList.add('decided'); }
      el.querySelectorAll('button[data-action=accept], button[data-action=reject]').forEach(function (b) {
        b.disabled = true;
      });
      var undo = el.querySelector('button.undo');  // only an accept can be undone
      if (undo) {
        undo.hidden = d.action !== 'accept';
        undo.setAttribute('data-decision', d.action === 'accept' ? String(d.decision_id) : '');
      }
      var s = el.querySelector('.status');
      if (s) { s.textContent = d.action + 'ed by ' + d.who + ' at ' + d.at + ' (#' + d.decision_id + ')'; }
    });
  }

  function markOpen(itemId, message) {
    cardsOf(itemId).forEach(function (el) {
      el.classList.remove('decided-accept', 'decided-reject', 'decided');
      el.querySelectorAll('button[data-action]').forEach(function (b) { b.disabled = false; });
      var undo = el.querySelector('button.undo');
      if (undo) { undo.hidden = true; undo.setAttribute('data-decision', ''); }
      var s = el.querySelector('.status');
      if (s) { s.textContent = message; }
    });
  }

  function decideGroup(box, action) {
    var button = box.querySelector('button[data-action=' + action + ']');
    var ids = button.getAttribute('data-items').split(' ');
    var status = box.querySelector('.status');
    box.querySelectorAll('button').forEach(function (b) { b.disabled = true; });
    return post('/api/decide', {ids: ids, action: action, note: box.querySelector('textarea').value})
      .then(function (res) {
        if (!res.ok) {
          box.querySelectorAll('button').forEach(function (b) { b.disabled = false; });
          status.textContent = 'error: ' + res.data.error;
          return;
        }
        res.data.decisions.forEach(markDecided);
        status.textContent = ids.length + ' items ' + action + 'ed';
        return refreshCounts();
      }).catch(function (e) { status.textContent = 'error: ' + e; });
  }

  function decide(article, action) {
    var box = article.querySelector('.decide');
    var button = box && box.querySelector('button[data-action=' + action + ']');
    if (!button || button.disabled) { return Promise.resolve(); }
    var status = box.querySelector('.status');
    var ids = button.getAttribute('data-items').split(' ');
    button.disabled = true;
    return post('/api/decide', {ids: ids, action: action, note: box.querySelector('textarea').value})
      .then(function (res) {
        if (!res.ok) {
          button.disabled = false;
          status.textContent = 'error: ' + res.data.error;
          return;
        }
        button.disabled = action === 'note' ? false : true;
        res.data.decisions.forEach(markDecided);
        if (action === 'note') { status.textContent = 'note saved'; }
        res.data.decisions.forEach(function (d) {
          if (d.action === 'accept' && ids.indexOf(d.item_id) >= 0) { undoStack.push(d.decision_id); }
        });
        return refreshCounts().then(function () {
          if (action !== 'note') {
            var i = items.indexOf(article);
            var next = nextOpen(i);
            focusItem(next >= 0 ? next : i);
          }
        });
      }).catch(function (e) { button.disabled = false; status.textContent = 'error: ' + e; });
  }

  function undo(decisionId) {
    if (!decisionId) { return Promise.resolve(); }
    var msg = document.getElementById('undo-error');
    return post('/api/undo', {decision_id: Number(decisionId)}).then(function (res) {
      if (!res.ok) {
        if (msg) { msg.textContent = 'undo failed: ' + res.data.error; }
        return;
      }
      if (msg) { msg.textContent = ''; }
      undoStack = undoStack.filter(function (id) { return String(id) !== String(decisionId); });
      res.data.reopened.forEach(function (itemId) { markOpen(itemId, 'undone'); });
      var first = null;
      res.data.decisions.forEach(function (d) {
        markDecided(d);
        cardsOf(d.item_id).forEach(function (el) {
          var s = el.querySelector('.status');
          if (s && d.note === 'undo of #' + decisionId) {
            s.textContent = 'accept #' + decisionId + ' undone: the registry has its value from before again; '
              + 'this value is rejected (#' + d.decision_id + ')';
          }
          if (!first && el.tagName === 'ARTICLE') { first = el; }
        });
      });
      return refreshCounts().then(function () {
        var i = first ? items.indexOf(first) : -1;
        if (i >= 0) { focusItem(i); }
      });
    });
  }

  document.addEventListener('click', function (ev) {
    var b = ev.target.closest('button');
    if (!b) { return; }
    var article = b.closest('article.item');
    if (b.classList.contains('undo')) { undo(b.getAttribute('data-decision')); return; }
    if (article && b.hasAttribute('data-action')) {
      focusItem(items.indexOf(article));
      decide(article, b.getAttribute('data-action'));
    } else if (b.closest('article.group') && b.hasAttribute('data-action')) {
      decideGroup(b.closest('.decide'), b.getAttribute('data-action'));
    }
  });

  document.addEventListener('focusin', function (ev) {
    var article = ev.target.closest && ev.target.closest('article.item');
    if (article) {
      var i = items.indexOf(article);
      if (i !== current) {
        if (current >= 0 && items[current]) { items[current].classList.remove('current'); }
        current = i;
        article.classList.add('current');
      }
    }
  });

  document.addEventListener('keydown', function (ev) {
    var tag = (ev.target.tagName || '').toLowerCase();
    if (tag === 'textarea' || tag === 'input' || tag === 'select' || ev.ctrlKey || ev.metaKey || ev.altKey) {
      if (ev.key === 'Escape' && ev.target.blur) { ev.target.blur(); }
      return;
    }
    if (ev.key === 'j') { focusItem(current + 1); ev.preventDefault(); }
    else if (ev.key === 'k') { focusItem(current <= 0 ? 0 : current - 1); ev.preventDefault(); }
    else if ((ev.key === 'a' || ev.key === 'r') && current >= 0) {
      decide(items[current], ev.key === 'a' ? 'accept' : 'reject');
      ev.preventDefault();
    } else if (ev.key === 'u') {
      var undoButton = current >= 0 ? items[current].querySelector('button.undo:not([hidden])') : null;
      undo(undoButton ? undoButton.getAttribute('data-decision') : undoStack[undoStack.length - 1]);
      ev.preventDefault();
    } else if (ev.key === '/') {
      document.querySelector('#filters input[name=q]').focus();
      ev.preventDefault();
    }
  });

  document.getElementById('filters').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var params = new URLSearchParams();
    new FormData(ev.target).forEach(function (value, name) {
      var v = String(value).trim();
      var defaults = {status: 'conflict', state: 'all', sort: 'key', per_page: '25'};
      if (v && defaults[name] !== v) { params.set(name, v); }
    });
    var qs = params.toString();
    window.location.assign('/' + (qs ? '?' + qs : ''));
  });
  document.querySelectorAll('#filters select').forEach(function (s) {
    s.addEventListener('change', function () { document.getElementById('apply').click(); });
  });

  if (items.length) {  // the first open item has the focus; the page stays at its top
    var first = nextOpen(-1);
    focusItem(first >= 0 ? first : 0, false);
  }
})();
