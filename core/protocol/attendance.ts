// Attendance (điểm danh) and identity checks, as the wire carries them: the clerk's (or the presiding
// judge's) mark of each summoned participant, a site officer's attestation, and the identity
// document they were checked against. Identity numbers are personal data: only the server's store
// keeps them whole; every view, notification, audit event and the minutes carry them masked.
// The views themselves (AttendanceView) are in model.ts; this file imports nothing of the protocol.
import { z } from 'zod';

/** Căn cước công dân (12 digits), chứng minh nhân dân (9 or 12 digits), hộ chiếu (passport). */
export const ID_DOCUMENT_KINDS = ['cccd', 'cmnd', 'passport'] as const;
export type IdDocumentKind = (typeof ID_DOCUMENT_KINDS)[number];

const ID_NUMBER_FORMATS: Record<IdDocumentKind, RegExp> = {
  cccd: /^\d{12}$/,
  cmnd: /^(\d{9}|\d{12})$/,
  // Vietnamese passports are a letter and seven digits; foreign ones vary: letters and digits.
  passport: /^[A-Z0-9]{6,20}$/,
};

/** Spaces and dashes as people type them are dropped; letters upper-cased. */
export function normalizeIdNumber(value: string): string {
  return value.replace(/[\s.-]/g, '').toUpperCase();
}

/** Why the number cannot be of this kind of document; null when it can. */
export function idNumberProblem(kind: IdDocumentKind, number: string): string | null {
  return ID_NUMBER_FORMATS[kind].test(normalizeIdNumber(number)) ? null : `not a valid ${kind} number`;
}

export const IdDocument = z
  .object({
    kind: z.enum(ID_DOCUMENT_KINDS),
    number: z.string().trim().min(1).max(40),
  })
  .strict()
  .superRefine((doc, ctx) => {
    const problem = idNumberProblem(doc.kind, doc.number);
    if (problem) ctx.addIssue({ code: 'custom', path: ['number'], message: problem });
  })
  .transform((doc) => ({ kind: doc.kind, number: normalizeIdNumber(doc.number) }));
export type IdDocument = z.infer<typeof IdDocument>;

/** The last four digits (three of a short number) behind `***`: enough to compare with the card in hand. */
export function maskIdNumber(number: string): string {
  const n = normalizeIdNumber(number);
  const shown = n.length >= 9 ? 4 : 3;
  return `***${n.slice(-shown)}`;
}

/** An identity document as every view shows it: its kind and the masked number. */
export interface MaskedIdDocument {
  kind: IdDocumentKind;
  /** `***1234`: never the whole number. */
  number: string;
}

export function maskIdDocument(doc: IdDocument): MaskedIdDocument {
  return { kind: doc.kind, number: maskIdNumber(doc.number) };
}

export const ATTENDANCE_STATUSES = ['present', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/** The body of POST /api/site/hearings/:id/participants/:pid/attest. */
export const AttestBody = z.object({ idDocument: IdDocument, note: z.string().trim().max(500).optional() }).strict();
export type AttestBody = z.infer<typeof AttestBody>;
