// What a participant sees outside the courtroom proper (core/rooms.ts): the witness room (a calm
// wait, alone, with one's own picture and the chat to the clerk), the banner of a consultation or
// of the deliberation room, and counsel's request for a consultation during a recess.
import { useState } from 'react';
import type { HearingSession } from '../core/HearingSession.js';
import {
  DELIBERATION_ROOM,
  consultationCandidates,
  isConsultation,
  isValidConsultation,
  mayEndConsultation,
  ownRequest,
  type RoomId,
} from '../core/rooms.js';
import type { SessionState } from '../core/sessionState.js';
import { useAction } from '../hooks/useAction.js';
import { useStore } from '../hooks/useStore.js';
import { roleLabel, t } from '../i18n.js';
import { ChatPanel } from './ChatPanel.js';
import { Controls } from './Controls.js';
import { CourtroomHeader } from './CourtroomHeader.js';
import { TrackVideo } from './TrackVideo.js';
import './rooms.css';

interface Props {
  session: HearingSession;
  state: SessionState;
}

/** The witness room: nobody seen or heard; the clerk or the presiding judge calls the witness in. */
export function WitnessRoom({ session, state }: Props) {
  const media = useStore(session.media);
  const { hearing, self } = state;
  if (!hearing || !self) return null;
  const camera = media.cameraOn ? (media.local.camera ?? null) : null;
  return (
    <div className="courtroom" data-testid="witness-room">
      <CourtroomHeader hearing={hearing} />
      {!state.connected && (
        <div className="banner warn" role="status" data-testid="reconnecting-banner">
          {t('connecting.reconnecting')}
        </div>
      )}
      <div className="courtroom-body">
        <main className="stage witness-room-stage">
          <div className="witness-room-card" role="status">
            <p className="witness-room-message">{t('rooms.witnessWait')}</p>
            <p className="muted small">{t('rooms.witnessWaitNote')}</p>
            <TrackVideo
              track={camera}
              testId="self-preview"
              mirror
              className="witness-room-preview"
              label={`${t('rooms.selfPreview')}: ${self.displayName} — ${roleLabel(self.role)}`}
            />
          </div>
        </main>
      </div>
      <footer className="courtroom-footer">
        <Controls session={session} self={self} />
        <ChatPanel session={session} state={state} />
      </footer>
    </div>
  );
}

/** Over the wall of a side room: what this room is, and (a consultation) the way back. */
export function SideRoomBanner({ session, room, state }: Props & { room: RoomId }) {
  const runner = useAction();
  const self = state.self;
  if (room === DELIBERATION_ROOM) {
    return (
      <div className="banner side-room" data-testid="deliberation-room" role="status">
        {t('rooms.deliberationBanner')}
      </div>
    );
  }
  if (!isConsultation(room) || !self) return null;
  return (
    <div className="banner side-room" data-testid="consultation-room" role="status">
      <span>{t('rooms.consultationBanner')}</span>
      {mayEndConsultation(self, room) && (
        <button
          type="button"
          className="small secondary"
          data-testid="consultation-return"
          disabled={runner.pending}
          onClick={() => runner.run(() => session.endConsultation(room))}
        >
          {t('rooms.returnToCourtroom')}
        </button>
      )}
      {runner.error && (
        <span className="notice error small" role="alert">
          {runner.error}
        </span>
      )}
    </div>
  );
}

/** Counsel, during a recess: ask the judge for a private consultation with one or more parties. */
export function ConsultationRequest({ session, state }: Props) {
  const runner = useAction();
  const [picked, setPicked] = useState<string[]>([]);
  const pending = ownRequest(state);
  if (pending) {
    return (
      <div className="consultation-request" data-testid="consultation-request" data-pending="true" role="status">
        {t('rooms.request.sent')}
      </div>
    );
  }
  const { parties: onlyParties, interpreters } = consultationCandidates(state.participants);
  if (onlyParties.length === 0) return null;
  // An interpreter may come too, for a party who needs one.
  const parties = [...onlyParties, ...interpreters];
  const toggle = (id: string, on: boolean) => setPicked(on ? [...picked, id] : picked.filter((x) => x !== id));
  const chosen = picked.filter((id) => parties.some((p) => p.id === id));
  const valid = !!state.self && isValidConsultation([state.self.id, ...chosen], state.participants);
  return (
    <div className="consultation-request" data-testid="consultation-request" data-pending="false">
      <fieldset>
        <legend>{t('rooms.request')}</legend>
        <span className="small">{t('rooms.request.pick')}:</span>
        {parties.map((p) => (
          <label key={p.id} className="consultation-candidate" data-testid="consultation-request-pick" data-participant-id={p.id}>
            <input type="checkbox" checked={chosen.includes(p.id)} onChange={(e) => toggle(p.id, e.target.checked)} />
            <span>
              {p.displayName} <span className="small">· {roleLabel(p.role)}</span>
            </span>
          </label>
        ))}
        <button
          type="button"
          className="small primary"
          data-testid="consultation-request-send"
          disabled={runner.pending || !valid}
          onClick={() => runner.run(() => session.requestConsultation(chosen))}
        >
          {t('rooms.request.send')}
        </button>
      </fieldset>
      {runner.error && (
        <p className="notice error small" role="alert">
          {runner.error}
        </p>
      )}
    </div>
  );
}
