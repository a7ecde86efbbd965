// Drives the web dashboard in Debian's headless Chromium for UiIT, one step at a time: reads a
// JSON command per line on stdin, does it in the page, takes a screenshot of the page after it,
// and answers one JSON line on stdout ({"ok": true, ...} or {"ok": false, "error": "..."}).
// Chromium trusts the manager's certificate by its key alone (SPKI pin), nothing else.
//
// usage: node dashboard.mjs URL SPKI_SHA256_BASE64 SCREENSHOT_DIR

import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const [url, spki, screenshots] = process.argv.slice(2);
const STEP_MS = Number(process.env.UI_STEP_TIMEOUT_MS ?? 90000);
mkdirSync(screenshots, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'flotilla-ui-'));

const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1360, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--ignore-certificate-errors-spki-list=${spki}`],
});
const page = context.pages()[0] ?? await context.newPage();
const problems = [];
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
let shot = 0;

const node = (name) => page.locator(`article.node[data-node="${name}"]`);
const service = (name) => page.locator(`tr[data-service="${name}"]`);

async function until(what, predicate) {
  try {
    await page.waitForFunction(predicate.fn, predicate.arg, { timeout: STEP_MS, polling: 200 });
  } catch (e) {
    throw new Error(`timed out waiting for ${what}`);
  }
}

const steps = {
  async signIn({ token }) {
    await page.goto(`${url}/ui/`);
    await page.locator('#token').fill(token);
    await page.locator('#sign-in-form button[type=submit]').click();
    await until('the event stream to be live', { fn: () => document.body.dataset.connection === 'live' });
    return {};
  },

  async signOut() {
    await page.locator('#sign-out').click();
    await until('the sign-in form', { fn: () => document.body.dataset.connection === 'signed-out' });
    return {};
  },

  async nodes({ count, state }) {
    await until(`${count} ${state} nodes`, {
      fn: ([n, s]) => document.querySelectorAll(`article.node[data-state="${s}"]`).length === n, arg: [count, state],
    });
    return { hostnames: await page.locator(`article.node[data-state="${state}"]`).evaluateAll(
      (cards) => cards.map((c) => c.dataset.node)) };
  },

  async nodeState({ hostname, state, availability }) {
    await until(`${hostname} ${state ?? ''} ${availability ?? ''}`, {
      fn: ([h, s, a]) => {
        const card = document.querySelector(`article.node[data-node="${h}"]`);
        return card && (!s || card.dataset.state === s) && (!a || card.dataset.availability === a);
      },
      arg: [hostname, state ?? null, availability ?? null],
    });
    return {};
  },

  /** Waits until the grid shows exactly {@code running} RUNNING tasks of the service; answers where. */
  async tasks({ service: name, running }) {
    await until(`${running} RUNNING tasks of ${name} in the grid`, {
      fn: ([s, n]) => document.querySelectorAll(
        `article.node li.task[data-service="${s}"][data-state="RUNNING"][data-desired="RUNNING"]`).length === n
        && document.querySelectorAll(`li.task[data-service="${s}"]`).length === n,
      arg: [name, running],
    });
    const placed = await page.locator(`li.task[data-service="${name}"]`).evaluateAll((chips) => chips.map(
      (c) => ({ task: c.dataset.task, node: c.closest('article.node').dataset.node })));
    return { placed };
  },

  async serviceRow({ service: name, running, desired }) {
    await until(`${name} at ${running}/${desired}`, {
      fn: ([s, r, d]) => {
        const row = document.querySelector(`tr[data-service="${s}"]`);
        return row && row.dataset.running === String(r) && row.dataset.desired === String(d);
      },
      arg: [name, running, desired],
    });
    return {};
  },

  async scale({ service: name, replicas }) {
    const row = service(name);
    await row.locator('input[type=number]').fill(String(replicas));
    await row.locator('button[type=submit]').click();
    await until('the scale call to finish', {
      fn: (s) => !document.querySelector(`tr[data-service="${s}"] button[type=submit]`).disabled, arg: name,
    });
    return { notice: await notice() };
  },

  async availability({ hostname, action }) {
    await node(hostname).locator(`button[data-action="${action}"]`).click();
    await until(`the ${action} call to finish`, {
      fn: ([h, a]) => {
        const button = document.querySelector(`article.node[data-node="${h}"] footer button`);
        return button && !button.disabled && button.dataset.action !== a || !!document.querySelector('#notice:not([hidden])');
      },
      arg: [hostname, action],
    });
    return { notice: await notice() };
  },

  async noticeShows({ text }) {
    await until(`a notice saying "${text}"`, {
      fn: (t) => { const n = document.querySelector('#notice'); return !n.hidden && n.textContent.includes(t); },
      arg: text,
    });
    return { notice: await notice() };
  },

  async events({ contains }) {
    await until(`an event saying "${contains}"`, {
      fn: (t) => [...document.querySelectorAll('#events li.event .text')].some((e) => e.textContent.includes(t)),
      arg: contains,
    });
    return {};
  },

  async connection({ state }) {
    await until(`the page to be ${state}`, { fn: (s) => document.body.dataset.connection === s, arg: state });
    return { banner: await page.locator('#banner').isVisible() ? await page.locator('#banner').textContent() : null };
  },

  async screenshot() {
    return {};
  },

  async problems() {
    return { problems };
  },
};

async function notice() {
  const box = page.locator('#notice');
  return (await box.isVisible()) ? (await page.locator('#notice-text').textContent()) : null;
}

function answer(value) {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

answer({ ok: true, ready: true, browser: context.browser()?.version() ?? null });
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  let command;
  try {
    command = JSON.parse(line);
    const step = steps[command.step];
    if (!step) throw new Error(`unknown step '${command.step}'`);
    const result = await step(command);
    shot += 1;
    const file = join(screenshots, `${String(shot).padStart(2, '0')}-${command.name ?? command.step}.png`);
    await page.screenshot({ path: file, fullPage: true });
    answer({ ok: true, ...result, screenshot: file });
  } catch (e) {
    shot += 1;
    const file = join(screenshots, `${String(shot).padStart(2, '0')}-${command?.name ?? command?.step ?? 'bad'}-failed.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    answer({ ok: false, error: e.message, screenshot: file, problems,
      body: await page.locator('body').innerText().catch(() => '') });
  }
}
await context.close();
rmSync(profile, { recursive: true, force: true });
