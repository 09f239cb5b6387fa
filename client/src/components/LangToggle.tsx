import { t, toggleLang } from '../i18n.js';

/** Switches between Vietnamese and English; shown on every page. */
export function LangToggle() {
  return (
    <button type="button" className="lang-toggle" data-testid="lang-toggle" title={t('lang.switchTitle')} onClick={toggleLang}>
      {t('lang.switchTo')}
    </button>
  );
}
