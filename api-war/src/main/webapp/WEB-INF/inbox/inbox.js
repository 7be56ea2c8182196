// The reference inbox: one user's events, newest first, live from the API's stream; the unread count; marking read.
// Plain JavaScript, served as written (no build, no framework), calling the API of the same origin.
//
// The stream is read with fetch(), not EventSource: EventSource cannot send an Authorization header, and the API
// wants one whenever it has keys or per-user tokens. So this file parses Server-Sent Events itself, and does what
// EventSource would do on its own: reconnect after a pause, sending Last-Event-ID.
'use strict';

(() => {
  const PAGE_SIZE = 20;
  const FIRST_PAUSE_MS = 1000;
  const LONGEST_PAUSE_MS = 15000;
  const TOKEN_KEY = 'notifications.inbox.token';
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

  const $ = (id) => document.getElementById(id);

  /** A refusal that asking again cannot change (401, 403): the page says so and stops. */
  class Refused extends Error {}

  /**
   * The token comes in the address's fragment (#token=...), which browsers never send to a server. It moves to this
   * tab's sessionStorage and out of the address bar and the history, so that it is neither bookmarked nor shared
   * with the address. An empty #token= forgets it.
   */
  function takeToken() {
    const fragment = new URLSearchParams(location.hash.slice(1));
    if (fragment.has('token')) {
      const token = fragment.get('token');
      if (token) sessionStorage.setItem(TOKEN_KEY, token);
      else sessionStorage.removeItem(TOKEN_KEY);
      history.replaceState(null, '', location.pathname + location.search);
    }
    return sessionStorage.getItem(TOKEN_KEY);
  }

  const token = takeToken();
  const user = location.pathname.replace(/\/+$/, '').split('/').pop().toLowerCase();
  // Relative to the page (/inbox/{user_id}), so that it holds under any context root.
  const events = new URL(`../api/users/${user}/events`, location.href).pathname;

  const listed = new Map(); // event id -> its list item: an event comes twice at most at a reconnect, and shows once
  let lastReceived = null; // the id of the last event the stream sent, for Last-Event-ID
  let older; // the cursor of the page after the first one read; undefined until that read
  let stopped = false;
  let countPending = false;

  function headers(extra = {}) {
    const all = { Accept: 'application/json', ...extra };
    if (token) all.Authorization = 'Bearer ' + token;
    return all;
  }

  async function refusal(response) {
    let message = null;
    try { message = (await response.json()).message; } catch (notJson) { /* the status says enough */ }
    const why = response.status === 403
      ? 'The token does not allow reading this inbox'
      : token ? 'The API refused the token' : 'The API needs a token';
    return new Refused(`${why} (${response.status}). Open the page again with #token=<your token> at the end of its `
      + `address.${message ? ' The API said: ' + message : ''}`);
  }

  /** A JSON request to the user's events; 401 and 403 are Refused, other errors thrown with the server's message. */
  async function call(method, path, body) {
    const response = await fetch(events + path, {
      method, cache: 'no-store',
      headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401 || response.status === 403) throw await refusal(response);
    let json = null;
    try { json = await response.json(); } catch (notJson) { /* said below */ }
    if (!response.ok) throw new Error((json && json.message) || `The API answered ${response.status}`);
    return json;
  }

  function status(text) {
    $('status').textContent = text;
  }

  function connection(state, text) {
    const line = $('connection');
    line.dataset.state = state;
    line.textContent = text;
  }

  function stop(message) {
    stopped = true;
    connection('stopped', 'Stopped');
    status(message);
    $('mark-all-read').disabled = true;
  }

  /** Runs an action of the page: a refusal stops the page, another error is shown and the page goes on. */
  async function guarded(action) {
    try {
      await action();
    } catch (error) {
      if (error instanceof Refused) stop(error.message);
      else status(error.message);
    }
  }

  // --- the list

  /** The timeline's order: created_at to the microsecond, then the event id as PostgreSQL orders uuids. */
  function position(event) {
    const time = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(event.created_at || '');
    return (time ? time[1] + '.' + (time[2] || '').padEnd(9, '0') : String(event.created_at)) + ' ' + event.event_id;
  }

  function item(event) {
    const li = document.createElement('li');
    li.className = 'event';
    li.dataset.eventId = event.event_id;
    li.dataset.position = position(event);
    const message = document.createElement('p');
    message.className = 'message';
    message.textContent = event.message;
    const meta = document.createElement('p');
    meta.className = 'meta';
    const when = document.createElement('time');
    when.dateTime = event.created_at;
    when.title = event.created_at;
    when.textContent = new Date(event.created_at).toLocaleString();
    meta.append(event.event_type + ' · ', when);
    const actions = document.createElement('div');
    actions.className = 'actions';
    li.append(message, meta, actions);
    if (event.read_at) {
      showRead(li);
    } else {
      li.classList.add('unread');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'mark-read';
      button.textContent = 'Mark read';
      button.setAttribute('aria-label', 'Mark read: ' + event.message);
      button.addEventListener('click', () => guarded(() => markRead(event.event_id, button)));
      actions.append(button);
    }
    return li;
  }

  function showRead(li) {
    li.classList.remove('unread');
    li.classList.add('read');
    const label = document.createElement('span');
    label.className = 'read-label';
    label.textContent = 'Read';
    li.querySelector('.actions').replaceChildren(label);
  }

  /** Adds an event where it belongs, newest first; one already listed is not added again, only its read state kept. */
  function add(event) {
    const known = listed.get(event.event_id);
    if (known) {
      if (event.read_at && known.classList.contains('unread')) showRead(known);
      return;
    }
    const li = item(event);
    listed.set(event.event_id, li);
    const list = $('events');
    const below = [...list.children].find((other) => other.dataset.position < li.dataset.position);
    list.insertBefore(li, below || null);
    $('empty').hidden = true;
  }

  function newestListed() {
    const first = $('events').firstElementChild;
    return first ? first.dataset.eventId : null;
  }

  function forgetAll() {
    listed.clear();
    $('events').replaceChildren();
    $('empty').hidden = false;
    lastReceived = null;
    older = undefined;
  }

  async function readFirstPage() {
    const page = await call('GET', `?limit=${PAGE_SIZE}`);
    page.events.forEach(add);
    if (older === undefined) {
      older = page.next;
      $('older').hidden = !older;
    }
  }

  async function readOlder() {
    const page = await call('GET', `?limit=${PAGE_SIZE}&before=${encodeURIComponent(older)}`);
    page.events.forEach(add);
    older = page.next;
    $('older').hidden = !older;
  }

  async function countUnread() {
    const answer = await call('GET', '/unread-count');
    const count = $('unread');
    count.dataset.unread = answer.unread;
    count.textContent = `${answer.unread}${answer.capped ? '+' : ''} unread`;
  }

  /** One count for a burst of events, not one per event. */
  function countSoon() {
    if (countPending) return;
    countPending = true;
    setTimeout(() => { countPending = false; guarded(countUnread); }, 250);
  }

  async function markRead(eventId, button) {
    button.disabled = true;
    try {
      await call('POST', '/read', { event_ids: [eventId] });
    } catch (error) {
      button.disabled = false;
      throw error;
    }
    showRead(listed.get(eventId));
    await countUnread();
  }

  async function markAllRead() {
    // What is listed now was stored before the request starts, so it is marked; what arrives meanwhile may not be.
    const marked = [...listed.values()];
    await call('POST', '/read', { all: true });
    marked.forEach((li) => { if (li.classList.contains('unread')) showRead(li); });
    await countUnread();
  }

  // --- the stream

  /**
   * Server-Sent Events from chunks of text, as the HTML standard reads them: lines end with CR, LF or CRLF; a line
   * starting with ':' is a comment; 'field: value' sets a field; a blank line ends a message with data.
   */
  function sseParser(onComment, onMessage) {
    let buffer = '';
    let type = '';
    let data = [];
    let id = null;

    function line(text) {
      if (text === '') {
        if (data.length > 0) onMessage(type || 'message', data.join('\n'), id);
        type = '';
        data = [];
        id = null; // each message of this API names its own event; no id carries over to the next
        return;
      }
      if (text.startsWith(':')) {
        onComment(text.slice(1).trim());
        return;
      }
      const colon = text.indexOf(':');
      const field = colon < 0 ? text : text.slice(0, colon);
      let value = colon < 0 ? '' : text.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id' && !value.includes('\0')) id = value;
    }

    let afterCr = false; // the last chunk ended with CR: a LF starting this one belongs to it
    return (chunk) => {
      buffer += chunk;
      let start = afterCr && buffer.startsWith('\n') ? 1 : 0;
      afterCr = false;
      for (let i = start; i < buffer.length; i++) {
        const c = buffer[i];
        if (c !== '\n' && c !== '\r') continue;
        line(buffer.slice(start, i));
        if (c === '\r' && i + 1 === buffer.length) afterCr = true;
        else if (c === '\r' && buffer[i + 1] === '\n') i++;
        start = i + 1;
      }
      buffer = buffer.slice(start);
    };
  }

  /**
   * Reads the stream once, until it ends. Resumes from the last event received, else from the newest listed: the
   * server sends what was stored after it first. Answers true after an overflow (reconnect at once); throws Refused
   * when the token expired (the page has no way to a new one: it stops and says so).
   */
  async function readStream(onLive) {
    const resumeFrom = lastReceived || newestListed();
    const extra = { Accept: 'text/event-stream' };
    if (resumeFrom) extra['Last-Event-ID'] = resumeFrom;
    const response = await fetch(events + '/stream', { headers: headers(extra), cache: 'no-store' });
    if (response.status === 401 || response.status === 403) throw await refusal(response);
    if (response.status === 400 && resumeFrom) {
      // The API does not know that event (its data was replaced?): start again from its timeline, as it says to.
      forgetAll();
      return false;
    }
    if (response.status === 400) throw new Refused((await response.json()).message);
    if (!response.ok || !response.body) throw new Error(`The API answered ${response.status}`);

    let overflowed = false;
    let expired = null;
    const push = sseParser((comment) => {
      if (comment !== 'open') return; // keep-alives
      // Registered: every event stored from now on comes on the stream. The first page brings what was stored
      // before (all of it, on a first connect; read state changed elsewhere, after a reconnect).
      connection('live', 'Live');
      status('');
      onLive();
      guarded(async () => { await readFirstPage(); await countUnread(); });
    }, (type, data, id) => {
      if (type === 'notification') {
        add(JSON.parse(data));
        if (id) lastReceived = id;
        countSoon();
      } else if (type === 'overflow') {
        // Too slow to keep up: the server kept nothing more and names the last event it sent.
        const lastSent = JSON.parse(data).last_event_id;
        if (lastSent) lastReceived = lastSent;
        overflowed = true;
      } else if (type === 'expired') {
        expired = JSON.parse(data).message;
      }
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done || stopped) break;
      push(value);
      if (overflowed || expired) {
        reader.cancel();
        break;
      }
    }
    if (expired) throw new Refused(expired);
    return overflowed;
  }

  async function pause(ms, reason) {
    for (let left = Math.ceil(ms / 1000); left > 0 && !stopped; left--) {
      connection('reconnecting', `Reconnecting in ${left} s (${reason})`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    if (!stopped) connection('reconnecting', 'Reconnecting…');
  }

  /** Follows the stream for as long as the page is open: after each end, a pause of 1 s doubling to 15 s. */
  async function follow() {
    let wait = FIRST_PAUSE_MS;
    while (!stopped) {
      let reason = 'the stream ended';
      try {
        if (await readStream(() => { wait = FIRST_PAUSE_MS; })) continue;
      } catch (error) {
        if (error instanceof Refused) {
          stop(error.message);
          return;
        }
        reason = error instanceof TypeError ? 'the server cannot be reached' : error.message;
      }
      if (stopped) return;
      await pause(wait, reason);
      wait = Math.min(wait * 2, LONGEST_PAUSE_MS);
    }
  }

  function chooseUser() {
    $('choose-user').hidden = false;
    connection('stopped', 'No user chosen');
    $('choose-user').addEventListener('submit', (submit) => {
      submit.preventDefault();
      const id = $('user-id').value.trim();
      if (UUID.test(id)) location.assign(encodeURIComponent(id.toLowerCase()));
    });
  }

  function start() {
    if (!UUID.test(user)) {
      chooseUser();
      return;
    }
    $('inbox').hidden = false;
    $('user').textContent = user;
    $('mark-all-read').addEventListener('click', () => guarded(markAllRead));
    $('older').addEventListener('click', () => guarded(readOlder));
    // The list first, even when no stream can be opened; the stream then resumes from its newest event.
    guarded(async () => { await readFirstPage(); await countUnread(); }).then(follow);
  }

  document.addEventListener('DOMContentLoaded', start);
})();
