// The one import rule (ARCHITECTURE.md), checked on the source itself: arrows point down only.
// core/ imports nothing of the project outside itself; media/, ingest/ and recordings/ never import
// server/; recordings/ imports neither media/ nor mediasoup nor better-sqlite3; the client imports
// only core/protocol and the court locale; and no import cycle anywhere.
import { describe, expect, it } from 'vitest';
import { importGraph, findCycles, type ImportEdge } from './importGraph.js';

const edges = importGraph(['core', 'server', 'media', 'ingest', 'recordings', 'client/src']);
const part = (file: string) => (file.startsWith('client/') ? 'client' : file.split('/')[0]!);

function offending(rule: (e: ImportEdge) => boolean): string[] {
  return edges.filter(rule).map((e) => `${e.from} → ${e.to}`);
}

describe('the one import rule', () => {
  it('finds the project’s imports at all (the checker can see something)', () => {
    expect(edges.filter((e) => e.to.startsWith('core/')).length).toBeGreaterThan(50);
    expect(edges.some((e) => e.to === 'mediasoup')).toBe(true);
  });

  it('core/ imports nothing of the project outside core/', () => {
    expect(offending((e) => part(e.from) === 'core' && e.local && part(e.to) !== 'core')).toEqual([]);
  });

  it('core/hearing/ imports no framework, SFU, process or storage module', () => {
    const banned = /^(express|socket\.io|mediasoup|better-sqlite3|pg|node:fs|node:child_process|node:net|node:http)/;
    expect(offending((e) => e.from.startsWith('core/hearing/') && banned.test(e.to))).toEqual([]);
  });

  it('media/, ingest/ and recordings/ never import server/', () => {
    expect(offending((e) => ['media', 'ingest', 'recordings'].includes(part(e.from)) && e.local && part(e.to) === 'server')).toEqual([]);
  });

  it('recordings/ imports neither media/ nor mediasoup nor better-sqlite3', () => {
    expect(
      offending((e) => part(e.from) === 'recordings' && ((e.local && part(e.to) === 'media') || /^(mediasoup|better-sqlite3)/.test(e.to))),
    ).toEqual([]);
  });

  it('media/ is the SFU adapter only: it imports neither ingest/ nor recordings/', () => {
    expect(offending((e) => part(e.from) === 'media' && e.local && ['ingest', 'recordings'].includes(part(e.to)))).toEqual([]);
  });

  it('the client imports only core/protocol and the court locale from outside client/', () => {
    expect(
      offending(
        (e) => part(e.from) === 'client' && e.local && part(e.to) !== 'client' && !/^core\/(protocol\/|lib\/courtLocale\.ts$)/.test(e.to),
      ),
    ).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(findCycles(edges)).toEqual([]);
  });
});

describe('the checker itself', () => {
  const e = (from: string, to: string): ImportEdge => ({ from, to, local: true, typeOnly: false });

  it('reports a cycle once, from its smallest file', () => {
    expect(findCycles([e('b.ts', 'c.ts'), e('c.ts', 'a.ts'), e('a.ts', 'b.ts'), e('a.ts', 'd.ts')])).toEqual(['a.ts → b.ts → c.ts → a.ts']);
  });

  it('reports no cycle in a tree with shared leaves', () => {
    expect(findCycles([e('a.ts', 'b.ts'), e('a.ts', 'c.ts'), e('b.ts', 'c.ts')])).toEqual([]);
  });
});
