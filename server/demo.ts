// The demo hearing `npm start` prints links for: a case, a courtroom, a detention facility and
// four participants. Reused while it is not adjourned; every start issues fresh links (older
// ones stop working). The bench's seats get no link (core/hearing/staffSeats.ts): a demo judge
// account and a demo clerk account sign in at /bench, as a real judge and clerk would (their
// passwords are kept under data/secrets and printed with the links).
import type { Access } from './auth/Access.js';
import type { CaseFile } from '../core/hearing/CaseFile.js';
import type { Store } from '../core/hearing/ports.js';
import type { Actor } from '../core/hearing/types.js';
import type { Role } from '../core/protocol/model.js';
import { loadOrCreateSecret } from './secrets.js';

const SETTING = 'demo.hearingId';
const JUDGE_USERNAME = 'demo.judge';
const CLERK_USERNAME = 'demo.clerk';

const PEOPLE: { displayName: string; role: Role; site: 'courtroom' | 'detention' | 'office' | null }[] = [
  { displayName: 'Thẩm phán Nguyễn Văn An', role: 'judge', site: null },
  { displayName: 'Bị cáo Trần Văn Bình', role: 'defendant', site: 'detention' },
  { displayName: 'Luật sư Lê Thị Cúc', role: 'counsel', site: 'office' },
  { displayName: 'Thư ký Phạm Minh Đức', role: 'clerk', site: 'courtroom' },
];

export interface DemoLink {
  role: Role;
  displayName: string;
  url: string;
  /** The bench's (the judge, the clerk): sign in at `url` (/bench) with these. */
  signIn?: { username: string; password: string };
}

export interface DemoDeps {
  store: Store;
  caseFile: CaseFile;
  access: Access;
  dataDir: string;
  publicUrl: string;
}

export async function prepareDemo({ store, caseFile, access, dataDir, publicUrl }: DemoDeps): Promise<DemoLink[]> {
  const actor: Actor = { kind: 'system' };
  const account = async (username: string, role: 'judge' | 'clerk', displayName: string) => {
    const password = loadOrCreateSecret(dataDir, `demo-${role}-password`).slice(0, 20);
    const record =
      (await store.accounts.getByUsername(username)) ?? (await access.createAccount({ username, displayName, role, password }));
    return { id: record.id, username, password };
  };
  const seatAccounts = {
    judge: await account(JUDGE_USERNAME, 'judge', 'Thẩm phán Nguyễn Văn An'),
    clerk: await account(CLERK_USERNAME, 'clerk', 'Thư ký Phạm Minh Đức'),
  };
  const seatAccount = (role: Role) => (role === 'judge' || role === 'clerk' ? seatAccounts[role] : undefined);
  let hearingId = await store.settings.get(SETTING);
  const existing = hearingId ? await store.hearings.get(hearingId) : undefined;
  if (!existing || existing.state === 'adjourned') {
    const courtroom = await caseFile.createSite('Phòng xử án số 1', 'courtroom');
    const sites = {
      courtroom,
      detention: await caseFile.createSite('Trại tạm giam số 1 - phòng trực tuyến', 'detention'),
      office: await caseFile.createSite('Văn phòng luật sư', 'office'),
    };
    const kase = await caseFile.createCase(`DEMO-${new Date().getFullYear()}/HS-ST`, 'Vụ án hình sự (dữ liệu mẫu)');
    const hearing = await caseFile.createHearing(actor, {
      caseId: kase.id,
      title: 'Phiên tòa sơ thẩm trực tuyến (demo)',
      scheduledAt: new Date().toISOString(),
      courtroomSiteId: courtroom.id,
    });
    hearingId = hearing.id;
    for (const person of PEOPLE) {
      await caseFile.addParticipant(actor, hearingId, {
        displayName: person.displayName,
        role: person.role,
        siteId: person.site ? sites[person.site].id : undefined,
        ...(seatAccount(person.role) ? { accountId: seatAccount(person.role)!.id } : {}),
      });
    }
    await store.settings.set(SETTING, hearingId);
  }
  const links: DemoLink[] = [];
  for (const p of await store.participants.listByHearing(hearingId!)) {
    if (p.status === 'removed' || p.status === 'denied') continue;
    const seat = seatAccount(p.role);
    if (seat) {
      // A demo hearing made before the bench signed in at /bench: its seat goes to the demo account.
      if (!p.accountId) await store.participants.update({ ...p, accountId: seat.id });
      links.push({
        role: p.role,
        displayName: p.displayName,
        url: `${publicUrl}/bench`,
        signIn: { username: seat.username, password: seat.password },
      });
      continue;
    }
    const issued = await caseFile.issueInvitation(actor, hearingId!, p.id, 7 * 24 * 3600);
    links.push({ role: p.role, displayName: p.displayName, url: `${publicUrl}/join#${issued.token}` });
  }
  return links;
}
