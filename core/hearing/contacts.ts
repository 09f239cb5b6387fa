// A participant's contact as the record may show it: masked, so the audit log, the clerk's list
// and the server's log say where a link went without repeating the address or the number.
import type { Contact } from '../protocol/workspace.js';
import type { InvitationChannel } from './ports.js';

/** `nguyen.van.a@example.vn` → `n***@example.vn`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** `+84 912 345 789` → `*** *** 789`: the last three digits only. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `*** *** ${digits.slice(-3)}`;
}

export function maskAddress(channel: InvitationChannel, to: string): string {
  return channel === 'email' ? maskEmail(to) : maskPhone(to);
}

/** The contact with both parts masked (the audit log's record of an edit); null stays null. */
export function maskContact(contact: Contact | null | undefined): Contact | null {
  if (!contact) return null;
  return {
    ...(contact.email ? { email: maskEmail(contact.email) } : {}),
    ...(contact.phone ? { phone: maskPhone(contact.phone) } : {}),
  };
}

/** Empty contacts ({}) are no contact. */
export function normalContact(contact: Contact | null | undefined): Contact | null {
  return contact?.email || contact?.phone ? contact : null;
}

/**
 * Where to send by `channel`, or, without one, the first the contact has (email before SMS: it
 * carries the whole text). Null when the contact has no such address.
 */
export function addressFor(
  contact: Contact | null | undefined,
  channel?: InvitationChannel,
): { channel: InvitationChannel; to: string } | null {
  if (channel === 'email' || (!channel && contact?.email)) return contact?.email ? { channel: 'email', to: contact.email } : null;
  return contact?.phone ? { channel: 'sms', to: contact.phone } : null;
}
