// What a failed request says to a person: the meaning of its code in their language, with the
// server's own (English, technical) message kept only as a detail for support staff.
import type { ErrorCode } from './core/protocol.js';
import { RequestError } from './core/RequestError.js';
import { t, type MessageKey } from './i18n.js';

/** Every server code (core/hearing/errors.ts; the type checker keeps this list complete). */
const SERVER_KEYS: Record<ErrorCode, MessageKey> = {
  invalid_input: 'error.code.invalid_input',
  unauthorized: 'error.code.unauthorized',
  forbidden: 'error.code.forbidden',
  not_found: 'error.code.not_found',
  invalid_state: 'error.code.invalid_state',
  conflict: 'error.code.conflict',
  quota_exceeded: 'error.code.quota_exceeded',
  unavailable: 'error.code.unavailable',
  rate_limited: 'error.code.rate_limited',
  moved: 'error.code.moved',
  internal: 'error.code.internal',
};

/** Client-side codes: what never reached an answer, and the client's own refusals. */
const CLIENT_KEYS: Record<string, MessageKey> = {
  no_token: 'error.noToken',
  network: 'error.network',
  timeout: 'error.timeout',
  disconnected: 'error.serverDisconnect',
  bench_sign_in: 'error.benchSignIn',
};

/** The translated sentence for an error code (server or client); null for a code we do not know. */
export function errorCodeText(code: string | null | undefined): string | null {
  if (!code) return null;
  const key = Object.hasOwn(CLIENT_KEYS, code)
    ? CLIENT_KEYS[code]
    : Object.hasOwn(SERVER_KEYS, code)
      ? SERVER_KEYS[code as ErrorCode]
      : null;
  return key ? t(key) : null;
}

/** `text`: what to show; `detail`: the server's message behind it, when it adds anything. */
export function explainError(code: string | null | undefined, message: string | null | undefined): { text: string; detail: string | null } {
  const text = errorCodeText(code);
  const raw = message?.trim() || null;
  if (!text) return { text: raw ?? t('error.unknown'), detail: null };
  return { text, detail: raw };
}

/** One line for anything thrown: "Không thể … (Chi tiết: Cannot start …)". */
export function describeError(error: unknown): string {
  const code = error instanceof RequestError ? error.code : null;
  const message = error instanceof Error ? error.message : String(error);
  const { text, detail } = explainError(code, message);
  return detail ? `${text} (${t('error.detail', { message: detail })})` : text;
}
