// Four eyes on a record's end: shortening a retention period or deleting a record is never one
// person's act. One staff member files a request with its reason; another account, an
// administrator, approves or refuses it; the one who filed it may withdraw it. An approved
// shortening moves the retention date (never below the legal minimum); an approved deletion sets
// it to now, and the retention sweep (alone) then deletes the record. Each step is audited.
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, PermissionDeniedError, ValidationError } from '../../core/hearing/errors.js';
import type { RecordRequestKind, RecordRequestView } from '../../core/protocol/http.js';
import { actorOf, type ArchiveContext, type StaffActor } from './ArchiveContext.js';
import type { Retention } from './Retention.js';

export interface RequestInput {
  kind: RecordRequestKind;
  retainUntil?: string | undefined;
  reason: string;
}

export class RecordRequests {
  constructor(
    private readonly ctx: ArchiveContext,
    private readonly retention: Retention,
  ) {}

  async pending(hearingId: string): Promise<RecordRequestView | null> {
    return (await this.ctx.deps.records.pendingRequest(hearingId)) ?? null;
  }

  /** Files a request: a shortening to a date still at or above the legal minimum, or a deletion. One pending per record. */
  file(hearingId: string, input: RequestInput, by: StaffActor): Promise<RecordRequestView> {
    // Each act reads, checks and writes in one transaction: a decision cannot slip in between.
    return this.ctx.transaction(() => this.#file(hearingId, input, by));
  }

  async #file(hearingId: string, input: RequestInput, by: StaffActor): Promise<RecordRequestView> {
    const row = await this.retention.changeable(hearingId);
    const reason = input.reason.trim();
    if (reason.length < 3) throw new ValidationError('Say why: a request needs a reason');
    let retainUntil: string | null = null;
    if (input.kind === 'shorten') {
      if (!input.retainUntil) throw new ValidationError('Say the date the retention is to be shortened to');
      retainUntil = await this.retention.checked(hearingId, input.retainUntil);
      if (row.retainUntil && retainUntil >= row.retainUntil) {
        throw new ValidationError('That date does not shorten the retention: extend it directly instead');
      }
    } else if (input.retainUntil !== undefined) {
      throw new ValidationError('A deletion request takes no date');
    }
    const request: RecordRequestView = {
      id: randomUUID(),
      kind: input.kind,
      retainUntil,
      reason,
      requestedBy: { accountId: by.accountId, username: by.username },
      requestedAt: this.ctx.now().toISOString(),
      status: 'pending',
      decidedBy: null,
      decidedAt: null,
      decisionReason: null,
    };
    if (!(await this.ctx.deps.records.addRequest(hearingId, request))) {
      throw new ConflictError('This record already has a pending request: it must be approved, refused or withdrawn first');
    }
    await this.ctx.audit(hearingId, actorOf(by), 'record.change_requested', {
      requestId: request.id,
      kind: request.kind,
      retainUntil,
      reason,
    });
    return request;
  }

  /** A second administrator approves: the shortening is applied, or the retention set to now for the sweep. */
  approve(hearingId: string, requestId: string, by: StaffActor, reason: string | null = null): Promise<RecordRequestView> {
    return this.ctx.transaction(async () => {
      const request = await this.#pending(hearingId, requestId);
      this.#secondAdmin(request, by, 'approve');
      const row = await this.retention.changeable(hearingId);
      // A shortening is checked again: the minimum moves with the clock, the date may have passed.
      const next =
        request.kind === 'shorten' ? await this.retention.checked(hearingId, request.retainUntil!) : this.ctx.now().toISOString();
      await this.#decide(hearingId, request, 'approved', by, reason);
      await this.ctx.audit(hearingId, actorOf(by), 'record.change_approved', {
        requestId,
        kind: request.kind,
        requestedBy: request.requestedBy.username,
        retainUntil: next,
        reason,
      });
      await this.retention.apply(hearingId, row, next, by);
      return (await this.ctx.deps.records.request(hearingId, requestId))!;
    });
  }

  /** A second administrator refuses, saying why; nothing changes. */
  refuse(hearingId: string, requestId: string, by: StaffActor, reason: string | null): Promise<RecordRequestView> {
    return this.ctx.transaction(async () => {
      const request = await this.#pending(hearingId, requestId);
      this.#secondAdmin(request, by, 'refuse');
      await this.#decide(hearingId, request, 'refused', by, reason);
      await this.ctx.audit(hearingId, actorOf(by), 'record.change_refused', {
        requestId,
        kind: request.kind,
        requestedBy: request.requestedBy.username,
        reason,
      });
      return (await this.ctx.deps.records.request(hearingId, requestId))!;
    });
  }

  /** The one who filed a request takes it back. */
  withdraw(hearingId: string, requestId: string, by: StaffActor): Promise<RecordRequestView> {
    return this.ctx.transaction(async () => {
      const request = await this.#pending(hearingId, requestId);
      if (request.requestedBy.accountId !== by.accountId)
        throw new PermissionDeniedError('Only the one who filed a request may withdraw it');
      await this.#decide(hearingId, request, 'withdrawn', by, null);
      await this.ctx.audit(hearingId, actorOf(by), 'record.change_withdrawn', { requestId, kind: request.kind });
      return (await this.ctx.deps.records.request(hearingId, requestId))!;
    });
  }

  async #pending(hearingId: string, requestId: string): Promise<RecordRequestView> {
    await this.ctx.hearing(hearingId);
    const request = await this.ctx.deps.records.request(hearingId, requestId);
    if (!request) throw new NotFoundError('Request', requestId);
    if (request.status !== 'pending') throw new ConflictError(`The request was already ${request.status}`);
    return request;
  }

  #secondAdmin(request: RecordRequestView, by: StaffActor, what: string): void {
    if (by.role !== 'admin') throw new PermissionDeniedError(`Only an administrator may ${what} a request`);
    if (request.requestedBy.accountId === by.accountId) {
      throw new PermissionDeniedError(`A request needs a second person: you cannot ${what} your own request`);
    }
  }

  async #decide(
    hearingId: string,
    request: RecordRequestView,
    status: 'approved' | 'refused' | 'withdrawn',
    by: StaffActor,
    reason: string | null,
  ): Promise<void> {
    const at = this.ctx.now().toISOString();
    if (
      !(await this.ctx.deps.records.decideRequest(request.id, {
        status,
        by: { accountId: by.accountId, username: by.username },
        at,
        reason,
      }))
    ) {
      throw new ConflictError(`The request of hearing ${hearingId} was decided meanwhile`);
    }
  }
}
