// Cases: search by number or title, and create one (number, title, kind). A new case opens its
// page, where its hearings are scheduled.
import { useCallback, useState, type FormEvent } from 'react';
import { t } from '../i18n.js';
import type { CaseKind } from '../core/protocol.js';
import { clerkErrorText } from './errors.js';
import { clerkApi } from './clerkApi.js';
import { CASE_KINDS, caseKindLabel } from './Badges.js';
import { useLoad } from './useLoad.js';
import type { Workspace } from './workspace.js';

export function CasesPage({ ws, query }: { ws: Workspace; query: string }) {
  const { token, onError, go } = ws;
  const [text, setText] = useState(query);
  const [creating, setCreating] = useState(false);
  const load = useCallback(() => clerkApi.searchCases(token, query), [token, query]);
  const { data, error } = useLoad(load, onError);

  const search = (event: FormEvent) => {
    event.preventDefault();
    go({ page: 'cases', q: text.trim() }, true);
  };

  return (
    <section className="clerk-page" data-testid="clerk-cases">
      <div className="clerk-title-row">
        <h1>{t('clerk.cases.title')}</h1>
        {!creating && (
          <button type="button" className="primary" data-testid="clerk-new-case" onClick={() => setCreating(true)}>
            {t('clerk.cases.new')}
          </button>
        )}
      </div>
      {creating && <CaseForm ws={ws} onCancel={() => setCreating(false)} />}
      <form className="clerk-search" role="search" onSubmit={search}>
        <label htmlFor="clerk-case-q">{t('clerk.cases.search')}</label>
        <div className="clerk-row">
          <input id="clerk-case-q" type="text" value={text} onChange={(e) => setText(e.target.value)} />
          <button type="submit" className="secondary">
            {t('clerk.cases.searchSubmit')}
          </button>
        </div>
      </form>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      {!data && !error && <p className="muted">{t('common.loading')}</p>}
      {data?.length === 0 && <p className="muted">{t('clerk.cases.none')}</p>}
      {data && data.length > 0 && (
        <ul className="clerk-list" data-testid="clerk-case-list">
          {data.map((c) => (
            <li key={c.id} data-testid="clerk-case" data-case-id={c.id}>
              <a
                href={`/clerk/cases/${encodeURIComponent(c.id)}`}
                onClick={(e) => {
                  e.preventDefault();
                  go({ page: 'case', caseId: c.id });
                }}
              >
                <span className="case-number">{c.number}</span> — {c.title}
              </a>
              <div className="small muted">{caseKindLabel(c.kind ?? 'criminal')}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A new case; on success its page opens. */
function CaseForm({ ws, onCancel }: { ws: Workspace; onCancel: () => void }) {
  const [number, setNumber] = useState('');
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<CaseKind>('criminal');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const kase = await clerkApi.createCase(ws.token, { number: number.trim(), title: title.trim(), kind });
      ws.go({ page: 'case', caseId: kase.id });
    } catch (e) {
      setError(clerkErrorText(e));
      ws.onError(e);
      setPending(false);
    }
  };

  return (
    <form
      className="card clerk-form"
      onSubmit={(e) => void submit(e)}
      data-testid="clerk-case-form"
      aria-labelledby="clerk-case-form-title"
    >
      <h2 id="clerk-case-form-title">{t('clerk.cases.new')}</h2>
      <CaseFields number={number} title={title} kind={kind} onNumber={setNumber} onTitle={setTitle} onKind={setKind} idPrefix="new-case" />
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      <div className="clerk-actions">
        <button type="submit" className="primary" disabled={pending || !number.trim() || !title.trim()} data-testid="clerk-case-create">
          {t('clerk.case.create')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

interface FieldsProps {
  number: string;
  title: string;
  kind: CaseKind;
  onNumber: (v: string) => void;
  onTitle: (v: string) => void;
  onKind: (v: CaseKind) => void;
  idPrefix: string;
}

/** Number, title and kind: the same fields to create a case and to edit one. */
export function CaseFields({ number, title, kind, onNumber, onTitle, onKind, idPrefix }: FieldsProps) {
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <div className="clerk-fields">
      <div className="field">
        <label htmlFor={id('number')}>{t('clerk.case.number')}</label>
        <input id={id('number')} type="text" value={number} maxLength={64} required onChange={(e) => onNumber(e.target.value)} />
        <span className="hint">{t('clerk.case.numberHint')}</span>
      </div>
      <div className="field">
        <label htmlFor={id('title')}>{t('clerk.case.title')}</label>
        <input id={id('title')} type="text" value={title} maxLength={500} required onChange={(e) => onTitle(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={id('kind')}>{t('clerk.case.kind')}</label>
        <select id={id('kind')} value={kind} onChange={(e) => onKind(e.target.value as CaseKind)}>
          {CASE_KINDS.map((k) => (
            <option key={k} value={k}>
              {caseKindLabel(k)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
