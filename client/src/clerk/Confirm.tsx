// Every irreversible action asks first: the button opens a small panel saying what will happen,
// with the action and "Cancel". Inline (not window.confirm) so it reads in the page's language,
// fits a phone and is reachable by keyboard; focus moves to the panel and back.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { t } from '../i18n.js';

interface Props {
  /** The button's text and the confirming button's text. */
  label: string;
  /** Its accessible name when the text alone is ambiguous in a list ("Revoke — Nguyễn Văn A"). */
  ariaLabel?: string;
  /** What will happen, in full. */
  question: ReactNode;
  onConfirm: () => void | Promise<void>;
  danger?: boolean;
  disabled?: boolean;
  testId?: string;
}

export function ConfirmButton({ label, ariaLabel, question, onConfirm, danger = true, disabled, testId }: Props) {
  const [asking, setAsking] = useState(false);
  const [pending, setPending] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (asking) panel.current?.focus();
  }, [asking]);

  const close = () => {
    setAsking(false);
    opener.current?.focus();
  };
  const confirm = async () => {
    setPending(true);
    try {
      await onConfirm();
    } finally {
      setPending(false);
      setAsking(false);
    }
  };

  if (!asking) {
    return (
      <button
        ref={opener}
        type="button"
        className={danger ? 'small danger-outline' : 'small secondary'}
        aria-label={ariaLabel}
        data-testid={testId}
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <div
      ref={panel}
      className="clerk-confirm"
      role="alertdialog"
      aria-modal="false"
      aria-label={ariaLabel ?? label}
      tabIndex={-1}
      data-testid={testId ? `${testId}-confirm` : undefined}
      onKeyDown={(e) => e.key === 'Escape' && close()}
    >
      <p>{question}</p>
      <div className="clerk-actions">
        <button type="button" className={danger ? 'small danger' : 'small primary'} disabled={pending} onClick={() => void confirm()}>
          {label}
        </button>
        <button type="button" className="small secondary" onClick={close} disabled={pending}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
