// The one confirmation every irreversible action goes through (ending or postponing the hearing,
// denying, removing, leaving when one's presence is required, shortening a record's retention).
// A modal dialog: focus moves into it and stays there (Tab cycles), Escape or Cancel closes it and
// changes nothing, and where a reason is required the confirm button waits for one.
//
// It renders where it is used (inside the row it concerns, so page objects and screen readers find
// it there) but is fixed to the viewport, so it is reachable whatever the panel's scroll.
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { t } from '../i18n.js';
import './ConfirmDialog.css';

export interface ReasonField {
  label: string;
  /** Confirming waits for a reason (spaces alone do not count). */
  required: boolean;
  /** Fewer characters than this (trimmed) do not count as a reason; default 1. */
  minLength?: number;
  /** Who will read it: "shown to them", "goes into the minutes". */
  hint?: string;
  maxLength?: number;
}

export interface ConfirmDialogProps {
  title: string;
  message?: ReactNode;
  confirmLabel: string;
  /** Absent: nothing to type, only confirm or cancel. */
  reason?: ReasonField;
  /** Red: the action cannot be undone. */
  danger?: boolean;
  /** While the action runs (or may not run): the confirm button is disabled. */
  disabled?: boolean;
  /** The trimmed reason ('' when none was asked for or given). */
  onConfirm: (reason: string) => void;
  onCancel: () => void;
  /** Test ids, kept per use so older page objects still find their buttons. */
  testIds?: { dialog?: string; reason?: string; confirm?: string; cancel?: string };
}

const FOCUSABLE =
  'button:not([disabled]), textarea:not([disabled]), input:not([disabled]), select:not([disabled]), [href], [tabindex]:not([tabindex="-1"])';

export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  reason,
  danger = false,
  disabled = false,
  onConfirm,
  onCancel,
  testIds = {},
}: ConfirmDialogProps) {
  const [text, setText] = useState('');
  const dialog = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const messageId = useId();
  const reasonId = useId();
  const missing = reason?.required === true && text.trim().length < Math.max(1, reason.minLength ?? 1);

  // Focus in on open (the reason, else Cancel: the safe choice), back where it was on close.
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const first = dialog.current?.querySelector<HTMLElement>(reason ? 'textarea' : '[data-cancel]');
    first?.focus();
    return () => before?.focus?.();
  }, []); // only on open and close

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onCancel();
      return;
    }
    if (event.key !== 'Tab' || !dialog.current) return;
    const items = [...dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (items.length === 0) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (missing || disabled) return;
    onConfirm(text.trim());
  };

  return (
    <div className="confirm-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onCancel()}>
      <div
        ref={dialog}
        className={`confirm-dialog${danger ? ' danger' : ''}`}
        role={danger ? 'alertdialog' : 'dialog'}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={message ? messageId : undefined}
        data-testid={testIds.dialog ?? 'confirm-dialog'}
        onKeyDown={onKeyDown}
      >
        <form onSubmit={submit}>
          <h2 id={titleId}>{title}</h2>
          {message && <p id={messageId}>{message}</p>}
          {reason && (
            <>
              <label htmlFor={reasonId}>
                {reason.label}
                {reason.required ? ' *' : ''}
              </label>
              <textarea
                id={reasonId}
                data-testid={testIds.reason ?? 'confirm-reason'}
                value={text}
                rows={3}
                maxLength={reason.maxLength ?? 500}
                required={reason.required}
                aria-required={reason.required}
                onChange={(e) => setText(e.target.value)}
              />
              {reason.hint && <span className="confirm-hint">{reason.hint}</span>}
            </>
          )}
          <div className="confirm-actions">
            <button
              type="button"
              className="small secondary"
              data-cancel
              data-testid={testIds.cancel ?? 'confirm-cancel'}
              onClick={onCancel}
            >
              {t('common.cancel')}
            </button>
            <button
              type="submit"
              className={`small ${danger ? 'danger' : 'primary'}`}
              data-testid={testIds.confirm ?? 'confirm-ok'}
              disabled={missing || disabled}
            >
              {confirmLabel}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
