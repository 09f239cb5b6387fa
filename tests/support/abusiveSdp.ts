// WHIP offers a hostile or broken encoder could send, for the unit and integration tests of the
// WHIP limits (ingest/whip/WhipSdp.ts): compact, so that even hundreds of m-sections stay under
// the route's 128 kB body limit and reach the parser.

const FINGERPRINT = 'sha-256 08:7E:1A:CB:21:C2:5B:3C:D3:16:B1:AD:84:8B:DF:B2:81:00:E0:64:EA:86:16:D3:97:16:F1:8A:47:8F:60:30';

/** A bundled offer with `video` VP8 sections and `audio` Opus sections, each with its own SSRC. */
export function offerWithSections({ video, audio = 0 }: { video: number; audio?: number }): string {
  const sections: string[] = [];
  const mids: string[] = [];
  const section = (kind: 'video' | 'audio', i: number) => {
    const mid = `${kind[0]}${i}`;
    mids.push(mid);
    const codec = kind === 'video' ? 'a=rtpmap:96 VP8/90000' : 'a=rtpmap:96 opus/48000/2';
    sections.push(
      [
        `m=${kind} 9 UDP/TLS/RTP/SAVPF 96`,
        `a=mid:${mid}`,
        'a=sendonly',
        'a=rtcp-mux',
        codec,
        `a=ssrc:${1000 + mids.length} cname:enc`,
      ].join('\r\n'),
    );
  };
  for (let i = 0; i < video; i++) section('video', i);
  for (let i = 0; i < audio; i++) section('audio', i);
  const head = [
    'v=0',
    'o=- 1 1 IN IP4 0.0.0.0',
    's=-',
    't=0 0',
    `a=group:BUNDLE ${mids.join(' ')}`,
    'a=ice-ufrag:abcd',
    'a=ice-pwd:abcdefghijklmnopqrstuvwx',
    `a=fingerprint:${FINGERPRINT}`,
    'a=setup:actpass',
  ];
  return [...head, ...sections].join('\r\n') + '\r\n';
}
