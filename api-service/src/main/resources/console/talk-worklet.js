// The microphone's samples for push-to-talk (talk.js), from the audio rendering thread to the page:
// each block of the first channel as it comes (128 samples), resampled to 8 kHz there.
'use strict';

class TalkCapture extends AudioWorkletProcessor {
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel && channel.length) {
      this.port.postMessage(channel.slice(0));
    }
    return true;
  }
}

registerProcessor('talk-capture', TalkCapture);
