// The browser softphone over JsSIP: registers at login, acquires the microphone, then calls the
// agent-login extension once and keeps that permanent channel for the shift (the dialer bridges
// debtors into it). Reports every state change into the store; reconnects on its own.
import JsSIP from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { AppStore } from '../../store/createAppStore.js';
import type { PhoneControl } from '../../store/types.js';
import type { SipConfig } from './sipConfig.js';

// When the permanent channel drops (dialer restarting, Asterisk reload) it is reopened with backoff.
const CHANNEL_RETRY_MIN_MS = 1000;
const CHANNEL_RETRY_MAX_MS = 30_000;
// A channel that stayed up this long was healthy: the next drop starts the backoff again.
const CHANNEL_HEALTHY_MS = 10_000;

export interface JssipPhoneOptions {
  getUserMedia?: (c: MediaStreamConstraints) => Promise<MediaStream>;
  audioElement?: HTMLAudioElement;
}

export function startJssipPhone(store: AppStore, cfg: SipConfig, opts: JssipPhoneOptions = {}): PhoneControl {
  const setPhone = (p: Parameters<ReturnType<AppStore['getState']>['setPhone']>[0]) => store.getState().setPhone(p);
  const gum = opts.getUserMedia ?? ((c) => navigator.mediaDevices.getUserMedia(c));
  const audio = opts.audioElement ?? new Audio();
  audio.autoplay = true;

  let ua: JsSIP.UA | null = null;
  let session: RTCSession | null = null;
  let mic: MediaStream | null = null;
  let stopped = false;
  let everRegistered = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let retryDelay = CHANNEL_RETRY_MIN_MS;
  let channelUpAt = 0;

  async function acquireMic(): Promise<MediaStream | null> {
    if (mic && mic.getAudioTracks().some((t) => t.readyState === 'live')) return mic;
    try {
      mic = await gum({ audio: true, video: false });
      setPhone({ mic: 'granted' });
      return mic;
    } catch (e) {
      // NotAllowedError = refused by the user or policy; anything else = no device.
      setPhone({ mic: 'denied', error: 'mic_denied_help', detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
      return null;
    }
  }

  function openChannel(stream: MediaStream): void {
    if (!ua || stopped || session) return;
    const t0 = performance.now();
    setPhone({ channel: 'calling' });
    session = ua.call(cfg.loginExtension, {
      mediaStream: stream,
      pcConfig: { iceServers: [] },
      ...(cfg.app ? { extraHeaders: [`X-Cobranza-App: ${cfg.app}`] } : {}),
      rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: false },
      // Attached through the options: a listener added after call() returns misses 'peerconnection'.
      eventHandlers: {
        peerconnection: (e: { peerconnection: RTCPeerConnection }) => {
          e.peerconnection.addEventListener('track', (ev) => {
            const [remote] = ev.streams;
            if (remote) audio.srcObject = remote;
          });
        },
        confirmed: () => {
          channelUpAt = performance.now();
          setPhone({ channel: 'up', channelUpInMs: Math.round(channelUpAt - t0), error: null, detail: null });
        },
        ended: () => channelGone('ended'),
        failed: (e: { cause?: string }) => channelGone(e.cause ?? 'failed'),
      },
    });
  }

  function channelGone(cause: string): void {
    session = null;
    setPhone({ channel: 'ended', muted: false, held: false, detail: cause });
    scheduleChannelRetry();
  }

  function scheduleChannelRetry(): void {
    if (stopped || retryTimer) return;
    if (channelUpAt && performance.now() - channelUpAt > CHANNEL_HEALTHY_MS) retryDelay = CHANNEL_RETRY_MIN_MS;
    channelUpAt = 0;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (ua?.isRegistered() && mic) openChannel(mic);
    }, retryDelay);
    retryDelay = Math.min(CHANNEL_RETRY_MAX_MS, retryDelay * 2);
  }

  async function start(): Promise<void> {
    setPhone({ registration: 'connecting', error: null, detail: null });
    const stream = await acquireMic();
    if (!stream || stopped) {
      setPhone({ registration: 'disconnected' });
      return;
    }
    const t0 = performance.now();
    const socket = new JsSIP.WebSocketInterface(cfg.wsUrl);
    ua = new JsSIP.UA({
      sockets: [socket],
      uri: cfg.uri,
      password: cfg.password,
      display_name: cfg.displayName,
      register: true,
      session_timers: false,
      connection_recovery_min_interval: 1,
      connection_recovery_max_interval: 8,
    });
    ua.on('registered', () => {
      const first = !everRegistered;
      everRegistered = true;
      setPhone({ registration: 'registered', error: null, ...(first ? { registeredInMs: Math.round(performance.now() - t0) } : {}) });
      if (!session) openChannel(stream);
    });
    ua.on('registrationFailed', (e: { cause?: string }) => setPhone({ registration: 'failed', detail: e.cause ?? null }));
    ua.on('disconnected', () => {
      if (stopped) return;
      setPhone({ registration: 'lost', error: 'conn_lost', reconnects: store.getState().phone.reconnects + 1 });
    });
    ua.on('connected', () => {
      if (store.getState().phone.registration === 'lost') setPhone({ registration: 'connecting', error: null });
    });
    ua.start();
  }

  void start();

  return {
    setMuted(muted) {
      if (!session) return;
      if (muted) session.mute({ audio: true });
      else session.unmute({ audio: true });
      setPhone({ muted });
    },
    setHeld(held) {
      if (!session) return;
      if (held) session.hold();
      else session.unhold();
      setPhone({ held });
    },
    sendDtmf(digit) {
      session?.sendDTMF(digit, { transportType: JsSIP.C.DTMF_TRANSPORT.RFC2833 });
    },
    retry() {
      if (ua) {
        ua.stop();
        ua = null;
      }
      session = null;
      void start();
    },
    stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      session?.terminate();
      session = null;
      ua?.stop();
      mic?.getTracks().forEach((t) => t.stop());
      setPhone({ registration: 'disconnected', channel: 'idle' });
    },
  };
}
