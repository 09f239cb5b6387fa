import { describe, expect, it } from 'vitest';
import {
  ATTR,
  CLASS,
  decodeStun,
  encodeStun,
  encodeXorAddress,
  errorCode,
  METHOD,
  newTransactionId,
  stunLength,
  xorAddress,
} from '../../../server/turn/stunMessage.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
// RFC 5769 §2.2 and §2.3: Binding responses with XOR-MAPPED-ADDRESS 192.0.2.1:32853 and 2001:db8:1234:5678:11:2233:4455:6677:32853.
const IPV4_RESPONSE = hex(`0101003c 2112a442 b7e7a701 bc34d686 fa87dfae 8022000b 74657374 20766563 746f7220 00200008 0001a147
  e112a643 00080014 2b91f599 fd9e90c3 8c7489f9 2af9ba53 f06be7d7 80280004 c07d4c96`);
const IPV6_RESPONSE = hex(`01010048 2112a442 b7e7a701 bc34d686 fa87dfae 8022000b 74657374 20766563 746f7220 00200014 0002a147
  0113a9fa a5d3f179 bc25f4b5 bed2b9d9 00080014 a382954e 4be67bf1 1784c97c 8292c275 bfe3ed41 80280004 c8fb0b4c`);

describe('STUN messages (the parts vcourt speaks)', () => {
  it('reads the XOR-mapped address of the RFC 5769 sample responses, IPv4 and IPv6', () => {
    const v4 = decodeStun(IPV4_RESPONSE)!;
    expect(v4.type).toBe(METHOD.binding | CLASS.success);
    expect(xorAddress(v4, ATTR.xorMappedAddress)).toEqual({ address: '192.0.2.1', port: 32853 });
    const v6 = decodeStun(IPV6_RESPONSE)!;
    expect(xorAddress(v6, ATTR.xorMappedAddress)).toEqual({ address: '2001:db8:1234:5678:11:2233:4455:6677', port: 32853 });
  });

  it('writes what it reads: a signed request keeps its attributes, ends with integrity and fingerprint', () => {
    const transactionId = newTransactionId();
    const peer = encodeXorAddress('192.0.2.1', 32853);
    const buf = encodeStun(
      { type: METHOD.createPermission, transactionId, attributes: [{ type: ATTR.xorPeerAddress, value: peer }] },
      Buffer.alloc(16, 1),
    );
    expect(stunLength(buf)).toBe(buf.length);
    const m = decodeStun(buf)!;
    expect(m.transactionId.equals(transactionId)).toBe(true);
    expect(m.attributes.map((a) => a.type)).toEqual([ATTR.xorPeerAddress, ATTR.messageIntegrity, ATTR.fingerprint]);
    expect(xorAddress(m, ATTR.xorPeerAddress)).toEqual({ address: '192.0.2.1', port: 32853 });
  });

  it('reads an error code, and refuses what is not (yet) a whole STUN message', () => {
    const m = {
      type: METHOD.allocate | CLASS.error,
      transactionId: newTransactionId(),
      attributes: [{ type: ATTR.errorCode, value: hex('00000401') }],
    };
    expect(errorCode(decodeStun(encodeStun(m))!)).toBe(401);
    expect(decodeStun(IPV4_RESPONSE.subarray(0, 30))).toBeUndefined();
    expect(decodeStun(Buffer.from('GET / HTTP/1.1\r\n\r\n'))).toBeUndefined();
    expect(() => encodeXorAddress('::1', 1)).toThrow(/not an IPv4 address/);
  });
});
