// The bench's view of the rooms (core/rooms.ts): who is where, grouped by room, with the moves this
// participant may make: the presiding judge or the clerk calls a witness in and sends them back;
// the judge admits the clerk to the deliberation room and ends consultations. The server decides.
import type { HearingSession } from '../core/HearingSession.js';
import type { HearingView, ParticipantView } from '../core/protocol.js';
import {
  COURTROOM,
  DELIBERATION_ROOM,
  WITNESS_ROOM,
  groupByRoom,
  isConsultation,
  mayEndConsultation,
  roomLabel,
  roomMoves,
  type RoomId,
} from '../core/rooms.js';
import type { SessionState } from '../core/sessionState.js';
import { useAction, type ActionRunner } from '../hooks/useAction.js';
import { roleLabel, t } from '../i18n.js';
import { ConsultationPanel } from './ConsultationPanel.js';
import './rooms.css';

interface Props {
  session: HearingSession;
  state: SessionState;
}

/** A room's name in the reader's language. */
export function roomName(room: RoomId): string {
  const label = roomLabel(room);
  return label.vars ? t(label.key, label.vars) : t(label.key);
}

/** A participant's room, as a small badge (the judge's participant list, the rooms panel). */
export function RoomBadge({ room }: { room: RoomId }) {
  return (
    <span className={`room-badge room-${isConsultation(room) ? 'consultation' : room}`} data-testid="room-badge" data-room={room}>
      {roomName(room)}
    </span>
  );
}

export function RoomsPanel({ session, state }: Props) {
  const runner = useAction();
  const { self, hearing } = state;
  if (!self || !hearing) return null;
  const groups = groupByRoom(state.participants);
  return (
    <section className="panel-section rooms-panel" data-testid="rooms-panel" aria-labelledby="rooms-panel-title">
      <h3 id="rooms-panel-title">{t('rooms.title')}</h3>
      {runner.error && (
        <p className="notice error small" role="alert" data-testid="rooms-error">
          {t('panel.actionFailed', { message: runner.error })}
          <button type="button" className="link" onClick={runner.clearError} aria-label={t('common.cancel')}>
            ×
          </button>
        </p>
      )}
      {groups.map(({ room, members }) => (
        <div key={room} className="room-group" data-testid="room-group" data-room={room}>
          <div className="room-group-head">
            <h4>
              {roomName(room)} ({members.length})
            </h4>
            {isConsultation(room) && mayEndConsultation(self, room) && (
              <button
                type="button"
                className="small secondary"
                data-testid="consultation-end"
                aria-label={t('rooms.consultation.endFor', { room: roomName(room) })}
                disabled={runner.pending}
                onClick={() => runner.run(() => session.endConsultation(room))}
              >
                {t('rooms.consultation.end')}
              </button>
            )}
          </div>
          {members.length === 0 ? (
            <p className="muted small">{t('rooms.empty')}</p>
          ) : (
            <ul className="rows room-members">
              {members.map((p) => (
                <RoomMember key={p.id} participant={p} self={self} hearing={hearing} session={session} runner={runner} />
              ))}
            </ul>
          )}
        </div>
      ))}
      {self.role === 'judge' && <ConsultationPanel session={session} state={state} runner={runner} />}
    </section>
  );
}

interface MemberProps {
  participant: ParticipantView;
  self: ParticipantView;
  hearing: HearingView;
  session: HearingSession;
  runner: ActionRunner;
}

/** One person in a room, with the moves the reader may make for them. */
function RoomMember({ participant: p, self, hearing, session, runner }: MemberProps) {
  const moves = roomMoves(self, p, hearing);
  const move = (room: RoomId) => runner.run(() => session.moveToRoom(p.id, room));
  return (
    <li className="row room-member" data-testid="room-member" data-participant-id={p.id}>
      <div className="row-who">
        <span className="row-name">
          {p.displayName}
          {p.id === self.id && <span className="you"> ({t('common.you')})</span>}
        </span>
        <span className="row-role">{roleLabel(p.role)}</span>
      </div>
      <div className="row-actions">
        {moves.callIn && (
          <button
            type="button"
            className="small primary"
            data-testid="room-call-in"
            aria-label={t('rooms.callInFor', { name: p.displayName })}
            disabled={runner.pending}
            onClick={() => move(COURTROOM)}
          >
            {t('rooms.callIn')}
          </button>
        )}
        {moves.sendBack && (
          <button
            type="button"
            className="small secondary"
            data-testid="room-send-back"
            aria-label={t('rooms.sendBackFor', { name: p.displayName })}
            disabled={runner.pending}
            onClick={() => move(WITNESS_ROOM)}
          >
            {t('rooms.sendBack')}
          </button>
        )}
        {moves.admitToDeliberation && (
          <button
            type="button"
            className="small secondary"
            data-testid="room-admit-clerk"
            disabled={runner.pending}
            onClick={() => move(DELIBERATION_ROOM)}
          >
            {t('rooms.admitClerk')}
          </button>
        )}
        {moves.leaveDeliberation && (
          <button
            type="button"
            className="small secondary"
            data-testid="room-clerk-back"
            disabled={runner.pending}
            onClick={() => move(COURTROOM)}
          >
            {t('rooms.clerkBack')}
          </button>
        )}
      </div>
    </li>
  );
}
