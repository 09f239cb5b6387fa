// A staff page's failed request, in the reader's language: the server's messages are English and
// for logs; what the person reads comes from the error's code.
import { errorMessage, RequestError } from '../core/RequestError.js';
import { t } from '../i18n.js';

export function staffErrorText(error: unknown): string {
  if (error instanceof RequestError) {
    switch (error.code) {
      case 'network':
        return t('error.network');
      case 'timeout':
        return t('error.timeout');
      case 'rate_limited': {
        const ms = (error.details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
        return t('staff.error.rateLimited', { seconds: typeof ms === 'number' ? Math.max(1, Math.ceil(ms / 1000)) : 60 });
      }
      case 'unauthorized':
        return t('staff.error.signedOut');
      // The server's refusals by their code (client/src/locales/clerk.vi.ts), never its English message.
      case 'invalid_input':
      case 'forbidden':
      case 'not_found':
      case 'invalid_state':
      case 'conflict':
      case 'quota_exceeded':
      case 'unavailable':
      case 'internal':
        return t(`staff.error.${error.code}`);
      default:
        break;
    }
  }
  return t('staff.error.other', { message: errorMessage(error) });
}
