// The layout of each hearing's courtroom TV. Kept in memory and written to the audit log; after a
// server restart a hearing's layout is read back from its last `display.layout` event, so the TV
// comes back showing what the judge chose.
import { DEFAULT_DISPLAY_LAYOUT, DisplayLayout } from '../protocol/display.js';
import { isAudit } from './auditEvents.js';
import type { AuditLog } from './AuditLog.js';
import { InvalidStateError, NotFoundError, ValidationError } from './errors.js';
import type { Store } from './ports.js';
import type { Actor } from './types.js';

export class DisplayLayouts {
  readonly #layouts = new Map<string, DisplayLayout>();

  constructor(
    private readonly store: Store,
    private readonly audit: AuditLog,
  ) {}

  async get(hearingId: string): Promise<DisplayLayout> {
    let layout = this.#layouts.get(hearingId);
    if (!layout) {
      layout = await this.#restore(hearingId);
      // A choice made while the log was read is newer than what the log held.
      const chosen = this.#layouts.get(hearingId);
      if (chosen) return chosen;
      this.#layouts.set(hearingId, layout);
    }
    return layout;
  }

  /** Records and remembers the judge's choice; the caller has checked who asks and the hearing's state. */
  async set(hearingId: string, layout: DisplayLayout, actor: Actor): Promise<void> {
    if (layout.mode === 'participant') await this.#ensureShowable(hearingId, layout.participantId);
    await this.audit.append(hearingId, actor, 'display.layout', { layout });
    this.#layouts.set(hearingId, layout);
  }

  /** The hearing ended: nothing to show any more. */
  forget(hearingId: string): void {
    this.#layouts.delete(hearingId);
  }

  /** Only someone in the hearing with a picture can be put on the wall. */
  async #ensureShowable(hearingId: string, participantId: string): Promise<void> {
    const p = await this.store.participants.get(participantId);
    if (!p || p.hearingId !== hearingId) throw new NotFoundError('Participant', participantId);
    if (p.status !== 'admitted') throw new InvalidStateError(`${p.displayName} is not in the hearing`);
    const display = p.deviceId !== null && (await this.store.devices.get(p.deviceId))?.kind === 'display';
    if (p.role === 'observer' || display) throw new ValidationError(`${p.displayName} sends no picture to show`);
  }

  async #restore(hearingId: string): Promise<DisplayLayout> {
    const events = await this.audit.list(hearingId);
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i];
      if (!e || !isAudit(e, 'display.layout')) continue;
      // Parsed again: a layout stored by an older version may no longer be one this version shows.
      const parsed = DisplayLayout.safeParse(e.data.layout);
      if (parsed.success) return parsed.data;
    }
    return DEFAULT_DISPLAY_LAYOUT;
  }
}
