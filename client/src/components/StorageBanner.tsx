import type { StorageStatus } from '../core/sessionState.js';
import { t } from '../i18n.js';

/** For the bench: space for the record is running out (warn) or gone (recording stopped). */
export function StorageBanner({ storage }: { storage: StorageStatus }) {
  const full = storage.level === 'full';
  return (
    <div className={`banner ${full ? 'error' : 'warn'}`} role="alert" data-testid="storage-banner" data-level={storage.level}>
      {full ? t('storage.full') : t('storage.low', { minutes: storage.minutesLeft ?? '?' })}
    </div>
  );
}
