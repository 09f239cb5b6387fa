// Sets up hearings through the real HTTP API, as a clerk would.
import type { APIRequestContext } from '@playwright/test';
import type { Role } from '../../../core/protocol/model.js';
import { E2E_ADMIN_PASSWORD } from '../../../playwright.config.js';

export interface Invitee {
  id: string;
  role: Role;
  displayName: string;
  /** The invitation link exactly as the clerk would send it. */
  url: string;
}

export class ClerkApi {
  private constructor(
    private readonly request: APIRequestContext,
    private readonly token: string,
  ) {}

  static async login(request: APIRequestContext): Promise<ClerkApi> {
    const res = await request.post('/api/auth/login', { data: { username: 'admin', password: E2E_ADMIN_PASSWORD } });
    if (!res.ok()) throw new Error(`login failed: ${res.status()} ${await res.text()}`);
    return new ClerkApi(request, (await res.json()).token);
  }

  async post<T>(path: string, data: unknown): Promise<T> {
    const res = await this.request.post(path, { data, headers: { authorization: `Bearer ${this.token}` } });
    if (!res.ok()) throw new Error(`POST ${path}: ${res.status()} ${await res.text()}`);
    return res.json() as Promise<T>;
  }

  async get<T>(path: string): Promise<T> {
    const res = await this.request.get(path, { headers: { authorization: `Bearer ${this.token}` } });
    if (!res.ok()) throw new Error(`GET ${path}: ${res.status()} ${await res.text()}`);
    return res.json() as Promise<T>;
  }

  /**
   * A new case and hearing with one participant per entry; returns their invitation links, one per
   * entry and in the same order (for a literal list, typed as a tuple of the same length).
   */
  async createHearing<const P extends readonly { displayName: string; role: Role }[]>(
    people: P,
  ): Promise<{ hearingId: string; invitees: { [K in keyof P]: Invitee } }> {
    const stamp = Date.now().toString(36);
    const { case: kase } = await this.post<{ case: { id: string } }>('/api/cases', {
      number: `E2E-${stamp}/HS-ST`,
      title: 'Vụ án kiểm thử',
    });
    const { hearing } = await this.post<{ hearing: { id: string } }>('/api/hearings', {
      caseId: kase.id,
      title: 'Phiên tòa kiểm thử',
      scheduledAt: new Date().toISOString(),
    });
    const invitees: Invitee[] = [];
    for (const person of people) {
      const { participant, invitation } = await this.post<{
        participant: { id: string };
        invitation: { url: string };
      }>(`/api/hearings/${hearing.id}/participants`, person);
      invitees.push({ id: participant.id, ...person, url: invitation.url });
    }
    return { hearingId: hearing.id, invitees: invitees as { [K in keyof P]: Invitee } };
  }
}
