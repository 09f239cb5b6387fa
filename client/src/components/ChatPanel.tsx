// Chat: a button with the unread count, and a panel over the courtroom. A participant sees their
// conversation with the court (the clerk) and open chat; the clerk and the presiding judge see one
// conversation per person, and the judge allows or closes open chat. Text is always React text,
// never HTML. What may be read and sent is the server's decision (core/hearing/Chat.ts).
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { COURT, EVERYONE, conversationOf, isDesk, unreadCounts } from '../core/chatState.js';
import type { HearingSession } from '../core/HearingSession.js';
import { CHAT_MAX_CHARS, type ChatMessageView, type ParticipantView } from '../core/protocol.js';
import type { SessionState } from '../core/sessionState.js';
import { useAction } from '../hooks/useAction.js';
import { formatTime, roleLabel, t } from '../i18n.js';
import './handsChat.css';

interface Props {
  session: HearingSession;
  state: SessionState;
}

const PANEL_ID = 'chat-panel';

export function ChatPanel({ session, state }: Props) {
  const [shown, setShown] = useState(false);
  const self = state.self;
  const desk = self ? isDesk(self.role) : false;
  const [conversation, setConversation] = useState<string | null>(desk ? null : COURT);
  const unread = useMemo(() => (self ? unreadCounts(state.chat, self.id, desk) : {}), [state.chat, self, desk]);
  const visible = shown && conversation !== null;
  useEffect(() => {
    if (visible) session.markChatRead(conversation);
  }, [visible, conversation, state.chat.messages, session]);
  if (!self || self.role === 'device') return null;
  const total = Object.values(unread).reduce((a, b) => a + b, 0);
  return (
    <>
      <div className="control">
        <button
          type="button"
          className="control-button chat-toggle"
          data-testid="chat-toggle"
          aria-expanded={shown}
          aria-controls={PANEL_ID}
          aria-label={total > 0 ? t('chat.toggleUnread', { count: total }) : t('chat.toggle')}
          onClick={() => setShown(!shown)}
        >
          {t('chat.toggle')}
          {total > 0 && (
            <span className="chat-badge" data-testid="chat-unread" aria-hidden="true">
              {total}
            </span>
          )}
        </button>
      </div>
      {shown && (
        <section id={PANEL_ID} className="chat-panel" data-testid="chat-panel" aria-label={t('chat.title')}>
          <header className="chat-head">
            <h2>{t('chat.title')}</h2>
            <button type="button" className="small" data-testid="chat-close" onClick={() => setShown(false)}>
              {t('chat.close')}
            </button>
          </header>
          {self.role === 'judge' && <OpenChatToggle session={session} open={state.chat.open} />}
          {desk ? (
            conversation === null ? (
              <Conversations state={state} selfId={self.id} unread={unread} onPick={setConversation} />
            ) : (
              <>
                <button type="button" className="link chat-back" data-testid="chat-back" onClick={() => setConversation(null)}>
                  ← {t('chat.back')}
                </button>
                <Thread session={session} state={state} conversation={conversation} desk />
              </>
            )
          ) : (
            <>
              <div className="chat-tabs" role="group" aria-label={t('chat.conversations')}>
                {[COURT, EVERYONE].map((c) => (
                  <button
                    key={c}
                    type="button"
                    className="small"
                    data-testid={`chat-tab-${c}`}
                    aria-pressed={conversation === c}
                    onClick={() => setConversation(c)}
                  >
                    {c === COURT ? t('chat.court') : t('chat.everyone')}
                    {unread[c] ? ` (${unread[c]})` : ''}
                  </button>
                ))}
              </div>
              <Thread session={session} state={state} conversation={conversation ?? COURT} desk={false} />
            </>
          )}
          <p className="chat-record muted small">{t('chat.record')}</p>
        </section>
      )}
    </>
  );
}

function OpenChatToggle({ session, open }: { session: HearingSession; open: boolean }) {
  const runner = useAction();
  return (
    <div className="chat-open">
      <label>
        <input
          type="checkbox"
          data-testid="chat-open-toggle"
          checked={open}
          disabled={runner.pending}
          onChange={(e) => runner.run(() => session.setChatOpen(e.target.checked))}
        />{' '}
        {t('chat.allowOpen')}
      </label>
      {runner.error && (
        <p className="notice error" role="alert">
          {runner.error}
        </p>
      )}
    </div>
  );
}

/** The desk's list: everyone, then each person in the hearing or with messages, the latest first. */
function Conversations(props: { state: SessionState; selfId: string; unread: Record<string, number>; onPick: (c: string) => void }) {
  const { state, selfId, unread, onPick } = props;
  const latest = new Map<string, number>();
  for (const m of state.chat.messages) latest.set(conversationOf(m, selfId, true), Number(m.id));
  const people = state.participants.filter((p) => p.id !== selfId && p.device === null).map((p) => p.id);
  const keys = [...new Set([...latest.keys(), ...people])].filter((k) => k !== EVERYONE);
  keys.sort((a, b) => (latest.get(b) ?? 0) - (latest.get(a) ?? 0));
  return (
    <ul className="chat-conversations" aria-label={t('chat.conversations')}>
      {[EVERYONE, ...keys].map((key) => (
        <li key={key}>
          <button
            type="button"
            className="chat-conversation"
            data-testid="chat-conversation"
            data-conversation={key}
            onClick={() => onPick(key)}
          >
            <span>{titleOf(key, state.participants)}</span>
            {unread[key] ? (
              <span className="chat-badge" aria-label={t('chat.unread', { count: unread[key] })}>
                {unread[key]}
              </span>
            ) : null}
          </button>
        </li>
      ))}
    </ul>
  );
}

function Thread({
  session,
  state,
  conversation,
  desk,
}: {
  session: HearingSession;
  state: SessionState;
  conversation: string;
  desk: boolean;
}) {
  const self = state.self!;
  const messages = state.chat.messages.filter((m) => conversationOf(m, self.id, desk) === conversation);
  const end = useRef<HTMLLIElement>(null);
  // Braces: an effect must return nothing or a cleanup (newer browsers' scrollIntoView returns a promise).
  useEffect(() => {
    void end.current?.scrollIntoView?.({ block: 'end' });
  }, [messages.length]);
  // Open chat is the judge's to allow; the public writes to the clerk only.
  const mayWrite = conversation !== EVERYONE || desk || (state.chat.open && self.role !== 'observer');
  const title = titleOf(conversation, state.participants);
  return (
    <div className="chat-thread" data-testid="chat-thread" data-conversation={conversation}>
      {desk && <h3>{title}</h3>}
      <ol className="chat-messages" aria-live="polite" aria-label={title}>
        {messages.length === 0 && <li className="muted small">{t('chat.empty')}</li>}
        {messages.map((m) => (
          <MessageItem key={m.id} m={m} selfId={self.id} participants={state.participants} />
        ))}
        <li ref={end} aria-hidden="true" />
      </ol>
      {mayWrite ? (
        <Composer session={session} to={conversation} label={t('chat.messageTo', { name: title })} />
      ) : (
        <p className="notice" data-testid="chat-closed-note">
          {self.role === 'observer' ? t('chat.publicNote') : t('chat.closedNote')}
        </p>
      )}
    </div>
  );
}

function MessageItem({ m, selfId, participants }: { m: ChatMessageView; selfId: string; participants: ParticipantView[] }) {
  const mine = m.fromId === selfId;
  return (
    <li className={`chat-message ${mine ? 'mine' : ''}`} data-testid="chat-message" data-message-id={m.id}>
      <div className="chat-meta">
        <span className="chat-from">{mine ? t('chat.you') : nameOf(m.fromId, participants)}</span>{' '}
        <time dateTime={m.at}>{formatTime(m.at, false)}</time>
      </div>
      <p className="chat-text">{m.text}</p>
    </li>
  );
}

function Composer({ session, to, label }: { session: HearingSession; to: string; label: string }) {
  const [text, setText] = useState('');
  const runner = useAction();
  const length = [...text.trim()].length;
  const send = () => {
    if (length === 0 || length > CHAT_MAX_CHARS || runner.pending) return;
    runner.run(async () => {
      await session.sendChat(to, text);
      setText('');
    });
  };
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  };
  return (
    <form
      className="chat-composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <textarea
        data-testid="chat-input"
        aria-label={label}
        placeholder={t('chat.placeholder')}
        rows={2}
        value={text}
        maxLength={CHAT_MAX_CHARS * 2}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKey}
      />
      <div className="chat-composer-row">
        <span className={`small ${length > CHAT_MAX_CHARS ? 'chat-over' : 'muted'}`} aria-live="polite">
          {t('chat.length', { count: length, max: CHAT_MAX_CHARS })}
        </span>
        <button
          type="submit"
          className="small primary"
          data-testid="chat-send"
          disabled={length === 0 || length > CHAT_MAX_CHARS || runner.pending}
        >
          {t('chat.send')}
        </button>
      </div>
      {runner.error && (
        <p className="notice error" role="alert" data-testid="chat-error">
          {runner.error}
        </p>
      )}
    </form>
  );
}

function titleOf(conversation: string, participants: ParticipantView[]): string {
  if (conversation === EVERYONE) return t('chat.everyone');
  if (conversation === COURT) return t('chat.court');
  return nameOf(conversation, participants);
}

function nameOf(id: string, participants: ParticipantView[]): string {
  const p = participants.find((x) => x.id === id);
  return p ? `${p.displayName} · ${roleLabel(p.role)}` : `${t('hand.someone')} ${t('chat.left')}`;
}
