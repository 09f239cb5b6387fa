// What every workspace screen gets from ClerkApp: the staff token, navigation, and the handler
// that notices a 401 (the session ended: back to the sign-in).
import type { ClerkRoute } from './paths.js';

export interface Workspace {
  token: string;
  go: (to: ClerkRoute, replace?: boolean) => void;
  onError: (error: unknown) => void;
}
