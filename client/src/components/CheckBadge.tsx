import type { ParticipantView } from '../core/protocol.js';
import { t } from '../i18n.js';

/** Beside a waiting participant (judge and clerk): how their equipment check went, in a few words. */
export function CheckBadge({ check }: { check: ParticipantView['check'] }) {
  if (!check) {
    return (
      <span className="check-badge none" data-testid="lobby-check" data-grade="none">
        {t('lobbyCheck.none')}
      </span>
    );
  }
  const { network } = check;
  const grade = network?.grade ?? 'unfinished';
  const parts = [
    t(`lobbyCheck.${grade}`) +
      (network?.connected && network.rttMs !== null
        ? ` (${t('lobbyCheck.figures', { rtt: Math.round(network.rttMs), loss: network.lossPct ?? '?' })})`
        : ''),
    t(check.micOk ? 'lobbyCheck.micOk' : 'lobbyCheck.micBad'),
    t(check.speakerOk === null ? 'lobbyCheck.speakerUnknown' : check.speakerOk ? 'lobbyCheck.speakerOk' : 'lobbyCheck.speakerBad'),
  ];
  const worry = grade !== 'good' || !check.micOk || check.speakerOk === false;
  return (
    <span
      className={`check-badge ${worry ? 'warn' : 'ok'}`}
      data-testid="lobby-check"
      data-grade={grade}
      data-mic={String(check.micOk)}
      data-speaker={String(check.speakerOk)}
      title={check.at}
    >
      {parts.join(' · ')}
    </span>
  );
}
