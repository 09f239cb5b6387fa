// Append-only record of everything that changes a hearing. Nothing updates or deletes an entry.
import type { AuditEventMap, AuditEventType } from './auditEvents.js';
import type { Clock, Store } from './ports.js';
import type { Actor, AuditEvent } from './types.js';

export class AuditLog {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** `at` defaults to now; pass it when the event must carry the same instant as the change it records. */
  append<T extends AuditEventType>(hearingId: string, actor: Actor, type: T, data: AuditEventMap[T], at?: string): Promise<AuditEvent> {
    return this.store.audit.append({ hearingId, at: at ?? this.clock.now().toISOString(), actor, type, data });
  }

  list(hearingId: string): Promise<AuditEvent[]> {
    return this.store.audit.list(hearingId);
  }
}
