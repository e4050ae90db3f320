// The channel's recordings of a day on a timeline (RecordInfo through GET .../records), played back
// from where the user clicks or drags to, with pause, speed (0.5x to 8x) and seek sent to the device
// (POST /streams/{id}/control). Loads after console.js and uses its helpers; the playback plays in the
// channel's video like the live view.
'use strict';

const rec = {
  timeline: $('timeline'),
  segments: $('timeline-segments'),
  cursor: $('timeline-cursor'),
  target: $('timeline-target'),
  hours: $('timeline-hours'),
  day: $('day'),
  prev: $('day-prev'),
  next: $('day-next'),
  info: $('records-info'),
  vcr: $('vcr'),
  pause: $('vcr-pause'),
  speed: $('vcr-speed'),
  stopPlayback: $('vcr-stop'),
  position: $('vcr-position'),
  result: $('vcr-result'),
  channel: null, // { deviceId, channelId } whose recordings are shown
  dayStart: 0, // epoch seconds of the shown day's local midnight
  dayEnd: 0, // epoch seconds of the next day's local midnight (23 or 25 hours later on a DST change)
  runs: [], // the day's recordings merged where one file follows the other: [{ start, end }]
  loads: 0, // counts loads, so that an older answer never replaces a newer one
  busy: false, // a playback is being started or a control is on its way
  drag: null, // { x } where the pointer went down
  // { streamId, start, end, paused, scale, ended, anchorEpoch, anchorTime }: the video's time
  // anchorTime shows the recording's anchorEpoch (set at the start and at each seek)
  playback: null,
};

function twoDigits(n) {
  return String(n).padStart(2, '0');
}

function isoDay(date) {
  return date.getFullYear() + '-' + twoDigits(date.getMonth() + 1) + '-' + twoDigits(date.getDate());
}

/** The local midnight starting the day 'yyyy-mm-dd', moved by {@code offset} days, as a Date. */
function midnight(day, offset) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + (offset || 0));
}

function clock(epoch) {
  const t = new Date(epoch * 1000);
  return twoDigits(t.getHours()) + ':' + twoDigits(t.getMinutes()) + ':' + twoDigits(t.getSeconds());
}

function percentOf(epoch) {
  return (100 * (epoch - rec.dayStart) / (rec.dayEnd - rec.dayStart)) + '%';
}

/** The time under the pointer's x, within the day. */
function epochAt(clientX) {
  const box = rec.timeline.getBoundingClientRect();
  const fraction = Math.min(1, Math.max(0, (clientX - box.left) / box.width));
  return Math.round(rec.dayStart + fraction * (rec.dayEnd - rec.dayStart));
}

function vcrOutcome(text, ok) {
  rec.result.textContent = text;
  rec.result.dataset.outcome = ok ? 'ok' : 'error';
}

// ---- the day's recordings ------------------------------------------------------------------

/** Shows the recordings of a channel (null: none); the same channel again keeps its day and playback. */
function recordingsChannel(deviceId, channelId) {
  if (!channelId) {
    rec.channel = null;
    rec.loads++;
    return;
  }
  if (rec.channel && rec.channel.deviceId === deviceId && rec.channel.channelId === channelId) {
    return;
  }
  rec.channel = { deviceId, channelId };
  if (!rec.day.value) {
    rec.day.value = isoDay(new Date());
  }
  rec.result.textContent = '';
  loadDay();
}

async function loadDay() {
  const channel = rec.channel;
  if (!channel || !rec.day.value) {
    return;
  }
  const load = ++rec.loads;
  const today = isoDay(new Date());
  rec.next.disabled = rec.day.value >= today;
  rec.day.max = today;
  rec.dayStart = midnight(rec.day.value).getTime() / 1000;
  rec.dayEnd = midnight(rec.day.value, 1).getTime() / 1000;
  rec.timeline.dataset.state = 'loading';
  rec.timeline.dataset.day = rec.day.value;
  rec.info.textContent = 'asking the device…';
  rec.info.classList.remove('error');
  renderHours();
  moveCursor();
  try {
    const list = await api('GET', '/devices/' + encodeURIComponent(channel.deviceId) + '/channels/'
        + encodeURIComponent(channel.channelId) + '/records?start=' + rec.dayStart + '&end=' + (rec.dayEnd - 1) + '&type=all');
    if (load !== rec.loads) {
      return;
    }
    renderRecords(list.items);
    rec.info.textContent = list.items.length + (list.items.length === 1 ? ' recording' : ' recordings')
        + (list.complete === false ? ' (the device sent fewer than it announced)' : '');
    rec.timeline.dataset.state = 'loaded';
  } catch (err) {
    if (load !== rec.loads) {
      return;
    }
    renderRecords([]);
    rec.info.textContent = 'Recordings: ' + err.message;
    rec.info.classList.add('error');
    rec.timeline.dataset.state = 'error';
  }
}

function renderRecords(items) {
  const sorted = items.slice().sort((a, b) => a.startEpoch - b.startEpoch);
  rec.segments.replaceChildren(...sorted.map(item => {
    const segment = document.createElement('div');
    const start = Math.max(item.startEpoch, rec.dayStart);
    const end = Math.min(item.endEpoch, rec.dayEnd);
    segment.className = item.type || 'time';
    segment.dataset.start = String(item.startEpoch);
    segment.dataset.end = String(item.endEpoch);
    segment.style.left = percentOf(start);
    segment.style.width = percentOf(rec.dayStart + Math.max(0, end - start));
    segment.title = clock(item.startEpoch) + ' – ' + clock(item.endEpoch) + ' · ' + (item.type || 'time')
        + (item.name ? ' · ' + item.name : '');
    return segment;
  }));
  // one file following another within a second plays on as one range
  rec.runs = [];
  for (const item of sorted) {
    const last = rec.runs[rec.runs.length - 1];
    if (last && item.startEpoch <= last.end + 1) {
      last.end = Math.max(last.end, item.endEpoch);
    } else {
      rec.runs.push({ start: item.startEpoch, end: item.endEpoch });
    }
  }
  rec.timeline.dataset.count = String(sorted.length);
}

function renderHours() {
  const labels = [];
  for (let hour = 0; hour <= 24; hour += 3) {
    const label = document.createElement('span');
    label.textContent = twoDigits(hour) + ':00';
    label.style.left = (100 * hour / 24) + '%';
    labels.push(label);
  }
  rec.hours.replaceChildren(...labels);
}

function moveDay(days) {
  if (!rec.day.value) {
    return;
  }
  const day = isoDay(midnight(rec.day.value, days));
  if (day > isoDay(new Date())) {
    return;
  }
  rec.day.value = day;
  loadDay();
}

// ---- playback ------------------------------------------------------------------------------

/** Plays from {@code epoch} on: a seek when the playback under way holds that time, else a new playback. */
async function playAt(epoch) {
  const p = rec.playback;
  if (p && !p.ended && epoch >= p.start && epoch < p.end) {
    await seek(epoch);
  } else {
    await playFrom(epoch);
  }
}

/** Starts a playback from {@code epoch} (or the next recording after it) to the end of its run of files. */
async function playFrom(epoch) {
  const channel = rec.channel;
  const run = rec.runs.find(r => epoch < r.end);
  if (!channel || rec.busy) {
    return;
  }
  if (!run) {
    vcrOutcome('No recording at or after ' + clock(epoch) + ' this day.', false);
    return;
  }
  if (!mpegts.isSupported()) {
    vcrOutcome('This browser has no Media Source Extensions: start the playback with the API and open its flv URL'
        + ' in a player such as ffplay.', false);
    return;
  }
  const start = Math.max(epoch, run.start);
  rec.busy = true;
  await stopStream();
  vcrOutcome('Opening the recording from ' + clock(start) + ' (the device is invited to play it back)…', true);
  try {
    const answer = await api('POST', '/devices/' + encodeURIComponent(channel.deviceId) + '/channels/'
        + encodeURIComponent(channel.channelId) + '/playback', { start, end: run.end, transport: 'udp' });
    const stream = Object.assign({}, answer, { deviceId: channel.deviceId, channelId: channel.channelId, kind: 'playback' });
    if (rec.channel !== channel) {
      // the user went to another channel meanwhile: this playback is no one's
      await api('DELETE', '/streams/' + encodeURIComponent(stream.streamId)).catch(() => {});
      return;
    }
    state.stream = stream;
    rec.playback = { streamId: stream.streamId, start, end: run.end, paused: false, scale: 1, ended: false,
      anchorEpoch: start, anchorTime: null };
    playFlv(stream, reachableUrl(answer.urls.flv));
    state.player.on(mpegts.Events.LOADING_COMPLETE, () => {
      // the device's end of file ended the stream: what the video holds still plays out
      if (rec.playback && rec.playback.streamId === stream.streamId) {
        rec.playback.ended = true;
        rec.pause.disabled = true;
        rec.speed.disabled = true;
        vcrOutcome('The recording ended at ' + clock(rec.playback.end) + '.', true);
      }
    });
    rec.vcr.dataset.start = String(start);
    rec.vcr.dataset.end = String(run.end);
    rec.speed.value = '1';
    rec.pause.textContent = 'Pause';
    rec.pause.disabled = false;
    rec.speed.disabled = false;
    rec.vcr.hidden = false;
    vcrOutcome('playing from ' + clock(start), true);
  } catch (err) {
    vcrOutcome('Playback from ' + clock(start) + ': ' + err.message, false);
  } finally {
    rec.busy = false;
  }
}

/** Sends a control of the playback under way; resolves to true once the device took it. */
async function control(body, what) {
  const p = rec.playback;
  if (!p || rec.busy) {
    return false;
  }
  rec.busy = true;
  try {
    await api('POST', '/streams/' + encodeURIComponent(p.streamId) + '/control', body);
    vcrOutcome(what + ': OK', true);
    return rec.playback === p;
  } catch (err) {
    vcrOutcome(what + ': ' + err.message, false);
    return false;
  } finally {
    rec.busy = false;
  }
}

async function togglePause() {
  const p = rec.playback;
  if (!p) {
    return;
  }
  if (!p.paused) {
    if (await control({ action: 'pause' }, 'pause')) {
      p.paused = true;
      state.player.pause();
      rec.pause.textContent = 'Resume';
    }
  } else if (await control({ action: 'resume' }, 'resume')) {
    p.paused = false;
    resumeVideo();
    rec.pause.textContent = 'Pause';
  }
}

function resumeVideo() {
  const started = state.player && state.player.play();
  if (started && started.catch) {
    started.catch(err => err.name === 'AbortError' || vcrOutcome('Player: ' + err.message, false));
  }
}

async function changeSpeed() {
  const p = rec.playback;
  const scale = Number(rec.speed.value);
  if (!p) {
    return;
  }
  if (await control({ action: 'scale', scale }, 'speed ' + scale + 'x')) {
    // the device now sends `scale` seconds of media a second: the video plays them at that rate
    p.scale = scale;
    ui.video.playbackRate = scale;
  } else {
    rec.speed.value = String(p.scale);
  }
}

async function seek(epoch) {
  const p = rec.playback;
  const position = Math.max(0, Math.round(epoch - p.start));
  if (await control({ action: 'seek', position }, 'seek to ' + clock(p.start + position))) {
    // the new position's frames follow what the video holds already; a seek plays on (the device resumes)
    p.anchorEpoch = p.start + position;
    p.anchorTime = bufferedEnd();
    if (p.paused) {
      p.paused = false;
      resumeVideo();
      rec.pause.textContent = 'Pause';
    }
  }
}

function bufferedEnd() {
  const b = ui.video.buffered;
  return b.length ? b.end(b.length - 1) : ui.video.currentTime;
}

/** Called by console.js when the stream stops: the playback's controls go away. */
function playbackStopped() {
  rec.playback = null;
  rec.vcr.hidden = true;
  ui.video.playbackRate = 1;
  delete rec.timeline.dataset.position;
  moveCursor();
}

/** Puts the cursor at the time the video shows: the media time since the last start or seek. */
function moveCursor() {
  const p = rec.playback;
  if (!p || !state.player) {
    rec.cursor.hidden = true;
    rec.position.textContent = '';
    return;
  }
  if (p.anchorTime === null) {
    if (ui.video.currentTime === 0) {
      return; // nothing shown yet
    }
    p.anchorTime = ui.video.currentTime;
  }
  // after a seek, what the video held before still plays for a moment: the cursor waits at the target
  const epoch = Math.min(p.end, p.anchorEpoch + Math.max(0, ui.video.currentTime - p.anchorTime));
  rec.timeline.dataset.position = String(Math.round(epoch));
  rec.position.textContent = clock(epoch) + (p.paused ? ' (paused)' : '') + (p.scale !== 1 ? ' · ' + p.scale + 'x' : '');
  rec.cursor.hidden = epoch < rec.dayStart || epoch >= rec.dayEnd;
  rec.cursor.style.left = percentOf(epoch);
}

// ---- the pointer on the timeline: a click plays from there, a drag shows where it goes, then seeks

rec.timeline.addEventListener('pointerdown', event => {
  if (!rec.channel || event.button !== 0) {
    return;
  }
  rec.timeline.setPointerCapture(event.pointerId);
  rec.drag = { x: event.clientX };
  showTarget(event.clientX);
});
rec.timeline.addEventListener('pointermove', event => {
  if (rec.drag) {
    showTarget(event.clientX);
  }
});
rec.timeline.addEventListener('pointerup', event => {
  if (!rec.drag) {
    return;
  }
  rec.drag = null;
  rec.target.hidden = true;
  playAt(epochAt(event.clientX));
});
rec.timeline.addEventListener('pointercancel', () => {
  rec.drag = null;
  rec.target.hidden = true;
});

function showTarget(clientX) {
  const epoch = epochAt(clientX);
  rec.target.hidden = false;
  rec.target.style.left = percentOf(epoch);
  rec.target.title = clock(epoch);
  rec.position.textContent = '→ ' + clock(epoch);
}

rec.prev.addEventListener('click', () => moveDay(-1));
rec.next.addEventListener('click', () => moveDay(1));
rec.day.addEventListener('change', () => loadDay());
rec.pause.addEventListener('click', () => togglePause());
rec.speed.addEventListener('change', () => changeSpeed());
rec.stopPlayback.addEventListener('click', async () => {
  await stopStream();
  ui.videoBox.hidden = true;
  ui.stop.textContent = 'Close';
  vcrOutcome('playback stopped', true);
});
ui.video.addEventListener('timeupdate', () => moveCursor());

// ---- download of a range of the day ---------------------------------------------------------
// A click on the timeline also proposes a download from there to the end of that recording (at most
// DOWNLOAD_PROPOSED_SECONDS); the times can be changed before Download (POST .../downloads).

const DOWNLOAD_PROPOSED_SECONDS = 600;

const dl = {
  form: $('download-form'),
  from: $('download-from'),
  to: $('download-to'),
  speed: $('download-speed'),
  result: $('download-result'),
};

function timeOfDay(epoch) {
  return clock(epoch);
}

/** The epoch seconds of 'hh:mm[:ss]' on the shown day. */
function epochOfTime(value) {
  const [h, m, s] = value.split(':').map(Number);
  const [y, mo, d] = rec.day.value.split('-').map(Number);
  return new Date(y, mo - 1, d, h, m, s || 0).getTime() / 1000;
}

/** Proposes the range from {@code epoch} to the end of its recording (or the next one's). */
function proposeDownload(epoch) {
  const run = rec.runs.find(r => epoch < r.end);
  if (!run) {
    return;
  }
  const start = Math.max(epoch, run.start);
  const end = Math.min(run.end, start + DOWNLOAD_PROPOSED_SECONDS, rec.dayEnd - 1);
  dl.from.value = timeOfDay(start);
  dl.to.value = timeOfDay(end);
}

async function startDownload() {
  const channel = rec.channel;
  if (!channel || !dl.from.value || !dl.to.value) {
    return;
  }
  const start = epochOfTime(dl.from.value);
  const end = epochOfTime(dl.to.value);
  const speed = Number(dl.speed.value);
  dl.result.dataset.outcome = 'ok';
  dl.result.textContent = 'Asking the device for ' + clock(start) + ' – ' + clock(end) + ' at ' + speed + 'x…';
  try {
    const d = await api('POST', '/devices/' + encodeURIComponent(channel.deviceId) + '/channels/'
        + encodeURIComponent(channel.channelId) + '/downloads', { start, end, speed, transport: 'udp' });
    dl.result.textContent = 'Download ' + d.downloadId + ' started: see Downloads.';
    dl.result.dataset.downloadId = d.downloadId;
    document.dispatchEvent(new Event('gbmesh:download-started'));
  } catch (err) {
    dl.result.dataset.outcome = 'error';
    dl.result.textContent = 'Download: ' + err.message;
  }
}

dl.form.addEventListener('submit', event => {
  event.preventDefault();
  startDownload();
});
rec.timeline.addEventListener('pointerup', event => {
  if (rec.channel && event.button === 0) {
    proposeDownload(epochAt(event.clientX));
  }
});
