// What this participant hears: the floor, or one interpreter's channel with the floor ducked
// underneath (core/interpretation.ts decides the levels). The choice is theirs alone and stays in
// this browser. Shown only when the hearing has an interpreter and the participant is not one: an
// interpreter always hears the floor. Every remote microphone still plays through RemoteAudio.
import { useId, useState } from 'react';
import type { RemoteTracks } from '../core/MediaSession.js';
import { effectiveChoice, gainsFor, interpretationChannels, type ListenChoice as Choice } from '../core/interpretation.js';
import type { SessionState } from '../core/sessionState.js';
import { LANGUAGES } from '../../../core/protocol/interpretation.js';
import { getLang, t } from '../i18n.js';
import { RemoteAudio } from './RemoteAudio.js';
import './interpretation.css';

const FLOOR = '';

export function ListenChoice({ remote, state }: { remote: RemoteTracks; state: SessionState }) {
  const [choice, setChoice] = useState<Choice>(null);
  const id = useId();
  const { self, participants } = state;
  if (!self) return <RemoteAudio remote={remote} />;
  const channels = self.role === 'interpreter' ? [] : interpretationChannels(participants, self.id);
  const inEffect = effectiveChoice(choice, participants, self);
  const gains = gainsFor(Object.keys(remote), inEffect);
  return (
    <>
      {channels.length > 0 && (
        // A named region: the page's content stays inside landmarks (axe), and a screen reader finds it.
        <section className="listen-choice" data-testid="listen-choice" aria-label={t('interpretation.listen')}>
          <label htmlFor={id}>{t('interpretation.listen')}</label>
          <select id={id} data-testid="listen-choice-select" value={inEffect ?? FLOOR} onChange={(e) => setChoice(e.target.value || null)}>
            <option value={FLOOR}>{t('interpretation.floor')}</option>
            {channels.map((p) => (
              <option key={p.id} value={p.id}>
                {t('interpretation.channel', { name: p.displayName })}
                {p.interprets && ` (${LANGUAGES[p.interprets.from][getLang()]} – ${LANGUAGES[p.interprets.to][getLang()]})`}
              </option>
            ))}
          </select>
          {inEffect !== null && <span className="listen-note">{t('interpretation.note')}</span>}
        </section>
      )}
      <RemoteAudio remote={remote} gains={gains} />
    </>
  );
}
