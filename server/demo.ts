// The demo hearing `npm start` prints links for: a case, a courtroom, a detention facility and
// four participants. Reused while it is not adjourned; every start issues fresh links (older
// ones stop working).
import type { CaseFile } from '../core/hearing/CaseFile.js';
import type { Store } from '../core/hearing/ports.js';
import type { Actor } from '../core/hearing/types.js';
import type { Role } from '../core/protocol/model.js';

const SETTING = 'demo.hearingId';

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
}

export function prepareDemo(store: Store, caseFile: CaseFile, publicUrl: string): DemoLink[] {
  const actor: Actor = { kind: 'system' };
  let hearingId = store.settings.get(SETTING);
  const existing = hearingId ? store.hearings.get(hearingId) : undefined;
  if (!existing || existing.state === 'adjourned') {
    const courtroom = caseFile.createSite('Phòng xử án số 1', 'courtroom');
    const sites = {
      courtroom,
      detention: caseFile.createSite('Trại tạm giam số 1 - phòng trực tuyến', 'detention'),
      office: caseFile.createSite('Văn phòng luật sư', 'office'),
    };
    const kase = caseFile.createCase(`DEMO-${new Date().getFullYear()}/HS-ST`, 'Vụ án hình sự (dữ liệu mẫu)');
    const hearing = caseFile.createHearing(actor, {
      caseId: kase.id,
      title: 'Phiên tòa sơ thẩm trực tuyến (demo)',
      scheduledAt: new Date().toISOString(),
      courtroomSiteId: courtroom.id,
    });
    hearingId = hearing.id;
    for (const person of PEOPLE) {
      caseFile.addParticipant(actor, hearingId, {
        displayName: person.displayName,
        role: person.role,
        siteId: person.site ? sites[person.site].id : undefined,
      });
    }
    store.settings.set(SETTING, hearingId);
  }
  const links: DemoLink[] = [];
  for (const p of store.participants.listByHearing(hearingId!)) {
    if (p.status === 'removed' || p.status === 'denied') continue;
    const issued = caseFile.issueInvitation(actor, hearingId!, p.id, 7 * 24 * 3600);
    links.push({ role: p.role, displayName: p.displayName, url: `${publicUrl}/join#${issued.token}` });
  }
  return links;
}
