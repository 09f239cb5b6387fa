// The courtroom TV's URL, kept apart from TvApp so the courtroom can route without loading it.
export const TV_PATH = '/tv';

export function isTvPath(pathname: string): boolean {
  return pathname === TV_PATH || pathname === `${TV_PATH}/`;
}
