// Who is live right now: the participants whose socket is connected, what each device ingest
// reports about its link, and the recorder's latest status per hearing. Not persisted: it is
// rebuilt as sockets reconnect and ingests and the recorder report again after a restart.
import type { DeviceStatus, RecordingStatusView } from '../protocol/model.js';

export class Presence {
  readonly #connected = new Set<string>();
  /** What server-side device ingests (RTSP cameras) report, per participant. */
  readonly #deviceStatus = new Map<string, DeviceStatus>();
  /** The recorder's latest status per hearing, for the bench's snapshot. */
  readonly #recording = new Map<string, RecordingStatusView>();

  isConnected(participantId: string): boolean {
    return this.#connected.has(participantId);
  }

  connect(participantId: string): void {
    this.#connected.add(participantId);
  }

  /** Returns whether the participant was connected. */
  disconnect(participantId: string): boolean {
    return this.#connected.delete(participantId);
  }

  /** Disconnects the participant and drops their device status; returns whether they were connected. */
  forget(participantId: string): boolean {
    this.#deviceStatus.delete(participantId);
    return this.#connected.delete(participantId);
  }

  deviceStatus(participantId: string): DeviceStatus | undefined {
    return this.#deviceStatus.get(participantId);
  }

  /** Returns false when the device already had this status (nothing to announce). */
  setDeviceStatus(participantId: string, status: DeviceStatus): boolean {
    if (this.#deviceStatus.get(participantId) === status) return false;
    this.#deviceStatus.set(participantId, status);
    return true;
  }

  recording(hearingId: string): RecordingStatusView | undefined {
    return this.#recording.get(hearingId);
  }

  setRecording(hearingId: string, status: RecordingStatusView): void {
    this.#recording.set(hearingId, status);
  }
}
