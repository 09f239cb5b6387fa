import { useState } from 'react';
import type { HearingSession } from '../core/HearingSession.js';
import type { DisplayLayout, ParticipantView } from '../core/protocol.js';
import { onWall } from '../core/wallLayout.js';
import type { ActionRunner } from '../hooks/useAction.js';
import { roleLabel, t } from '../i18n.js';

interface Props {
  layout: DisplayLayout;
  participants: ParticipantView[];
  session: HearingSession;
  runner: ActionRunner;
}

const MODES = ['speaker', 'grid', 'participant'] as const;

/** The judge chooses what the courtroom TV shows: who speaks, everyone, or one chosen person. */
export function DisplayLayoutControl({ layout, participants, session, runner }: Props) {
  const candidates = participants.filter((p) => onWall(p, null));
  const current = layout.mode === 'participant' ? layout.participantId : null;
  // Until the judge picks someone, offer the first party rather than the judge themself.
  const [picked, setPicked] = useState<string | null>(null);
  const fallback = candidates.find((p) => p.role !== 'judge' && p.role !== 'clerk') ?? candidates[0];
  const chosen = candidates.find((p) => p.id === (picked ?? current))?.id ?? fallback?.id ?? null;
  const send = (next: DisplayLayout) => runner.run(() => session.setDisplayLayout(next));
  const choose = (mode: (typeof MODES)[number]) => {
    if (mode !== 'participant') return send({ mode });
    if (chosen) send({ mode, participantId: chosen });
  };
  return (
    <section className="panel-section" data-testid="display-layout" data-mode={layout.mode}>
      <h3>{t('display.title')}</h3>
      <div className="transitions" role="group" aria-label={t('display.title')}>
        {MODES.map((mode) => (
          <button
            key={mode}
            type="button"
            className={`small ${layout.mode === mode ? 'primary' : 'secondary'}`}
            aria-pressed={layout.mode === mode}
            data-testid={`display-mode-${mode}`}
            disabled={runner.pending || (mode === 'participant' && !chosen)}
            onClick={() => choose(mode)}
          >
            {t(`display.${mode}`)}
          </button>
        ))}
      </div>
      {candidates.length > 0 && (
        <label className="field display-choose">
          <span className="label">{t('display.choose')}</span>
          <select
            data-testid="display-participant-select"
            value={chosen ?? ''}
            disabled={runner.pending}
            onChange={(e) => {
              setPicked(e.target.value);
              if (layout.mode === 'participant') send({ mode: 'participant', participantId: e.target.value });
            }}
          >
            {candidates.map((p) => (
              <option key={p.id} value={p.id}>
                {p.displayName} — {roleLabel(p.role)}
              </option>
            ))}
          </select>
        </label>
      )}
    </section>
  );
}
