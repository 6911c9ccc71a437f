// The public need map: plain JavaScript and <canvas>, no libraries, no network beyond this portal's own API.
(() => {
  'use strict';
  const T = {
    id: { title: 'Peta Kebutuhan Bantuan', area: 'Wilayah', allAreas: 'Seluruh Jakarta', legend: 'Rumah tangga yang masih membutuhkan',
      back: '← Kembali ke peta RW', pick: 'Ketuk sebuah RW di peta.', token: 'Token kolaborator (masuk pengembangan)', attribution: 'Atribusi data',
      kecamatan: 'Kecamatan', kelurahan: 'Kelurahan', unit: 'Wilayah', households: 'Rumah tangga', need: 'Kebutuhan', reserved: 'Dipesan',
      delivered: 'Tersalurkan', remaining: 'Sisa', helpers: 'Yang membantu', none: 'belum ada', give: 'Beri Bantuan', rts: 'Lihat RT',
      signInFirst: 'Masukkan token kolaborator dulu.', done: 'Terima kasih! Bantuan dipesan: ', failed: 'Gagal: ', nothing: 'Tidak ada sisa kebutuhan di sini.',
      totals: 'Total', institutions: 'Lembaga (penghuni)', signedIn: 'Masuk sebagai ', badToken: 'Token tidak dikenal', quantity: 'Jumlah paket',
      mine: 'Bantuan saya', release: 'Lepaskan', deliver: 'Sudah disalurkan', status: 'Status' },
    en: { title: 'Aid Need Map', area: 'Area', allAreas: 'All of Jakarta', legend: 'Households still in need',
      back: '← Back to the RW map', pick: 'Tap an RW on the map.', token: 'Collaborator token (development sign-in)', attribution: 'Data attribution',
      kecamatan: 'Kecamatan', kelurahan: 'Kelurahan', unit: 'Unit', households: 'Households', need: 'Need', reserved: 'Reserved',
      delivered: 'Delivered', remaining: 'Remaining', helpers: 'Who helps', none: 'nobody yet', give: 'Give help', rts: 'Show RTs',
      signInFirst: 'Enter a collaborator token first.', done: 'Thank you! Reserved: ', failed: 'Failed: ', nothing: 'No need remains here.',
      totals: 'Totals', institutions: 'Institutions (residents)', signedIn: 'Signed in as ', badToken: 'Unknown token', quantity: 'Packages',
      mine: 'My help', release: 'Release', deliver: 'Mark delivered', status: 'Status' },
  };
  let lang = localStorage.getItem('ksbb.lang') || 'id';
  const t = k => T[lang][k] || k;
  const $ = id => document.getElementById(id);
  const canvas = $('map'), ctx = canvas.getContext('2d');
  const state = { round: null, rws: [], rts: null, institutions: [], area: '', selected: null, drillRw: null, view: null, version: 0 };

  async function getJson(url, options) {
    const r = await fetch(url, options);
    const body = r.headers.get('content-type')?.includes('json') ? await r.json() : null;
    return { ok: r.ok, status: r.status, body };
  }
  const query = () => `item=${encodeURIComponent(state.round.item)}&period=${encodeURIComponent(state.round.period)}`;

  function rings(geometry) { return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates; }
  function bbox(features) {
    let b = [Infinity, Infinity, -Infinity, -Infinity];
    for (const f of features) for (const poly of rings(f.geometry)) for (const [x, y] of poly[0]) {
      b = [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)];
    }
    return b;
  }
  function fit(features) {
    const w = canvas.clientWidth, h = canvas.clientHeight, dpr = window.devicePixelRatio || 1;
    canvas.width = w * dpr; canvas.height = h * dpr; ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const [x0, y0, x1, y1] = bbox(features);
    const k = Math.cos((y0 + y1) / 2 * Math.PI / 180);
    const s = Math.min(w / ((x1 - x0) * k || 1), h / ((y1 - y0) || 1)) * 0.95;
    const ox = (w - (x1 - x0) * k * s) / 2, oy = (h - (y1 - y0) * s) / 2;
    state.view = { toPx: (x, y) => [ox + (x - x0) * k * s, oy + (y1 - y) * s] };
  }
  function visible() {
    if (state.drillRw) return state.rts || [];
    return state.rws.filter(f => !state.area || f.properties.code.startsWith(state.area));
  }
  function colour(remaining, max) {
    if (!remaining) return '#e8ecef';
    const r = remaining / (max || 1);
    return r < 0.25 ? '#fde0c5' : r < 0.5 ? '#f9a66c' : r < 0.75 ? '#e8590c' : '#9c2a00';
  }
  function path(f) {
    ctx.beginPath();
    for (const poly of rings(f.geometry)) for (const ring of poly) ring.forEach(([x, y], i) => {
      const [px, py] = state.view.toPx(x, y); i ? ctx.lineTo(px, py) : ctx.moveTo(px, py);
    });
  }
  function draw(refit) {
    const features = visible();
    if (!features.length) return;
    if (refit || !state.view) fit(features);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const max = Math.max(1, ...features.map(f => f.properties.remaining));
    $('legend-max').textContent = ' ' + max;
    for (const f of features) {
      path(f); ctx.fillStyle = colour(f.properties.remaining, max); ctx.fill('evenodd');
      ctx.strokeStyle = f === state.selected ? '#0b5d3b' : '#ffffff'; ctx.lineWidth = f === state.selected ? 3 : 0.5; ctx.stroke();
    }
    if (!state.drillRw) for (const i of state.institutions) {
      if (state.area && !i.properties.rw.startsWith(state.area)) continue;
      const [px, py] = state.view.toPx(...i.geometry.coordinates);
      ctx.beginPath(); ctx.arc(px, py, 4, 0, 2 * Math.PI); ctx.fillStyle = '#1f4fb4'; ctx.fill();
    }
    state.version++;
    canvas.dataset.version = String(state.version);
    canvas.dataset.reserved = String(features.reduce((s, f) => s + f.properties.reserved, 0));
  }
  function featureAt(px, py) {
    const features = visible();
    for (let n = features.length - 1; n >= 0; n--) { path(features[n]); if (ctx.isPointInPath(px * (window.devicePixelRatio || 1), py * (window.devicePixelRatio || 1), 'evenodd')) return features[n]; }
    return null;
  }
  function centreOf(code) {
    const f = visible().find(x => x.properties.code === code);
    if (!f) return null;
    const [x0, y0, x1, y1] = bbox([f]);
    // Scan a small grid inside the bounding box for a pixel that hits this feature.
    for (let a = 1; a < 8; a++) for (let b = 1; b < 8; b++) {
      const [px, py] = state.view.toPx(x0 + (x1 - x0) * a / 8, y0 + (y1 - y0) * b / 8);
      if (featureAt(px, py) === f) return { x: px, y: py };
    }
    return null;
  }

  function esc(s) { return String(s ?? '').replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`); }
  function showDetails() {
    const f = state.selected;
    if (!f) { $('details').innerHTML = `<p>${t('pick')}</p>`; return; }
    const p = f.properties;
    const helpers = p.helpers.length ? p.helpers.map(h => `${esc(h.name)} (${h.reserved}/${h.delivered})`).join(', ') : t('none');
    $('details').innerHTML = `<h2>${esc(p.name)}</h2><dl>
      <dt>${t('kecamatan')}</dt><dd>${esc(p.kecamatan)}</dd><dt>${t('kelurahan')}</dt><dd>${esc(p.kelurahan)}</dd>
      <dt>${t('unit')}</dt><dd>${esc(p.code)}</dd><dt>${t('households')}</dt><dd id="d-households">${p.households ?? '–'}</dd>
      <dt>${t('need')}</dt><dd>${p.need}</dd><dt>${t('reserved')}</dt><dd id="d-reserved">${p.reserved}</dd>
      <dt>${t('delivered')}</dt><dd id="d-delivered">${p.delivered}</dd><dt>${t('remaining')}</dt><dd id="d-remaining">${p.remaining}</dd>
      <dt>${t('helpers')}</dt><dd id="d-helpers">${helpers}</dd></dl>
      <label>${t('quantity')} <input id="quantity" type="number" min="1" value="1" style="width:5em"></label>
      <button id="give-help" class="primary" type="button" ${p.remaining ? '' : 'disabled'}>${t('give')}</button>
      ${p.level === 'rw' ? `<button id="drill" type="button">${t('rts')}</button>` : ''}`;
    $('give-help').onclick = giveHelp;
    if ($('drill')) $('drill').onclick = () => drill(p.code);
  }
  function showTotals() {
    const r = state.round, all = state.rws.filter(f => !state.area || f.properties.code.startsWith(state.area));
    const sum = k => all.reduce((s, f) => s + (f.properties[k] || 0), 0);
    $('totals').innerHTML = `<b>${t('totals')}</b>: ${t('households')} ${sum('households')} · ${t('reserved')} ${sum('reserved')} · ${t('delivered')} ${sum('delivered')} · ${t('remaining')} ${sum('remaining')}<br>${t('institutions')}: ${r.totals.institutions} (${r.totals.institutionResidents})`;
  }

  async function loadRws() {
    const r = await getJson(`/api/summary/rw?${query()}`);
    state.rws = r.body.features;
    if (state.selected?.properties.level === 'rw') state.selected = state.rws.find(f => f.properties.code === state.selected.properties.code) || null;
  }
  async function loadRts(rw) {
    const r = await getJson(`/api/needs?${query()}&area=${encodeURIComponent(rw)}`);
    state.rts = r.body.features;
    if (state.selected?.properties.level === 'rt') state.selected = state.rts.find(f => f.properties.code === state.selected.properties.code) || null;
  }
  async function drill(rw) {
    state.drillRw = rw; await loadRts(rw); state.selected = null; $('back').hidden = false; draw(true); showDetails();
  }

  async function giveHelp() {
    const token = $('token').value.trim();
    if (!token) { $('message').textContent = t('signInFirst'); return; }
    const p = state.selected.properties;
    let unit = p.code;
    if (p.level === 'rw') {
      // From the RW map, help the RT of this RW with the most households still in need.
      const rts = (await getJson(`/api/needs?${query()}&area=${encodeURIComponent(p.code)}`)).body.features.filter(f => f.properties.remaining > 0);
      if (!rts.length) { $('message').textContent = t('nothing'); return; }
      unit = rts.sort((a, b) => b.properties.remaining - a.properties.remaining)[0].properties.code;
    }
    const quantity = Math.max(1, parseInt($('quantity').value, 10) || 1);
    const r = await getJson('/api/reservations', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Authorization': `Bearer ${token}`, 'Idempotency-Key': crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random() },
      body: JSON.stringify({ unit, item: state.round.item, period: state.round.period, quantity }),
    });
    $('message').textContent = r.ok ? t('done') + `${r.body.quantity} × ${unit}` : t('failed') + (r.body?.detail || r.status);
    await refresh();
  }

  async function checkToken() {
    const token = $('token').value.trim();
    localStorage.setItem('ksbb.token', token);
    if (!token) { $('who').textContent = ''; $('mine').hidden = true; return; }
    const r = await getJson('/api/me', { headers: { 'Authorization': `Bearer ${token}` } });
    $('who').textContent = r.ok ? t('signedIn') + r.body.name : t('badToken');
    showMine(r.ok ? r.body.reservations : null);
  }

  // The donor's own reservations, newest first, with release and delivery for those still reserved.
  function showMine(reservations) {
    if (!reservations) { $('mine').hidden = true; return; }
    $('mine').hidden = false;
    const rows = reservations.slice().reverse().map(r => `<li>${esc(r.unit)}: ${r.quantity} · ${t('status')} <b>${esc(r.status)}</b>` +
      (r.status === 'reserved' ? ` <button type="button" data-act="release" data-id="${esc(r.id)}">${t('release')}</button> <button type="button" data-act="deliver" data-id="${esc(r.id)}">${t('deliver')}</button>` : '') + '</li>');
    $('mine').innerHTML = `<h3>${t('mine')}</h3><ul>${rows.join('') || `<li>${t('none')}</li>`}</ul>`;
    $('mine').querySelectorAll('button[data-act]').forEach(b => { b.onclick = () => transition(b.dataset.act, b.dataset.id); });
  }
  async function transition(action, id) {
    const r = await getJson(`/api/reservations/${encodeURIComponent(id)}/${action}`, {
      method: 'POST',
      headers: { 'Authorization': `Bearer ${$('token').value.trim()}`, 'Idempotency-Key': `${action}-${id}` },
    });
    $('message').textContent = r.ok ? `${t(action)}: ${id}` : t('failed') + (r.body?.detail || r.status);
    await refresh();
  }
  async function refresh() {
    await loadRws();
    if (state.drillRw) await loadRts(state.drillRw);
    draw(false); showDetails(); showTotals(); await checkToken();
  }

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-i18n]').forEach(e => { e.textContent = t(e.dataset.i18n); });
    $('lang').textContent = lang === 'id' ? 'English' : 'Bahasa Indonesia';
    if (state.round) { showDetails(); showTotals(); }
  }

  canvas.addEventListener('click', e => {
    const rect = canvas.getBoundingClientRect();
    state.selected = featureAt(e.clientX - rect.left, e.clientY - rect.top);
    draw(false); showDetails();
  });
  $('back').onclick = () => { state.drillRw = null; state.rts = null; state.selected = null; $('back').hidden = true; draw(true); showDetails(); };
  $('area-filter').onchange = e => { state.area = e.target.value; state.selected = null; state.drillRw = null; $('back').hidden = true; draw(true); showDetails(); showTotals(); };
  $('lang').onclick = () => { lang = lang === 'id' ? 'en' : 'id'; localStorage.setItem('ksbb.lang', lang); applyLanguage(); };
  $('token').addEventListener('change', checkToken);
  window.addEventListener('resize', () => draw(true));

  // For automation and accessibility tools: select a unit by code, find its on-screen point.
  window.ksbbMap = { centreOf, state: () => state, select: code => { state.selected = visible().find(f => f.properties.code === code) || null; draw(false); showDetails(); } };

  (async () => {
    state.round = (await getJson('/api/round')).body;
    $('note').textContent = state.round.note;
    $('attribution').textContent = state.round.attribution;
    $('token').value = location.hash.startsWith('#token=') ? location.hash.slice(7) : (localStorage.getItem('ksbb.token') || '');
    const [inst] = await Promise.all([getJson('/api/institutions'), loadRws()]);
    state.institutions = inst.body.features;
    const kecamatan = new Map();
    for (const f of state.rws) kecamatan.set(f.properties.code.split('.').slice(0, 3).join('.'), f.properties.kecamatan);
    for (const [code, name] of [...kecamatan].sort((a, b) => a[1].localeCompare(b[1]))) {
      const o = document.createElement('option'); o.value = code + '.'; o.textContent = `${name} (${code})`; $('area-filter').append(o);
    }
    applyLanguage();
    draw(true); showTotals(); if ($('token').value) checkToken();
    canvas.dataset.ready = 'true';
  })();
})();
