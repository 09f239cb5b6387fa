// The staff session of the archive and the bench: kept in sessionStorage (staffApi.ts), ended on
// the server too when the person signs out.
import { useCallback, useState } from 'react';
import { loadSession, saveSession, staffAuth, type StaffSession } from './staffApi.js';

export function useStaffSession() {
  const [session, setSession] = useState<StaffSession | null>(loadSession);
  const signIn = useCallback((next: StaffSession) => {
    saveSession(next);
    setSession(next);
  }, []);
  /** Signs out here and on the server (best effort: the token may already be dead). */
  const signOut = useCallback(() => {
    const token = loadSession()?.token;
    if (token) staffAuth.logout(token).catch(() => undefined);
    saveSession(null);
    setSession(null);
  }, []);
  /** The server already ended it (a 401): forget it here. */
  const forget = useCallback(() => {
    saveSession(null);
    setSession(null);
  }, []);
  return { session, signIn, signOut, forget };
}
