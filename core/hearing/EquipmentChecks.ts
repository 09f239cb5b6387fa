// The latest equipment check of each participant, as the bench sees it beside the lobby entry.
// Live only, like Presence: after a restart the audit log still has every check, and the next
// check brings the badge back. The network grade is computed here from the reported figures
// (networkGrade.ts), so what the bench reads cannot disagree with the numbers beside it.
import type { EquipmentCheckReport } from '../protocol/equipmentCheck.js';
import { gradeNetwork, type EquipmentCheckView } from '../protocol/networkGrade.js';
import { QuotaExceededError } from './errors.js';

/** Checks one participant may report per server run: enough for every retry a person makes, not a flood of the record. */
export const MAX_CHECKS_PER_PARTICIPANT = 20;

export class EquipmentChecks {
  readonly #latest = new Map<string, EquipmentCheckView>();
  readonly #counts = new Map<string, number>();

  get(participantId: string): EquipmentCheckView | undefined {
    return this.#latest.get(participantId);
  }

  /** Refused (nothing kept) past MAX_CHECKS_PER_PARTICIPANT. */
  record(participantId: string, report: EquipmentCheckReport, at: string): EquipmentCheckView {
    const count = this.#counts.get(participantId) ?? 0;
    if (count >= MAX_CHECKS_PER_PARTICIPANT) {
      throw new QuotaExceededError(`At most ${MAX_CHECKS_PER_PARTICIPANT} equipment checks per participant`);
    }
    const check: EquipmentCheckView = {
      network: report.network ? { ...report.network, grade: gradeNetwork(report.network).grade } : null,
      micOk: report.micOk,
      speakerOk: report.speakerOk,
      camera: report.camera,
      at,
    };
    this.#counts.set(participantId, count + 1);
    this.#latest.set(participantId, check);
    return check;
  }

  /** The hearing ended: nothing more to show. */
  forget(participantId: string): void {
    this.#latest.delete(participantId);
    this.#counts.delete(participantId);
  }
}
