// What every page of the console shares: the session (admin name, CSRF token), JSON requests, the status line,
// small DOM helpers. No framework, no build: this file is served as written.
'use strict';

const Console = (() => {
  let session = null;

  /** An element with attributes and children (strings become text, never HTML). */
  function el(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === false || value === null || value === undefined) continue;
      if (name === 'text') element.textContent = value;
      else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
      else element.setAttribute(name, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined) element.append(child);
    }
    return element;
  }

  function status(text, isError = false) {
    const line = document.getElementById('status');
    line.textContent = text;
    line.classList.toggle('error', isError);
  }

  function toLogin() {
    location.assign('login?next=' + encodeURIComponent(location.pathname));
  }

  /**
   * A JSON request to the console's API. Changes carry the session's CSRF token; a 401 (the session ended) goes to
   * the login form; any other error is thrown with the server's message.
   */
  async function request(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (method !== 'GET') {
      const current = await currentSession();
      headers[current.csrf_header] = current.csrf_token;
      if (body !== undefined) headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(path, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) {
      toLogin();
      throw new Error('The session ended: log in again');
    }
    let json = null;
    try { json = await response.json(); } catch (notJson) { /* said below */ }
    if (!response.ok) {
      const error = new Error((json && json.message) || `The server answered ${response.status}`);
      error.status = response.status;
      error.body = json;
      throw error;
    }
    return json;
  }

  async function currentSession() {
    if (!session) session = await request('GET', 'api/session');
    return session;
  }

  /** An ISO instant as local date and time, inside a <time> that keeps the exact instant. */
  function time(iso) {
    if (!iso) return el('span', { class: 'hint', text: '—' });
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return document.createTextNode(iso);
    return el('time', { datetime: iso, title: iso, text: date.toLocaleString(undefined, {
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }) });
  }

  /** The errors of a 400, field by field, as one line. */
  function describe(error) {
    const fields = error.body && error.body.errors;
    if (!fields || fields.length === 0) return error.message;
    return error.message + ': ' + fields.map((f) => `${f.field} ${f.message}`).join('; ');
  }

  async function start() {
    try {
      const current = await currentSession();
      document.getElementById('who').textContent = 'Logged in as ' + current.user;
    } catch (error) {
      status(error.message, true);
    }
    document.getElementById('log-out').addEventListener('click', async () => {
      try {
        const answer = await request('POST', 'logout');
        location.assign(answer.login);
      } catch (error) {
        status('Logging out failed: ' + error.message, true);
      }
    });
  }

  document.addEventListener('DOMContentLoaded', start);
  return { el, status, request, time, describe };
})();
