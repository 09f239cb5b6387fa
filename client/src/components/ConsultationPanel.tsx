// The presiding judge's private consultations (phòng trao đổi riêng): counsel's pending requests,
// granted as asked or declined, and a picker to open one for counsel and their client(s). Nobody else enters,
// nothing is recorded; the server checks who may be in it (2–4 people, counsel and parties).
import { useState } from 'react';
import type { HearingSession } from '../core/HearingSession.js';
import type { ParticipantView } from '../core/protocol.js';
import { consultationCandidates, isGrantable, isValidConsultation, mayOpenConsultation } from '../core/rooms.js';
import type { SessionState } from '../core/sessionState.js';
import type { ActionRunner } from '../hooks/useAction.js';
import { roleLabel, t } from '../i18n.js';

interface Props {
  session: HearingSession;
  state: SessionState;
  runner: ActionRunner;
}

export function ConsultationPanel({ session, state, runner }: Props) {
  const [picked, setPicked] = useState<string[]>([]);
  const { self, hearing, participants } = state;
  if (!self || !hearing) return null;
  const may = mayOpenConsultation(self, hearing);
  const { counsel, parties, interpreters } = consultationCandidates(participants);
  const candidates = [...counsel, ...parties, ...interpreters];
  // Someone picked may have left the courtroom since: only those still offered count.
  const chosen = picked.filter((id) => candidates.some((p) => p.id === id));
  const valid = isValidConsultation(chosen, participants);
  const nameOf = (id: string) => participants.find((p) => p.id === id)?.displayName ?? id;
  const toggle = (id: string, on: boolean) => setPicked(on ? [...chosen, id] : chosen.filter((x) => x !== id));
  const open = (ids: string[]) =>
    runner.run(async () => {
      await session.openConsultation(ids);
      setPicked([]);
    });
  return (
    <div className="consultation-panel" data-testid="consultation-panel">
      <h4>{t('rooms.consultation')}</h4>
      {state.consultationRequests.length > 0 && (
        <div className="consultation-requests">
          <h5>{t('rooms.consultation.requests', { count: state.consultationRequests.length })}</h5>
          <ul className="rows">
            {state.consultationRequests.map((r) => (
              <li key={r.byId} className="row" data-testid="consultation-request-entry" data-participant-id={r.byId}>
                <span className="small">
                  {t('rooms.consultation.requestFrom', { name: nameOf(r.byId), with: r.withIds.map(nameOf).join(', ') })}
                </span>
                <button
                  type="button"
                  className="small primary"
                  data-testid="consultation-grant"
                  disabled={runner.pending || !may || !isGrantable(r, participants)}
                  onClick={() => open([r.byId, ...r.withIds])}
                >
                  {t('rooms.consultation.grant')}
                </button>
                {self.role === 'judge' && (
                  <button
                    type="button"
                    className="small"
                    data-testid="consultation-decline"
                    disabled={runner.pending}
                    onClick={() => runner.run(() => session.declineConsultation(r.byId))}
                  >
                    {t('rooms.consultation.decline')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {may &&
        (candidates.length === 0 ? (
          <p className="muted small">{t('rooms.consultation.none')}</p>
        ) : (
          <fieldset className="consultation-pick">
            <legend className="small">{t('rooms.consultation.pick')}</legend>
            {candidates.map((p) => (
              <Pick key={p.id} participant={p} checked={chosen.includes(p.id)} onChange={(on) => toggle(p.id, on)} />
            ))}
            <button
              type="button"
              className="small primary"
              data-testid="consultation-open"
              disabled={runner.pending || !valid}
              onClick={() => open(chosen)}
            >
              {t('rooms.consultation.open')}
            </button>
          </fieldset>
        ))}
    </div>
  );
}

function Pick({ participant: p, checked, onChange }: { participant: ParticipantView; checked: boolean; onChange: (on: boolean) => void }) {
  return (
    <label className="consultation-candidate" data-testid="consultation-pick" data-participant-id={p.id}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>
        {p.displayName} <span className="muted small">· {roleLabel(p.role)}</span>
      </span>
    </label>
  );
}
