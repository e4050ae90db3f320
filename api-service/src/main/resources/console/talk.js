// Push-to-talk beside the channel's view (voice broadcast, GB/T 28181-2016 §9.12): while the button is
// held (or, with "latch", from one click to the next) the channel's speaker plays the microphone.
// POST .../broadcast {"source": "websocket"} answers the talk's audioUrl on a media node; the microphone
// (getUserMedia) is resampled here to 8 kHz mono, signed 16-bit little-endian PCM, and sent in binary
// frames of 20 ms on that WebSocket; letting go closes it and ends the talk (DELETE /talks/{id}).
// Loads after console.js and uses its helpers. The browser gives the microphone only to a secure page
// (https, or the console opened on localhost / 127.0.0.1).
'use strict';

const TALK_RATE = 8000;
const TALK_FRAME_SAMPLES = 160; // 20 ms at 8 kHz
// frames queued on the WebSocket beyond this (a node that does not read) are dropped, not buffered
const TALK_MAX_BUFFERED_BYTES = 64 * 1024;

const talk = {
  panel: $('talk-panel'),
  button: $('talk'),
  latch: $('talk-latch'),
  info: $('talk-state'),
  channel: null, // { deviceId, channelId } the button talks to
  session: null, // the talk under way (see startTalk)
};

/**
 * Turns the microphone's samples (any rate, float -1..1) into 8 kHz signed 16-bit PCM frames of 20 ms:
 * each output sample is the mean of the input samples of its 1/8000 s (a box filter: the low-pass
 * that keeps what lies above 4 kHz from folding back), the fraction carried over between calls.
 */
class PcmResampler {
  constructor(inputRate, onFrame) {
    this.step = inputRate / TALK_RATE;
    this.onFrame = onFrame;
    this.sum = 0;
    this.count = 0;
    this.span = 0;
    this.frame = new DataView(new ArrayBuffer(TALK_FRAME_SAMPLES * 2));
    this.filled = 0;
  }

  push(samples) {
    for (let i = 0; i < samples.length; i++) {
      this.sum += samples[i];
      this.count++;
      this.span += 1;
      if (this.span >= this.step) {
        this.span -= this.step;
        const mean = Math.max(-1, Math.min(1, this.sum / this.count));
        this.sum = 0;
        this.count = 0;
        this.frame.setInt16(this.filled * 2, Math.round(mean * 32767), true);
        if (++this.filled === TALK_FRAME_SAMPLES) {
          this.onFrame(this.frame.buffer.slice(0));
          this.filled = 0;
        }
      }
    }
  }
}

function talkOutcome(text, stateName) {
  talk.info.textContent = text;
  talk.panel.dataset.state = stateName;
}

/** The talk button's channel (null: none); a talk to another channel ends. */
function talkChannel(deviceId, channelId) {
  const same = talk.channel && channelId && talk.channel.deviceId === deviceId && talk.channel.channelId === channelId;
  if (!same) {
    stopTalk();
    talk.channel = channelId ? { deviceId, channelId } : null;
    if (channelId) {
      talkOutcome('', 'idle');
    }
  }
}

/** The microphone as a stream of float samples handed to {@code sink}; resolves to what stops it. */
async function openMicrophone(sink) {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    throw new Error('this page may not use the microphone (open the console over https or on localhost)');
  }
  const media = await navigator.mediaDevices.getUserMedia(
      { audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true }, video: false });
  const context = new AudioContext();
  const source = context.createMediaStreamSource(media);
  const resampler = new PcmResampler(context.sampleRate, sink);
  let node;
  if (context.audioWorklet) {
    await context.audioWorklet.addModule('talk-worklet.js');
    node = new AudioWorkletNode(context, 'talk-capture', { numberOfInputs: 1, numberOfOutputs: 0, channelCount: 1,
      channelCountMode: 'explicit' });
    node.port.onmessage = event => resampler.push(event.data);
    source.connect(node);
  } else {
    // older browsers: the deprecated ScriptProcessor, muted on its way to the speakers
    node = context.createScriptProcessor(2048, 1, 1);
    node.onaudioprocess = event => resampler.push(event.inputBuffer.getChannelData(0));
    const mute = context.createGain();
    mute.gain.value = 0;
    source.connect(node);
    node.connect(mute);
    mute.connect(context.destination);
  }
  if (context.state === 'suspended') {
    await context.resume();
  }
  return () => {
    source.disconnect();
    node.disconnect();
    media.getTracks().forEach(track => track.stop());
    context.close();
  };
}

/** Opens the broadcast and the microphone at once; sends the microphone once both are there. */
async function startTalk() {
  const channel = talk.channel;
  if (!channel || talk.session) {
    return;
  }
  const session = { channel, talkId: null, socket: null, stopMicrophone: null, frames: 0, dropped: 0, ended: false };
  talk.session = session;
  talk.button.classList.add('held');
  talkOutcome('opening the channel\'s speaker…', 'opening');
  const frames = [];
  const send = frame => {
    if (session.ended) {
      return;
    }
    if (!session.socket || session.socket.readyState !== WebSocket.OPEN) {
      frames.push(frame); // what was said while the talk was being set up
      return;
    }
    if (session.socket.bufferedAmount > TALK_MAX_BUFFERED_BYTES) {
      session.dropped++;
      return;
    }
    session.socket.send(frame);
    session.frames++;
  };
  const opened = api('POST', '/devices/' + encodeURIComponent(channel.deviceId) + '/channels/'
      + encodeURIComponent(channel.channelId) + '/broadcast', { source: 'websocket' });
  const microphone = openMicrophone(send);
  try {
    const answer = await opened;
    session.talkId = answer.talkId;
    talk.panel.dataset.talkId = answer.talkId;
    session.stopMicrophone = await microphone;
    if (session.ended) {
      endTalk(session);
      return;
    }
    const socket = new WebSocket(reachableUrl(answer.audioUrl));
    socket.binaryType = 'arraybuffer';
    socket.onmessage = () => {}; // what the node may send back is not played
    socket.onopen = () => {
      frames.splice(0).forEach(send);
      talkOutcome('talking (' + answer.codec + ' over ' + answer.transport + ')', 'talking');
    };
    socket.onclose = event => {
      if (!session.ended) {
        talkOutcome('the talk ended' + (event.reason ? ': ' + event.reason : ''), 'ended');
        stopTalk();
      }
    };
    session.socket = socket;
  } catch (err) {
    microphone.then(stop => stop(), () => {});
    session.ended = true;
    if (session.talkId) {
      endTalk(session);
    }
    talk.session = null;
    talk.button.classList.remove('held');
    talk.button.textContent = 'Hold to talk';
    talkOutcome('Talk: ' + err.message, 'error');
  }
}

/** Lets go: the microphone stops, the WebSocket closes after what it holds, and the talk is ended. */
function stopTalk() {
  const session = talk.session;
  talk.session = null;
  talk.button.classList.remove('held');
  talk.button.textContent = 'Hold to talk';
  if (!session || session.ended) {
    return;
  }
  session.ended = true;
  if (session.talkId) {
    endTalk(session);
  }
  // else: the broadcast is still being opened; startTalk ends it when it answers
}

async function endTalk(session) {
  if (session.stopMicrophone) {
    session.stopMicrophone();
  }
  if (session.socket && session.socket.readyState <= WebSocket.OPEN) {
    session.socket.close(1000, 'released');
  }
  try {
    await api('DELETE', '/talks/' + encodeURIComponent(session.talkId));
    if (talk.session === null) {
      talkOutcome('talk ended: ' + session.frames + ' frames of 20 ms sent'
          + (session.dropped ? ', ' + session.dropped + ' dropped' : ''), 'ended');
    }
  } catch (err) {
    // gone already (the device hung up): nothing to end
    if (err.status !== 404) {
      talkOutcome('End of talk: ' + err.message, 'error');
    }
  }
  delete talk.panel.dataset.talkId;
}

talk.button.addEventListener('pointerdown', event => {
  if (event.button !== 0 || talk.latch.checked) {
    return;
  }
  event.preventDefault();
  talk.button.setPointerCapture(event.pointerId);
  startTalk();
});
for (const end of ['pointerup', 'pointercancel']) {
  talk.button.addEventListener(end, () => talk.latch.checked || stopTalk());
}
talk.button.addEventListener('click', () => {
  if (!talk.latch.checked) {
    return;
  }
  if (talk.session) {
    stopTalk();
  } else {
    startTalk();
    talk.button.textContent = 'Stop talking';
  }
});
talk.latch.addEventListener('change', () => stopTalk());
// the page going away ends the talk rather than leaving the speaker to the node's silence
window.addEventListener('pagehide', () => {
  const session = talk.session;
  if (session && session.talkId) {
    fetch('/api/v1/talks/' + encodeURIComponent(session.talkId),
        { method: 'DELETE', headers: { 'Authorization': 'Bearer ' + state.token }, keepalive: true });
  }
});
