// A mediasoup-client transport wired to our signaling: its DTLS 'connect' and its 'produce'
// become protocol requests. Everything else about transports stays in MediaSession.
import type { Device, types } from 'mediasoup-client';
import type { IceServersReply, MediaSource, Request, ResponseMap, TransportParams } from './protocol.js';

/** Sends one request and resolves with its typed reply data (HearingSession.request). */
export type Requester = <R extends Request>(msg: R) => Promise<ResponseMap[R['type']]>;

export function createSignalingTransport(
  device: Device,
  direction: 'send' | 'recv',
  params: TransportParams,
  request: Requester,
  ice?: Pick<IceServersReply, 'iceServers' | 'iceTransportPolicy'>,
): types.Transport {
  const options: types.TransportOptions = {
    id: params.id,
    iceParameters: params.iceParameters as types.IceParameters,
    iceCandidates: params.iceCandidates as types.IceCandidate[],
    dtlsParameters: params.dtlsParameters as types.DtlsParameters,
    // TURN for sites that cannot reach the media server directly; 'relay' where the site forces it.
    ...(ice ? { iceServers: ice.iceServers, iceTransportPolicy: ice.iceTransportPolicy } : {}),
  };
  const transport = direction === 'send' ? device.createSendTransport(options) : device.createRecvTransport(options);
  transport.on('connect', ({ dtlsParameters }, callback, errback) => {
    request({ type: 'media.connectTransport', transportId: transport.id, dtlsParameters: plain(dtlsParameters) })
      .then(() => callback())
      .catch((error: unknown) => errback(asError(error)));
  });
  if (direction === 'send') {
    transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      // MediaSession always sets appData.source; the server needs it to place the track.
      const source = appData.source as MediaSource;
      request({ type: 'media.produce', transportId: transport.id, kind, rtpParameters: plain(rtpParameters), source })
        .then(({ producerId }) => callback({ id: producerId }))
        .catch((error: unknown) => errback(asError(error)));
    });
  }
  return transport;
}

/** mediasoup's parameter objects travel as plain JSON objects on the wire. */
export function plain(value: object): Record<string, unknown> {
  return value as Record<string, unknown>;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
