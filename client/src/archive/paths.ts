// The archive's URL space, kept apart from ArchiveApp so the courtroom can route without loading it.
export const ARCHIVE_PATH = '/archive';

export function isArchivePath(pathname: string): boolean {
  return pathname === ARCHIVE_PATH || pathname.startsWith(`${ARCHIVE_PATH}/`);
}
