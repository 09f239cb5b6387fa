// Does a TURN server answer? One STUN Binding request over UDP, bounded by a timeout. Used to tell
// when the embedded coturn is ready (CoturnProcess) and by `npm run doctor`.
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { CLASS, decodeStun, encodeStun, METHOD, newTransactionId } from './stunMessage.js';

/** Resolves true when a Binding success comes back from host:port within `timeoutMs`. */
export function stunAnswers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    const transactionId = newTransactionId();
    let settled = false;
    const finish = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('error', () => finish(false));
    socket.on('message', (buf) => {
      const m = decodeStun(buf);
      if (m && m.type === (METHOD.binding | CLASS.success) && m.transactionId.equals(transactionId)) finish(true);
    });
    socket.send(encodeStun({ type: METHOD.binding | CLASS.request, transactionId, attributes: [] }), port, host, (error) => {
      if (error) finish(false);
    });
  });
}
