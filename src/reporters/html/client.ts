/**
 * The report's browser script, inlined into the page. It reads the findings from the JSON element
 * `#sg-data` and renders only the rows in view (virtual scrolling), so 100,000 findings stay smooth.
 * Every report-derived string reaches the DOM through `textContent` or a property, never as markup.
 * Rows arrive in report order (by account); the table's default order (status, then severity, rule, ARN)
 * is sorted here on load.
 * Written as ES5-ish plain JavaScript in a string: no backticks, no template placeholders, no "</script".
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('sg-data').textContent);
  // The rows arrive with the strings they introduce: a string item is the string table's next entry.
  var S = [], R = [], items = data.items;
  for (var it = 0; it < items.length; it++) { if (typeof items[it] === 'string') S.push(items[it]); else R.push(items[it]); }
  data.items = items = null;
  var N = R.length, SEV = data.severities, STA = data.statuses;
  var ACC = data.accounts || {};
  var STATUS_ORDER = { fail: 0, error: 1, waived: 2, pass: 3 };
  var state = { severity: '', status: '', account: '', squad: '', service: '', rule: '', baseline: '', text: '' };
  var sort = { key: 'default', dir: 1 };
  var order = null, view = new Int32Array(0), hay = null, strIndex = null, pool = [];
  var sg = window.__sg = { ready: false, readyAt: 0, lastFilterMs: 0, shown: 0, total: N };
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  var serviceCache = {};
  function serviceIdx(r) {
    var t = r[6], s = serviceCache[t];
    if (s === undefined) { var parts = S[t].split('.'); s = serviceCache[t] = parts[1] || S[t]; }
    return s;
  }
  function nameOf(r) { if (r[8] !== 0) return r[8]; var a = r[7]; var cut = Math.max(a.lastIndexOf('/'), a.lastIndexOf(':')); return a.slice(cut + 1); }
  function accountLabel(id) { var a = ACC[id]; return a && a.name ? a.name + ' (' + id + ')' : id; }
  // A key (rule, account, squad …) has one index; only messages may recur, and never after a key of the same text.
  function indexOfString(v) {
    if (!strIndex) { strIndex = new Map(); for (var i = 0; i < S.length; i++) strIndex.set(S[i], i); }
    var at = strIndex.get(v); return at === undefined ? -2 : at;
  }

  // ---- filter options (values are set as properties; labels as textContent) ----
  function distinct(slot) {
    var seen = new Set();
    for (var i = 0; i < N; i++) { var v = R[i][slot]; if (v >= 0) seen.add(v); }
    return Array.from(seen).map(function (v) { return S[v]; }).sort();
  }
  function fill(id, values, label) {
    var select = $(id);
    for (var i = 0; i < values.length; i++) {
      var option = document.createElement('option');
      option.value = values[i];
      option.textContent = label ? label(values[i]) : values[i];
      select.appendChild(option);
    }
  }
  fill('f-severity', SEV.slice());
  fill('f-status', STA.slice());
  fill('f-account', distinct(4), accountLabel);
  fill('f-squad', distinct(9));
  var services = new Set(); for (var i = 0; i < N; i++) services.add(serviceIdx(R[i]));
  fill('f-service', Array.from(services).sort());
  fill('f-rule', distinct(1));

  // ---- sorting: one ordering of all rows; filtering walks it and keeps the order ----
  function rankStrings(slot) {
    var values = distinct(slot), rank = new Map();
    for (var i = 0; i < values.length; i++) rank.set(indexOfString(values[i]), i);
    return function (r) { return r[slot] < 0 ? -1 : rank.get(r[slot]); };
  }
  function keyFn(key) {
    switch (key) {
      case 'severity': return function (r) { return r[3]; };
      case 'status': return function (r) { return STATUS_ORDER[STA[r[2]]]; };
      case 'rule': return rankStrings(1);
      case 'account': return rankStrings(4);
      case 'squad': return rankStrings(9);
      case 'baseline': return function (r) { return r[11] === 0 ? 3 : r[11]; };
      default: return null;
    }
  }
  function computeOrder() {
    var idx = new Int32Array(N);
    for (var i = 0; i < N; i++) idx[i] = i;
    var arr = Array.from(idx), dir = sort.dir;
    var primary;
    if (sort.key === 'service') primary = function (r) { return serviceIdx(r); };
    else if (sort.key === 'resource') primary = function (r) { return r[7]; };
    else if (sort.key === 'message') primary = function (r) { return S[r[10]]; };
    else primary = keyFn(sort.key);
    var keys = new Array(N);
    for (var j = 0; j < N; j++) keys[j] = primary ? primary(R[j]) : 0;
    arr.sort(function (a, b) {
      var ka = keys[a], kb = keys[b];
      if (ka !== kb) return (ka < kb ? -1 : 1) * dir;
      var ra = R[a], rb = R[b];
      var sa = STATUS_ORDER[STA[ra[2]]], sb = STATUS_ORDER[STA[rb[2]]];
      if (sa !== sb) return sa - sb;
      if (ra[3] !== rb[3]) return ra[3] - rb[3];
      if (ra[1] !== rb[1]) return S[ra[1]] < S[rb[1]] ? -1 : 1;
      return ra[7] < rb[7] ? -1 : ra[7] > rb[7] ? 1 : 0;
    });
    order = Int32Array.from(arr);
  }

  // ---- filtering ----
  function buildHaystack() {
    hay = new Array(N);
    for (var i = 0; i < N; i++) {
      var r = R[i];
      hay[i] = (r[7] + '\n' + nameOf(r) + '\n' + S[r[10]] + '\n' + S[r[1]] + '\n' + S[r[12]] + '\n' + S[r[4]] + '\n' + r[0]).toLowerCase();
    }
  }
  function apply() {
    var t0 = performance.now();
    if (!order) computeOrder();
    var sev = state.severity === '' ? -1 : SEV.indexOf(state.severity);
    var st = state.status === '' ? -1 : STA.indexOf(state.status);
    var acc = state.account === '' ? -1 : indexOfString(state.account);
    var squad = state.squad === '' ? -1 : indexOfString(state.squad);
    var rule = state.rule === '' ? -1 : indexOfString(state.rule);
    var svc = state.service;
    var base = state.baseline === 'new' ? 1 : state.baseline === 'existing' ? 2 : -1;
    var text = state.text.trim().toLowerCase();
    if (text && !hay) buildHaystack();
    var out = new Int32Array(N), n = 0;
    for (var k = 0; k < N; k++) {
      var i = order[k], r = R[i];
      if (sev >= 0 && r[3] !== sev) continue;
      if (st >= 0 && r[2] !== st) continue;
      if (acc !== -1 && r[4] !== acc) continue;
      if (squad !== -1 && r[9] !== squad) continue;
      if (rule !== -1 && r[1] !== rule) continue;
      if (base !== -1 && r[11] !== base) continue;
      if (svc && serviceIdx(r) !== svc) continue;
      if (text && hay[i].indexOf(text) < 0) continue;
      out[n++] = i;
    }
    view = out.subarray(0, n);
    relayout();
    $('sg-scroll').scrollTop = 0;
    $('sg-count').textContent = 'Showing ' + n.toLocaleString('en') + ' of ' + N.toLocaleString('en') + ' findings';
    render();
    sg.shown = n;
    sg.lastFilterMs = performance.now() - t0;
  }

  // ---- layout: key columns sized to their longest value, messages wrap; rows as tall as their message ----
  var LINE_H = 20, ROW_PAD = 9, OVERSCAN_PX = 400, CELL_PAD = 14, MAX_KEY_COLUMN = 420;
  var ctx = document.createElement('canvas').getContext('2d');
  var lineCache = null, wordWidths = new Map(), msgWidth = 0, spaceWidth = 4, tops = new Float64Array(1);
  var findingsBox = $('findings'), head = document.querySelector('.sg-head');
  function widest(values, font, min) {
    ctx.font = font;
    var w = min;
    for (var i = 0; i < values.length; i++) w = Math.max(w, ctx.measureText(values[i]).width);
    // A key value longer than any real one (a hostile tag) must not push the messages off screen: cap it.
    return Math.min(Math.ceil(w) + CELL_PAD + 2, MAX_KEY_COLUMN);
  }
  function layout() {
    var probe = pool[0] || (pool.push(makeRow()), pool[0]);
    var cells = probe.childNodes, headCells = head.childNodes;
    var text = getComputedStyle(cells[8]).font, mono = getComputedStyle(cells[3]).font, headFont = getComputedStyle(headCells[0]).font;
    ctx.font = headFont;
    var headW = function (c) { return ctx.measureText(headCells[c].textContent + ' \u25bc').width; };
    // Without a baseline the baseline column would stay empty: it takes no room.
    var withBaseline = false;
    for (var b = 0; b < N && !withBaseline; b++) withBaseline = R[b][11] !== 0;
    findingsBox.classList.toggle('sg-no-baseline', !withBaseline);
    var cols = [
      widest(SEV, text, Math.max(headW(0), 58)),
      widest(STA, text, headW(1)),
      withBaseline ? widest(['existing'], text, headW(2)) : 0,
      widest(distinct(1), mono, headW(3)),
      widest(distinct(4), text, headW(4)),
      widest(distinct(9), text, headW(5)),
      widest(Array.from(services), text, headW(6)),
    ];
    findingsBox.style.setProperty('--sg-cols', cols.map(function (w) { return w + 'px'; }).join(' ') + ' minmax(160px,1fr) minmax(280px,2.2fr)');
    // Narrower than the key columns need: the table scrolls sideways rather than cutting them.
    var least = 160 + 280;
    for (var w = 0; w < cols.length; w++) least += cols[w];
    findingsBox.style.setProperty('--sg-min', least + 'px');
    ctx.font = text;
    spaceWidth = ctx.measureText(' ').width;
    wordWidths = new Map();
    msgWidth = Math.max(40, headCells[8].getBoundingClientRect().width - CELL_PAD - 2);
    lineCache = new Int32Array(S.length);
  }
  function wordWidth(word) {
    var w = wordWidths.get(word);
    if (w === undefined) { w = ctx.measureText(word).width; wordWidths.set(word, w); }
    return w;
  }
  // Greedy word wrap as the browser does it (long tokens such as ARNs break anywhere).
  function countLines(value) {
    if (ctx.measureText(value).width <= msgWidth) return 1;
    var words = value.split(' '), lines = 1, x = 0;
    for (var i = 0; i < words.length; i++) {
      var w = wordWidth(words[i]);
      if (x > 0 && x + spaceWidth + w <= msgWidth) { x += spaceWidth + w; continue; }
      if (x > 0) lines++;
      if (w > msgWidth) { lines += Math.ceil(w / msgWidth) - 1; x = w % msgWidth; } else x = w;
    }
    return lines;
  }
  function linesOf(r) {
    var m = r[10], n = lineCache[m];
    if (n === 0) { n = countLines(S[m]); lineCache[m] = n; }
    return n;
  }
  function relayout() {
    var n = view.length, t = new Float64Array(n + 1);
    for (var k = 0; k < n; k++) t[k + 1] = t[k] + linesOf(R[view[k]]) * LINE_H + ROW_PAD;
    tops = t;
    $('sg-spacer').style.height = t[n] + 'px';
  }
  function rowAt(y) {
    var lo = 0, hi = view.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (tops[mid + 1] <= y) lo = mid + 1; else hi = mid; }
    return lo;
  }

  // ---- virtual rows ----
  var COLS = 9;
  function makeRow() {
    var row = el('div', 'sg-row sg-grid');
    row.tabIndex = 0;
    row.title = 'Show details, evidence and remediation';
    for (var c = 0; c < COLS; c++) row.appendChild(el('div'));
    row.firstChild.appendChild(el('span', 'sg-pill'));
    row.childNodes[3].className = 'sg-mono';
    row.childNodes[8].className = 'sg-wrap';
    $('sg-spacer').appendChild(row);
    return row;
  }
  function render() {
    var scroller = $('sg-scroll');
    // Rows sit below the sticky column header: positions count from the spacer's top.
    var y = scroller.scrollTop - $('sg-spacer').offsetTop;
    var first = rowAt(Math.max(0, y - OVERSCAN_PX));
    var bottom = y + scroller.clientHeight + OVERSCAN_PX;
    var last = first;
    while (last < view.length && tops[last] < bottom) last++;
    while (pool.length < last - first) pool.push(makeRow());
    var grew = false;
    for (var p = 0; p < pool.length; p++) {
      var row = pool[p], k = first + p;
      if (k >= last) { row.style.display = 'none'; continue; }
      var i = view[k], r = R[i], cells = row.childNodes;
      row.style.display = '';
      row.style.height = (tops[k + 1] - tops[k]) + 'px';
      row.style.transform = 'translateY(' + tops[k] + 'px)';
      row.setAttribute('data-i', String(i));
      var sevName = SEV[r[3]], status = STA[r[2]];
      var pill = cells[0].firstChild; pill.textContent = sevName; pill.className = 'sg-pill sev-' + sevName;
      cells[1].textContent = status; cells[1].className = 'st-' + status;
      cells[2].textContent = r[11] === 1 ? 'new' : r[11] === 2 ? 'existing' : '';
      cells[3].textContent = S[r[1]]; cells[3].title = S[r[12]];
      cells[4].textContent = S[r[4]]; cells[4].title = accountLabel(S[r[4]]);
      cells[5].textContent = cells[5].title = r[9] >= 0 ? S[r[9]] : '';
      cells[6].textContent = serviceIdx(r);
      cells[7].textContent = nameOf(r); cells[7].title = r[7];
      cells[8].textContent = S[r[10]];
      // The wrap estimate came short (font metrics, kerning): give the message the lines it took.
      if (cells[8].scrollHeight > cells[8].clientHeight + 1) {
        lineCache[r[10]] = Math.max(lineCache[r[10]] + 1, Math.ceil((cells[8].scrollHeight - ROW_PAD) / LINE_H));
        grew = true;
      }
    }
    if (grew && !render.again) { render.again = true; relayout(); render(); render.again = false; }
  }
  var ticking = false;
  $('sg-scroll').addEventListener('scroll', function () {
    if (ticking) return;
    ticking = true;
    requestAnimationFrame(function () { ticking = false; render(); });
  });
  var resizing = 0;
  window.addEventListener('resize', function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () { layout(); relayout(); render(); }, 100);
  });
  sg.rowTop = function (k) { return tops[k]; };

  // ---- detail view ----
  function addField(dl, label, value, mono) {
    if (value === undefined || value === null || value === '') return;
    dl.appendChild(el('dt', '', label));
    var dd = el('dd');
    if (typeof value === 'object' && value.nodeType) dd.appendChild(value);
    else { var node = el(mono ? 'code' : 'span', '', value); dd.appendChild(node); }
    dl.appendChild(dd);
  }
  function waiverText(w) { return w.reason + ' — owner ' + w.owner + ', expires ' + w.expires + ' (' + w.daysToExpiry + ' days), policy ' + w.policy; }
  function references(refs) {
    var box = el('div');
    var kinds = [['fsbp', 'AWS FSBP'], ['cis', 'CIS'], ['prowler', 'Prowler']];
    for (var k = 0; k < kinds.length; k++) {
      var list = refs[kinds[k][0]];
      if (list && list.length) box.appendChild(el('div', '', kinds[k][1] + ': ' + list.join(', ')));
    }
    var docs = refs.docs || [];
    for (var d = 0; d < docs.length; d++) {
      var line = el('div');
      if (/^https?:\/\/\S+$/i.test(docs[d])) {
        var a = el('a', '', docs[d]); a.href = docs[d]; a.rel = 'noopener noreferrer'; a.target = '_blank'; line.appendChild(a);
      } else line.textContent = docs[d];
      box.appendChild(line);
    }
    return box.childNodes.length ? box : undefined;
  }
  // Remediation Markdown arrives as plain data (blocks of text runs): built with textContent, http(s) links only.
  function runs(parent, list) {
    for (var i = 0; i < list.length; i++) {
      var run = list[i], node;
      if (run.k === 'code') node = el('code', '', run.t);
      else if (run.k === 'strong') node = el('strong', '', run.t);
      else if (run.k === 'em') node = el('em', '', run.t);
      else if (run.k === 'link' && /^https?:\/\/\S+$/i.test(run.h)) { node = el('a', '', run.t); node.href = run.h; node.rel = 'noopener noreferrer'; node.target = '_blank'; }
      else node = document.createTextNode(String(run.t));
      parent.appendChild(node);
    }
    return parent;
  }
  function markdown(blocks, fallback) {
    var box = el('div', 'sg-remediation');
    if (!blocks) { box.textContent = fallback; return box; }
    for (var b = 0; b < blocks.length; b++) {
      var block = blocks[b];
      if (block.pre !== undefined) box.appendChild(el('pre', '', block.pre));
      else if (block.ul) {
        var ul = el('ul');
        for (var j = 0; j < block.ul.length; j++) ul.appendChild(runs(el('li'), block.ul[j]));
        box.appendChild(ul);
      } else box.appendChild(runs(el('p'), block.p || []));
    }
    return box;
  }
  function showDetail(i) {
    var r = R[i], x = r[14] || {}, rule = data.rules[S[r[1]]] || {};
    var panel = $('sg-detail'), body = $('sg-detail-body');
    body.textContent = '';
    body.appendChild(el('h2', '', S[r[12]]));
    var dl = el('dl');
    addField(dl, 'rule', S[r[1]], true);
    addField(dl, 'severity', SEV[r[3]]);
    addField(dl, 'status', STA[r[2]]);
    addField(dl, 'baseline', r[11] === 1 ? 'new since the baseline' : r[11] === 2 ? 'existing in the baseline' : '');
    addField(dl, 'resource', r[7], true);
    addField(dl, 'name', nameOf(r));
    addField(dl, 'terraform address', x.terraformAddress, true);
    addField(dl, 'type', S[r[6]], true);
    addField(dl, 'account', accountLabel(S[r[4]]));
    addField(dl, 'region', S[r[5]]);
    addField(dl, 'squad', r[9] >= 0 ? S[r[9]] : '');
    addField(dl, 'account type', x.accountType || (ACC[S[r[4]]] || {}).accountType);
    addField(dl, 'message', S[r[10]]);
    addField(dl, 'path', x.path, true);
    if (x.waiver) addField(dl, 'waiver', waiverText(x.waiver));
    if (x.expiredWaiver) addField(dl, 'expired waiver', waiverText(x.expiredWaiver));
    addField(dl, 'fingerprint', r[0], true);
    body.appendChild(dl);
    if (x.evidence) { body.appendChild(el('h3', '', 'Evidence')); body.appendChild(el('pre', '', JSON.stringify(x.evidence, null, 2))); }
    body.appendChild(el('h3', '', 'Remediation'));
    body.appendChild(markdown(data.markdown[r[13]], S[r[13]]));
    var refs = references(x.references || rule.references || {});
    if (refs) { body.appendChild(el('h3', '', 'References')); body.appendChild(refs); }
    panel.hidden = false;
    $('sg-detail-close').focus();
  }
  $('sg-spacer').addEventListener('click', function (event) {
    var row = event.target.closest('.sg-row');
    if (row) showDetail(Number(row.getAttribute('data-i')));
  });
  $('sg-spacer').addEventListener('keydown', function (event) {
    var row = event.target.closest('.sg-row');
    if (row && event.key === 'Enter') showDetail(Number(row.getAttribute('data-i')));
  });
  $('sg-detail-close').addEventListener('click', function () { $('sg-detail').hidden = true; });
  document.addEventListener('keydown', function (event) { if (event.key === 'Escape') $('sg-detail').hidden = true; });

  // ---- controls ----
  var FILTERS = ['severity', 'status', 'account', 'squad', 'service', 'rule', 'baseline'];
  FILTERS.forEach(function (name) {
    $('f-' + name).addEventListener('change', function (event) { state[name] = event.target.value; apply(); });
  });
  var debounce = 0;
  $('f-text').addEventListener('input', function (event) {
    state.text = event.target.value;
    clearTimeout(debounce);
    debounce = setTimeout(apply, 120);
  });
  $('f-reset').addEventListener('click', function () {
    FILTERS.forEach(function (name) { state[name] = ''; $('f-' + name).value = ''; });
    state.text = ''; $('f-text').value = '';
    apply();
  });
  var heads = document.querySelectorAll('.sg-head [data-sort]');
  Array.prototype.forEach.call(heads, function (head) {
    head.addEventListener('click', function () {
      var key = head.getAttribute('data-sort');
      sort.dir = sort.key === key ? -sort.dir : 1;
      sort.key = key;
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
      head.setAttribute('aria-sort', sort.dir > 0 ? 'ascending' : 'descending');
      order = null;
      apply();
    });
  });
  // A click on a chart mark sets the filters it names and jumps to the table.
  document.addEventListener('click', function (event) {
    var mark = event.target.closest ? event.target.closest('.sg-click') : null;
    if (!mark) return;
    var any = false;
    FILTERS.forEach(function (name) {
      var value = mark.getAttribute('data-f-' + name);
      if (value === null) return;
      var select = $('f-' + name);
      if (!Array.prototype.some.call(select.options, function (o) { return o.value === value; })) return;
      state[name] = value; select.value = value; any = true;
    });
    if (!any) return;
    apply();
    $('findings').scrollIntoView();
  });

  layout();
  apply();
  sg.readyAt = performance.now();
  sg.ready = true;
  document.body.setAttribute('data-ready', 'true');
})();
`;
