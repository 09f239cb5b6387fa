// Our own captured tracks: microphone, camera, screen. They belong to the participant, not to a
// transport, so they outlive producers across media rebuilds (nobody is asked for permission
// twice) and stop only when the session closes — which also turns the camera light off.
import { TRACK_KIND, captureScreen, captureTrack, type DevicePrefs } from './localMedia.js';
import type { MediaSource } from './protocol.js';

export type LocalTrackMap = Partial<Record<MediaSource, MediaStreamTrack>>;

interface Callbacks {
  /** The set of tracks changed (captured, stopped). */
  onChange: (tracks: LocalTrackMap) => void;
  /** A capture failed; the source stays unavailable until asked again. */
  onError: (source: MediaSource, error: unknown) => void;
}

export class LocalTracks {
  readonly #prefs: DevicePrefs;
  readonly #callbacks: Callbacks;
  readonly #tracks: LocalTrackMap = {};
  /** Captures in progress, so overlapping callers never open a device twice. */
  readonly #capturing: Partial<Record<'mic' | 'camera', Promise<MediaStreamTrack | null>>> = {};
  #screenPicking = false;
  #closed = false;

  constructor(prefs: DevicePrefs, callbacks: Callbacks) {
    this.#prefs = prefs;
    this.#callbacks = callbacks;
  }

  get(source: MediaSource): MediaStreamTrack | null {
    const track = this.#tracks[source];
    return track && track.readyState === 'live' ? track : null;
  }

  /** The live mic or camera track, capturing it if needed. Null if unavailable (never rejects). */
  ensure(source: 'mic' | 'camera'): Promise<MediaStreamTrack | null> {
    const live = this.get(source);
    if (live || this.#closed) return Promise.resolve(live);
    const pending = this.#capturing[source];
    if (pending) return pending;
    const capture = this.#capture(source).finally(() => {
      delete this.#capturing[source];
    });
    this.#capturing[source] = capture;
    return capture;
  }

  /**
   * Ask the browser for a screen (or window) to share. Null when the participant cancels the
   * picker, a share is already running or being picked, or the session closed meanwhile.
   */
  async pickScreen(onEnded: () => void): Promise<MediaStreamTrack | null> {
    if (this.#closed || this.get('screen') || this.#screenPicking) return null;
    this.#screenPicking = true;
    let track: MediaStreamTrack;
    try {
      track = await captureScreen();
    } catch (error) {
      // NotAllowedError: the participant closed the picker; nothing to report.
      if ((error as { name?: string }).name !== 'NotAllowedError') this.#callbacks.onError('screen', error);
      return null;
    } finally {
      this.#screenPicking = false;
    }
    if (this.#closed) {
      track.stop();
      return null;
    }
    // The browser's own "Stop sharing" bar ends the track.
    track.addEventListener('ended', onEnded);
    this.#set('screen', track);
    return track;
  }

  stop(source: MediaSource): void {
    const track = this.#tracks[source];
    if (!track) return;
    track.stop();
    delete this.#tracks[source];
    this.#callbacks.onChange({ ...this.#tracks });
  }

  /** Stop everything for good; later captures are refused. */
  close(): void {
    this.#closed = true;
    for (const source of Object.keys(this.#tracks) as MediaSource[]) this.#tracks[source]?.stop();
    for (const source of Object.keys(this.#tracks) as MediaSource[]) delete this.#tracks[source];
    this.#callbacks.onChange({});
  }

  async #capture(source: 'mic' | 'camera'): Promise<MediaStreamTrack | null> {
    const kind = TRACK_KIND[source];
    try {
      const track = await captureTrack(kind, kind === 'audio' ? this.#prefs.audioDeviceId : this.#prefs.videoDeviceId);
      if (this.#closed) {
        track.stop(); // the session ended while the browser was opening the device
        return null;
      }
      this.#set(source, track);
      return track;
    } catch (error) {
      this.#callbacks.onError(source, error);
      return null;
    }
  }

  #set(source: MediaSource, track: MediaStreamTrack): void {
    this.#tracks[source] = track;
    this.#callbacks.onChange({ ...this.#tracks });
  }
}
