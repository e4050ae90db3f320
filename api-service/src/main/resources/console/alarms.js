// The console's alarms table: stored alarms a keyset page at a time (GET /alarms, newest first) and
// the live feed (GET /alarms/stream, Server-Sent Events) adding new ones at the top as they arrive.
// Uses api(), cell() and state from console.js, loaded before this file.
'use strict';

const ALARM_PAGE = 50;
// a storm must not grow the page without end: past this, the oldest rows are let go
const MAX_ALARM_ROWS = 1000;
const FEED_RETRY_MIN_MILLIS = 1000;
const FEED_RETRY_MAX_MILLIS = 30000;
// the alarm methods of GB/T 28181-2016 (the AlarmMethod of §9.4's notification)
const ALARM_METHODS = { 1: 'phone', 2: 'device', 3: 'SMS', 4: 'GPS', 5: 'video', 6: 'fault', 7: 'other' };

const alarms = {
  body: $('alarms').tBodies[0],
  live: $('alarms-live'),
  older: $('alarms-older'),
  info: $('alarms-info'),
  filter: {},
  next: null,
  shown: new Set(),
  feed: null,
  retryMillis: FEED_RETRY_MIN_MILLIS,
  retryTimer: null,
};

function readAlarmFilter() {
  const since = $('alarm-since').value;
  return {
    deviceId: $('alarm-device').value.trim(),
    priority: $('alarm-priority').value,
    method: $('alarm-method').value,
    // datetime-local is the browser's local time; the API takes an instant
    since: since ? new Date(since).toISOString() : '',
  };
}

function alarmQuery(filter, after) {
  const q = new URLSearchParams({ limit: String(ALARM_PAGE) });
  for (const name of ['deviceId', 'priority', 'method', 'since']) {
    if (filter[name]) {
      q.set(name, filter[name]);
    }
  }
  if (after) {
    q.set('after', after);
  }
  return '/alarms?' + q;
}

/** The stored alarms from the newest, replacing the table (or, with older, the page after the last one). */
async function loadAlarms(older) {
  const filter = alarms.filter;
  try {
    const page = await api('GET', alarmQuery(filter, older ? alarms.next : null));
    if (filter !== alarms.filter) {
      return;
    }
    if (!older) {
      alarms.body.replaceChildren();
      alarms.shown.clear();
      // what the table lists, for whoever reads the page
      alarms.body.dataset.listed = alarmQuery(filter, null);
    }
    for (const alarm of page.items) {
      if (!alarms.shown.has(alarm.alarmId)) {
        alarms.body.append(alarmRow(alarm));
        alarms.shown.add(alarm.alarmId);
      }
    }
    alarms.next = page.next || null;
    alarms.older.hidden = !alarms.next;
    alarms.info.textContent = alarms.body.rows.length === 0 ? 'no alarms' : '';
  } catch (err) {
    alarms.info.textContent = 'Alarms: ' + err.message;
  }
}

function alarmRow(alarm) {
  const row = document.createElement('tr');
  row.dataset.alarmId = alarm.alarmId;
  row.dataset.deviceId = alarm.deviceId;
  row.dataset.priority = alarm.priority || '';
  cell(row, alarm.receivedAt ? new Date(alarm.receivedAt).toLocaleString() : '').title = 'device time: ' + (alarm.alarmTime || '?');
  cell(row, alarm.deviceId, 'id');
  cell(row, alarm.channelId, 'id');
  cell(row, alarm.priority, 'priority-' + (alarm.priority || 'x'));
  cell(row, alarm.method + (ALARM_METHODS[alarm.method] ? ' ' + ALARM_METHODS[alarm.method] : ''));
  cell(row, alarm.type);
  cell(row, alarm.description);
  return row;
}

/** The feed filters by device only; the other filters are applied here. */
function passesFilter(alarm, filter) {
  return (!filter.deviceId || alarm.deviceId === filter.deviceId)
      && (!filter.priority || alarm.priority === filter.priority)
      && (!filter.method || alarm.method === filter.method)
      && (!filter.since || !alarm.receivedAt || Date.parse(alarm.receivedAt) >= Date.parse(filter.since));
}

function onLiveAlarm(alarm) {
  if (alarms.shown.has(alarm.alarmId) || !passesFilter(alarm, alarms.filter)) {
    return;
  }
  const row = alarmRow(alarm);
  row.classList.add('new');
  alarms.body.prepend(row);
  alarms.shown.add(alarm.alarmId);
  alarms.info.textContent = '';
  while (alarms.body.rows.length > MAX_ALARM_ROWS) {
    const last = alarms.body.rows[alarms.body.rows.length - 1];
    alarms.shown.delete(last.dataset.alarmId);
    last.remove();
    // the page cursor no longer follows the last row shown
    alarms.next = null;
    alarms.older.hidden = true;
    alarms.info.textContent = 'showing the newest ' + MAX_ALARM_ROWS + '; Apply lists from the newest again';
  }
}

// ---- the live feed -------------------------------------------------------------------------

function setLive(text, feedState) {
  alarms.live.textContent = text;
  alarms.live.dataset.state = feedState;
}

/**
 * Reads the feed with fetch rather than EventSource: fetch sends the token in the Authorization
 * header, where EventSource could only put it in the URL (and so in every log on the way).
 * After each (re)connection the first page is listed again, which fills whatever the gap missed.
 */
async function openFeed() {
  closeFeed();
  if (!state.token) {
    setLive('', 'off');
    return;
  }
  setLive('connecting…', 'connecting');
  const feed = new AbortController();
  alarms.feed = feed;
  const filter = alarms.filter;
  const path = '/api/v1/alarms/stream' + (filter.deviceId ? '?deviceId=' + encodeURIComponent(filter.deviceId) : '');
  try {
    const response = await fetch(path, { headers: { 'Authorization': 'Bearer ' + state.token, 'Accept': 'text/event-stream' },
      signal: feed.signal, cache: 'no-store' });
    if (!response.ok) {
      const problem = await response.json().catch(() => null);
      throw new ApiError(response.status, problem && (problem.detail || problem.title));
    }
    setLive('live', 'live');
    alarms.retryMillis = FEED_RETRY_MIN_MILLIS;
    loadAlarms(false);
    await readEvents(response.body.getReader(), onFeedEvent);
    throw new Error('the feed ended');
  } catch (err) {
    if (feed.signal.aborted) {
      return;
    }
    if (err.status === 401 || err.status === 400) {
      // a new token or new filters open it again
      setLive('not live: ' + err.message, 'off');
      return;
    }
    setLive('reconnecting…', 'retry');
    alarms.retryTimer = setTimeout(openFeed, alarms.retryMillis);
    alarms.retryMillis = Math.min(FEED_RETRY_MAX_MILLIS, alarms.retryMillis * 2);
  }
}

function closeFeed() {
  clearTimeout(alarms.retryTimer);
  if (alarms.feed) {
    alarms.feed.abort();
    alarms.feed = null;
  }
}

function onFeedEvent(type, data) {
  if (type === 'alarm') {
    try {
      onLiveAlarm(JSON.parse(data));
    } catch (err) {
      // a malformed event is skipped; the next listing shows what was stored
    }
  }
}

/** Server-Sent Events framing (HTML Living Standard §9.2.6): fields up to a blank line make one event. */
async function readEvents(reader, onEvent) {
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let type = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        const colon = line.indexOf(':');
        if (colon === 0) {
          continue; // a comment: the keepalive
        }
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') {
          type = text;
        } else if (field === 'data') {
          data.push(text);
        }
      }
      if (data.length > 0) {
        onEvent(type, data.join('\n'));
      }
    }
  }
}

// ---- start ---------------------------------------------------------------------------------

function applyAlarmFilter() {
  alarms.filter = readAlarmFilter();
  alarms.next = null;
  openFeed();
}

$('alarm-filters').addEventListener('submit', event => {
  event.preventDefault();
  applyAlarmFilter();
});
alarms.older.addEventListener('click', () => alarms.next && loadAlarms(true));
document.addEventListener('gbmesh:token', applyAlarmFilter);
window.addEventListener('pagehide', closeFeed);
applyAlarmFilter();
