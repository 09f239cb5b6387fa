import { t } from '../i18n.js';

/** A horizontal loudness bar; `data-level` holds the current level (0..1) for tests. */
export function MicLevelMeter({ level }: { level: number }) {
  const rounded = Math.round(level * 1000) / 1000;
  return (
    <div
      className="mic-level"
      data-testid="mic-level"
      data-level={rounded}
      role="meter"
      aria-label={t('equipment.micLevel')}
      aria-valuemin={0}
      aria-valuemax={1}
      aria-valuenow={rounded}
    >
      <div className="mic-level-fill" style={{ width: `${Math.round(level * 100)}%` }} />
    </div>
  );
}
