// What the page shows, derived from the API's nodes, services, tasks and events. Pure: no DOM, no I/O.

const TERMINAL = new Set(['COMPLETE', 'SHUTDOWN', 'FAILED', 'REJECTED', 'ORPHANED']);

export function isAlive(task) {
  return !TERMINAL.has(task.state);
}

/** "web.2"; a global service's task (one per node, no slot) is "web@<node>". */
export function taskLabel(task, nodesById) {
  if (task.slot > 0) return `${task.serviceName}.${task.slot}`;
  const node = nodesById.get(task.nodeId);
  return `${task.serviceName}@${node ? node.hostname : shortId(task.nodeId)}`;
}

export function shortId(id) {
  return id ? id.slice(0, 12) : '';
}

/** Managers first (the leader first of them), then by hostname. */
export function sortNodes(nodes) {
  const rank = (n) => (n.managerStatus?.leader ? 0 : n.role === 'manager' ? 1 : 2);
  return [...nodes].sort((a, b) => rank(a) - rank(b) || String(a.hostname).localeCompare(String(b.hostname)));
}

function byServiceThenSlot(a, b) {
  return String(a.serviceName).localeCompare(String(b.serviceName)) || a.slot - b.slot
    || String(a.id).localeCompare(String(b.id));
}

/**
 * The grid: each node with the live tasks placed on it, and the live tasks no node has yet
 * (pending, with the scheduler's reason as their message). Finished tasks are history, not shown.
 */
export function grid(nodes, tasks) {
  const nodesById = new Map(nodes.map((n) => [n.id, n]));
  const columns = new Map(nodes.map((n) => [n.id, []]));
  const unassigned = [];
  for (const task of tasks) {
    if (!isAlive(task)) continue;
    const column = task.nodeId ? columns.get(task.nodeId) : undefined;
    (column ?? unassigned).push(task);
  }
  return {
    nodes: sortNodes(nodes).map((node) => ({ node, tasks: columns.get(node.id).sort(byServiceThenSlot) })),
    unassigned: unassigned.sort(byServiceThenSlot),
    nodesById,
  };
}

/** Services by name, with their replicas and rollout as one line each. */
export function serviceRows(services) {
  return [...services].sort((a, b) => String(a.name).localeCompare(String(b.name))).map((s) => {
    const global = s.spec?.mode === 'global';
    const desired = s.status?.desiredTasks ?? 0;
    const running = s.status?.runningTasks ?? 0;
    const update = s.updateStatus;
    return {
      id: s.id,
      name: s.name,
      image: s.spec?.image ?? '',
      mode: global ? 'global' : 'replicated',
      replicas: global ? null : s.spec?.replicas ?? desired,
      desired,
      running,
      converged: running === desired,
      message: s.status?.message ?? '',
      update: update ? { state: update.state, message: update.message ?? '' } : null,
    };
  });
}

export function summary(nodes, services, tasks) {
  const ready = nodes.filter((n) => n.state === 'READY').length;
  const running = tasks.filter((t) => t.state === 'RUNNING' && t.desiredState === 'RUNNING').length;
  return { nodes: nodes.length, ready, services: services.length, running };
}

/** One line of the recent events list. */
export function describeEvent(event, nodesById) {
  const attributes = event.attributes ?? {};
  let text;
  switch (event.type) {
    case 'task': {
      const node = nodesById.get(attributes.node);
      text = `${event.name} ${event.action}${node ? ` on ${node.hostname}` : ''}`;
      if (attributes.error) text += `: ${attributes.error}`;
      break;
    }
    case 'service':
      text = `${event.name} ${event.action}`;
      if (attributes.updateState) text += ` (update ${attributes.updateState})`;
      break;
    case 'node':
      text = `${event.name || shortId(event.id)} is ${String(event.action).toUpperCase()}`;
      break;
    default:
      text = `${event.name || shortId(event.id)} ${event.action}`;
  }
  return { type: event.type, action: event.action, time: event.time ?? null, text };
}

/** Keeps the newest events first, at most {@code limit}. */
export function remember(events, event, limit = 50) {
  return [event, ...events].slice(0, limit);
}

export function formatBytes(bytes) {
  if (!bytes) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
