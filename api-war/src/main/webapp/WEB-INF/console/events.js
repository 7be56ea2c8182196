// Events: a user's timeline with the read API's filters, a page at a time, and one event with its payload and read state.
'use strict';

(() => {
  const { el, status, request, time, describe } = Console;
  let query = null;
  let next = null;

  function instant(input) {
    // datetime-local holds the reader's local time; the server takes an instant with an offset.
    return input.value ? new Date(input.value).toISOString() : null;
  }

  function row(event) {
    return el('tr', { 'data-event-id': event.event_id },
      el('td', { 'data-label': 'Accepted at' }, time(event.created_at)),
      el('td', { 'data-label': 'Type', text: event.event_type }),
      el('td', { 'data-label': 'Message', text: event.message }),
      el('td', { 'data-label': 'Event' }, el('button', {
        type: 'button', class: 'secondary open-event', 'aria-label': `Open event ${event.event_id}`,
        onclick: () => open(event.event_id), text: 'Open',
      }), ' ', el('span', { class: 'mono hint', text: event.event_id.slice(0, 8) + '…' })));
  }

  async function load(append) {
    const parameters = new URLSearchParams(query);
    if (append && next) parameters.set('before', next);
    parameters.set('limit', '50');
    status('Searching…');
    try {
      const page = await request('GET', 'api/events?' + parameters);
      const body = document.getElementById('events');
      const rows = page.events.map(row);
      if (append) body.append(...rows); else body.replaceChildren(...rows);
      if (!append && rows.length === 0) {
        body.append(el('tr', {}, el('td', { colspan: 4, class: 'empty', text: 'No stored events match.' })));
      }
      next = page.next;
      document.getElementById('more').hidden = !next;
      document.getElementById('results').hidden = false;
      status(`${body.querySelectorAll('tr[data-event-id]').length} event(s) shown${next ? '; older ones follow' : ''}.`);
    } catch (error) {
      status(describe(error), true);
    }
  }

  async function open(eventId) {
    status('Opening event ' + eventId + '…');
    try {
      const event = await request('GET', 'api/events/' + encodeURIComponent(eventId));
      const fields = [
        ['Event id', event.event_id], ['User id', event.user_id], ['Type', event.event_type],
        ['Message', event.message], ['Status', event.status],
      ];
      document.getElementById('detail-heading').textContent = 'Event ' + event.event_id;
      document.getElementById('detail-fields').replaceChildren(
        ...fields.flatMap(([name, value]) => [el('dt', { text: name }), el('dd', { text: value })]),
        el('dt', { text: 'Accepted at' }), el('dd', {}, time(event.created_at), ' ', el('span', { class: 'mono hint', text: event.created_at })),
        el('dt', { text: 'Stored at' }), el('dd', {}, time(event.processed_at), ' ', el('span', { class: 'mono hint', text: event.processed_at || '' })),
        el('dt', { text: 'Read at' }), el('dd', {}, time(event.read_at), ' ', el('span', { class: 'mono hint', text: event.read_at || 'unread' })));
      document.getElementById('detail-payload').textContent =
        event.payload === null || event.payload === undefined ? '(no payload)' : JSON.stringify(event.payload, null, 2);
      const detail = document.getElementById('detail');
      detail.hidden = false;
      detail.focus();
      status('Event ' + event.event_id + ' opened.');
    } catch (error) {
      status(describe(error), true);
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    const form = document.getElementById('search');
    const user = document.getElementById('user_id');
    form.addEventListener('submit', (submitted) => {
      submitted.preventDefault();
      if (!user.value.trim()) {
        user.setAttribute('aria-invalid', 'true');
        user.focus();
        status('A user id is required: events are found through their user.', true);
        return;
      }
      user.removeAttribute('aria-invalid');
      query = { user_id: user.value.trim() };
      const type = document.getElementById('event_type').value.trim();
      if (type) query.event_type = type;
      const since = instant(document.getElementById('since'));
      const until = instant(document.getElementById('until'));
      if (since) query.since = since;
      if (until) query.until = until;
      next = null;
      load(false);
    });
    document.getElementById('more').addEventListener('click', () => load(true));
    document.getElementById('open').addEventListener('submit', (submitted) => {
      submitted.preventDefault();
      const id = document.getElementById('event_id').value.trim();
      if (id) open(id);
    });
  });
})();
