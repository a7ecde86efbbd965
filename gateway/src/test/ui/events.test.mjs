// node --test: the dashboard's pure parts (run by UiScriptsTest).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SseParser } from '../../main/resources/ui/events.js';
import { describeEvent, grid, remember, serviceRows, taskLabel } from '../../main/resources/ui/view.js';

test('events split anywhere, even inside a CRLF, come out whole', () => {
  const text = ': flotilla events\r\n\r\nevent: task\r\ndata: {"a":1}\r\n\r\n: keepalive\n\nevent: node\ndata: {"b":2}\n\n';
  for (let size = 1; size <= text.length; size++) {
    const parser = new SseParser();
    const events = [];
    for (let i = 0; i < text.length; i += size) events.push(...parser.push(text.slice(i, i + size)));
    assert.deepEqual(events, [{ type: 'task', data: '{"a":1}' }, { type: 'node', data: '{"b":2}' }], `chunks of ${size}`);
  }
});

test('an event is complete only at its blank line; data lines join with newlines', () => {
  const parser = new SseParser();
  assert.deepEqual(parser.push('event: service\ndata: one\ndata: two\n'), []);
  assert.deepEqual(parser.push('\n'), [{ type: 'service', data: 'one\ntwo' }]);
});

const nodes = [
  { id: 'w2', hostname: 'b', role: 'worker', state: 'READY' },
  { id: 'w1', hostname: 'a', role: 'worker', state: 'DOWN' },
  { id: 'm1', hostname: 'z', role: 'manager', state: 'READY', managerStatus: { leader: true } },
];
const task = (id, slot, nodeId, state, desiredState = 'RUNNING') => ({ id, serviceName: 'web', slot, nodeId, state, desiredState });

test('the grid puts live tasks on their nodes, pending ones apart, and leaves finished ones out', () => {
  const model = grid(nodes, [task('t2', 2, 'w2', 'RUNNING'), task('t1', 1, 'w2', 'STARTING'),
    task('t3', 3, 'w1', 'ORPHANED'), task('t4', 3, null, 'PENDING'), task('t5', 1, 'w2', 'SHUTDOWN', 'SHUTDOWN')]);
  assert.deepEqual(model.nodes.map((c) => [c.node.hostname, c.tasks.map((t) => t.id)]),
    [['z', []], ['a', []], ['b', ['t1', 't2']]]);
  assert.deepEqual(model.unassigned.map((t) => t.id), ['t4']);
});

test('a global task is named by its node', () => {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  assert.equal(taskLabel(task('g', 0, 'w2', 'RUNNING'), byId), 'web@b');
  assert.equal(taskLabel(task('r', 4, 'w2', 'RUNNING'), byId), 'web.4');
});

test('services show replicas and their rollout', () => {
  const [row] = serviceRows([{ id: 's', name: 'web', spec: { image: 'i', replicas: 3 },
    status: { desiredTasks: 3, runningTasks: 2 }, updateStatus: { state: 'updating' } }]);
  assert.deepEqual([row.replicas, row.running, row.desired, row.converged, row.update.state], [3, 2, 3, false, 'updating']);
});

test('events read as sentences, newest first, at most the limit', () => {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  assert.equal(describeEvent({ type: 'task', action: 'running', name: 'web.1', attributes: { node: 'w2' } }, byId).text,
    'web.1 running on b');
  assert.equal(describeEvent({ type: 'node', action: 'down', name: 'a' }, byId).text, 'a is DOWN');
  let events = [];
  for (let i = 0; i < 60; i++) events = remember(events, i);
  assert.equal(events.length, 50);
  assert.equal(events[0], 59);
});
