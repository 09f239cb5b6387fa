// Writes docs/procedure.md (scripts/procedureDoc.ts): the procedure's tables and who may send each
// signaling command, asked of the real domain (SQLite in memory, media faked) role by role.
//   npx tsx scripts/procedure-tables.ts      (npm run docs:procedure)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ROLES, type Role } from '../core/protocol/model.js';
import { COMMAND_CASES, tryCommand } from '../tests/support/commandProbe.js';
import { DOC_PATH, renderProcedureDoc } from './procedureDoc.js';

const answers = new Map<string, Record<Role, string>>();
for (const command of COMMAND_CASES) {
  const byRole = {} as Record<Role, string>;
  for (const role of ROLES) byRole[role] = (await tryCommand(role, command)).answer;
  answers.set(command.name, byRole);
}
mkdirSync(dirname(DOC_PATH), { recursive: true });
writeFileSync(DOC_PATH, renderProcedureDoc(answers));
console.log(`wrote docs/procedure.md: ${COMMAND_CASES.length} commands × ${ROLES.length} roles`);
