// How invitations leave the server (VCOURT_NOTIFIER): `file` (the default: an outbox file under
// the data folder), `smtp` (email through VCOURT_SMTP_URL, from VCOURT_SMTP_FROM), `webhook` (an
// SMS gateway: VCOURT_NOTIFIER_WEBHOOK_URL, optional VCOURT_NOTIFIER_WEBHOOK_TOKEN and
// VCOURT_NOTIFIER_WEBHOOK_TIMEOUT_MS). Several, comma-separated (`smtp,webhook`): each message
// goes through the first that carries its channel (email, SMS). Checked at start.
export const NOTIFIER_KINDS = ['file', 'smtp', 'webhook'] as const;
export type NotifierKind = (typeof NOTIFIER_KINDS)[number];

export interface NotifierConfig {
  kinds: NotifierKind[];
  smtp?: { url: string; from: string };
  webhook?: { url: string; token?: string; timeoutMs: number };
}

export function loadNotifierConfig(env: NodeJS.ProcessEnv): NotifierConfig {
  const raw = env.VCOURT_NOTIFIER?.trim() || 'file';
  const kinds = [...new Set(raw.split(/[\s,]+/).filter(Boolean))];
  for (const kind of kinds) {
    if (!(NOTIFIER_KINDS as readonly string[]).includes(kind)) {
      throw new Error(`VCOURT_NOTIFIER must list some of ${NOTIFIER_KINDS.join(', ')}, got "${raw}"`);
    }
  }
  const config: NotifierConfig = { kinds: kinds as NotifierKind[] };
  if (config.kinds.includes('smtp')) {
    const url = env.VCOURT_SMTP_URL?.trim();
    const from = env.VCOURT_SMTP_FROM?.trim();
    if (!url || !/^smtps?:\/\//.test(url)) throw new Error('VCOURT_NOTIFIER=smtp needs VCOURT_SMTP_URL (smtp://… or smtps://…)');
    if (!from) throw new Error('VCOURT_NOTIFIER=smtp needs VCOURT_SMTP_FROM (the sender, e.g. "Tòa án <no-reply@toaan.gov.vn>")');
    config.smtp = { url, from };
  }
  if (config.kinds.includes('webhook')) {
    const url = env.VCOURT_NOTIFIER_WEBHOOK_URL?.trim();
    if (!url || !/^https?:\/\//.test(url))
      throw new Error('VCOURT_NOTIFIER=webhook needs VCOURT_NOTIFIER_WEBHOOK_URL (http://… or https://…)');
    const timeout = env.VCOURT_NOTIFIER_WEBHOOK_TIMEOUT_MS?.trim();
    const timeoutMs = timeout ? Number(timeout) : 10_000;
    if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 120_000) {
      throw new Error(`VCOURT_NOTIFIER_WEBHOOK_TIMEOUT_MS must be 100–120000 ms, got "${timeout}"`);
    }
    config.webhook = { url, timeoutMs, ...(env.VCOURT_NOTIFIER_WEBHOOK_TOKEN ? { token: env.VCOURT_NOTIFIER_WEBHOOK_TOKEN } : {}) };
  }
  return config;
}
