// Sends a request whose JSON text the test writes itself, through a TestClient's own connection:
// what a hostile client can send but socket.io-client cannot serialize (an object 20,000 levels
// deep overflows its hasBinary() and JSON.stringify), or exactly the bytes a fuzzer produced.
import type { Reply } from '../../core/protocol/signaling.js';
import type { TestClient } from './server.js';

/** socket.io-client's internals this needs: its acknowledgement table and the engine's raw write. */
interface SocketInternals {
  acks: Record<number, (reply: Reply) => void>;
  io: { engine: { write(data: string): void } };
}

let nextId = 1_000_000; // far above socket.io-client's own ack ids

/** Emits `request` with `json` (the message's JSON text) as its argument and waits for the reply. */
export function rawRequest(client: TestClient, json: string, timeoutMs = 10_000): Promise<Reply> {
  const socket = client.socket as unknown as SocketInternals;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      delete socket.acks[id];
      reject(new Error(`no reply within ${timeoutMs} ms to ${json.slice(0, 200)}`));
    }, timeoutMs);
    socket.acks[id] = (reply) => {
      clearTimeout(timer);
      resolve(reply);
    };
    // A socket.io EVENT packet (type 2) with its ack id, on the default namespace.
    socket.io.engine.write(`2${id}["request",${json}]`);
  });
}

/** The JSON text of an object nested `depth` levels deep: {"a":{"a":…{}…}}. */
export function deepJson(depth: number): string {
  return '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);
}
