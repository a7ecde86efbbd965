// GET /v1/events read with fetch(), since EventSource cannot send an Authorization header.

import { errorMessage } from './api.js';

const FIRST_RETRY_MS = 1000;
const LAST_RETRY_MS = 15000;
// The gateway sends a comment every 15 s: a stream silent for longer is dead, even if TCP says not.
const SILENCE_MS = 40000;

/** Server-sent events out of text chunks, whatever their boundaries. Pure: no I/O. */
export class SseParser {
  constructor() {
    this.buffer = '';
    this.type = '';
    this.data = [];
  }

  /** Takes the next chunk; returns the events it completed, as {type, data}. */
  push(chunk) {
    this.buffer += chunk;
    const events = [];
    for (;;) {
      const end = /\r\n|\n|\r/.exec(this.buffer);
      // A lone '\r' at the end may be the first half of '\r\n': wait for the next chunk.
      if (!end || (end[0] === '\r' && end.index === this.buffer.length - 1)) break;
      const line = this.buffer.slice(0, end.index);
      this.buffer = this.buffer.slice(end.index + end[0].length);
      this.line(line, events);
    }
    return events;
  }

  line(line, events) {
    if (line === '') {
      if (this.data.length) events.push({ type: this.type || 'message', data: this.data.join('\n') });
      this.type = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.type = value;
    else if (field === 'data') this.data.push(value);
  }
}

/**
 * Keeps the event stream open: reconnects with exponential back-off (and a little jitter) when
 * it drops, and says so through the callbacks. onOpen() comes on every (re)connection, so the
 * caller can resync; onRefused(message) ends it (the token is not good).
 */
export class EventStream {
  constructor({ url, token, onOpen, onEvent, onDown, onRefused }) {
    Object.assign(this, { url, token, onOpen, onEvent, onDown, onRefused });
    this.stopped = true;
  }

  start() {
    this.stopped = false;
    this.run();
  }

  stop() {
    this.stopped = true;
    this.controller?.abort();
    clearTimeout(this.retry);
  }

  async run() {
    let attempt = 0;
    while (!this.stopped) {
      const controller = new AbortController();
      this.controller = controller;
      let watchdog;
      const alive = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => controller.abort(new Error(`no word from the manager for ${SILENCE_MS / 1000} s`)),
          SILENCE_MS);
      };
      try {
        alive();
        const response = await fetch(this.url, {
          headers: { Authorization: `Bearer ${this.token}`, Accept: 'text/event-stream' },
          cache: 'no-store',
          signal: controller.signal,
        });
        if (response.status === 401 || response.status === 403) {
          this.stopped = true;
          this.onRefused(await errorMessage(response));
          return;
        }
        if (!response.ok) throw new Error(await errorMessage(response));
        attempt = 0;
        this.onOpen();
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        const parser = new SseParser();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          alive();
          for (const event of parser.push(value)) {
            let data;
            try {
              data = JSON.parse(event.data);
            } catch {
              continue;
            }
            this.onEvent(event.type, data);
          }
        }
        throw new Error('the manager closed the stream');
      } catch (e) {
        if (this.stopped) return;
        const delay = Math.round(Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt) * (0.85 + Math.random() * 0.3));
        attempt += 1;
        this.onDown(reason(e), delay);
        await new Promise((resolve) => { this.retry = setTimeout(resolve, delay); });
      } finally {
        clearTimeout(watchdog);
      }
    }
  }
}

function reason(e) {
  if (e instanceof TypeError) return 'the manager does not answer';
  return e?.message || String(e);
}
