// Courtroom hardware registered at a site (IP cameras, WHIP encoders, TV displays). A device takes
// part in a hearing like a person does: as a participant of role 'device', admitted from the start
// (nobody is there to wait in a lobby), named after its site. Its credential is a device token whose
// id (jti) is the device's current tokenId; rotating or revoking it stops the old token at once.
import type { DeviceAttachmentView, DeviceKind, DeviceStatus, DeviceView } from '../protocol/model.js';
import { maskUrl } from '../lib/redact.js';
import { TypedEmitter } from '../lib/TypedEmitter.js';
import { AuditLog } from './AuditLog.js';
import { InvalidStateError, NotFoundError, PermissionDeniedError, ValidationError } from './errors.js';
import type { Clock, Sealer, Store } from './ports.js';
import type { Actor, DeviceRecord, HearingRecord, ParticipantRecord, SiteRecord } from './types.js';

const newId = (): string => globalThis.crypto.randomUUID();

export type DeviceRegistryEvents = {
  /** A device became a participant of a hearing (cameras start pulling, displays may join). */
  attached: [participant: ParticipantRecord, device: DeviceRecord];
  /** The device's token was revoked; `participants` are its attachments in hearings still running. */
  revoked: [device: DeviceRecord, participants: ParticipantRecord[]];
};

export interface Attachment {
  device: DeviceRecord;
  participant: ParticipantRecord;
  hearing: HearingRecord;
}

export class DeviceRegistry extends TypedEmitter<DeviceRegistryEvents> {
  readonly #audit: AuditLog;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    /** Seals a camera's URL (its password) before it is stored; only the camera ingest opens it. */
    private readonly sealer: Sealer,
  ) {
    super();
    this.#audit = new AuditLog(store, clock);
  }

  register(args: { siteId: string; kind: DeviceKind; name: string; rtspUrl?: string }): DeviceRecord {
    this.#site(args.siteId);
    if (args.kind === 'camera' && !args.rtspUrl) throw new ValidationError('A camera needs the RTSP URL the server pulls from');
    if (args.kind !== 'camera' && args.rtspUrl) throw new ValidationError('Only cameras have an RTSP URL');
    const id = newId();
    const device: DeviceRecord = {
      id,
      siteId: args.siteId,
      kind: args.kind,
      name: args.name,
      rtspUrl: args.rtspUrl ? maskUrl(args.rtspUrl) : null,
      rtspSealed: args.rtspUrl ? this.sealer.seal(args.rtspUrl, id) : null,
      tokenId: null,
      revokedAt: null,
      createdAt: this.clock.now().toISOString(),
    };
    this.store.devices.insert(device);
    return device;
  }

  get(id: string): DeviceRecord {
    const device = this.store.devices.get(id);
    if (!device) throw new NotFoundError('Device', id);
    return device;
  }

  list(): DeviceRecord[] {
    return this.store.devices.list();
  }

  view(device: DeviceRecord): DeviceView {
    return {
      id: device.id,
      siteId: device.siteId,
      siteName: this.store.sites.get(device.siteId)?.name ?? '',
      kind: device.kind,
      name: device.name,
      // Masked when stored; masked again here so that no view can ever carry a password.
      rtspUrl: device.rtspUrl === null ? null : maskUrl(device.rtspUrl),
      revoked: device.revokedAt !== null,
      createdAt: device.createdAt,
    };
  }

  /**
   * The hearings the device is attached to that have not ended, and its live link in each (`link`:
   * what its ingest or its own socket reports now, from the live hearings).
   */
  attachments(deviceId: string, link: (participantId: string) => DeviceStatus | undefined): DeviceAttachmentView[] {
    return this.store.participants
      .listByDevice(deviceId)
      .filter((p) => p.status !== 'removed')
      .flatMap((p) => {
        const hearing = this.store.hearings.get(p.hearingId);
        if (!hearing || hearing.state === 'adjourned') return [];
        const { id: hearingId, title, scheduledAt, state } = hearing;
        return [{ hearingId, title, scheduledAt, state, link: link(p.id) ?? null }];
      });
  }

  /** A new token id for the device; the token carrying the previous one stops working. */
  rotateToken(id: string): string {
    const device = this.get(id);
    if (device.revokedAt) throw new InvalidStateError('This device was revoked; register it again');
    const tokenId = newId();
    this.store.devices.update({ ...device, tokenId });
    return tokenId;
  }

  /** Revokes the device's token for good and takes it out of the hearings still running. */
  revoke(actor: Actor, id: string): DeviceRecord {
    const device = this.get(id);
    if (device.revokedAt) return device;
    const revoked: DeviceRecord = { ...device, tokenId: null, revokedAt: this.clock.now().toISOString() };
    const active = this.activeAttachments().filter((a) => a.device.id === id);
    this.store.transaction(() => {
      this.store.devices.update(revoked);
      for (const a of active) this.#audit.append(a.hearing.id, actor, 'device.revoked', { deviceId: id, participantId: a.participant.id });
    });
    this.safeEmit(
      'revoked',
      revoked,
      active.map((a) => a.participant),
    );
    return revoked;
  }

  /** Makes the device a participant of the hearing (idempotent: an existing attachment is returned). */
  attach(actor: Actor, hearingId: string, deviceId: string): ParticipantRecord {
    const hearing = this.store.hearings.get(hearingId);
    if (!hearing) throw new NotFoundError('Hearing', hearingId);
    if (hearing.state === 'adjourned') throw new InvalidStateError('The hearing has ended');
    const device = this.get(deviceId);
    if (device.revokedAt) throw new PermissionDeniedError('This device was revoked');
    const existing = this.store.participants.listByHearing(hearingId).find((p) => p.deviceId === deviceId);
    if (existing && existing.status === 'admitted') return existing;
    if (existing) throw new InvalidStateError(`This device was ${existing.status} from the hearing`);
    const site = this.#site(device.siteId);
    const participant: ParticipantRecord = {
      id: newId(),
      hearingId,
      displayName: `${site.name} · ${device.name}`,
      role: 'device',
      siteId: device.siteId,
      status: 'admitted',
      forcedMuteAudio: false,
      forcedMuteVideo: false,
      invitationId: null,
      deviceId: device.id,
      createdAt: this.clock.now().toISOString(),
    };
    this.store.transaction(() => {
      this.store.participants.insert(participant);
      this.#audit.append(hearingId, actor, 'device.attached', {
        participantId: participant.id,
        deviceId: device.id,
        kind: device.kind,
        displayName: participant.displayName,
      });
    });
    this.safeEmit('attached', participant, device);
    return participant;
  }

  /** A hearing held in a courtroom gets that courtroom's devices. */
  attachCourtroomDevices(actor: Actor, hearing: HearingRecord): ParticipantRecord[] {
    if (!hearing.courtroomSiteId) return [];
    return this.store.devices
      .listBySite(hearing.courtroomSiteId)
      .filter((d) => !d.revokedAt)
      .map((d) => this.attach(actor, hearing.id, d.id));
  }

  /** Every device taking part in a hearing that has not ended. */
  activeAttachments(): Attachment[] {
    const out: Attachment[] = [];
    for (const device of this.store.devices.list()) {
      if (device.revokedAt) continue;
      for (const participant of this.store.participants.listByDevice(device.id)) {
        const hearing = this.store.hearings.get(participant.hearingId);
        if (hearing && hearing.state !== 'adjourned' && participant.status === 'admitted') out.push({ device, participant, hearing });
      }
    }
    return out;
  }

  /** The hearing a device should be in now: the newest it is attached to that has not ended. */
  attachmentFor(deviceId: string): Attachment | null {
    const found = this.activeAttachments().filter((a) => a.device.id === deviceId);
    found.sort((a, b) => (a.hearing.scheduledAt < b.hearing.scheduledAt ? 1 : a.hearing.scheduledAt > b.hearing.scheduledAt ? -1 : 0));
    return found[0] ?? null;
  }

  #site(siteId: string): SiteRecord {
    const site = this.store.sites.get(siteId);
    if (!site) throw new NotFoundError('Site', siteId);
    return site;
  }
}
