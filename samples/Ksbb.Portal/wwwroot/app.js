// The public need map: plain JavaScript and <canvas>, no libraries, no network beyond this portal's own API.
(() => {
  'use strict';
  const T = {
    id: { title: 'Peta Kebutuhan Bantuan', area: 'Wilayah', allAreas: 'Seluruh Jakarta', legend: 'Rumah tangga yang masih membutuhkan',
      back: '← Kembali ke peta RW', pick: 'Ketuk sebuah RW di peta.', token: 'Token kolaborator atau petugas (masuk pengembangan)', attribution: 'Atribusi data',
      kecamatan: 'Kecamatan', kelurahan: 'Kelurahan', unit: 'Wilayah', households: 'Rumah tangga', need: 'Kebutuhan', reserved: 'Dipesan',
      delivered: 'Tersalurkan', remaining: 'Sisa', helpers: 'Yang membantu', none: 'belum ada', give: 'Beri Bantuan', rts: 'Lihat RT',
      signInFirst: 'Masukkan token kolaborator dulu.', done: 'Terima kasih! Bantuan dipesan: ', failed: 'Gagal: ', nothing: 'Tidak ada sisa kebutuhan di sini.',
      totals: 'Total', institutions: 'Lembaga (penghuni)', signedIn: 'Masuk sebagai ', badToken: 'Token tidak dikenal', quantity: 'Jumlah paket',
      mine: 'Bantuan saya', release: 'Lepaskan', deliver: 'Sudah disalurkan', status: 'Status',
      pledges: 'Janji bantuan saya', pledge: 'Dari janji', noPledge: 'tanpa janji', pledged: 'dijanjikan', drawn: 'terpakai',
      direct: 'langsung', aggregator: 'lewat agregator', officer: 'Petugas', verifier: 'verifikator', operator: 'operator',
      toVerify: 'Penyaluran untuk diverifikasi', verify: 'Verifikasi', verified: 'Terverifikasi', publishNeeds: 'Terbitkan kebutuhan (CSV)',
      publish: 'Terbitkan', published: 'Kebutuhan diterbitkan: ', updated: 'diperbarui: ', previewTitle: 'Pratinjau alokasi (tidak ada yang dipesan)',
      preview: 'Pratinjau alokasi', allocated: 'Teralokasi', supply: 'Persediaan', line: 'baris',
      inNeed: 'Rumah tangga membutuhkan', warehouse: 'Gudang (agregator)', deliveries: 'Penyaluran', evidence: 'Bukti (foto, tanda terima; hanya sidik jarinya yang dikirim)',
      shareLocation: 'Bagikan lokasi', acknowledgements: 'Tanda terima warga', deliverBy: 'Rencana salur', overdue: 'terlambat',
      runTitle: 'Alokasi terpusat (janji lewat agregator)', run: 'Jalankan dan pesan', runDone: 'Alokasi dipesan: ', refused: 'ditolak',
      'delivered-with-evidence': 'tersalurkan, dengan bukti', 'verified-with-evidence': 'terverifikasi, dengan bukti',
      'located-outside-claimed-unit': 'lokasi di luar wilayah', 'delivered': 'tersalurkan', 'verified': 'terverifikasi' },
    en: { title: 'Aid Need Map', area: 'Area', allAreas: 'All of Jakarta', legend: 'Households still in need',
      back: '← Back to the RW map', pick: 'Tap an RW on the map.', token: 'Collaborator or officer token (development sign-in)', attribution: 'Data attribution',
      kecamatan: 'Kecamatan', kelurahan: 'Kelurahan', unit: 'Unit', households: 'Households', need: 'Need', reserved: 'Reserved',
      delivered: 'Delivered', remaining: 'Remaining', helpers: 'Who helps', none: 'nobody yet', give: 'Give help', rts: 'Show RTs',
      signInFirst: 'Enter a collaborator token first.', done: 'Thank you! Reserved: ', failed: 'Failed: ', nothing: 'No need remains here.',
      totals: 'Totals', institutions: 'Institutions (residents)', signedIn: 'Signed in as ', badToken: 'Unknown token', quantity: 'Packages',
      mine: 'My help', release: 'Release', deliver: 'Mark delivered', status: 'Status',
      pledges: 'My pledges', pledge: 'From pledge', noPledge: 'no pledge', pledged: 'pledged', drawn: 'drawn',
      direct: 'direct', aggregator: 'via an aggregator', officer: 'Officer', verifier: 'verifier', operator: 'operator',
      toVerify: 'Deliveries to verify', verify: 'Verify', verified: 'Verified', publishNeeds: 'Publish needs (CSV)',
      publish: 'Publish', published: 'Needs published: ', updated: 'updated: ', previewTitle: 'Allocation preview (nothing is reserved)',
      preview: 'Preview allocation', allocated: 'Allocated', supply: 'Supply', line: 'line',
      inNeed: 'Households in need', warehouse: 'Warehouse (aggregator)', deliveries: 'Deliveries', evidence: 'Evidence (photos, receipts; only their fingerprints are sent)',
      shareLocation: 'Share location', acknowledgements: 'Recipients\' acknowledgements', deliverBy: 'Deliver by', overdue: 'overdue',
      runTitle: 'Pooled allocation (pledges via aggregators)', run: 'Run and reserve', runDone: 'Allocation reserved: ', refused: 'refused',
      'delivered-with-evidence': 'delivered, with evidence', 'verified-with-evidence': 'verified, with evidence',
      'located-outside-claimed-unit': 'located outside the unit', 'delivered': 'delivered', 'verified': 'verified' },
  };
  let lang = localStorage.getItem('ksbb.lang') || 'id';
  const t = k => T[lang][k] || k;
  const $ = id => document.getElementById(id);
  const canvas = $('map'), ctx = canvas.getContext('2d');
  const state = { round: null, rws: [], rts: null, institutions: [], aggregators: [], area: '', selected: null, drillRw: null, view: null, version: 0, me: null, deliveries: null, preview: null };

  // Every user action and refresh runs through track(): <body data-busy> counts what is in flight and
  // <body data-settled> counts the times everything came to rest, so a test (or a screen reader) waits for the exact state.
  let busy = 0, settled = 0;
  async function track(fn) {
    busy++; document.body.dataset.busy = String(busy);
    try { return await fn(); } finally {
      busy--; document.body.dataset.busy = String(busy);
      if (!busy) { settled++; document.body.dataset.settled = String(settled); }
    }
  }
  const newKey = () => crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random();
  const bearer = () => ({ 'Authorization': `Bearer ${$('token').value.trim()}` });

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
    // Aggregators (warehouses pooling pledges) as green squares at their depots.
    for (const a of state.aggregators) {
      const [px, py] = state.view.toPx(...a.geometry.coordinates);
      ctx.fillStyle = '#0b5d3b'; ctx.fillRect(px - 5, py - 5, 10, 10);
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
    const helpers = p.helpers.length ? p.helpers.map(h => `${esc(h.name)} (${h.reserved ?? '–'}/${h.delivered ?? '–'})`).join(', ') : t('none');
    // Deliveries by standing (counts only: no evidence, point or person is public).
    const standings = Object.entries(p.deliveries || {}).map(([k, n]) => `${esc(t(k))}: ${n}`).join(', ') || t('none');
    $('details').innerHTML = `<h2>${esc(p.name)}</h2><dl>
      <dt>${t('kecamatan')}</dt><dd>${esc(p.kecamatan)}</dd><dt>${t('kelurahan')}</dt><dd>${esc(p.kelurahan)}</dd>
      <dt>${t('unit')}</dt><dd>${esc(p.code)}</dd><dt>${t('households')}</dt><dd id="d-households">${p.households ?? '–'}</dd>
      ${p.householdsInNeed != null ? `<dt>${t('inNeed')}</dt><dd id="d-in-need">${p.householdsInNeed}</dd>` : ''}
      <dt>${t('need')}</dt><dd>${p.need}</dd><dt>${t('reserved')}</dt><dd id="d-reserved">${p.reserved}</dd>
      <dt>${t('delivered')}</dt><dd id="d-delivered">${p.delivered}</dd><dt>${t('remaining')}</dt><dd id="d-remaining">${p.remaining}</dd>
      <dt>${t('helpers')}</dt><dd id="d-helpers">${helpers}</dd><dt>${t('deliveries')}</dt><dd id="d-deliveries">${standings}</dd></dl>
      <label>${t('quantity')} <input id="quantity" type="number" min="1" value="1" style="width:5em"></label>
      ${pledgeChoice()}
      <button id="give-help" class="primary" type="button" ${p.remaining ? '' : 'disabled'}>${t('give')}</button>
      ${p.level === 'rw' ? `<button id="drill" type="button">${t('rts')}</button>` : ''}`;
    $('give-help').onclick = () => track(giveHelp);
    if ($('drill')) $('drill').onclick = () => track(() => drill(p.code));
  }
  // Reserving may draw on one of the donor's own pledges: the first with something left is chosen by default.
  function pledgeChoice() {
    const open = (state.me?.pledges || []).filter(p => p.remaining > 0);
    if (!open.length) return '';
    return `<label>${t('pledge')} <select id="pledge"><option value="">${t('noPledge')}</option>` +
      open.map((p, i) => `<option value="${esc(p.id)}" ${i === 0 ? 'selected' : ''}>${esc(p.id)} (${t('remaining')} ${p.remaining})</option>`).join('') + '</select></label>';
  }
  function showTotals() {
    const r = state.round, all = state.rws.filter(f => !state.area || f.properties.code.startsWith(state.area));
    const sum = k => all.reduce((s, f) => s + (f.properties[k] || 0), 0);
    $('totals').innerHTML = `<b>${t('totals')}</b>: ${t('households')} ${sum('households')} · ${t('reserved')} ${sum('reserved')} · ${t('delivered')} ${sum('delivered')} · ${t('remaining')} ${sum('remaining')}<br>${t('institutions')}: ${r.totals.institutions} (${r.totals.institutionResidents})` +
      state.aggregators.map(a => `<br>${t('warehouse')}: ${esc(a.properties.name)} · ${t('remaining')} ${a.properties.remaining}/${a.properties.pledged}`).join('');
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
    const pledge = $('pledge')?.value || undefined;
    const r = await getJson('/api/reservations', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Authorization': `Bearer ${token}`, 'Idempotency-Key': newKey() },
      body: JSON.stringify({ unit, item: state.round.item, period: state.round.period, quantity, pledge }),
    });
    $('message').textContent = r.ok ? t('done') + `${r.body.quantity} × ${unit}` : t('failed') + (r.body?.detail || r.status);
    await refresh();
  }

  async function checkToken() {
    const token = $('token').value.trim();
    localStorage.setItem('ksbb.token', token);
    state.me = null; state.deliveries = null;
    if (token) {
      const r = await getJson('/api/me', { headers: bearer() });
      state.me = r.ok ? r.body : null;
      $('who').textContent = r.ok ? t('signedIn') + r.body.name + (r.body.roles.length ? ` (${r.body.roles.map(x => t(x.role) + ' ' + x.scope).join(', ')})` : '') : t('badToken');
      if (r.ok && r.body.roles.length) {
        const d = await getJson('/api/deliveries?status=delivered', { headers: bearer() });
        state.deliveries = d.ok ? d.body : [];
      }
    } else {
      $('who').textContent = '';
    }
    showMine(); showOfficer(); if (state.selected) showDetails();
  }

  // The donor's own pledges (pledged, drawn, remaining, channel) and reservations, newest first, with release and
  // delivery for those still reserved.
  function showMine() {
    const me = state.me;
    if (!me || me.roles.length) { $('mine').hidden = true; $('mine').innerHTML = ''; return; }
    $('mine').hidden = false;
    const pledges = me.pledges.map(p => `<li data-pledge="${esc(p.id)}" data-remaining="${p.remaining}">${esc(p.id)}: ${t('pledged')} ${p.quantity} · ${t('drawn')} ${p.drawn} · ${t('remaining')} <b>${p.remaining}</b> · ${t(p.channel)}${p.aggregator ? ' ' + esc(p.aggregator) : ''}</li>`);
    const rows = me.reservations.slice().reverse().map(r => `<li data-reservation="${esc(r.id)}">${esc(r.unit)}: ${r.quantity} · ${t('status')} <b>${esc(r.status)}</b>` +
      (r.deliverBy ? ` · ${t('deliverBy')} ${esc(r.deliverBy)}${r.overdue ? ` <b class="overdue">${t('overdue')}</b>` : ''}` : '') +
      (r.standing ? ` · <span class="standing">${esc(t(r.standing))}</span>` : '') +
      (r.status === 'reserved' ? ` <button type="button" data-act="release" data-id="${esc(r.id)}">${t('release')}</button> <button type="button" data-act="deliver" data-id="${esc(r.id)}">${t('deliver')}</button>` : '') + '</li>');
    // Proof for the next delivery: files are sent as multipart and hashed by the portal as they stream in, never stored.
    const proof = me.reservations.some(r => r.status === 'reserved') ? `<fieldset id="proof"><label>${t('evidence')} <input id="evidence" type="file" multiple accept="image/*,application/pdf"></label>
      <label><input id="share-location" type="checkbox"> ${t('shareLocation')}</label>
      <label>${t('acknowledgements')} <input id="acknowledgements" type="number" min="0" value="" style="width:4em"></label></fieldset>` : '';
    $('mine').innerHTML = (pledges.length ? `<h3>${t('pledges')}</h3><ul id="pledges">${pledges.join('')}</ul>` : '') +
      `<h3>${t('mine')}</h3><ul>${rows.join('') || `<li>${t('none')}</li>`}</ul>` + proof;
    $('mine').querySelectorAll('button[data-act]').forEach(b => { b.onclick = () => track(() => transition(b.dataset.act, b.dataset.id)); });
  }
  function position() {
    return new Promise(resolve => {
      if (!navigator.geolocation) { resolve(null); return; }
      navigator.geolocation.getCurrentPosition(p => resolve(p.coords), () => resolve(null), { timeout: 10000 });
    });
  }
  // A delivery with proof goes as multipart/form-data: 'evidence' files, 'at' (LON,LAT), 'acknowledgements'.
  async function proofBody() {
    const files = $('evidence')?.files || [], share = $('share-location')?.checked, ack = $('acknowledgements')?.value;
    if (!files.length && !share && !ack) return null;
    const form = new FormData();
    for (const f of files) form.append('evidence', f, f.name);
    if (share) { const c = await position(); if (c) form.append('at', `${c.longitude},${c.latitude}`); }
    if (ack) form.append('acknowledgements', ack);
    return form;
  }
  async function transition(action, id) {
    const body = action === 'deliver' ? await proofBody() : null;
    const r = await getJson(`/api/reservations/${encodeURIComponent(id)}/${action}`, {
      method: 'POST',
      headers: { ...bearer(), 'Idempotency-Key': `${action}-${id}` },
      ...(body ? { body } : {}),
    });
    $('message').textContent = r.ok ? `${t(action)}: ${id}` : t('failed') + (r.body?.detail || r.status);
    await refresh();
  }

  // Officers: a verifier verifies the deliveries in its region; an operator publishes needs from CSV and previews an allocation.
  function showOfficer() {
    const me = state.me;
    if (!me || !me.roles.length) { $('officer').hidden = true; $('officer').innerHTML = ''; return; }
    $('officer').hidden = false;
    const verifier = me.roles.some(x => x.role === 'verifier'), operator = me.roles.some(x => x.role === 'operator');
    const rows = (state.deliveries || []).map(r => `<li>${esc(r.unit)}: ${r.delivered} · ${esc(r.collaborator)}` +
      (verifier ? ` <button type="button" data-act="verify" data-id="${esc(r.id)}">${t('verify')}</button>` : '') + '</li>');
    let html = `<h3>${t('toVerify')}</h3><ul id="deliveries">${rows.join('') || `<li>${t('none')}</li>`}</ul>`;
    if (operator) {
      const p = state.preview;
      html += `<h3>${t('publishNeeds')}</h3><textarea id="needs-csv" rows="4" style="width:100%">unit,item,period,need
</textarea>
        <button id="publish-needs" type="button">${t('publish')}</button>
        <h3>${t('runTitle')}</h3><button id="preview-allocation" type="button">${t('preview')}</button> <button id="run-allocation" type="button">${t('run')}</button>` +
        (p ? `<p id="preview-summary">${p.committed ? t('runDone') + p.reservedQuantity + ' · ' + t('refused') + ' ' + p.refused + ' · ' : ''}${t('allocated')} ${p.allocated} · ${t('need')} ${p.need} · ${t('supply')} ${p.supply}</p><ul>` +
          p.lines.slice(0, 20).map(l => `<li>${esc(l.name)} (${esc(l.aggregator)}) → ${esc(l.unit)}: ${l.quantity}</li>`).join('') + '</ul>' : '');
    }
    $('officer').innerHTML = html;
    $('officer').querySelectorAll('button[data-act=verify]').forEach(b => { b.onclick = () => track(() => verify(b.dataset.id)); });
    if (operator) {
      $('publish-needs').onclick = () => track(publishNeeds);
      $('preview-allocation').onclick = () => track(previewAllocation);
      $('run-allocation').onclick = () => track(runAllocation);
    }
  }
  async function verify(id) {
    const r = await getJson(`/api/reservations/${encodeURIComponent(id)}/verify`, { method: 'POST', headers: { ...bearer(), 'Idempotency-Key': `verify-${id}` } });
    $('message').textContent = r.ok ? `${t('verified')}: ${id}` : t('failed') + (r.body?.detail || r.status);
    await refresh();
  }
  async function publishNeeds() {
    const r = await getJson('/api/needs', { method: 'PUT', headers: { ...bearer(), 'Content-Type': 'text/csv', 'Idempotency-Key': newKey() }, body: $('needs-csv').value });
    $('message').textContent = r.ok ? `${t('published')}${r.body.published}, ${t('updated')}${r.body.updated}`
      : t('failed') + (r.body?.line ? `${t('line')} ${r.body.line} (${r.body.field}): ` : '') + (r.body?.detail || r.status);
    await refresh();
  }
  async function previewAllocation() {
    const r = await getJson('/api/allocation/preview', { headers: bearer() });
    if (r.ok) state.preview = r.body; else $('message').textContent = t('failed') + (r.body?.detail || r.status);
    showOfficer();
  }
  // Runs the pooled round and reserves its plan; the map then shows the reservations.
  async function runAllocation() {
    const r = await getJson('/api/allocation/run?commit=true', { method: 'POST', headers: { ...bearer(), 'Idempotency-Key': newKey() } });
    if (r.ok) state.preview = r.body; else $('message').textContent = t('failed') + (r.body?.detail || r.status);
    await refresh();
  }
  async function refresh() {
    await loadRws();
    state.aggregators = (await getJson('/api/aggregators')).body.features;
    if (state.drillRw) await loadRts(state.drillRw);
    draw(false); showDetails(); showTotals(); await checkToken();
  }

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-i18n]').forEach(e => { e.textContent = t(e.dataset.i18n); });
    $('lang').textContent = lang === 'id' ? 'English' : 'Bahasa Indonesia';
    if (state.round) { showDetails(); showTotals(); showMine(); showOfficer(); }
  }

  canvas.addEventListener('click', e => {
    const rect = canvas.getBoundingClientRect();
    state.selected = featureAt(e.clientX - rect.left, e.clientY - rect.top);
    draw(false); showDetails();
  });
  $('back').onclick = () => { state.drillRw = null; state.rts = null; state.selected = null; $('back').hidden = true; draw(true); showDetails(); };
  $('area-filter').onchange = e => { state.area = e.target.value; state.selected = null; state.drillRw = null; $('back').hidden = true; draw(true); showDetails(); showTotals(); };
  $('lang').onclick = () => { lang = lang === 'id' ? 'en' : 'id'; localStorage.setItem('ksbb.lang', lang); applyLanguage(); };
  $('token').addEventListener('change', () => track(checkToken));
  window.addEventListener('resize', () => draw(true));

  // For automation and accessibility tools: select a unit by code, find its on-screen point.
  window.ksbbMap = { centreOf, state: () => state, select: code => { state.selected = visible().find(f => f.properties.code === code) || null; draw(false); showDetails(); } };

  track(async () => {
    state.round = (await getJson('/api/round')).body;
    $('note').textContent = state.round.note;
    $('attribution').textContent = state.round.attribution;
    $('token').value = location.hash.startsWith('#token=') ? location.hash.slice(7) : (localStorage.getItem('ksbb.token') || '');
    const [inst, agg] = await Promise.all([getJson('/api/institutions'), getJson('/api/aggregators'), loadRws()]);
    state.institutions = inst.body.features;
    state.aggregators = agg.body.features;
    const kecamatan = new Map();
    for (const f of state.rws) kecamatan.set(f.properties.code.split('.').slice(0, 3).join('.'), f.properties.kecamatan);
    for (const [code, name] of [...kecamatan].sort((a, b) => a[1].localeCompare(b[1]))) {
      const o = document.createElement('option'); o.value = code + '.'; o.textContent = `${name} (${code})`; $('area-filter').append(o);
    }
    applyLanguage();
    draw(true); showTotals(); if ($('token').value) await checkToken();
    canvas.dataset.ready = 'true';
  });
})();
