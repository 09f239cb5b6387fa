// Append-only record of everything that changes a hearing. Nothing updates or deletes an entry.
import type { Clock, Store } from './ports.js';
import type { Actor, AuditEvent } from './types.js';

export class AuditLog {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  append(hearingId: string, actor: Actor, type: string, data: Record<string, unknown> = {}): AuditEvent {
    return this.store.audit.append({ hearingId, at: this.clock.now().toISOString(), actor, type, data });
  }

  list(hearingId: string): AuditEvent[] {
    return this.store.audit.list(hearingId);
  }
}
