// Page objects, one per role: what a person in that role can see and do in the courtroom client.
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { HearingState, TransitionAction } from '../../../core/protocol/model.js';
import type { Invitee, JudgeAccount } from './api.js';
import { received, TRACK_PEER_CONNECTIONS, type Received } from './rtcStats.js';

export class ParticipantPage {
  constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly who: Invitee,
  ) {}

  static async open<T extends ParticipantPage>(
    this: new (c: BrowserContext, p: Page, w: Invitee) => T,
    browser: Browser,
    who: Invitee,
  ): Promise<T> {
    const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
    await context.addInitScript(TRACK_PEER_CONNECTIONS);
    const page = await context.newPage();
    return new this(context, page, who);
  }

  /** Opens the invitation link and passes the equipment check. */
  async enter(): Promise<void> {
    await this.page.goto(this.who.url);
    await this.passEquipmentCheck();
  }

  async passEquipmentCheck(): Promise<void> {
    await expect(this.page.getByTestId('equipment-check')).toBeVisible();
    await this.page.getByTestId('rules-accept').check();
    await this.page.getByTestId('continue-button').click();
  }

  async expectLobby(): Promise<void> {
    await expect(this.page.getByTestId('lobby')).toBeVisible();
  }

  async expectCourtroom(): Promise<void> {
    await expect(this.page.getByTestId('courtroom')).toBeVisible();
  }

  async expectState(state: HearingState): Promise<void> {
    await expect(this.page.getByTestId('hearing-state')).toHaveAttribute('data-state', state);
  }

  /** A witness or expert waits in the witness room (core/protocol/rooms.ts) until called in. */
  async expectWitnessRoom(): Promise<void> {
    await expect(this.page.getByTestId('witness-room')).toBeVisible();
  }

  /** The bench's rooms panel (judge or clerk): `who` in `room`. */
  roomMember(who: Invitee, room?: string) {
    const group = room ? `[data-testid="room-group"][data-room="${room}"] ` : '';
    return this.page.locator(`[data-testid="rooms-panel"] ${group}[data-testid="room-member"][data-participant-id="${who.id}"]`);
  }

  /** The presiding judge or the clerk calls a witness (or expert) in from the witness room. */
  async callIn(who: Invitee): Promise<void> {
    await this.roomMember(who, 'witness').getByTestId('room-call-in').click();
    await expect(this.roomMember(who, 'courtroom')).toBeVisible();
  }

  /** …and sends them back to the witness room. */
  async sendBack(who: Invitee): Promise<void> {
    await this.roomMember(who, 'courtroom').getByTestId('room-send-back').click();
    await expect(this.roomMember(who, 'witness')).toBeVisible();
  }

  tile(participantId: string) {
    return this.page.locator(`[data-testid="tile"][data-participant-id="${participantId}"][data-source="camera"]`);
  }

  received(): Promise<Received> {
    return received(this.page);
  }

  /** Video frames decoded and audio packets received from `from` keep rising. */
  async expectMediaFrom(from: Invitee, what: { video?: boolean; audio?: boolean } = { video: true, audio: true }) {
    await expect(this.tile(from.id)).toBeVisible();
    const pick = (r: Received) => ({ v: r.videoFramesDecoded[from.id] ?? 0, a: r.audioPacketsReceived[from.id] ?? 0 });
    const first = pick(await this.received());
    await expect
      .poll(
        async () => {
          const now = pick(await this.received());
          return (!what.video || now.v > first.v + 10) && (!what.audio || now.a > first.a + 20);
        },
        { message: `${this.who.role} receives ${JSON.stringify(what)} from ${from.role}`, timeout: 30_000 },
      )
      .toBe(true);
  }

  /** Audio packets from `from` stop arriving: no more than a handful over `ms`. */
  async expectNoAudioFrom(from: Invitee, ms = 3000): Promise<void> {
    // Let packets already in flight land before measuring.
    await this.page.waitForTimeout(1000);
    const before = (await this.received()).audioPacketsReceived[from.id] ?? 0;
    await this.page.waitForTimeout(ms);
    const after = (await this.received()).audioPacketsReceived[from.id] ?? 0;
    expect(after - before, `audio packets from ${from.role} over ${ms} ms`).toBeLessThanOrEqual(5);
  }

  /** The <audio> element that plays `from`'s microphone here. */
  remoteAudio(from: Invitee) {
    return this.page.locator(`audio[data-testid="remote-audio"][data-participant-id="${from.id}"]`);
  }

  /** The level (0–1) at which `from`'s microphone plays here: the listener's interpretation choice. */
  audioVolume(from: Invitee): Promise<number> {
    return this.remoteAudio(from).evaluate((el: HTMLAudioElement) => el.volume);
  }

  /** Chooses what to hear: the floor, or an interpreter's channel. */
  async listenTo(channel: Invitee | 'floor'): Promise<void> {
    await this.page.getByTestId('listen-choice-select').selectOption(channel === 'floor' ? '' : channel.id);
  }

  /** Raises (true) or lowers (false) one's own hand; the button says which it is now. */
  async setHand(raised: boolean): Promise<void> {
    const button = this.page.getByTestId('hand-button');
    if ((await button.getAttribute('data-raised')) !== String(raised)) await button.click();
    await expect(button).toHaveAttribute('data-raised', String(raised));
  }

  /** Someone's raised hand in the queue the bench sees. */
  hand(who: Invitee) {
    return this.page.locator(`[data-testid="hand-entry"][data-participant-id="${who.id}"]`);
  }

  get chatPanel() {
    return this.page.getByTestId('chat-panel');
  }

  /** Opens the chat at one conversation: a participant's tab ('clerk', 'everyone'); the clerk's or judge's person (an id) or 'everyone'. */
  async openChat(conversation: string): Promise<void> {
    if (!(await this.chatPanel.isVisible())) await this.page.getByRole('button', { name: /^(Tin nhắn|Messages)/ }).click();
    await expect(this.chatPanel).toBeVisible();
    const tab = this.chatPanel.getByTestId(`chat-tab-${conversation}`);
    if ((await tab.count()) > 0) {
      await tab.click();
    } else {
      const back = this.chatPanel.getByTestId('chat-back');
      if (await back.isVisible()) await back.click();
      await this.chatPanel.locator(`[data-testid="chat-conversation"][data-conversation="${conversation}"]`).click();
    }
    await expect(this.chatPanel.getByTestId('chat-thread')).toHaveAttribute('data-conversation', conversation);
  }

  /** Writes in the open conversation and sees the message there, as sent. */
  async sendChat(text: string): Promise<void> {
    await this.chatPanel.getByRole('textbox').fill(text);
    await this.chatPanel.getByTestId('chat-send').click();
    await expect(this.chatMessage(text)).toBeVisible();
    await expect(this.chatPanel.getByRole('textbox')).toHaveValue('');
  }

  /** A message in the open conversation, by its exact text. */
  chatMessage(text: string) {
    return this.chatPanel.getByTestId('chat-message').filter({ has: this.page.getByText(text, { exact: true }) });
  }

  /** Leaves on purpose: confirms, and where one's presence is required gives `reason` (the bench sees it). */
  async leave(reason = 'Có việc gia đình đột xuất'): Promise<void> {
    await this.page.getByTestId('leave-button').click();
    const dialog = this.page.getByTestId('leave-dialog');
    await expect(dialog).toBeVisible();
    if (await dialog.getByTestId('leave-reason').isVisible()) await dialog.getByTestId('leave-reason').fill(reason);
    await dialog.getByTestId('confirm-leave-button').click();
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

export class JudgePage extends ParticipantPage {
  get panel() {
    return this.page.getByTestId('judge-panel');
  }

  async admit(who: Invitee): Promise<void> {
    const entry = this.panel.locator(`[data-testid="lobby-entry"][data-participant-id="${who.id}"]`);
    await expect(entry).toBeVisible();
    await entry.getByTestId('admit-button').click();
    await expect(entry).toHaveCount(0);
  }

  row(who: Invitee) {
    return this.panel.locator(`[data-testid="participant-row"][data-participant-id="${who.id}"]`);
  }

  /** Refuses someone waiting in the lobby, with the reason they will be shown. */
  async deny(who: Invitee, reason: string): Promise<void> {
    const entry = this.panel.locator(`[data-testid="lobby-entry"][data-participant-id="${who.id}"]`);
    await entry.getByTestId('deny-button').click();
    await entry.getByTestId('deny-reason').fill(reason);
    await entry.getByTestId('confirm-deny-button').click();
    await expect(entry).toHaveCount(0);
  }

  /** Gives the floor and lowers the hand: it leaves the queue. */
  async lowerHand(who: Invitee): Promise<void> {
    await this.hand(who).getByTestId('lower-hand-button').click();
    await expect(this.hand(who)).toHaveCount(0);
  }

  /** Allows (or closes) open chat, from the chat panel. */
  async setOpenChat(open: boolean): Promise<void> {
    await this.openChat('everyone');
    const toggle = this.chatPanel.getByTestId('chat-open-toggle');
    // A controlled checkbox: it changes once the server has said so (chat.open).
    if ((await toggle.isChecked()) !== open) await toggle.click();
    await expect(toggle).toBeChecked({ checked: open });
  }

  async mute(who: Invitee): Promise<void> {
    const button = this.row(who).getByTestId('mute-audio-button');
    await button.click();
    await expect(button).toHaveAttribute('data-muted', 'true');
  }

  /** Orders someone out of the courtroom, with the reason they will be shown (it goes into the minutes). */
  async remove(who: Invitee, reason = 'Vi phạm nội quy phiên tòa'): Promise<void> {
    await this.row(who).getByTestId('remove-button').click();
    await this.row(who).getByTestId('remove-reason').fill(reason);
    await this.row(who).getByTestId('confirm-remove-button').click();
    await expect(this.row(who)).toHaveCount(0);
  }

  /** Mutes everyone but the bench and the courtroom devices (confirmed); the panel says how many. */
  async muteAll(): Promise<void> {
    await this.panel.getByTestId('mute-all-button').click();
    await this.page.getByTestId('confirm-mute-all-button').click();
    await expect(this.panel.getByTestId('mute-all-result')).toBeVisible();
  }

  /** Turns a participant's camera off (`off` false: lets them turn it on again). */
  async setCamera(who: Invitee, off: boolean): Promise<void> {
    const button = this.row(who).getByTestId('mute-video-button');
    if ((await button.getAttribute('data-muted')) !== String(off)) await button.click();
    await expect(button).toHaveAttribute('data-muted', String(off));
  }

  /** Lets a participant share their screen, or withdraws it. */
  async allowScreen(who: Invitee, allowed: boolean): Promise<void> {
    const button = this.row(who).getByTestId('screen-permission-button');
    if ((await button.getAttribute('data-allowed')) !== String(allowed)) await button.click();
    await expect(button).toHaveAttribute('data-allowed', String(allowed));
  }

  /** One move of the procedure; a suspension or postponement is given `reason`, closing the hearing is confirmed. */
  async transition(
    action: TransitionAction,
    expected: HearingState,
    reason = 'Nghỉ giải lao theo quyết định của Hội đồng xét xử',
  ): Promise<void> {
    await this.page.getByTestId(`transition-${action}`).click();
    if (action === 'recess' || action === 'postpone') await this.page.getByTestId('transition-reason').fill(reason);
    if (action === 'recess' || action === 'postpone' || action === 'adjourn') await this.page.getByTestId('transition-confirm').click();
    await this.expectState(expected);
  }

  /** Closes the hearing (kết thúc) or postpones it (hoãn, with `reason`): the judge's session ends with it. */
  async endHearing(action: 'adjourn' | 'postpone', reason?: string): Promise<void> {
    await this.page.getByTestId(`transition-${action}`).click();
    if (action === 'postpone') await this.page.getByTestId('transition-reason').fill(reason ?? '');
    await this.page.getByTestId('transition-confirm').click();
    await expect(this.page.getByTestId('ended-screen')).toBeVisible();
  }
}

/** The presiding judge's own door, /bench: sign in (password, then the authenticator code), see the hearings, join one. */
export class BenchPage {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  /** A browser context of the judge's own, set up as ParticipantPage's (camera, microphone, RTC stats). */
  static async open(browser: Browser): Promise<BenchPage> {
    const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
    await context.addInitScript(TRACK_PEER_CONNECTIONS);
    const page = await context.newPage();
    await page.goto('/bench');
    return new BenchPage(context, page);
  }

  /** Types what the judge types: username and password, then the code the form asks for. */
  async signIn(judge: JudgeAccount): Promise<void> {
    const form = this.page.getByTestId('bench-login');
    await form.getByLabel('Tên đăng nhập').fill(judge.username);
    await form.getByLabel('Mật khẩu').fill(judge.password);
    await form.getByRole('button', { name: 'Đăng nhập' }).click();
    const code = form.getByLabel('Mã xác thực (6 chữ số)');
    await expect(code).toBeVisible();
    await code.fill(await judge.authenticator.code());
    await form.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(this.page.getByTestId('bench-hearings')).toBeVisible();
  }

  hearing(hearingId: string) {
    return this.page.locator(`[data-testid="bench-hearing"][data-hearing-id="${hearingId}"]`);
  }

  /** "Vào phiên tòa": the browser goes to the courtroom link made for this sign-in; the judge from then on. */
  async join(hearingId: string, who: Invitee): Promise<JudgePage> {
    await this.hearing(hearingId)
      .getByRole('button', { name: /^Vào phiên tòa/ })
      .click();
    await this.page.waitForURL((url) => url.pathname === '/join');
    return new JudgePage(this.context, this.page, { ...who, url: this.page.url() });
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
