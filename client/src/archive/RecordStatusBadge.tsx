import type { RecordStatus } from '../core/protocol.js';
import { t } from '../i18n.js';

/** A record's state in a word: none, building (with percent), ready, failed, deleted. */
export function RecordStatusBadge({ record }: { record: { status: RecordStatus; progress: number } | null }) {
  if (!record) return <span className="record-badge record-none">{t('archive.status.none')}</span>;
  const label =
    record.status === 'building'
      ? t('archive.status.building', { percent: Math.floor(record.progress * 100) })
      : t(`archive.status.${record.status}`);
  return (
    <span className={`record-badge record-${record.status}`} data-testid="record-status" data-status={record.status}>
      {label}
    </span>
  );
}
