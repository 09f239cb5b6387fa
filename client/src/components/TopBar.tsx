import type { ReactNode } from 'react';
import { t } from '../i18n.js';
import { LangToggle } from './LangToggle.js';

/** The bar above every page except the courtroom (which has its own header). */
export function TopBar({ children }: { children?: ReactNode }) {
  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ⚖
        </span>
        <span className="brand-name">{t('app.brand')}</span>
        <span className="brand-sub">{t('app.title')}</span>
      </div>
      <div className="topbar-end">
        {children}
        <LangToggle />
      </div>
    </header>
  );
}
