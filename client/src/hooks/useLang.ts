// Re-render on language switch. Calling it near the root is enough: children re-render with it.
import { useSyncExternalStore } from 'react';
import { getLang, subscribeLang, type Lang } from '../i18n.js';

export function useLang(): Lang {
  return useSyncExternalStore(subscribeLang, getLang);
}
