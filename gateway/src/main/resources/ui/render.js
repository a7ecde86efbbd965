// Draws the dashboard from the view model (view.js). Actions go to the handlers app.js passes in.

import { h, $ } from './dom.js';
import { describeEvent, formatBytes, grid, serviceRows, shortId, summary, taskLabel } from './view.js';

export function renderSummary({ nodes, services, tasks }) {
  const s = summary(nodes, services, tasks);
  $('#summary').replaceChildren(
    h('span', {}, h('strong', {}, `${s.ready}/${s.nodes}`), ' nodes ready'),
    h('span', {}, h('strong', {}, String(s.services)), s.services === 1 ? ' service' : ' services'),
    h('span', {}, h('strong', {}, String(s.running)), ' tasks running'),
  );
}

export function renderNodes({ nodes, tasks }, { pending, onAvailability }) {
  const model = grid(nodes, tasks);
  const cards = model.nodes.map(({ node, tasks: placed }) => nodeCard(node, placed, model.nodesById, pending, onAvailability));
  if (model.unassigned.length) cards.push(unassignedCard(model.unassigned, model.nodesById));
  if (!cards.length) {
    cards.push(h('p', { class: 'empty' }, 'No nodes yet. Join one with ', h('code', {}, 'flotilla join --token TOKEN MANAGER'), '.'));
  }
  $('#nodes').replaceChildren(...cards);
}

function nodeCard(node, placed, nodesById, pending, onAvailability) {
  const busy = pending.has(`node:${node.id}`);
  const draining = node.availability === 'drain';
  const role = node.managerStatus?.leader ? 'leader' : node.role;
  return h('article', {
    class: `node state-${String(node.state).toLowerCase()} availability-${node.availability}`,
    dataset: { node: node.hostname, nodeId: node.id, state: node.state, availability: node.availability, role: node.role },
  },
  h('header', {},
    h('div', { class: 'node-title' },
      h('span', { class: 'dot', 'aria-hidden': 'true' }),
      h('h3', { title: node.id }, node.hostname || shortId(node.id))),
    h('div', { class: 'badges' },
      h('span', { class: `badge state ${String(node.state).toLowerCase()}` }, node.state),
      h('span', { class: `badge availability ${node.availability}` }, node.availability),
      h('span', { class: `badge role ${role}` }, role))),
  h('p', { class: 'meta' }, [
    node.address,
    node.resources?.cpus ? `${node.resources.cpus} CPU` : null,
    formatBytes(node.resources?.memoryBytes),
    node.engineVersion ? `Docker ${node.engineVersion}` : null,
  ].filter(Boolean).join(' · ')),
  placed.length
    ? h('ul', { class: 'tasks' }, placed.map((t) => taskChip(t, nodesById)))
    : h('p', { class: 'empty small' }, node.state === 'DOWN' ? 'No tasks: the node is down.' : 'No tasks'),
  h('footer', {},
    h('span', { class: 'count' }, `${placed.length} ${placed.length === 1 ? 'task' : 'tasks'}`),
    h('button', {
      type: 'button',
      class: draining ? 'secondary' : 'warning',
      disabled: busy,
      dataset: { action: draining ? 'activate' : 'drain' },
      title: draining ? 'Let the scheduler place tasks here again' : 'Move this node\'s tasks to other nodes',
      onclick: () => onAvailability(node, draining ? 'active' : 'drain'),
    }, busy ? 'Saving…' : draining ? 'Activate' : 'Drain')));
}

function unassignedCard(tasks, nodesById) {
  return h('article', { class: 'node unassigned', dataset: { node: '' } },
    h('header', {}, h('div', { class: 'node-title' }, h('h3', {}, 'Not placed'))),
    h('p', { class: 'meta' }, 'Tasks waiting for a node that fits'),
    h('ul', { class: 'tasks' }, tasks.map((t) => taskChip(t, nodesById, true))));
}

function taskChip(task, nodesById, withMessage = false) {
  const stopping = task.desiredState !== 'RUNNING';
  const state = String(task.state).toLowerCase();
  const label = taskLabel(task, nodesById);
  const detail = [task.state, stopping ? `(desired ${task.desiredState})` : null, task.error || task.message].filter(Boolean).join(' ');
  return h('li', {
    class: `task ${state}${stopping ? ' stopping' : ''}`,
    title: `${label}: ${detail}`,
    dataset: { task: label, service: task.serviceName, state: task.state, desired: task.desiredState },
  },
  h('span', { class: 'task-name' }, label),
  task.state === 'RUNNING' && !stopping ? null : h('span', { class: 'task-state' }, stopping ? 'stopping' : state),
  withMessage && (task.error || task.message) ? h('span', { class: 'task-message' }, task.error || task.message) : null);
}

/**
 * The services table, updated row by row (keyed by id) so that a replicas field the user is
 * typing in keeps its focus and value while events arrive.
 */
export class ServicesTable {
  constructor(container, { onScale }) {
    this.container = container;
    this.onScale = onScale;
    this.rows = new Map();
    this.body = h('tbody');
    this.table = h('table', { class: 'services' },
      h('thead', {}, h('tr', {},
        h('th', {}, 'Service'), h('th', {}, 'Image'), h('th', { class: 'num' }, 'Running'),
        h('th', {}, 'Update'), h('th', {}, 'Scale'))),
      this.body);
    this.empty = h('p', { class: 'empty' }, 'No services yet. Create one with ',
      h('code', {}, 'flotilla service create --name web --replicas 3 IMAGE'), '.');
  }

  render(services, pending) {
    const rows = serviceRows(services);
    this.container.replaceChildren(rows.length ? this.table : this.empty);
    const seen = new Set();
    rows.forEach((service, index) => {
      seen.add(service.id);
      let row = this.rows.get(service.id);
      if (!row) {
        row = this.row(service);
        this.rows.set(service.id, row);
      }
      this.update(row, service, pending.has(`service:${service.id}`));
      if (this.body.children[index] !== row.element) this.body.insertBefore(row.element, this.body.children[index] ?? null);
    });
    for (const [id, row] of this.rows) {
      if (!seen.has(id)) {
        row.element.remove();
        this.rows.delete(id);
      }
    }
  }

  row(service) {
    const input = h('input', {
      type: 'number', min: '0', step: '1', inputmode: 'numeric', 'aria-label': `Replicas of ${service.name}`,
      oninput: () => { input.dataset.dirty = 'true'; },
    });
    const button = h('button', { type: 'button', class: 'primary' }, 'Scale');
    const form = h('form', {
      class: 'scale',
      onsubmit: (e) => {
        e.preventDefault();
        this.onScale(service, input.value, () => { delete input.dataset.dirty; });
      },
    }, input, button);
    button.type = 'submit';
    const cells = {
      name: h('td', { class: 'name' }),
      image: h('td', { class: 'image' }),
      replicas: h('td', { class: 'num replicas' }),
      update: h('td', { class: 'update' }),
      scale: h('td', { class: 'scale-cell' }),
    };
    const element = h('tr', { dataset: { service: service.name, serviceId: service.id } }, Object.values(cells));
    return { element, cells, input, button, form };
  }

  update(row, service, busy) {
    const { cells, input, button, form } = row;
    row.element.dataset.desired = String(service.desired);
    row.element.dataset.running = String(service.running);
    cells.name.replaceChildren(h('strong', {}, service.name), h('span', { class: 'mode' }, service.mode));
    cells.image.replaceChildren(h('code', { title: service.image }, service.image));
    const ratio = service.desired ? Math.min(1, service.running / service.desired) : 1;
    const bar = h('span', { class: `bar${service.converged ? ' done' : ''}`, 'aria-hidden': 'true' });
    bar.append(h('span', { class: 'fill', dataset: { ratio: ratio.toFixed(2) } }));
    bar.firstChild.style.width = `${Math.round(ratio * 100)}%`;
    cells.replicas.replaceChildren(h('span', { class: 'ratio', title: service.message },
      `${service.running}/${service.desired}`), bar);
    cells.update.replaceChildren(service.update
      ? h('span', { class: `badge update ${service.update.state}`, title: service.update.message }, service.update.state.replace('_', ' '))
      : h('span', { class: 'muted' }, '—'));
    if (service.mode === 'global') {
      cells.scale.replaceChildren(h('span', { class: 'muted' }, 'one per node'));
      return;
    }
    if (!input.dataset.dirty && document.activeElement !== input) input.value = String(service.replicas);
    input.disabled = busy;
    button.disabled = busy;
    button.textContent = busy ? 'Scaling…' : 'Scale';
    if (cells.scale.firstChild !== form) cells.scale.replaceChildren(form);
  }
}

export function renderEvents(events, nodesById) {
  const list = $('#events');
  if (!events.length) {
    list.replaceChildren(h('li', { class: 'empty' }, 'Nothing has happened since this page connected.'));
    return;
  }
  list.replaceChildren(...events.map((event) => {
    const line = describeEvent(event, nodesById);
    return h('li', { class: `event kind-${line.type} action-${line.action}`, dataset: { type: line.type, action: line.action } },
      h('time', { datetime: line.time ?? '' }, clock(line.time)),
      h('span', { class: `badge kind-${line.type}` }, line.type),
      h('span', { class: 'text' }, line.text));
  }));
}

function clock(time) {
  if (time === null || time === undefined) return '';
  const date = typeof time === 'number' ? new Date(time * 1000) : new Date(time);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString([], { hour12: false });
}
