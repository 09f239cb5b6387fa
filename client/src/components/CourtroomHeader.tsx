import type { HearingView } from '../core/protocol.js';
import { t } from '../i18n.js';
import { LangToggle } from './LangToggle.js';
import { StateBadge } from './StateBadge.js';

/** Hearing title, case number and the live state badge. */
export function CourtroomHeader({ hearing }: { hearing: HearingView }) {
  return (
    <header className="courtroom-header">
      <div className="brand-mark" aria-hidden="true">⚖</div>
      <div className="courtroom-title">
        <h1>{hearing.title}</h1>
        <p>
          <span className="case-number">
            {t('info.caseNumber')}: {hearing.caseNumber}
          </span>
          <span className="muted"> · {hearing.court}</span>
        </p>
      </div>
      <StateBadge state={hearing.state} />
      <LangToggle />
    </header>
  );
}
