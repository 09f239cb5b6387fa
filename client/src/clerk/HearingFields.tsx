// A hearing's title, day and time (in the court's zone, GMT+7, whatever the browser's zone) and
// courtroom: the same fields to schedule a hearing and to edit a scheduled one.
import { t } from '../i18n.js';
import type { SiteRecord } from './clerkApi.js';
import { courtZone } from './courtTime.js';

export interface HearingDraft {
  title: string;
  day: string;
  time: string;
  courtroomSiteId: string;
}

interface Props {
  draft: HearingDraft;
  onChange: (next: HearingDraft) => void;
  sites: SiteRecord[];
  idPrefix: string;
  /** Only the day and time (a postponed hearing held again keeps its title and courtroom). */
  whenOnly?: boolean;
}

export function HearingFields({ draft, onChange, sites, idPrefix, whenOnly }: Props) {
  const id = (name: string) => `${idPrefix}-${name}`;
  const set = (patch: Partial<HearingDraft>) => onChange({ ...draft, ...patch });
  const courtrooms = sites.filter((s) => s.kind === 'courtroom');
  return (
    <div className="clerk-fields">
      {!whenOnly && (
        <div className="field">
          <label htmlFor={id('title')}>{t('clerk.hearing.title')}</label>
          <input
            id={id('title')}
            type="text"
            value={draft.title}
            maxLength={500}
            required
            onChange={(e) => set({ title: e.target.value })}
          />
        </div>
      )}
      <div className="clerk-field-pair">
        <div className="field">
          <label htmlFor={id('day')}>{t('clerk.hearing.day')}</label>
          <input id={id('day')} type="date" value={draft.day} required onChange={(e) => set({ day: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={id('time')}>{t('clerk.hearing.time', { zone: courtZone() })}</label>
          <input id={id('time')} type="time" value={draft.time} required onChange={(e) => set({ time: e.target.value })} />
        </div>
      </div>
      {!whenOnly && (
        <div className="field">
          <label htmlFor={id('courtroom')}>{t('clerk.hearing.courtroom')}</label>
          <select id={id('courtroom')} value={draft.courtroomSiteId} onChange={(e) => set({ courtroomSiteId: e.target.value })}>
            <option value="">{t('clerk.hearing.noCourtroom')}</option>
            {courtrooms.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
          <span className="hint">{t('clerk.hearing.courtroomHint')}</span>
        </div>
      )}
    </div>
  );
}
