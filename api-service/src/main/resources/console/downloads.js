// The downloads list (GET /api/v1/downloads): each download's state, progress (media time written over
// the range asked), the speed achieved (media seconds per wall second), and a link to its MP4 once
// there is a file. A download is started from the recordings timeline (recordings.js). The file's
// link is the media node's signed URL the API redirects to (GET /downloads/{id}/file, which needs the
// bearer token a plain link cannot carry), asked for once and again when it grows old.
'use strict';

const DOWNLOADS_REFRESH_MILLIS = 1000;
// the media node's URL is signed for GB_MEDIA_URL_TTL_S (an hour by default): ask again well before
const DOWNLOAD_LINK_MAX_AGE_MILLIS = 10 * 60 * 1000;

const downloads = {
  table: $('downloads').tBodies[0],
  info: $('downloads-info'),
  links: new Map(), // downloadId -> { url, at } of its file on the media node
  asking: new Map(), // downloadId -> the promise of its URL while the API is asked
};

/** The media node's URL of a download's file: where the API's redirect leads (one byte read). */
async function downloadFileUrl(id) {
  const known = downloads.links.get(id);
  if (known && Date.now() - known.at < DOWNLOAD_LINK_MAX_AGE_MILLIS) {
    return known.url;
  }
  if (!downloads.asking.has(id)) {
    downloads.asking.set(id, (async () => {
      try {
        const response = await fetch('/api/v1/downloads/' + encodeURIComponent(id) + '/file',
            { headers: { 'Authorization': 'Bearer ' + state.token, 'Range': 'bytes=0-0' } });
        if (!response.ok) {
          throw new ApiError(response.status, await response.text());
        }
        await response.arrayBuffer();
        const url = reachableUrl(response.url);
        downloads.links.set(id, { url, at: Date.now() });
        return url;
      } finally {
        downloads.asking.delete(id);
      }
    })());
  }
  return downloads.asking.get(id);
}

function downloadRow(d) {
  const row = document.createElement('tr');
  row.dataset.downloadId = d.downloadId;
  row.dataset.state = d.state;
  row.dataset.progress = String(d.progress);
  cell(row, d.downloadId, 'id');
  cell(row, d.deviceId + ' / ' + d.channelId, 'id');
  cell(row, clock(d.start) + ' – ' + clock(d.end) + ' at ' + d.speed + 'x');
  cell(row, d.state + (d.reason ? ' (' + d.reason + ')' : ''), 'download-state');
  const bar = document.createElement('progress');
  bar.max = 1;
  bar.value = d.progress || 0;
  row.insertCell().append(bar, ' ' + Math.round(100 * (d.progress || 0)) + ' %');
  cell(row, d.speedAchieved ? d.speedAchieved.toFixed(1) + 'x' : '', 'speed');
  const file = row.insertCell();
  if (d.bytes > 0) {
    const link = document.createElement('a');
    link.className = 'download-file';
    link.textContent = (d.state === 'done' ? 'MP4' : 'MP4 so far') + ' (' + (d.bytes / 1048576).toFixed(1) + ' MB)';
    link.download = d.downloadId + '.mp4';
    const known = downloads.links.get(d.downloadId);
    if (known) {
      link.href = known.url;
    }
    // a click resolves (or refreshes) the signed URL first, then follows it
    link.addEventListener('click', async event => {
      const cached = downloads.links.get(d.downloadId);
      if (cached && Date.now() - cached.at < DOWNLOAD_LINK_MAX_AGE_MILLIS && link.href === cached.url) {
        return;
      }
      event.preventDefault();
      try {
        link.href = await downloadFileUrl(d.downloadId);
        link.click();
      } catch (err) {
        downloads.info.textContent = 'File of ' + d.downloadId + ': ' + err.message;
      }
    });
    file.append(link);
    if (!known) {
      downloadFileUrl(d.downloadId).then(url => {
        link.href = url;
      }, () => {});
    }
  }
  if (d.state === 'running' || d.state === 'queued') {
    const stop = document.createElement('button');
    stop.type = 'button';
    stop.className = 'download-stop';
    stop.textContent = 'Stop';
    stop.addEventListener('click', () => api('DELETE', '/downloads/' + encodeURIComponent(d.downloadId))
        .then(refreshDownloads, err => {
          downloads.info.textContent = 'Stop ' + d.downloadId + ': ' + err.message;
        }));
    file.append(' ', stop);
  }
  return row;
}

let shownDownloads = null;

async function refreshDownloads() {
  if (!state.token) {
    return;
  }
  try {
    const list = await api('GET', '/downloads');
    const items = list.items.slice().sort((a, b) => b.requestedAt - a.requestedAt);
    const shown = JSON.stringify(items.map(d => [d.downloadId, d.state, d.progress, d.bytes, d.speedAchieved, d.reason,
      downloads.links.has(d.downloadId)]));
    if (shown !== shownDownloads) {
      shownDownloads = shown;
      downloads.table.replaceChildren(...items.map(downloadRow));
      if (items.length === 0) {
        cell(downloads.table.insertRow(), 'no downloads yet: pick a range on a channel\'s recordings').colSpan = 7;
      }
    }
    downloads.info.textContent = items.length + (items.length === 1 ? ' download' : ' downloads');
  } catch (err) {
    downloads.info.textContent = 'Downloads: ' + err.message;
  }
}

document.addEventListener('gbmesh:token', () => refreshDownloads());
document.addEventListener('gbmesh:download-started', () => refreshDownloads());
refreshDownloads();
setInterval(refreshDownloads, DOWNLOADS_REFRESH_MILLIS);
