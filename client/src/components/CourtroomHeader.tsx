import type { HearingView } from '../core/protocol.js';
import type { RecordingStatus } from '../core/sessionState.js';
import { t } from '../i18n.js';
import { LangToggle } from './LangToggle.js';
import { RecordedNotice, RecordingIndicator } from './RecordingIndicator.js';
import { StateBadge } from './StateBadge.js';

interface Props {
  hearing: HearingView;
  /** The bench sees whether the hearing is being recorded; undefined hides the indicator. */
  recording?: RecordingStatus | null;
}

/** Hearing title, case number, the live state badge, and the recording indicator (the bench) or the recorded notice (everyone else). */
export function CourtroomHeader({ hearing, recording }: Props) {
  return (
    <header className="courtroom-header">
      <div className="brand-mark" aria-hidden="true">
        ⚖
      </div>
      <div className="courtroom-title">
        <h1>{hearing.title}</h1>
        <p>
          <span className="case-number">
            {t('info.caseNumber')}: {hearing.caseNumber}
          </span>
          <span className="muted"> · {hearing.court}</span>
        </p>
      </div>
      {recording !== undefined && <RecordingIndicator recording={recording} />}
      {recording === undefined && hearing.state === 'in_session' && <RecordedNotice />}
      <StateBadge hearing={hearing} />
      <LangToggle />
    </header>
  );
}
