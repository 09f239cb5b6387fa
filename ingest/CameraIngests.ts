// Every courtroom IP camera taking part in a hearing, pulled over RTSP: one RtspIngest per camera
// attachment (a device participant with an RTSP URL) while its hearing has not ended and the
// device is neither removed nor revoked. The ingest's link is the device's presence: live → the
// participant joins (connected) and its status is 'live'; down → 'down' and disconnected.
// With several nodes, only the node that holds a hearing's lease pulls its cameras.
import type { DeviceRegistry } from '../core/hearing/DeviceRegistry.js';
import type { HearingService } from '../core/hearing/HearingService.js';
import type { Store } from '../core/hearing/ports.js';
import type { DeviceRecord, ParticipantRecord, ParticipantRef } from '../core/hearing/types.js';
import type { DeviceStatus } from '../core/protocol/model.js';
import { TypedEmitter } from '../core/lib/TypedEmitter.js';
import type { MediaRooms } from '../media/MediaRooms.js';
import { RtspIngest, type RtspIngestOptions } from './RtspIngest.js';
import type { CameraNetworks } from './CameraNetworks.js';

export interface CameraIngestsDeps {
  devices: DeviceRegistry;
  service: HearingService;
  media: Pick<MediaRooms, 'room'>;
  store: Pick<Store, 'participants'>;
  /** Where cameras may be (VCOURT_CAMERA_NETWORKS), checked before every connection. */
  networks: CameraNetworks;
  /** Opens a camera's sealed URL (DeviceRecord.rtspSealed), for ffmpeg only. */
  openUrl: (device: DeviceRecord) => string;
  /** Reconnect timings and the like (tests and benches shorten them). */
  ingest?: Pick<RtspIngestOptions, 'backoff' | 'staleMs' | 'firstPacketMs' | 'probeTimeoutMs'>;
  log?: (line: string) => void;
  /**
   * With several nodes: whether this node holds the hearing (its lease). Only its holder pulls a
   * hearing's cameras; startHearing/stopHearing follow the lease. One machine: every hearing.
   */
  holds?: (hearingId: string) => boolean;
}

export type CameraIngestsEvents = {
  /** A camera's link changed, after the hearing has been told. */
  status: [participantId: string, status: DeviceStatus];
};

interface Running {
  ref: ParticipantRef;
  deviceId: string;
  ingest: RtspIngest;
  /** Status changes are applied to the hearing one after another, in order. */
  chain: Promise<void>;
}

export class CameraIngests extends TypedEmitter<CameraIngestsEvents> {
  readonly #running = new Map<string, Running>();
  #closed = false;
  readonly #unsubscribe: (() => void)[] = [];

  constructor(private readonly deps: CameraIngestsDeps) {
    super();
  }

  /**
   * Follows the registry and the hearings, then pulls every camera already attached to a running
   * hearing (one attached meanwhile is pulled once: #add skips a participant already running).
   */
  async start(): Promise<void> {
    const { devices, service } = this.deps;
    const onAttached = (p: ParticipantRecord, d: DeviceRecord) => this.#add(p, d);
    const onRevoked = (_d: DeviceRecord, ps: ParticipantRecord[]) => ps.forEach((p) => this.#remove(p.id));
    const onEvict = (participantId: string) => this.#remove(participantId);
    const onState = (hearingId: string, state: string) => {
      if (state === 'adjourned') this.stopHearing(hearingId);
    };
    devices.on('attached', onAttached);
    devices.on('revoked', onRevoked);
    service.on('evict', onEvict);
    service.on('stateChanged', onState);
    this.#unsubscribe.push(
      () => devices.off('attached', onAttached),
      () => devices.off('revoked', onRevoked),
      () => service.off('evict', onEvict),
      () => service.off('stateChanged', onState),
    );
    for (const a of await devices.activeAttachments()) this.#add(a.participant, a.device);
  }

  /** Pulls the cameras of a hearing this node now holds (its lease acquired, or taken over). */
  async startHearing(hearingId: string): Promise<void> {
    for (const a of await this.deps.devices.activeAttachments()) {
      if (a.participant.hearingId === hearingId) this.#add(a.participant, a.device);
    }
  }

  /** Stops the cameras of a hearing this node no longer holds (its lease lost). */
  stopHearing(hearingId: string): void {
    for (const [id, r] of this.#running) if (r.ref.hearingId === hearingId) this.#remove(id);
  }

  /** The ingest of a camera participant (tests and benches watch it). */
  ingest(participantId: string): RtspIngest | undefined {
    return this.#running.get(participantId)?.ingest;
  }

  get size(): number {
    return this.#running.size;
  }

  #add(participant: ParticipantRecord, device: DeviceRecord): void {
    if (this.#closed || device.kind !== 'camera' || !device.rtspSealed || device.revokedAt) return;
    if (participant.status !== 'admitted' || this.#running.has(participant.id)) return;
    if (this.deps.holds && !this.deps.holds(participant.hearingId)) return; // another node's, or nobody's yet
    const ref = { hearingId: participant.hearingId, participantId: participant.id };
    const { media, store, log, networks, openUrl } = this.deps;
    const ingest = new RtspIngest({
      ...this.deps.ingest,
      url: () => openUrl(device),
      label: device.rtspUrl ?? device.name,
      networks,
      participantId: participant.id,
      room: () => media.room(ref.hearingId),
      // A camera the judge muted stays muted across reconnections.
      paused: async (kind) => {
        const p = await store.participants.get(participant.id);
        return !!p && (kind === 'audio' ? p.forcedMuteAudio : p.forcedMuteVideo);
      },
      log,
    });
    const running: Running = { ref, deviceId: device.id, ingest, chain: Promise.resolve() };
    this.#running.set(participant.id, running);
    ingest.on('status', (status) => {
      running.chain = running.chain
        .then(() => this.#apply(running, status))
        .catch((e: unknown) => {
          log?.(`[camera] ${device.name} (${participant.id}): ${String(e)}`);
        });
    });
    ingest.start();
  }

  async #apply(running: Running, status: DeviceStatus): Promise<void> {
    if (running.ingest.closed) return;
    const { service } = this.deps;
    const { ref } = running;
    // Presence first, status last: the judge's last word on the camera is consistent (live and
    // connected, or down and disconnected).
    if (status === 'live') await service.join(ref);
    if (status === 'down') await service.disconnected(ref);
    await service.setDeviceStatus(ref.hearingId, ref.participantId, status);
    this.safeEmit('status', ref.participantId, status);
  }

  #remove(participantId: string): void {
    const running = this.#running.get(participantId);
    if (!running) return;
    this.#running.delete(participantId);
    running.ingest.close();
  }

  /** Stops every camera (server shutdown). Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const off of this.#unsubscribe.splice(0)) off();
    for (const id of [...this.#running.keys()]) this.#remove(id);
    this.removeAllListeners();
  }
}
