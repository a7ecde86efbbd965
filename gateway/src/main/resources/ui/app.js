// The dashboard: sign-in, the live event stream, a full resync on every (re)connection and
// after each burst of events, and the two actions (scale a service, drain or activate a node).

import { Api } from './api.js';
import { $ } from './dom.js';
import { EventStream } from './events.js';
import { remember } from './view.js';
import { ServicesTable, renderEvents, renderNodes, renderSummary } from './render.js';

const TOKEN_KEY = 'flotilla.token';
// Events come in bursts (a scale moves many tasks): one resync per burst.
const RESYNC_DELAY_MS = 250;
// The event bus is at-most-once: a periodic resync keeps a missed event from lingering.
const RESYNC_EVERY_MS = 15000;

const state = { nodes: [], services: [], tasks: [], events: [] };
const pending = new Set();
let api = null;
let stream = null;
let services = null;
let resyncTimer = null;
let resyncing = null;
let resyncAgain = false;
let periodic = null;
let countdown = null;

function start() {
  const fromFragment = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromFragment) {
    sessionStorage.setItem(TOKEN_KEY, fromFragment);
    history.replaceState(null, '', location.pathname + location.search);
  }
  services = new ServicesTable($('#services'), { onScale: scale });
  $('#sign-in-form').addEventListener('submit', signIn);
  $('#sign-out').addEventListener('click', signOut);
  $('#notice-close').addEventListener('click', () => { $('#notice').hidden = true; });
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) connect(token);
  else showSignIn('');
}

function showSignIn(message) {
  document.body.dataset.connection = 'signed-out';
  $('#dashboard').hidden = true;
  $('#sign-out').hidden = true;
  $('#banner').hidden = true;
  $('#summary').replaceChildren();
  $('#connection').textContent = '';
  $('#sign-in').hidden = false;
  $('#sign-in-error').textContent = message;
  $('#token').focus();
}

async function signIn(event) {
  event.preventDefault();
  const token = $('#token').value.trim();
  if (!token) return;
  const button = event.submitter ?? $('#sign-in-form button');
  button.disabled = true;
  $('#sign-in-error').textContent = '';
  try {
    await new Api(token).get('/v1/nodes');
    sessionStorage.setItem(TOKEN_KEY, token);
    $('#token').value = '';
    connect(token);
  } catch (e) {
    $('#sign-in-error').textContent = e.message;
  } finally {
    button.disabled = false;
  }
}

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  disconnect();
  showSignIn('');
}

function connect(token) {
  api = new Api(token);
  $('#sign-in').hidden = true;
  $('#dashboard').hidden = false;
  $('#sign-out').hidden = false;
  setConnection('connecting', 'Connecting…');
  render();
  stream = new EventStream({
    url: '/v1/events',
    token,
    onOpen: () => {
      setConnection('live', 'Live');
      resync();
    },
    onEvent: (type, event) => {
      state.events = remember(state.events, event);
      renderEvents(state.events, nodesById());
      scheduleResync();
    },
    onDown: (reason, delay) => reconnecting(reason, delay),
    onRefused: (message) => {
      disconnect();
      sessionStorage.removeItem(TOKEN_KEY);
      showSignIn(message);
    },
  });
  stream.start();
  periodic = setInterval(() => { if (document.body.dataset.connection === 'live') resync(); }, RESYNC_EVERY_MS);
}

function disconnect() {
  stream?.stop();
  stream = null;
  clearInterval(periodic);
  clearInterval(countdown);
  clearTimeout(resyncTimer);
  Object.assign(state, { nodes: [], services: [], tasks: [], events: [] });
}

function setConnection(kind, text) {
  clearInterval(countdown);
  document.body.dataset.connection = kind;
  $('#connection').replaceChildren(Object.assign(document.createElement('span'), { className: 'dot' }), text);
  $('#connection').className = `connection ${kind}`;
  $('#banner').hidden = kind !== 'reconnecting';
}

function reconnecting(reason, delay) {
  setConnection('reconnecting', 'Disconnected — reconnecting');
  const until = Date.now() + delay;
  const tick = () => {
    const seconds = Math.max(0, Math.ceil((until - Date.now()) / 1000));
    $('#banner').textContent = `Disconnected from the manager (${reason}) — reconnecting`
      + (seconds > 0 ? ` in ${seconds} s` : '…') + '. What you see may be out of date.';
  };
  tick();
  countdown = setInterval(tick, 1000);
}

function scheduleResync() {
  if (resyncTimer) return;
  resyncTimer = setTimeout(() => {
    resyncTimer = null;
    resync();
  }, RESYNC_DELAY_MS);
}

/** A full GET of nodes, services and tasks; at most one at a time, and once more if asked meanwhile. */
async function resync() {
  if (resyncing) {
    resyncAgain = true;
    return resyncing;
  }
  resyncing = (async () => {
    try {
      const [nodes, servicesList, tasks] = await Promise.all([
        api.get('/v1/nodes'), api.get('/v1/services'), api.get('/v1/tasks')]);
      Object.assign(state, { nodes, services: servicesList, tasks });
      render();
    } catch (e) {
      if (e.status === 401) {
        stream?.onRefused(e.message);
        return;
      }
      notify(`Could not refresh: ${e.message}`);
    }
  })();
  try {
    await resyncing;
  } finally {
    resyncing = null;
    if (resyncAgain) {
      resyncAgain = false;
      resync();
    }
  }
}

function nodesById() {
  return new Map(state.nodes.map((n) => [n.id, n]));
}

function render() {
  renderSummary(state);
  renderNodes(state, { pending, onAvailability: setAvailability });
  services.render(state.services, pending);
  renderEvents(state.events, nodesById());
}

function notify(message) {
  $('#notice-text').textContent = message;
  $('#notice').hidden = false;
}

async function act(key, what, work) {
  pending.add(key);
  render();
  try {
    await work();
    $('#notice').hidden = true;
  } catch (e) {
    notify(`${what} was refused: ${e.message}`);
  } finally {
    pending.delete(key);
    render();
    resync();
  }
}

function scale(service, value, done) {
  const replicas = Number(value);
  if (value === '' || !Number.isInteger(replicas) || replicas < 0) {
    notify(`replicas: expected a whole number of 0 or more, not '${value}'`);
    return;
  }
  act(`service:${service.id}`, `Scaling ${service.name} to ${replicas}`, async () => {
    await api.post(`/v1/services/${encodeURIComponent(service.name)}/scale`, { replicas });
    done();
  });
}

function setAvailability(node, availability) {
  const what = `${availability === 'drain' ? 'Draining' : 'Activating'} ${node.hostname}`;
  act(`node:${node.id}`, what, () => api.patch(`/v1/nodes/${encodeURIComponent(node.id)}`, { availability }));
}

start();
