// The console's control of a camera: the PTZ panel beside a channel's live video (press-and-hold
// motions, lens, speed, presets) and the device commands of the selected device, each confirmed first.
// Uses api(), showStatus() and state from console.js, loaded before this file.
'use strict';

// A held direction is sent with durationMs, so that the gateway itself stops the dome when the page
// loses the release (a closed tab, a dropped network); while the button stays held the motion is
// sent again before that time runs out.
const PTZ_SAFETY_MILLIS = 3000;
const PTZ_RENEW_MILLIS = 2000;

const ptz = {
  panel: $('ptz-panel'),
  speed: $('ptz-speed'),
  speedValue: $('ptz-speed-value'),
  presets: $('presets'),
  presetNumber: $('preset-number'),
  result: $('ptz-result'),
  target: null,
  held: null,
  // Commands go one after the other: a release must not overtake the motion it ends.
  queue: Promise.resolve(),
};

function channelPath(target) {
  return '/devices/' + encodeURIComponent(target.deviceId) + '/channels/' + encodeURIComponent(target.channelId);
}

function showResult(element, text, isError) {
  element.textContent = text;
  element.classList.toggle('error', !!isError);
  element.dataset.outcome = isError ? 'error' : 'ok';
}

/**
 * Queues one call for the channel shown; resolves to its answer, or null once the failure is shown.
 * A quiet call (a listing) shows only its failure, leaving the outcome of the last command in view.
 */
function channelCall(method, suffix, body, label, quiet) {
  const target = ptz.target;
  if (!target) {
    return Promise.resolve(null);
  }
  const call = ptz.queue.then(() => api(method, channelPath(target) + suffix, body)).then(answer => {
    if (ptz.target === target && !quiet) {
      showResult(ptz.result, label + ': OK');
    }
    return answer;
  }, err => {
    if (ptz.target === target) {
      showResult(ptz.result, label + ': ' + err.message, true);
    }
    return null;
  });
  ptz.queue = call;
  return call;
}

function ptzCommand(command, durationMs) {
  const body = { command, speed: Number(ptz.speed.value) };
  if (durationMs) {
    body.durationMs = durationMs;
  }
  return channelCall('POST', '/ptz', body, command);
}

// ---- press and hold ------------------------------------------------------------------------

function press(button) {
  if (ptz.held || !ptz.target) {
    return;
  }
  const command = button.dataset.ptz;
  button.classList.add('held');
  const held = { button, command, pending: false };
  // a device slow to answer is not sent a queue of renewals: the release would wait behind them all
  const move = () => {
    if (!held.pending) {
      held.pending = true;
      ptzCommand(command, PTZ_SAFETY_MILLIS).then(() => {
        held.pending = false;
      });
    }
  };
  held.renew = setInterval(move, PTZ_RENEW_MILLIS);
  ptz.held = held;
  move();
}

function release() {
  const held = ptz.held;
  if (!held) {
    return;
  }
  ptz.held = null;
  clearInterval(held.renew);
  held.button.classList.remove('held');
  ptzCommand('stop');
}

for (const button of ptz.panel.querySelectorAll('button.ptz')) {
  button.addEventListener('pointerdown', event => {
    if (event.button === 0) {
      event.preventDefault();
      press(button);
    }
  });
  for (const end of ['pointerup', 'pointerleave', 'pointercancel']) {
    button.addEventListener(end, () => ptz.held && ptz.held.button === button && release());
  }
  // the keyboard holds a motion too: Space or Enter down moves, up stops
  button.addEventListener('keydown', event => {
    if ((event.key === ' ' || event.key === 'Enter') && !event.repeat) {
      event.preventDefault();
      press(button);
    }
  });
  button.addEventListener('keyup', event => (event.key === ' ' || event.key === 'Enter') && release());
  button.addEventListener('contextmenu', event => event.preventDefault());
}
window.addEventListener('blur', release);
document.addEventListener('visibilitychange', () => document.hidden && release());
$('ptz-stop').addEventListener('click', () => {
  release();
  ptzCommand('stop');
});
ptz.speed.addEventListener('input', () => {
  ptz.speedValue.textContent = ptz.speed.value;
});

// ---- presets -------------------------------------------------------------------------------

async function loadPresets() {
  const target = ptz.target;
  ptz.presets.replaceChildren(presetNote('asking the device…'));
  const answer = await channelCall('GET', '/presets', undefined, 'presets', true);
  if (ptz.target !== target) {
    return;
  }
  if (!answer) {
    ptz.presets.replaceChildren(presetNote('the device did not list its presets'));
    return;
  }
  const list = answer.presets || [];
  ptz.presets.replaceChildren(...list.map(presetItem));
  if (list.length === 0) {
    ptz.presets.replaceChildren(presetNote('no presets'));
  }
}

function presetNote(text) {
  const li = document.createElement('li');
  li.className = 'hint';
  li.textContent = text;
  return li;
}

function presetItem(preset) {
  const li = document.createElement('li');
  li.dataset.preset = String(preset.id);
  const label = document.createElement('span');
  label.textContent = preset.id + (preset.name ? ' · ' + preset.name : '');
  li.append(label, presetButton('Call', 'call', () => channelCall('POST', '/presets/' + preset.id + '/call',
      undefined, 'call preset ' + preset.id)), presetButton('Delete', 'delete', async () => {
    await channelCall('DELETE', '/presets/' + preset.id, undefined, 'delete preset ' + preset.id);
    loadPresets();
  }));
  return li;
}

function presetButton(text, className, action) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = className;
  button.textContent = text;
  button.addEventListener('click', action);
  return button;
}

// GB/T 28181's preset instruction (A.3.4) carries only the number: the device names the preset itself.
$('preset-form').addEventListener('submit', async event => {
  event.preventDefault();
  const n = Number(ptz.presetNumber.value);
  if (!Number.isInteger(n) || n < 1 || n > 255) {
    showResult(ptz.result, 'a preset number is 1..255', true);
    return;
  }
  await channelCall('PUT', '/presets/' + n, undefined, 'set preset ' + n);
  loadPresets();
});
$('presets-refresh').addEventListener('click', () => loadPresets());

/** Shows the PTZ panel for a channel (null puts it away, stopping any motion held). */
function controlChannel(deviceId, channelId) {
  release();
  ptz.target = channelId ? { deviceId, channelId } : null;
  ptz.result.textContent = '';
  ptz.presets.replaceChildren();
  if (ptz.target) {
    loadPresets();
  }
}

// ---- device commands -----------------------------------------------------------------------

const commands = {
  target: $('command-target'),
  confirm: $('command-confirm'),
  question: $('command-question'),
  result: $('command-result'),
  pending: null,
};

for (const button of $('device-commands').querySelectorAll('button[data-command]')) {
  button.addEventListener('click', () => {
    const deviceId = state.selectedDevice;
    if (!deviceId) {
      return;
    }
    const channelId = commands.target.value || null;
    const on = channelId ? 'channel ' + channelId + ' of ' + deviceId : deviceId;
    commands.pending = { deviceId, channelId, on, command: button.dataset.command, label: button.textContent };
    commands.question.textContent = button.textContent + ' on ' + on + '?';
    commands.confirm.hidden = false;
    commands.result.textContent = '';
    $('command-ok').focus();
  });
}

$('command-cancel').addEventListener('click', () => {
  commands.pending = null;
  commands.confirm.hidden = true;
});

$('command-ok').addEventListener('click', async () => {
  const pending = commands.pending;
  commands.pending = null;
  commands.confirm.hidden = true;
  if (!pending) {
    return;
  }
  const what = pending.label + ' on ' + pending.on;
  showResult(commands.result, what + '…');
  delete commands.result.dataset.outcome;
  const body = { command: pending.command };
  if (pending.channelId) {
    body.channelId = pending.channelId;
  }
  try {
    await api('POST', '/devices/' + encodeURIComponent(pending.deviceId) + '/control', body);
    showResult(commands.result, what + ': OK');
  } catch (err) {
    showResult(commands.result, what + ': ' + err.message, true);
  }
});

/** A command goes to the device itself or, where chosen, to one of its channels (record, for one). */
function setCommandTargets(channels) {
  commands.target.replaceChildren(commands.target.options[0], ...channels.map(c => {
    const option = document.createElement('option');
    option.value = c.channelId;
    option.textContent = c.channelId + (c.name ? ' ' + c.name : '');
    return option;
  }));
}

/** A newly selected device: no question or answer about the last one stays on screen. */
function resetDeviceCommands() {
  setCommandTargets([]);
  commands.pending = null;
  commands.confirm.hidden = true;
  commands.result.textContent = '';
  delete commands.result.dataset.outcome;
}
