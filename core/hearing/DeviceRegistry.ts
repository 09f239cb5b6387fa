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

  async register(args: { siteId: string; kind: DeviceKind; name: string; rtspUrl?: string }): Promise<DeviceRecord> {
    await this.#site(args.siteId);
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
    await this.store.devices.insert(device);
    return device;
  }

  async get(id: string): Promise<DeviceRecord> {
    const device = await this.store.devices.get(id);
    if (!device) throw new NotFoundError('Device', id);
    return device;
  }

  list(): Promise<DeviceRecord[]> {
    return this.store.devices.list();
  }

  async view(device: DeviceRecord): Promise<DeviceView> {
    return {
      id: device.id,
      siteId: device.siteId,
      siteName: (await this.store.sites.get(device.siteId))?.name ?? '',
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
  async attachments(deviceId: string, link: (participantId: string) => DeviceStatus | undefined): Promise<DeviceAttachmentView[]> {
    const out: DeviceAttachmentView[] = [];
    for (const p of await this.store.participants.listByDevice(deviceId)) {
      if (p.status === 'removed') continue;
      const hearing = await this.store.hearings.get(p.hearingId);
      if (!hearing || hearing.state === 'adjourned') continue;
      const { id: hearingId, title, scheduledAt, state } = hearing;
      out.push({ hearingId, title, scheduledAt, state, link: link(p.id) ?? null });
    }
    return out;
  }

  /** A new token id for the device; the token carrying the previous one stops working. */
  rotateToken(id: string): Promise<string> {
    return this.store.transaction(async () => {
      const device = await this.get(id);
      if (device.revokedAt) throw new InvalidStateError('This device was revoked; register it again');
      const tokenId = newId();
      await this.store.devices.update({ ...device, tokenId });
      return tokenId;
    });
  }

  /** Revokes the device's token for good and takes it out of the hearings still running. */
  async revoke(actor: Actor, id: string): Promise<DeviceRecord> {
    const { revoked, active } = await this.store.transaction(async () => {
      const device = await this.get(id);
      if (device.revokedAt) return { revoked: device, active: null };
      const revoked: DeviceRecord = { ...device, tokenId: null, revokedAt: this.clock.now().toISOString() };
      const active = await this.#activeOf(device);
      await this.store.devices.update(revoked);
      for (const a of active)
        await this.#audit.append(a.hearing.id, actor, 'device.revoked', { deviceId: id, participantId: a.participant.id });
      return { revoked, active };
    });
    // Already revoked: nothing changed, nobody to tell.
    if (!active) return revoked;
    this.safeEmit(
      'revoked',
      revoked,
      active.map((a) => a.participant),
    );
    return revoked;
  }

  /** Makes the device a participant of the hearing (idempotent: an existing attachment is returned). */
  async attach(actor: Actor, hearingId: string, deviceId: string): Promise<ParticipantRecord> {
    // Checked and written in one transaction: two attaches at once make one participant.
    const made = await this.store.transaction(() => this.#attach(actor, hearingId, deviceId));
    if (made.device) this.safeEmit('attached', made.participant, made.device);
    return made.participant;
  }

  /** The attachment, and the device when it was made now (not found existing). */
  async #attach(actor: Actor, hearingId: string, deviceId: string): Promise<{ participant: ParticipantRecord; device?: DeviceRecord }> {
    const hearing = await this.store.hearings.get(hearingId);
    if (!hearing) throw new NotFoundError('Hearing', hearingId);
    if (hearing.state === 'adjourned') throw new InvalidStateError('The hearing has ended');
    const device = await this.get(deviceId);
    if (device.revokedAt) throw new PermissionDeniedError('This device was revoked');
    const existing = (await this.store.participants.listByHearing(hearingId)).find((p) => p.deviceId === deviceId);
    if (existing && existing.status === 'admitted') return { participant: existing };
    if (existing) throw new InvalidStateError(`This device was ${existing.status} from the hearing`);
    const site = await this.#site(device.siteId);
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
    await this.store.participants.insert(participant);
    await this.#audit.append(hearingId, actor, 'device.attached', {
      participantId: participant.id,
      deviceId: device.id,
      kind: device.kind,
      displayName: participant.displayName,
    });
    return { participant, device };
  }

  /** A hearing held in a courtroom gets that courtroom's devices. */
  async attachCourtroomDevices(actor: Actor, hearing: HearingRecord): Promise<ParticipantRecord[]> {
    if (!hearing.courtroomSiteId) return [];
    const attached: ParticipantRecord[] = [];
    for (const d of await this.store.devices.listBySite(hearing.courtroomSiteId)) {
      if (!d.revokedAt) attached.push(await this.attach(actor, hearing.id, d.id));
    }
    return attached;
  }

  /** Every device taking part in a hearing that has not ended. */
  async activeAttachments(): Promise<Attachment[]> {
    const out: Attachment[] = [];
    for (const device of await this.store.devices.list()) {
      if (!device.revokedAt) out.push(...(await this.#activeOf(device)));
    }
    return out;
  }

  /** The device's attachments to hearings that have not ended (revoked or not: the caller decides). */
  async #activeOf(device: DeviceRecord): Promise<Attachment[]> {
    const out: Attachment[] = [];
    for (const participant of await this.store.participants.listByDevice(device.id)) {
      const hearing = await this.store.hearings.get(participant.hearingId);
      if (hearing && hearing.state !== 'adjourned' && participant.status === 'admitted') out.push({ device, participant, hearing });
    }
    return out;
  }

  /** The hearing a device should be in now: the newest it is attached to that has not ended. */
  async attachmentFor(deviceId: string): Promise<Attachment | null> {
    const found = (await this.activeAttachments()).filter((a) => a.device.id === deviceId);
    found.sort((a, b) => (a.hearing.scheduledAt < b.hearing.scheduledAt ? 1 : a.hearing.scheduledAt > b.hearing.scheduledAt ? -1 : 0));
    return found[0] ?? null;
  }

  async #site(siteId: string): Promise<SiteRecord> {
    const site = await this.store.sites.get(siteId);
    if (!site) throw new NotFoundError('Site', siteId);
    return site;
  }
}
