// The distribution table: every stream the mesh runs (GET /api/v1/streams), who watches it by protocol
// (HTTP-FLV, fMP4, HLS) and where it is pushed (each push with its state), and how long it has been
// idle (no viewer, no push), refreshed every few seconds. Loads after console.js and uses its helpers.
'use strict';

const distribution = {
  table: $('distribution').tBodies[0],
  info: $('distribution-info'),
  shown: null, // what the rows show, so that they are rebuilt only when it changed
};

function idleText(millis) {
  if (millis == null) {
    return '?';
  }
  if (millis === 0) {
    return 'watched';
  }
  const seconds = Math.round(millis / 1000);
  return seconds < 60 ? seconds + ' s' : Math.floor(seconds / 60) + ' min ' + (seconds % 60) + ' s';
}

function pushHost(url) {
  try {
    const u = new URL(url);
    return u.protocol + '//' + u.host + u.pathname;
  } catch (err) {
    return url;
  }
}

function distributionRow(s) {
  const byProtocol = s.viewersByProtocol || {};
  const pushes = s.pushes || [];
  const row = document.createElement('tr');
  row.dataset.streamId = s.streamId;
  row.dataset.flv = String(byProtocol.flv || 0);
  row.dataset.mp4 = String(byProtocol.mp4 || 0);
  row.dataset.hls = String(byProtocol.hls || 0);
  row.dataset.push = String(pushes.length);
  cell(row, s.streamId, 'id');
  cell(row, s.deviceId + ' / ' + s.channelId, 'id');
  cell(row, s.kind + (s.codec ? ' · ' + s.codec + (s.width ? ' ' + s.width + 'x' + s.height : '') : '')
      + (s.audioCodec && s.audioCodec !== 'UNKNOWN' ? ' + ' + s.audioCodec : ''));
  const viewers = cell(row, 'flv ' + row.dataset.flv + ' · mp4 ' + row.dataset.mp4 + ' · hls ' + row.dataset.hls
      + ' · push ' + row.dataset.push, 'viewers');
  viewers.title = (s.viewers == null ? '?' : s.viewers) + ' viewers on ' + s.mediaNode;
  const list = document.createElement('ul');
  list.className = 'pushes';
  for (const p of pushes) {
    const item = document.createElement('li');
    item.dataset.pushId = p.pushId;
    item.dataset.state = p.state;
    item.textContent = p.pushId + ' → ' + pushHost(p.url) + ': ' + p.state
        + (p.state === 'pushing' ? ' (' + (p.bitrateKbps || 0) + ' kbit/s)' : '')
        + (p.error && p.state !== 'pushing' ? ' — ' + p.error : '');
    item.title = p.framesPushed + ' frames pushed, ' + p.framesDropped + ' dropped, ' + p.reconnects + ' reconnects';
    list.append(item);
  }
  row.insertCell().append(list);
  cell(row, idleText(s.idleMillis), 'idle');
  return row;
}

async function refreshDistribution() {
  if (!state.token) {
    return;
  }
  try {
    const list = await api('GET', '/streams');
    const streams = list.streams.slice().sort((a, b) => a.streamId.localeCompare(b.streamId));
    const shown = JSON.stringify(streams.map(s => [s.streamId, s.kind, s.codec, s.audioCodec, s.viewersByProtocol,
      (s.pushes || []).map(p => [p.pushId, p.state, p.bitrateKbps, p.error]), Math.round((s.idleMillis || 0) / 1000)]));
    if (shown !== distribution.shown) {
      distribution.shown = shown;
      distribution.table.replaceChildren(...streams.map(distributionRow));
      if (streams.length === 0) {
        cell(distribution.table.insertRow(), 'no stream runs').colSpan = 6;
      }
    }
    distribution.info.textContent = list.total + (list.total === 1 ? ' stream' : ' streams');
    distribution.info.classList.remove('error');
  } catch (err) {
    distribution.info.textContent = 'Streams: ' + err.message;
    distribution.info.classList.add('error');
  }
}

document.addEventListener('gbmesh:token', () => refreshDistribution());
refreshDistribution();
setInterval(refreshDistribution, REFRESH_MILLIS);
