import { useMemo } from 'react';
import type { HearingSession } from '../core/HearingSession.js';
import type { SessionState } from '../core/sessionState.js';
import type { Role } from '../core/protocol.js';
import { buildTiles } from '../core/tiles.js';
import { useStore } from '../hooks/useStore.js';
import { t } from '../i18n.js';
import { AttendancePanel } from './AttendancePanel.js';
import { Controls } from './Controls.js';
import { ChatPanel } from './ChatPanel.js';
import { HandQueue } from './HandQueue.js';
import { CourtroomHeader } from './CourtroomHeader.js';
import { JudgePanel } from './JudgePanel.js';
import { BenchLobby } from './LobbyQueue.js';
import { MediaAlertBanner } from './MediaAlertBanner.js';
import { RecordingAlertBanner } from './RecordingAlertBanner.js';
import { StorageBanner } from './StorageBanner.js';
import { ListenChoice } from './ListenChoice.js';
import { COURTROOM, DELIBERATION_ROOM, WITNESS_ROOM, mayRequestConsultation, roomOf, sameRoom } from '../core/rooms.js';
import { RoomsPanel } from './RoomsPanel.js';
import { ConsultationRequest, SideRoomBanner, WitnessRoom } from './SideRoom.js';
import { VideoGrid } from './VideoGrid.js';

interface Props {
  session: HearingSession;
  state: SessionState;
}

const BENCH: readonly Role[] = ['judge', 'panel_judge', 'assessor', 'clerk'];

/** The hearing itself: everyone's video, our controls, and the judge's (or clerk's) panel. */
export function Courtroom({ session, state }: Props) {
  const media = useStore(session.media);
  const tiles = useMemo(() => buildTiles(state, media), [state, media]);
  const { hearing, self } = state;
  if (!hearing || !self) return null;
  // Outside the courtroom proper (core/rooms.ts): a witness waits alone; a side room shows its members only.
  const room = roomOf(self);
  if (room === WITNESS_ROOM) return <WitnessRoom session={session} state={state} />;
  // The panel and the clerk: they see the recording, the disk and the lobby (the server sends those only to them).
  const bench = BENCH.includes(self.role);
  return (
    <div className="courtroom" data-testid="courtroom">
      <CourtroomHeader hearing={hearing} recording={bench ? state.recording : undefined} waiting={bench ? state.lobby.length : 0} />
      {bench && state.storage && <StorageBanner storage={state.storage} />}
      {bench && <RecordingAlertBanner alerts={state.recordingAlerts} participants={state.participants} />}
      {/* Not gated on the role: the server sends media.alert only to those it concerns. */}
      <MediaAlertBanner alerts={state.mediaAlerts} participants={[...state.participants, ...state.lobby]} selfId={self.id} />
      {hearing.state === 'recess' && (
        <div className="banner recess" data-testid="recess-banner" role="status">
          {/* The panel decides when to go on: it is not told to wait for itself. */}
          {t(bench ? 'courtroom.recessBannerBench' : 'courtroom.recessBanner')}
        </div>
      )}
      {room !== COURTROOM && <SideRoomBanner session={session} state={state} room={room} />}
      {room === COURTROOM && mayRequestConsultation(self, hearing) && <ConsultationRequest session={session} state={state} />}
      {hearing.state === 'deliberation' && room !== DELIBERATION_ROOM && (
        <div className="banner recess" data-testid="deliberation-banner" role="status">
          {t('courtroom.deliberationBanner')}
        </div>
      )}
      {!state.connected && (
        <div className="banner warn" role="status" data-testid="reconnecting-banner">
          {t('connecting.reconnecting')}
        </div>
      )}
      {media.status === 'failed' && (
        <div className="banner error" role="alert" data-testid="media-error">
          {t('courtroom.mediaError', { message: media.error ?? '' })}
        </div>
      )}
      {self.role === 'observer' && <div className="banner info">{t('courtroom.observerNote')}</div>}
      <div className="courtroom-body">
        <main className="stage">
          {bench && <HandQueue session={session} state={state} />}
          <VideoGrid tiles={tiles} />
          {media.status === 'starting' && <p className="stage-note muted small">{t('courtroom.mediaStarting')}</p>}
          {media.status === 'reconnecting' && (
            <p className="stage-note muted small" role="status" data-testid="media-reconnecting">
              {t('courtroom.mediaReconnecting')}
            </p>
          )}
        </main>
        {/* Attendance: the clerk calls it, the judge sees it before opening; the panel reads it. */}
        {bench && <AttendancePanel session={session} state={state} />}
        {self.role === 'judge' && <JudgePanel session={session} state={state} />}
        {bench && self.role !== 'judge' && (
          <BenchLobby session={session} lobby={state.lobby} admits={self.role === 'clerk'}>
            {/* The clerk calls witnesses in and sends them back; the presiding judge has it in the judge's panel. */}
            {self.role === 'clerk' && <RoomsPanel session={session} state={state} />}
          </BenchLobby>
        )}
      </div>
      <footer className="courtroom-footer">
        <Controls session={session} self={self} />
        <ChatPanel session={session} state={state} />
      </footer>
      {/* Interpretation channels only from one's own room: nobody else's voice reaches a side room. */}
      <ListenChoice remote={media.remote} state={{ ...state, participants: sameRoom(self, state.participants) }} />
    </div>
  );
}
