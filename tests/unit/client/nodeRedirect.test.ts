// The client's rule for `moved` (client/src/core/nodeRedirect.ts): follow the serving node's URL
// with the same credentials, at most MAX_NODE_HOPS times, only to http(s), never twice to one node.
import { describe, expect, it } from 'vitest';
import { MAX_NODE_HOPS, NodeRedirects } from '../../../client/src/core/nodeRedirect.js';

const moved = (url: unknown) => ({ code: 'moved' as const, message: 'served elsewhere', details: { url, nodeId: 'n' } });

describe('NodeRedirects', () => {
  it('follows a move to another node, as its origin', () => {
    const redirects = new NodeRedirects('https://court.example');
    expect(redirects.follow(moved('https://node-2.court.example:8443/some/path?q=1'))).toBe('https://node-2.court.example:8443');
    expect(redirects.hops).toBe(1);
  });

  it('follows at most MAX_NODE_HOPS moves', () => {
    const redirects = new NodeRedirects('https://court.example');
    for (let i = 1; i <= MAX_NODE_HOPS; i++) expect(redirects.follow(moved(`https://node-${i}.court.example`))).not.toBeNull();
    expect(redirects.follow(moved('https://node-99.court.example'))).toBeNull();
    expect(redirects.hops).toBe(MAX_NODE_HOPS);
  });

  it('never goes back to a node it has tried, the first one included: no loops', () => {
    const redirects = new NodeRedirects('https://node-1.court.example/join');
    expect(redirects.follow(moved('https://node-1.court.example'))).toBeNull();
    expect(redirects.follow(moved('https://node-2.court.example'))).toBe('https://node-2.court.example');
    expect(redirects.follow(moved('https://NODE-2.court.example/'))).toBeNull();
    expect(redirects.follow(moved('https://node-1.court.example'))).toBeNull();
  });

  it('follows only http(s) URLs without credentials', () => {
    const redirects = new NodeRedirects('https://court.example');
    for (const url of [
      'javascript:alert(1)',
      'ws://node-2.court.example',
      'file:///etc/passwd',
      'https://user:pw@node-2.court.example',
      'not a url',
      42,
      undefined,
    ]) {
      expect(redirects.follow(moved(url))).toBeNull();
    }
    expect(redirects.hops).toBe(0);
    expect(redirects.follow(moved('http://10.0.0.2:3000'))).toBe('http://10.0.0.2:3000');
  });

  it('goes back to where it started when the node it was sent to stops answering, and may be sent on again', () => {
    const redirects = new NodeRedirects('https://court.example/join');
    expect(redirects.restart()).toBeNull(); // never left: nothing to go back to
    redirects.follow(moved('https://node-1.court.example'));
    redirects.follow(moved('https://node-2.court.example'));
    expect(redirects.restart()).toBe('https://court.example');
    expect(redirects.hops).toBe(0);
    expect(redirects.follow(moved('https://node-2.court.example'))).toBe('https://node-2.court.example');
  });

  it('ignores every refusal that is not a move', () => {
    const redirects = new NodeRedirects('https://court.example');
    expect(redirects.follow({ code: 'unauthorized', message: 'no', details: { url: 'https://node-2.court.example' } })).toBeNull();
    expect(redirects.follow(undefined)).toBeNull();
  });
});
