// Reads every import of the project's TypeScript sources (static, dynamic and re-exports) into a
// list of edges. Local targets are resolved to repository paths; packages are kept by name.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export interface ImportEdge {
  /** Repository path of the importing file. */
  from: string;
  /** Repository path of the imported file, or the package specifier. */
  to: string;
  local: boolean;
  typeOnly: boolean;
}

const ROOT = resolve(import.meta.dirname, '../../..');
const SPEC = /(?:^|[\s;])(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

function sources(dir: string): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !f.includes('node_modules') && !f.startsWith('dist'))
    .map((f) => join(dir, f));
}

function resolveLocal(fromFile: string, spec: string): string {
  const base = resolve(ROOT, dirname(fromFile), spec);
  const candidates = [
    base,
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.js$/, '.tsx'),
    `${base}.ts`,
    `${base}.tsx`,
    join(base, 'index.ts'),
  ];
  const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? base;
  return relative(ROOT, hit);
}

export function importGraph(dirs: string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of dirs.flatMap(sources)) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const m of text.matchAll(SPEC)) {
      const spec = m[3] ?? m[4];
      if (!spec) continue;
      const local = spec.startsWith('.');
      edges.push({ from: file, to: local ? resolveLocal(file, spec) : spec, local, typeOnly: Boolean(m[2]) });
    }
  }
  return edges;
}

/** Each cycle once, as the files on it (a → b → a), among value and type imports alike. */
export function findCycles(edges: ImportEdge[]): string[] {
  const next = new Map<string, string[]>();
  for (const e of edges) if (e.local) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const cycles = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): void => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of next.get(n) ?? []) {
      if (state.get(m) === 'open') {
        const loop = stack.slice(stack.indexOf(m));
        const start = loop.indexOf([...loop].sort()[0]!);
        cycles.add([...loop.slice(start), ...loop.slice(0, start), loop[start]].join(' → '));
      } else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of [...next.keys()].sort()) if (!state.has(n)) visit(n);
  return [...cycles].sort();
}
