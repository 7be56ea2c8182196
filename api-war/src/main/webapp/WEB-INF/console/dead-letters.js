// Dead letters: the parked messages with why and when they failed; replay some or all, discard after a confirmation.
'use strict';

(() => {
  const { el, status, request, time, describe } = Console;
  const LISTED = 200;
  const MAX_PER_CALL = 500; // the dead-letters API's largest limit

  function selected() {
    return [...document.querySelectorAll('#letters input[type="checkbox"]:checked')].map((box) => box.value);
  }

  function updateButtons() {
    const count = selected().length;
    document.getElementById('replay-selected').disabled = count === 0;
    document.getElementById('discard-selected').disabled = count === 0;
    document.getElementById('replay-selected').textContent = count ? `Replay selected (${count})` : 'Replay selected';
    document.getElementById('discard-selected').textContent = count ? `Discard selected (${count})…` : 'Discard selected…';
  }

  function firstFailure(letter) {
    if (letter.first_failed_at) return time(letter.first_failed_at);
    // Parked at its first failure (an invalid message): the first failure is the last one.
    if (letter.attempts <= 1) return time(letter.parked_at);
    return el('span', { class: 'hint', text: 'not recorded' });
  }

  function row(letter) {
    const id = letter.message_id;
    const body = letter.body === null
      ? el('p', { class: 'hint', text: `${letter.body_bytes} bytes, not UTF-8 text` })
      : el('details', {}, el('summary', { text: `Body (${letter.body_bytes} bytes${letter.body_truncated ? ', first 4 KiB shown' : ''})` }),
        el('pre', { text: letter.body }));
    return el('tr', { 'data-message-id': id || '' },
      el('td', { 'data-label': 'Select' }, el('input', {
        type: 'checkbox', value: id || '', disabled: !id, onchange: updateButtons,
        'aria-label': id ? `Select message ${id}` : 'This message has no message id: use Replay all',
      })),
      el('td', { 'data-label': 'Message' },
        el('div', { class: 'mono', text: id || '(no message id)' }),
        letter.event_id ? el('div', { class: 'hint' }, 'event ', el('span', { class: 'mono', text: letter.event_id })) : null,
        el('div', { class: 'hint' }, 'accepted ', time(letter.timestamp)),
        letter.replayed_at ? el('div', { class: 'hint' }, 'replayed before ', time(letter.replayed_at)) : null,
        body),
      el('td', { 'data-label': 'Reason', class: 'reason', text: letter.reason || '(none given)' }),
      el('td', { 'data-label': 'Attempts', class: 'num attempts', text: String(letter.attempts) }),
      el('td', { 'data-label': 'First failure' }, firstFailure(letter)),
      el('td', { 'data-label': 'Last failure' }, time(letter.parked_at)));
  }

  async function load(message) {
    try {
      const listing = await request('GET', 'api/dead-letters?limit=' + LISTED);
      const rows = listing.dead_letters.map(row);
      document.getElementById('letters').replaceChildren(...(rows.length ? rows
        : [el('tr', {}, el('td', { colspan: 6, class: 'empty', text: 'Nothing is parked.' }))]));
      document.getElementById('select-all').checked = false;
      document.getElementById('parked-count').textContent = listing.total === listing.listed
        ? `${listing.total} parked` : `${listing.total} parked, oldest ${listing.listed} shown`;
      document.getElementById('replay-all').disabled = listing.total === 0;
      updateButtons();
      status(message || 'Listed at ' + new Date().toLocaleTimeString());
    } catch (error) {
      status(describe(error), true);
    }
  }

  /** Runs an action and lists the dead letters again with its summary; a failure is said, and listed too. */
  async function act(what, action) {
    status(what + '…');
    try {
      const summary = await action();
      await load(summary);
    } catch (error) {
      await load();
      status(what + ' failed: ' + describe(error), true);
    }
  }

  /**
   * The same request for each selected message, one after the other (the dead-letters API takes one message at a
   * time); a message that is no longer parked (404) is counted, any other failure stops.
   */
  async function eachSelected(method, suffix) {
    let done = 0;
    let gone = 0;
    for (const id of selected()) {
      try {
        await request(method, 'api/dead-letters/' + encodeURIComponent(id) + suffix);
        done++;
      } catch (error) {
        if (error.status !== 404) throw error;
        gone++;
      }
    }
    return { done, gone };
  }

  /**
   * Replays the oldest parked messages until as many as were parked when asked have been replayed: a message the
   * consumer parks again at once goes to the back of the queue and is not replayed a second time.
   */
  async function replayAll() {
    const listing = await request('GET', 'api/dead-letters?limit=1');
    let left = listing.total;
    let replayed = 0;
    while (left > 0) {
      const report = await request('POST', 'api/dead-letters/replay?limit=' + Math.min(left, MAX_PER_CALL));
      replayed += report.replayed;
      left -= report.replayed;
      if (report.stopped_because) return `Replayed ${plural(replayed, 'message')}. Stopped: ${report.stopped_because}`;
      if (report.replayed === 0) break;
    }
    return `Replayed ${plural(replayed, 'message')}.`;
  }

  function plural(n, word) {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
  }

  document.addEventListener('DOMContentLoaded', () => {
    load();
    document.getElementById('refresh').addEventListener('click', () => load());
    document.getElementById('select-all').addEventListener('change', (changed) => {
      document.querySelectorAll('#letters input[type="checkbox"]:not(:disabled)')
        .forEach((box) => { box.checked = changed.target.checked; });
      updateButtons();
    });
    document.getElementById('replay-selected').addEventListener('click', () => act('Replaying', async () => {
      const { done, gone } = await eachSelected('POST', '/replay');
      return `Replayed ${plural(done, 'message')}` + (gone ? `; ${gone} no longer parked` : '') + '.';
    }));
    document.getElementById('replay-all').addEventListener('click', () => act('Replaying all', replayAll));
    const dialog = document.getElementById('confirm-discard');
    document.getElementById('discard-selected').addEventListener('click', () => {
      const count = selected().length;
      document.getElementById('confirm-text').textContent =
        `${plural(count, 'message')} will be deleted for good. They cannot be replayed afterwards.`;
      dialog.returnValue = '';
      dialog.showModal();
    });
    dialog.addEventListener('close', () => {
      if (dialog.returnValue !== 'discard') {
        status('Nothing was discarded.');
        return;
      }
      act('Discarding', async () => {
        const { done, gone } = await eachSelected('DELETE', '');
        return `Discarded ${plural(done, 'message')}` + (gone ? `; ${gone} no longer parked` : '') + '.';
      });
    });
  });
})();
