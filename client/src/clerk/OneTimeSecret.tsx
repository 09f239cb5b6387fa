// A freshly issued link or device token: the server keeps only its hash, so it is shown here once,
// with a copy button, until the clerk closes it.
import { useState } from 'react';
import { t } from '../i18n.js';

interface Props {
  heading: string;
  value: string;
  copyLabel: string;
  onClose: () => void;
  testId: string;
}

export function OneTimeSecret({ heading, value, copyLabel, onClose, testId }: Props) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false); // no clipboard permission: the text stays selectable
    }
  };
  return (
    <div className="clerk-secret" role="status" data-testid={testId}>
      <p className="small">{heading}</p>
      <code data-testid={`${testId}-value`} tabIndex={0}>
        {value}
      </code>
      <div className="clerk-actions">
        <button type="button" className="small primary" onClick={() => void copy()}>
          {copyLabel}
        </button>
        <button type="button" className="small secondary" onClick={onClose}>
          {t('clerk.secret.close')}
        </button>
        {copied !== null && (
          <span className="small" aria-live="polite">
            {copied ? t('clerk.secret.copied') : t('clerk.secret.copyFailed')}
          </span>
        )}
      </div>
    </div>
  );
}
