import { describe, expect, it } from 'vitest';
import { maskUrl, redactSecrets } from '../../../core/lib/redact.js';

describe('maskUrl', () => {
  it('masks the password of a camera URL and keeps the rest', () => {
    expect(maskUrl('rtsp://admin:s3cret@192.168.1.10:554/stream1')).toBe('rtsp://admin:***@192.168.1.10:554/stream1');
    expect(maskUrl('rtsps://u:p@[fc00::1]:322/x?y=1')).toBe('rtsps://u:***@[fc00::1]:322/x?y=1');
  });

  it('takes the password up to the last @ of the authority, as ffmpeg does', () => {
    expect(maskUrl('rtsp://admin:p@ss@word@10.0.0.1/cam')).toBe('rtsp://admin:***@10.0.0.1/cam');
  });

  it('masks a password with an empty user name, and percent-encoded ones', () => {
    expect(maskUrl('rtsp://:only@10.0.0.1/')).toBe('rtsp://:***@10.0.0.1/');
    expect(maskUrl('rtsp://cam:p%40ss%3Aw@10.0.0.1/')).toBe('rtsp://cam:***@10.0.0.1/');
  });

  it('masks passwords given in the query string', () => {
    expect(maskUrl('rtsp://10.0.0.1/live?user=admin&password=s3cret&channel=1')).toBe(
      'rtsp://10.0.0.1/live?user=admin&password=***&channel=1',
    );
    expect(maskUrl('rtsp://10.0.0.1/live?pwd=s3cret')).toBe('rtsp://10.0.0.1/live?pwd=***');
  });

  it('leaves a URL without a password as it is', () => {
    for (const url of ['rtsp://10.0.0.1/cam', 'rtsp://viewer@10.0.0.1/cam', 'rtsp://10.0.0.1:8554/a:b']) expect(maskUrl(url)).toBe(url);
  });
});

describe('redactSecrets', () => {
  it('masks every URL in a line of ffmpeg output, several per line', () => {
    const line =
      '[rtsp @ 0x55d] method DESCRIBE failed: 404 Not Found\nrtsp://admin:s3cret@127.0.0.1:41000/cam1: Server returned 404, retrying rtsp://b:x@10.0.0.2/';
    const out = redactSecrets(line);
    expect(out).not.toMatch(/s3cret|b:x@/);
    expect(out).toContain('rtsp://admin:***@127.0.0.1:41000/cam1: Server returned 404');
    expect(out).toContain('rtsp://b:***@10.0.0.2/');
  });

  it('masks the ffprobe error that quotes its input', () => {
    expect(redactSecrets('ffprobe rtsp://u:hunter2@10.1.1.1/s failed: Connection refused')).toBe(
      'ffprobe rtsp://u:***@10.1.1.1/s failed: Connection refused',
    );
  });
});
