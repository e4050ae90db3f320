// The gbmesh web console: lists the devices, their channels, and plays a channel's live video.
// Plain browser JavaScript, no build step; every call to /api/v1 carries the user's bearer token.
// control.js (PTZ, presets, device commands), recordings.js (the day timeline and playback) and
// alarms.js (the live alarms table) load after this file and use its helpers.
'use strict';

const TOKEN_KEY = 'gbmesh.apiToken';
const REFRESH_MILLIS = 3000;
// a device may have up to 10,000 channels (the gateway's cap); a table longer than that helps no one
const MAX_CHANNELS_SHOWN = 10000;
const LOOPBACK = /^(localhost|0\.0\.0\.0|127(\.\d{1,3}){3}|\[::1?\])$/;

const $ = id => document.getElementById(id);
const ui = {
  status: $('status'),
  token: $('token'),
  devices: $('devices').tBodies[0],
  deviceCount: $('device-count'),
  channelsPanel: $('channels-panel'),
  channelsDevice: $('channels-device'),
  channels: $('channels').tBodies[0],
  playerPanel: $('player-panel'),
  streamTitle: $('stream-title'),
  streamInfo: $('stream-info'),
  video: $('player'),
  videoBox: $('video-box'),
  stop: $('stop'),
};

const state = { token: localStorage.getItem(TOKEN_KEY) || '', selectedDevice: null, stream: null, player: null };

class ApiError extends Error {
  constructor(status, detail) {
    super(detail || ('HTTP ' + status));
    this.status = status;
  }
}

/** Calls the API; resolves to the parsed JSON body (null when there is none). */
async function api(method, path, body) {
  const headers = { 'Authorization': 'Bearer ' + state.token };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch('/api/v1' + path,
      { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const detail = json && (json.detail || json.title);
    throw new ApiError(response.status, response.status === 401
        ? 'the API refused the token (' + (detail || 'unauthorized') + ')' : detail);
  }
  return json;
}

// One line of status; `source` names who set it, so that only they clear it.
function showStatus(text, isError, source) {
  ui.status.textContent = text || '';
  ui.status.classList.toggle('error', !!isError);
  ui.status.dataset.source = source || '';
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text == null ? '' : String(text);
  if (className) {
    td.className = className;
  }
  return td;
}

function stateCell(row, online) {
  cell(row, online ? 'online' : 'offline', online ? 'state-online' : 'state-offline');
}

// ---- devices -------------------------------------------------------------------------------

async function refreshDevices() {
  if (!state.token) {
    showStatus('Enter an API token: the launcher prints the admin token at its first start.', false, 'devices');
    return;
  }
  try {
    const page = await api('GET', '/devices?limit=500');
    renderDevices(page.items);
    ui.deviceCount.textContent = page.items.filter(d => d.online).length + ' online of ' + page.total;
    if (ui.status.dataset.source === 'devices') {
      showStatus('');
    }
  } catch (err) {
    if (err.status === 401) {
      // what another token showed is not this one's to see
      renderDevices([]);
      ui.deviceCount.textContent = '';
    }
    showStatus('Devices: ' + err.message, true, 'devices');
  }
}

// Rows are rebuilt only when what they show changed: a table replaced every few seconds would lose
// the user's hover and selection, and a click landing on a row just replaced.
let renderedDevices = null;

function renderDevices(devices) {
  const shown = JSON.stringify([state.selectedDevice,
    devices.map(d => [d.deviceId, d.name || d.deviceName, d.manufacturer, !!d.online])]);
  if (shown === renderedDevices) {
    return;
  }
  renderedDevices = shown;
  const rows = devices.map(d => {
    const row = document.createElement('tr');
    row.dataset.deviceId = d.deviceId;
    row.dataset.online = String(!!d.online);
    cell(row, d.deviceId, 'id');
    cell(row, d.name || d.deviceName);
    cell(row, d.manufacturer);
    stateCell(row, d.online);
    row.classList.toggle('selected', d.deviceId === state.selectedDevice);
    row.addEventListener('click', () => selectDevice(d.deviceId));
    return row;
  });
  ui.devices.replaceChildren(...rows);
}

// ---- channels ------------------------------------------------------------------------------

async function selectDevice(deviceId) {
  state.selectedDevice = deviceId;
  for (const row of ui.devices.rows) {
    row.classList.toggle('selected', row.dataset.deviceId === deviceId);
  }
  ui.channelsDevice.textContent = deviceId;
  resetDeviceCommands();
  ui.channelsPanel.hidden = false;
  ui.channels.replaceChildren();
  try {
    const items = await channelsOf(deviceId);
    if (state.selectedDevice !== deviceId) {
      return;
    }
    ui.channels.replaceChildren(...items.map(c => channelRow(deviceId, c)));
    setCommandTargets(items);
    if (items.length === 0) {
      cell(ui.channels.insertRow(), 'no channels known yet (the device has not sent its catalog)').colSpan = 4;
    }
  } catch (err) {
    showStatus('Channels of ' + deviceId + ': ' + err.message, true);
  }
}

// The channel list comes a page at a time: follow next while the device is still the selected one.
async function channelsOf(deviceId) {
  const path = '/devices/' + encodeURIComponent(deviceId) + '/channels?limit=1000';
  let page = await api('GET', path);
  const items = page.items.slice();
  while (page.next && state.selectedDevice === deviceId && items.length < MAX_CHANNELS_SHOWN) {
    page = await api('GET', path + '&after=' + encodeURIComponent(page.next));
    items.push(...page.items);
  }
  return items;
}

function channelRow(deviceId, channel) {
  const row = document.createElement('tr');
  row.dataset.channelId = channel.channelId;
  cell(row, channel.channelId, 'id');
  cell(row, channel.name);
  stateCell(row, channel.online !== false);
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'play';
  button.textContent = 'Play';
  button.addEventListener('click', () => button.disabled || startLive(deviceId, channel.channelId, button));
  const control = document.createElement('button');
  control.type = 'button';
  control.className = 'control';
  control.textContent = 'PTZ';
  control.title = 'pan, tilt, zoom and presets without video';
  control.addEventListener('click', () => openControl(deviceId, channel.channelId));
  const recordings = document.createElement('button');
  recordings.type = 'button';
  recordings.className = 'recordings';
  recordings.textContent = 'Recordings';
  recordings.title = "the channel's recordings of a day, to play back";
  recordings.addEventListener('click', () => openControl(deviceId, channel.channelId));
  row.insertCell().append(button, ' ', control, ' ', recordings);
  return row;
}

// ---- live video ----------------------------------------------------------------------------

/**
 * The FLV URL as this browser can reach it. A media node advertises the address devices send RTP
 * to; when that is a loopback or wildcard address and the console was opened from another host,
 * the media node is on the console's host (the one-JVM mesh), so that host is used instead.
 */
function reachableUrl(flv) {
  const url = new URL(flv, location.href);
  if (LOOPBACK.test(url.hostname) && !LOOPBACK.test(location.hostname)) {
    url.hostname = location.hostname;
  } else if (url.hostname === '0.0.0.0') {
    url.hostname = location.hostname || '127.0.0.1';
  }
  return url.toString();
}

/**
 * The viewer URL asking for the audio as AAC ({@code &audio=aac}): browsers do not play the G.711 most
 * cameras send, so the media node transcodes it (once per stream); AAC, or no audio, comes as it is.
 */
function withAacAudio(url) {
  const u = new URL(url);
  u.searchParams.set('audio', 'aac');
  return u.toString();
}

async function startLive(deviceId, channelId, button) {
  await stopLive();
  if (!mpegts.isSupported()) {
    showStatus('This browser has no Media Source Extensions: start the stream with the API and open its flv URL'
        + ' in a player such as ffplay.', true);
    return;
  }
  button.disabled = true;
  showStatus('Opening live video of ' + channelId + ' (the device is invited to stream)…');
  try {
    const stream = await api('POST', '/devices/' + encodeURIComponent(deviceId) + '/channels/'
        + encodeURIComponent(channelId) + '/live', { transport: 'udp' });
    state.stream = stream;
    playFlv(stream, withAacAudio(reachableUrl(stream.urls.flv)));
    showStatus('');
  } catch (err) {
    showStatus('Live video of ' + channelId + ': ' + err.message, true);
  } finally {
    button.disabled = false;
  }
}

/** Shows the channel's panel: its PTZ controls, and the video when a stream plays. */
function showChannel(deviceId, channelId, playing) {
  ui.playerPanel.hidden = false;
  ui.videoBox.hidden = !playing;
  ui.stop.textContent = playing ? 'Stop' : 'Close';
  ui.streamTitle.textContent = deviceId + ' / ' + channelId;
  controlChannel(deviceId, channelId);
  recordingsChannel(deviceId, channelId);
  talkChannel(deviceId, channelId);
}

async function openControl(deviceId, channelId) {
  await stopLive();
  showChannel(deviceId, channelId, false);
}

/**
 * Plays the stream's FLV in the channel's video. A playback's FLV carries the device's speed (4 s of
 * media a second at scale 4), so the caller sets the element's playbackRate to match; latency chasing
 * jumps to the newest frames only while the video plays, never while it is paused.
 */
function playFlv(stream, url, hasAudio) {
  showChannel(stream.deviceId, stream.channelId, true);
  ui.playerPanel.dataset.streamId = stream.streamId;
  ui.playerPanel.dataset.kind = stream.kind || 'live';
  ui.streamInfo.textContent = (stream.kind === 'playback' ? 'playback ' : 'stream ') + stream.streamId + ' · ' + url;
  ui.video.playbackRate = 1;
  const source = { type: 'flv', isLive: true, url };
  if (hasAudio !== undefined) {
    source.hasAudio = hasAudio;
  }
  const player = mpegts.createPlayer(source,
      { enableWorker: false, enableStashBuffer: false, liveBufferLatencyChasing: true });
  player.on(mpegts.Events.ERROR, (type, detail, info) => {
    if (hasAudio === undefined && stream.kind !== 'playback' && state.player === player && info
        && /addSourceBuffer/.test(info.msg || '')) {
      replayWithAudio(stream, url);
      return;
    }
    showStatus('Player: ' + type + ' ' + detail + (info && info.msg ? ' (' + info.msg + ')' : '')
        + ' while reading ' + url, true);
  });
  player.attachMediaElement(ui.video);
  player.load();
  const started = player.play();
  if (started && started.catch) {
    // AbortError: Stop (or another Play) came first
    started.catch(err => err.name === 'AbortError' || showStatus('Player: ' + err.message, true));
  }
  state.player = player;
}

/**
 * The sound came after the picture: a viewer that joined before the stream's first audio frame gets
 * an FLV header announcing video alone, the picture's buffer is made, and the browser then refuses a
 * buffer for the sound. The player is made again, told that the stream has sound, so that it waits
 * for both tracks before it plays (the stream goes on; only the player is new).
 */
function replayWithAudio(stream, url) {
  const player = state.player;
  state.player = null;
  player.pause();
  player.unload();
  player.detachMediaElement();
  player.destroy();
  if (state.stream === stream) {
    playFlv(stream, url, true);
  }
}

/** Stops the stream playing (live or playback) and its player; the channel's panel stays. */
async function stopStream() {
  const { player, stream } = state;
  state.player = null;
  state.stream = null;
  if (player) {
    player.pause();
    player.unload();
    player.detachMediaElement();
    player.destroy();
  }
  delete ui.playerPanel.dataset.streamId;
  delete ui.playerPanel.dataset.kind;
  playbackStopped();
  if (stream) {
    try {
      await api('DELETE', '/streams/' + encodeURIComponent(stream.streamId));
    } catch (err) {
      // already gone (closed by its media node): nothing to stop
      if (err.status !== 404) {
        showStatus('Stop: ' + err.message, true);
      }
    }
  }
}

/** Stops the stream and puts the channel's panel away. */
async function stopLive() {
  const stopping = stopStream();
  ui.playerPanel.hidden = true;
  controlChannel(null, null);
  recordingsChannel(null, null);
  talkChannel(null, null);
  await stopping;
}

// ---- start ---------------------------------------------------------------------------------

$('token-form').addEventListener('submit', event => {
  event.preventDefault();
  state.token = ui.token.value.trim();
  localStorage.setItem(TOKEN_KEY, state.token);
  showStatus('');
  refreshDevices();
  document.dispatchEvent(new Event('gbmesh:token'));
});
$('stop').addEventListener('click', () => stopLive());
// Leaving the page stops the stream rather than leaving it until the media node's idle timeout.
window.addEventListener('pagehide', () => {
  if (state.stream) {
    fetch('/api/v1/streams/' + encodeURIComponent(state.stream.streamId),
        { method: 'DELETE', headers: { 'Authorization': 'Bearer ' + state.token }, keepalive: true });
  }
});

ui.token.value = state.token;
refreshDevices();
setInterval(refreshDevices, REFRESH_MILLIS);
