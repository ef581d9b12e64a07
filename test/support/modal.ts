import type { AgendaRequest } from '../../src/domain/request';
import { NO_DATE, OTHER_DATE } from '../../src/domain/dateChoice';
import { confirmHint } from '../../src/domain/text.ja';
import { seedRaw } from '../fixtures/seedRaw';
import type { BlockJson } from './blockKit';
import { assertModalWithinLimits } from './blockKit';
import type { TestApp } from './app';
import { blockActions, send, slashCommand, viewSubmission, type Fill, type SlackResponse } from './slackRequests';
import { Workspace } from './workspace';

/**
 * Drives the request modal as a person does: open it with the command, fill a page,
 * press buttons, submit. Every view the app shows is checked against Block Kit limits.
 */
export class ModalDriver {
  view: BlockJson;
  constructor(
    private t: Pick<TestApp, 'url' | 'fake'>,
    view: BlockJson,
    private user: string = Workspace.userId,
  ) {
    assertModalWithinLimits(view);
    this.view = view;
  }

  static async open(
    t: Pick<TestApp, 'url' | 'fake'>,
    o: { text?: string; user?: string; channel?: string; command?: string } = {},
  ): Promise<ModalDriver> {
    const before = t.fake.calls('views.open').length;
    const res = await send(
      t.url,
      slashCommand({
        command: o.command ?? '/案件申込',
        text: o.text ?? '',
        user_id: o.user ?? Workspace.userId,
        channel_id: o.channel ?? Workspace.channelId,
      }),
    );
    if (res.status !== 200) throw new Error(`command answered ${res.status}`);
    const call = await t.fake.waitFor('views.open', () => t.fake.calls('views.open').length > before);
    return new ModalDriver(t, t.fake.view(call.response.view.id)!, o.user);
  }

  /** Submits the page; a response_action update becomes the current view, as in Slack. */
  async submit(fill: Fill = {}, o: { clientValidation?: boolean } = {}): Promise<SlackResponse> {
    fill = await this.enterDates(fill);
    const res = await send(this.t.url, viewSubmission({ view: this.view, fill, user: this.user, clientValidation: o.clientValidation }));
    if (res.status !== 200) throw new Error(`view_submission answered ${res.status}: ${JSON.stringify(res.body)}`);
    if (res.body?.response_action === 'update') {
      assertModalWithinLimits(res.body.view);
      // Slack keeps the view id; the fake only learns of views through the Web API, so
      // the hash it holds stays valid for the next views.update.
      this.view = { ...res.body.view, id: this.view.id, hash: this.view.hash };
    }
    return res;
  }

  /**
   * Submits, and when the app answers with warnings only (a past or irregular
   * 審議希望日), confirms them by submitting the same values again, as a person would.
   * Returns the first answer's warnings too.
   */
  async submitConfirming(fill: Fill = {}): Promise<SlackResponse & { warnings: Record<string, string> }> {
    const first = await this.submit(fill);
    const errors: Record<string, string> = first.body?.response_action === 'errors' ? first.body.errors : {};
    const messages = Object.values(errors);
    if (messages.length === 0 || !messages.every((m) => m.endsWith(confirmHint))) return { ...first, warnings: {} };
    return { ...(await this.submit(fill)), warnings: errors };
  }

  /** Clicks a button in the modal after typing `fill`; waits for the app's views.update. */
  async click(actionId: string, fill: Fill = {}, picked?: string): Promise<void> {
    fill = await this.enterDates(fill);
    const before = this.t.fake.calls('views.update').length;
    const action = picked === undefined ? { action_id: actionId } : { action_id: actionId, selected_option: picked };
    const res = await send(this.t.url, blockActions({ actions: [action], view: this.view, fill, user: this.user }));
    if (res.status !== 200) throw new Error(`block_actions answered ${res.status}`);
    const call = await this.t.fake.waitFor('views.update', () => this.t.fake.calls('views.update').length > before);
    if (!call.response.ok) throw new Error(`views.update failed: ${JSON.stringify(call.response)}`);
    this.view = this.t.fake.view(call.response.view.id)!;
    assertModalWithinLimits(this.view);
  }

  /**
   * 審議希望日 given as text (`'desiredDates.kyoku': 'R8.12.7'`), entered as a person does:
   * a day the choice offers (its ISO value) is chosen; any other text goes through
   * 「その他の日」 — picking it re-renders the view with the text input, which is then
   * typed into; '' is 「不要・未定」. A tier held as needed stays a text input.
   */
  private async enterDates(fill: Fill): Promise<Fill> {
    let out: Fill = { ...fill };
    for (const [key, value] of Object.entries(fill)) {
      if (!/^desiredDates\.[^.]+$/.test(key) || typeof value !== 'string') continue;
      const element = this.blockOf(key)?.element;
      if (element?.type !== 'static_select') continue;
      const offered = (element.options as BlockJson[]).map((o) => o.value as string);
      if (offered.includes(value)) continue;
      if (value === '') {
        out[key] = NO_DATE;
        continue;
      }
      if (!this.inputIds().includes(`${key}.other`)) {
        // What else is typed goes along, as Slack sends the view's whole state with the action.
        const here = Object.fromEntries(Object.entries(out).filter(([k]) => k !== key && this.blockOf(k)));
        await this.click(key, here, OTHER_DATE);
      }
      const { [key]: _typed, ...rest } = out;
      out = { ...rest, [`${key}.other`]: value };
    }
    return out;
  }

  private blockOf(id: string): BlockJson | undefined {
    return (this.view.blocks as BlockJson[]).find((b) => b.block_id === id);
  }

  inputIds(): string[] {
    return (this.view.blocks as BlockJson[]).filter((b) => b.type === 'input').map((b) => b.block_id as string);
  }

  title(): string {
    return this.view.title.text;
  }
}

/**
 * Files a request with only the required fields through `/案件申込` in a channel (plus
 * any page-1 fields in `basics`, e.g. a 審議希望日) and returns it. Posting happens after
 * the modal closes: callers wait for the post they expect.
 */
export async function fileMinimalInSlack(
  t: TestApp,
  o: { channel?: string; title?: string; user?: string; basics?: Fill } = {},
): Promise<AgendaRequest> {
  const m = await ModalDriver.open(t, { channel: o.channel, user: o.user });
  const raw = seedRaw();
  await m.submitConfirming({ filedOn: raw.filedOn, title: o.title ?? raw.title, owner: raw.owner, summary: raw.summary, ...o.basics });
  await m.submit({ ordinance: 'none', publicComment: 'none' });
  await m.submit({});
  const [request] = await t.app.db.repositories.requests.listRecent(1);
  return request;
}
