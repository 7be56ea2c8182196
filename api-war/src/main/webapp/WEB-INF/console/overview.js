// The overview: rates (drawn as an SVG chart), queues and health, refreshed every few seconds while the page is seen.
'use strict';

(() => {
  const { el, status, request } = Console;
  const SVG = 'http://www.w3.org/2000/svg';
  const SERIES = ['accepted', 'stored', 'retried', 'parked'];
  const REFRESH_MS = 5000;
  const WINDOW_MS = 10 * 60 * 1000;
  const W = 640, H = 220, LEFT = 44, RIGHT = 8, TOP = 10, BOTTOM = 24;
  let timer = null;

  function svg(tag, attributes) {
    const element = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    return element;
  }

  /** A round maximum for the y axis: 1, 2 or 5 times a power of ten, at least 1. */
  function niceMax(value) {
    if (value <= 1) return 1;
    const power = 10 ** Math.floor(Math.log10(value));
    return [1, 2, 5, 10].map((m) => m * power).find((m) => m >= value);
  }

  function format(rate) {
    return rate >= 100 ? rate.toFixed(0) : rate >= 10 ? rate.toFixed(1) : rate.toFixed(2);
  }

  function drawChart(points) {
    const chart = document.getElementById('chart');
    const title = chart.querySelector('title');
    chart.replaceChildren(title);
    const end = points.length ? Date.parse(points[points.length - 1].at) : Date.now();
    const start = end - WINDOW_MS;
    const max = niceMax(Math.max(0, ...points.flatMap((p) => SERIES.map((s) => p[s]))));
    const x = (t) => LEFT + ((t - start) / WINDOW_MS) * (W - LEFT - RIGHT);
    const y = (v) => TOP + (1 - v / max) * (H - TOP - BOTTOM);
    for (const fraction of [0, 0.5, 1]) {
      const value = max * fraction;
      chart.append(svg('line', { class: 'grid', x1: LEFT, x2: W - RIGHT, y1: y(value), y2: y(value) }));
      const label = svg('text', { class: 'axis', x: LEFT - 6, y: y(value) + 4, 'text-anchor': 'end' });
      label.textContent = format(value);
      chart.append(label);
    }
    for (const [minutes, anchor] of [[10, 'start'], [5, 'middle'], [0, 'end']]) {
      const label = svg('text', { class: 'axis', x: x(end - minutes * 60000), y: H - 6, 'text-anchor': anchor });
      label.textContent = minutes === 0 ? 'now' : `−${minutes} min`;
      chart.append(label);
    }
    for (const series of SERIES) {
      const coordinates = points.filter((p) => Date.parse(p.at) >= start)
        .map((p) => `${x(Date.parse(p.at)).toFixed(1)},${y(p[series]).toFixed(1)}`);
      if (coordinates.length > 0) {
        chart.append(svg('polyline', { class: `series ${series}`, points: coordinates.join(' ') }));
        // A dot on the latest value, so that a line of a few samples (a server just started) still shows.
        const [cx, cy] = coordinates[coordinates.length - 1].split(',');
        chart.append(svg('circle', { class: `now ${series}`, cx, cy, r: 4 }));
      }
    }
    const last = points[points.length - 1];
    title.textContent = last
      ? `Events per second over the last ${Math.round((end - Date.parse(points[0].at)) / 60000) || 1} minutes; last interval: `
        + SERIES.map((s) => `${s} ${format(last[s])}`).join(', ')
      : 'Events per second: no samples yet';
  }

  function showRates(overview) {
    const last = overview.rates[overview.rates.length - 1];
    document.getElementById('sample-seconds').textContent = overview.sampled_every_seconds;
    document.getElementById('rates').replaceChildren(...SERIES.map((s) => el('tr', {},
      el('th', { scope: 'row' }, el('span', { class: `legend-dot ${s}`, text: s })),
      el('td', { class: 'num', 'data-series': s, text: last ? format(last[s]) : '—' }),
      el('td', { class: 'num', text: overview.totals[s].toLocaleString() }))));
    const missing = overview.counters.filter((c) => !overview.counters_registered.includes(c));
    document.getElementById('counters-missing').textContent = missing.length === 0 ? ''
      : `Not registered yet, shown as 0: ${missing.join(', ')}.`;
    document.getElementById('legend').replaceChildren(...SERIES.map((s) => el('li', { class: s }, el('span', { text: s }))));
    drawChart(overview.rates);
  }

  function showStreams(overview) {
    for (const cell of document.querySelectorAll('#streams td[data-stream]')) {
      cell.textContent = overview.streams[cell.dataset.stream].toLocaleString();
    }
  }

  function showQueues(overview) {
    const body = document.getElementById('queues');
    if (overview.queues_error) {
      body.replaceChildren(el('tr', {}, el('td', { colspan: 3, class: 'error', text: overview.queues_error })));
      return;
    }
    body.replaceChildren(...overview.queues.map((q) => el('tr', { 'data-queue': q.name },
      el('td', { class: 'mono', text: q.name }),
      el('td', { class: 'num', text: q.messages < 0 ? 'missing' : q.messages.toLocaleString() }),
      el('td', { class: 'num', text: q.consumers < 0 ? '—' : String(q.consumers) }))));
    const main = overview.queues.find((q) => q.role === 'main');
    document.getElementById('consumers').textContent = main && main.consumers >= 0
      ? `${main.consumers} consumer${main.consumers === 1 ? '' : 's'} on ${main.name}.` : '';
  }

  async function showHealth() {
    const response = await fetch('/health', { cache: 'no-store', headers: { Accept: 'application/json' } });
    const health = await response.json();
    const badge = document.getElementById('health-status');
    badge.textContent = health.status;
    badge.className = 'badge ' + (health.status === 'UP' ? 'up' : 'down');
    document.getElementById('health').replaceChildren(...(health.checks || []).map((check) => el('tr', { 'data-check': check.name },
      el('td', { text: check.name }),
      el('td', { class: check.status === 'UP' ? 'up' : 'down', text: check.status }),
      el('td', {}, Object.keys(check.data || {}).length === 0 ? '—'
        : el('dl', { class: 'fields' }, ...Object.entries(check.data).flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: String(v) })]))))));
  }

  async function refresh() {
    try {
      const [overview] = await Promise.all([request('GET', 'api/overview'), showHealth()]);
      showRates(overview);
      showQueues(overview);
      showStreams(overview);
      status('Updated at ' + new Date().toLocaleTimeString());
    } catch (error) {
      status('Could not update: ' + error.message, true);
    }
  }

  function schedule() {
    clearInterval(timer);
    timer = document.hidden ? null : setInterval(refresh, REFRESH_MS);
  }

  document.addEventListener('DOMContentLoaded', () => {
    refresh();
    schedule();
    // No polling while the tab is hidden; fresh figures as soon as it is seen again.
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) refresh();
      schedule();
    });
  });
})();
