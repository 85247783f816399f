// The live saga view: one EventSource for everything the stream knows, a few GETs for what it does not
// (stock, balances, an order's timeline), plain DOM. Every value from the server goes in as text, never
// as HTML, since customer ids and error messages are user input.
'use strict';

const state = {
  orders: new Map(),
  selected: null,
  deadLetters: [],
};
const FINAL = new Set(['CONFIRMED', 'CANCELLED']);
const $ = (id) => document.getElementById(id);

/** el('td', {class: 'num'}, 'text', childNode): attributes set as attributes, children as text or nodes. */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const money = (cents) => (cents === undefined || cents === null ? '' : (cents / 100).toFixed(2));
const shortId = (id) => id.slice(0, 8);
const clock = (iso) => new Date(iso).toLocaleTimeString([], { hour12: false });
function age(iso) {
  if (!iso) return '';
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  return `${Math.floor(seconds / 3600)} h ago`;
}

// ---- the event stream -------------------------------------------------------------------------------

function connect() {
  const source = new EventSource('/saga/api/stream');
  const status = $('connection');
  const show = (text, tone) => {
    status.textContent = text;
    status.dataset.state = tone;
  };
  source.addEventListener('open', () => show('Live', 'live'));
  source.addEventListener('error', () => show(source.readyState === EventSource.CLOSED ? 'Disconnected' : 'Reconnecting…', 'down'));
  const on = (type, handle) => source.addEventListener(type, (message) => handle(JSON.parse(message.data)));

  on('snapshot', (snapshot) => {
    state.orders = new Map(snapshot.orders.map((order) => [order.orderId, order]));
    renderOrders(new Set());
    renderWindows(snapshot.windows);
    renderDeadLetters(snapshot.deadLetters);
    if (snapshot.lag) renderLag(snapshot.lag);
    refreshSiblings();
  });
  on('orders', (orders) => {
    for (const order of orders) state.orders.set(order.orderId, order);
    renderOrders(new Set(orders.map((order) => order.orderId)));
    if (state.selected && orders.some((order) => order.orderId === state.selected)) scheduleTimeline();
    scheduleSiblings();
  });
  on('windows', renderWindows);
  on('lag', renderLag);
  on('dead-letter', (deadLetter) => {
    renderDeadLetters([deadLetter, ...state.deadLetters].slice(0, 50));
  });
}

// ---- recent orders ----------------------------------------------------------------------------------

// Rows are kept per order and updated in place: rebuilding them on every event would swallow a click
// on a button that was replaced between mousedown and mouseup, and lose keyboard focus.
const rows = new Map();

function renderOrders(fresh) {
  const placedAt = (order) => order.createdAt ?? order.updatedAt;
  const orders = [...state.orders.values()].sort((a, b) => placedAt(b).localeCompare(placedAt(a)));
  $('orders-empty').hidden = orders.length > 0;
  const body = $('orders-body');
  for (const [orderId, row] of rows) {
    if (!state.orders.has(orderId)) {
      row.tr.remove();
      rows.delete(orderId);
    }
  }
  orders.forEach((order, index) => {
    let row = rows.get(order.orderId);
    if (!row) {
      row = createRow(order.orderId);
      rows.set(order.orderId, row);
    }
    updateRow(row, order, fresh.has(order.orderId));
    if (body.children[index] !== row.tr) body.insertBefore(row.tr, body.children[index] ?? null);
  });
}

function createRow(orderId) {
  const cell = (attributes = {}) => el('td', attributes);
  const cells = {
    age: cell({ class: 'age' }),
    id: el('td', { class: 'mono', title: orderId }, shortId(orderId)),
    customer: cell(),
    items: cell(),
    total: cell({ class: 'num' }),
    status: el('span', { class: 'badge status' }),
    reason: cell({ class: 'reason' }),
    saga: cell(),
  };
  const cancel = el('button', { type: 'button', 'aria-label': `Cancel order ${shortId(orderId)}`, onclick: () => cancelOrder(orderId) }, 'Cancel');
  const actions = el('td', {},
    el('button', { type: 'button', 'aria-label': `Timeline of order ${shortId(orderId)}`, onclick: () => openTimeline(orderId) }, 'Timeline'),
    cancel);
  const tr = el('tr', { 'data-order-id': orderId },
    cells.age, cells.id, cells.customer, cells.items, cells.total, el('td', {}, cells.status), cells.reason, cells.saga, actions);
  return { tr, cells, cancel, tags: '' };
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

function updateRow(row, order, fresh) {
  const { cells } = row;
  const placed = order.createdAt ?? order.updatedAt;
  cells.age.dataset.at = placed;
  cells.age.title = new Date(placed).toLocaleString();
  setText(cells.age, age(placed));
  setText(cells.customer, order.customerId ?? '—');
  setText(cells.items, (order.items ?? []).map((item) => `${item.quantity}× ${item.sku}`).join(', ') || '—');
  setText(cells.total, money(order.totalCents));
  setText(cells.status, order.status);
  cells.status.dataset.status = order.status;
  setText(cells.reason, order.reason ?? '');
  const tags = JSON.stringify([order.lastEvent, order.compensations, order.deadLetters, order.redeliveries]);
  if (tags !== row.tags) {
    row.tags = tags;
    cells.saga.replaceChildren(...sagaTags(order).filter(Boolean));
  }
  row.cancel.hidden = FINAL.has(order.status);
  row.tr.classList.toggle('selected', order.orderId === state.selected);
  if (fresh) {
    row.tr.classList.remove('fresh');
    void row.tr.offsetWidth; // restarts the highlight animation
    row.tr.classList.add('fresh');
  }
}

function sagaTags(order) {
  return [
    el('span', { class: 'tag' }, order.lastEvent || '…'),
    ...order.compensations.map((type) => el('span', { class: 'tag compensation' }, type === 'INVENTORY_RELEASED' ? 'stock released' : 'refunded')),
    order.deadLetters > 0 && el('span', { class: 'tag dead-letter' }, `${order.deadLetters} dead letter${order.deadLetters > 1 ? 's' : ''}`),
    order.redeliveries > 0 && el('span', { class: 'tag redelivered' }, `${order.redeliveries} redelivered`),
  ];
}

// ---- timeline ---------------------------------------------------------------------------------------

let timelineTimer;
function scheduleTimeline() {
  clearTimeout(timelineTimer);
  timelineTimer = setTimeout(() => loadTimeline(state.selected), 300);
}

function openTimeline(orderId) {
  state.selected = orderId;
  renderOrders(new Set());
  loadTimeline(orderId).then(() => $('timeline-title').focus());
}

async function loadTimeline(orderId) {
  if (!orderId) return;
  const response = await fetch(`/saga/api/orders/${encodeURIComponent(orderId)}/timeline`);
  if (orderId !== state.selected) return;
  const summary = $('timeline-summary');
  if (!response.ok) {
    summary.textContent = `Order ${orderId}: ${(await response.json().catch(() => ({}))).message ?? response.status}`;
    $('timeline-steps').replaceChildren();
    return;
  }
  const { steps } = await response.json();
  const order = state.orders.get(orderId);
  summary.replaceChildren(
    el('span', { class: 'mono' }, orderId),
    ...[
      order && ` · ${order.customerId ?? '?'} · `,
      order && el('span', { class: 'badge', 'data-status': order.status }, order.status),
      order?.reason && ` ${order.reason}`,
    ].filter(Boolean),
  );
  summary.classList.remove('empty');
  const first = steps.length ? Date.parse(steps[0].at) : 0;
  $('timeline-steps').replaceChildren(
    ...steps.map((step) =>
      el(
        'li',
        { 'data-kind': step.kind, 'data-type': step.type },
        el(
          'div',
          { class: 'step-head' },
          el('span', { class: 'step-time' }, `${clock(step.at)} (+${Date.parse(step.at) - first} ms)`),
          el('span', { class: 'service' }, step.service),
          el('span', { class: 'step-type' }, step.type),
          step.kind === 'cancel' && el('span', { class: 'tag compensation' }, 'compensation starts'),
          step.kind === 'compensation' && el('span', { class: 'tag compensation' }, 'compensation'),
          step.kind === 'dead-letter' && el('span', { class: 'tag dead-letter' }, `dead-lettered after ${step.attempts} attempt${step.attempts > 1 ? 's' : ''}`),
          step.deliveries > 1 && el('span', { class: 'tag redelivered' }, `delivered ${step.deliveries}×`),
        ),
        step.detail && el('div', { class: 'step-detail' }, step.detail),
        step.effect && el('div', { class: 'step-detail' }, `order: ${step.effect}`),
      ),
    ),
  );
}

// ---- stock and balances -----------------------------------------------------------------------------

let siblingsTimer;
function scheduleSiblings() {
  clearTimeout(siblingsTimer);
  siblingsTimer = setTimeout(refreshSiblings, 500);
}

async function refreshSiblings() {
  await Promise.all([
    loadInto('/saga/api/stock', 'stock', (products) => {
      $('skus').replaceChildren(...products.map((p) => el('option', { value: p.sku }, p.name)));
      return products.map((p) =>
        el('tr', { 'data-sku': p.sku }, el('td', { title: p.name }, p.sku), el('td', { class: 'num' }, money(p.priceCents)),
          el('td', { class: 'num available' }, p.available), el('td', { class: 'num reserved' }, p.reserved), el('td', { class: 'num sold' }, p.sold)),
      );
    }),
    loadInto('/saga/api/balances', 'balances', (accounts) => {
      $('customers').replaceChildren(...accounts.map((a) => el('option', { value: a.customerId })));
      return accounts.map((a) => el('tr', { 'data-customer': a.customerId }, el('td', {}, a.customerId), el('td', { class: 'num balance' }, money(a.balanceCents))));
    }),
  ]);
}

async function loadInto(url, panel, rows) {
  const error = $(`${panel}-error`);
  try {
    const response = await fetch(url);
    const body = await response.json();
    if (!response.ok) throw new Error(body.message ?? `answered ${response.status}`);
    $(`${panel}-body`).replaceChildren(...rows(body));
    error.hidden = true;
  } catch (failure) {
    error.textContent = failure.message;
    error.hidden = false;
  }
}

// ---- per-minute outcomes, lag, dead letters ---------------------------------------------------------

function renderWindows(view) {
  const grace = Math.round(view.graceMs / 1000);
  $('minutes-caption').textContent =
    `Tumbling 1-minute windows of event time, ${grace} s grace; ${view.lateEvents} late event${view.lateEvents === 1 ? '' : 's'} dropped.`;
  const cell = (window, key) => el('td', { class: 'num', 'data-key': key }, window.counts[key] ?? 0);
  $('minutes-body').replaceChildren(
    ...view.windows.map((window) =>
      el('tr', { 'data-start': window.start },
        el('td', {}, new Date(window.start).toLocaleTimeString([], { hour12: false, hour: '2-digit', minute: '2-digit' })),
        cell(window, 'placed'), cell(window, 'confirmed'), cell(window, 'OUT_OF_STOCK'), cell(window, 'PAYMENT_DECLINED'),
        cell(window, 'TIMEOUT'), cell(window, 'CUSTOMER_CANCELLED'),
        el('td', {}, window.closed ? 'final' : 'open')),
    ),
  );
}

function renderLag(lag) {
  $('lag-caption').textContent = lag.error ?? `Committed offsets against end offsets, per group and topic (${clock(lag.at)}).`;
  // The view's own consumer reads six topics and commits nothing: one summed row says what matters.
  const own = lag.rows.filter((row) => row.inMemory);
  const rows = lag.rows.filter((row) => !row.inMemory);
  if (own.length > 0) {
    rows.push({ groupId: own[0].groupId, topic: 'all saga and DLT topics', lag: own.reduce((sum, row) => sum + row.lag, 0), inMemory: true });
  }
  $('lag-body').replaceChildren(
    ...rows.map((row) =>
      el('tr', { 'data-group': row.groupId, 'data-topic': row.topic },
        el('td', { title: row.groupId }, row.inMemory ? 'this live view (in memory)' : row.groupId),
        el('td', {}, row.topic),
        el('td', { class: 'num' }, row.lag)),
    ),
  );
}

function renderDeadLetters(deadLetters) {
  state.deadLetters = deadLetters;
  $('dlt-empty').hidden = deadLetters.length > 0;
  $('dlt-list').replaceChildren(
    ...deadLetters.map((letter) =>
      el('li', {},
        el('div', { class: 'step-head' },
          el('span', { class: 'step-time' }, clock(letter.failedAt)),
          el('span', { class: 'tag dead-letter' }, letter.reason),
          el('span', { class: 'step-type' }, `${letter.eventType ?? 'record'} → ${letter.source.topic}`),
          el('span', {}, `by ${letter.consumerGroup} after ${letter.attempts} attempt${letter.attempts > 1 ? 's' : ''}`),
          letter.orderId && el('button', { type: 'button', class: 'secondary', onclick: () => openTimeline(letter.orderId) }, `Order ${shortId(letter.orderId)}`)),
        el('div', { class: 'step-detail', title: letter.error }, letter.error.length > 160 ? `${letter.error.slice(0, 160)}…` : letter.error)),
    ),
  );
}

// ---- place and cancel -------------------------------------------------------------------------------

let lineCount = 0;
function addLine(sku = '', quantity = 1) {
  lineCount += 1;
  const id = `line-${lineCount}`;
  const line = el('div', { class: 'line' },
    el('div', {}, el('label', { for: `${id}-sku` }, 'Product (SKU)'),
      el('input', { id: `${id}-sku`, name: 'sku', list: 'skus', required: true, value: sku, autocomplete: 'off', spellcheck: 'false' })),
    el('div', {}, el('label', { for: `${id}-qty` }, 'Quantity'),
      el('input', { id: `${id}-qty`, name: 'quantity', type: 'number', min: 1, max: 1000, required: true, value: quantity })),
  );
  line.append(el('button', { type: 'button', class: 'secondary', 'aria-label': `Remove line ${lineCount}`, onclick: () => line.remove() }, 'Remove'));
  $('lines').append(line);
}

function say(text, tone) {
  const result = $('action-result');
  result.textContent = text;
  result.dataset.tone = tone;
}

async function placeOrder(event) {
  event.preventDefault();
  const customerId = $('customer').value.trim();
  const items = [...$('lines').querySelectorAll('.line')].map((line) => ({
    sku: line.querySelector('[name="sku"]').value.trim().toUpperCase(),
    quantity: Number(line.querySelector('[name="quantity"]').value),
  }));
  // randomUUID exists only in a secure context (https, localhost); without a key the POST is simply not idempotent.
  const idempotencyKey = globalThis.crypto?.randomUUID?.();
  const response = await fetch('/orders', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(idempotencyKey && { 'idempotency-key': idempotencyKey }) },
    body: JSON.stringify({ customerId, items }),
  });
  const body = await response.json().catch(() => ({}));
  if (response.ok) say(`Order ${body.orderId} placed (${body.status}).`, 'ok');
  else say(`Not placed: ${[].concat(body.message ?? response.status).join('; ')}`, 'bad');
}

async function cancelOrder(orderId) {
  const response = await fetch(`/orders/${encodeURIComponent(orderId)}/cancel`, { method: 'POST' });
  const body = await response.json().catch(() => ({}));
  if (response.ok) say(`Order ${orderId} cancelled; compensation follows.`, 'ok');
  else say(`Order ${orderId} not cancelled: ${[].concat(body.message ?? response.status).join('; ')}`, 'bad');
}

document.addEventListener('DOMContentLoaded', () => {
  addLine('KEYBOARD-01', 1);
  $('add-line').addEventListener('click', () => addLine());
  $('place-form').addEventListener('submit', placeOrder);
  $('cancel-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const orderId = $('cancel-id').value.trim();
    if (orderId) cancelOrder(orderId);
    else say('Enter the id of the order to cancel.', 'bad');
  });
  setInterval(() => {
    for (const cell of document.querySelectorAll('td.age')) cell.textContent = age(cell.dataset.at);
  }, 1000);
  connect();
});
