// A refused request on a workspace screen, in the reader's language (../staff/staffErrors.ts by
// code). A refused body (400) also names the fields the server found wrong, by their labels here:
// the server's zod issues carry each field's path, never words for the clerk.
import { RequestError } from '../core/RequestError.js';
import { t, type MessageKey } from '../i18n.js';
import { staffErrorText } from '../staff/staffErrors.js';

/** The body fields of the workspace's requests, by the label the clerk saw on the form. */
const FIELD_LABELS: Record<string, MessageKey> = {
  number: 'clerk.case.number',
  title: 'clerk.hearing.title',
  kind: 'clerk.case.kind',
  scheduledAt: 'clerk.hearing.day',
  courtroomSiteId: 'clerk.hearing.courtroom',
  displayName: 'clerk.people.name',
  role: 'clerk.people.role',
  siteId: 'clerk.people.site',
  accountId: 'clerk.people.account',
  email: 'clerk.people.email',
  phone: 'clerk.people.phone',
  name: 'clerk.sites.name',
  rtspUrl: 'clerk.devices.rtsp',
};

/** The labels of the fields a 400's issues point at, once each, in the order given. */
export function invalidFields(details: unknown): string[] {
  if (!Array.isArray(details)) return [];
  const labels: string[] = [];
  for (const issue of details as Array<{ path?: unknown }>) {
    const path = Array.isArray(issue?.path) ? issue.path : [];
    const key = [...path].reverse().find((p): p is string => typeof p === 'string' && p in FIELD_LABELS);
    const label = key ? t(FIELD_LABELS[key] as MessageKey) : null;
    if (label && !labels.includes(label)) labels.push(label);
  }
  return labels;
}

export function clerkErrorText(error: unknown): string {
  if (error instanceof RequestError && error.code === 'invalid_input') {
    const fields = invalidFields(error.details);
    if (fields.length > 0) return t('clerk.error.fields', { fields: fields.join(', ') });
  }
  return staffErrorText(error);
}
