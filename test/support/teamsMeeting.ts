/**
 * Drives meeting day in Teams as people do: press the buttons on the posted request and
 * on the opinion / answer cards in its thread (task/fetch → dialog → task/submit, or a
 * plain Action.Submit message activity), and read what the bot posted and updated
 * through the fake connector. Every card is checked with expectValidCard.
 */
import { createHash } from 'node:crypto';
import { cardText, elements, expectValidCard, rendererSubmit } from './teamsCards';
import { TeamsDialog } from './teamsDialog';
import { messageActivity, postActivity, taskFetch, type ActivityOptions, type Sent } from './teamsActivities';
import type { ConnectorCall } from './fakeConnector';
import type { TeamsTestApp } from './teamsApp';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export type TeamsPerson = { id: string; aadObjectId: string; name: string };

/** A made-up Teams user with an AAD object id (what org.secretariat.teams / members.teams list). */
export const teamsPerson = (key: string, name = key): TeamsPerson => ({
  id: `29:${key}`,
  aadObjectId: `00000000-0000-0000-0000-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`,
  name,
});

/** An Action.Submit press: a message activity without text whose value is the button's data. */
export function actionSubmit(data: Record<string, unknown>, o: ActivityOptions): Record<string, unknown> {
  const a = messageActivity('', o);
  return { ...a, text: '', value: data };
}

/** The Adaptive Card of a connector call (posted, replied or updated), if any. */
export const cardOf = (c: ConnectorCall): Json | null => c.body?.attachments?.[0]?.content ?? null;

/** The request card as it stands in the conversation: its post, then its latest update. */
export function currentRequestCard(t: TeamsTestApp, messageId: string): Json {
  const calls = t.connector.calls().filter((c) => c.id === messageId || (c.kind === 'update' && c.activityId === messageId));
  const last = calls.at(-1);
  if (!last) throw new Error(`no card ${messageId}`);
  return cardOf(last);
}

/** Cards the bot posted into a conversation (its channel threads included), oldest first. */
export function postedCards(t: TeamsTestApp, conversationId: string): Json[] {
  return t.connector
    .calls()
    .filter((c) => c.kind !== 'update' && c.conversationId.split(';messageid=')[0] === conversationId && cardOf(c))
    .map(cardOf);
}

/** A button of a card by its title. */
export function button(card: Json, title: string): Json {
  const b = elements(card).find((e) => e.type === 'Action.Submit' && e.title === title);
  if (!b)
    throw new Error(
      `no button "${title}"; buttons: ${elements(card)
        .filter((e) => e.type === 'Action.Submit')
        .map((e) => e.title)
        .join(', ')}`,
    );
  return b;
}

export const buttonTitles = (card: Json): string[] =>
  elements(card)
    .filter((e) => e.type === 'Action.Submit')
    .map((e) => e.title);

/**
 * Presses a button that opens a dialog (task/fetch): the dialog, or the message Teams
 * shows instead (a refusal, or 出席's answer).
 */
export async function openDialog(
  t: TeamsTestApp,
  card: Json,
  title: string,
  as: ActivityOptions,
): Promise<{ dialog: TeamsDialog | null; message: string | null }> {
  const b = button(card, title);
  if (b.data?.msteams?.type !== 'task/fetch') throw new Error(`"${title}" does not open a dialog`);
  const { msteams: _m, ...data } = b.data;
  const res = await postActivity(t.url, taskFetch(data, as));
  if (res.status !== 200) throw new Error(`task/fetch answered ${res.status}`);
  const task = res.body?.task;
  if (task?.type === 'continue') {
    expectValidCard(task.value.card.content);
    return { dialog: new TeamsDialog(t.url, as, task.value.title, task.value.card.content), message: null };
  }
  return { dialog: null, message: task?.type === 'message' ? task.value : null };
}

/** Opens a dialog that must open. */
export async function mustOpen(t: TeamsTestApp, card: Json, title: string, as: ActivityOptions): Promise<TeamsDialog> {
  const r = await openDialog(t, card, title, as);
  if (!r.dialog) throw new Error(`"${title}" opened no dialog: ${r.message}`);
  return r.dialog;
}

/** Presses a plain Action.Submit button (no dialog). */
export async function pressSubmit(t: TeamsTestApp, card: Json, title: string, as: ActivityOptions): Promise<Sent> {
  const b = button(card, title);
  const res = await postActivity(t.url, actionSubmit(rendererSubmit(card, b), as));
  if (res.status !== 200) throw new Error(`Action.Submit answered ${res.status}`);
  return res;
}

/** The card posted for opinion ○(seq) (the newest one, corrections included). */
export async function opinionCard(t: TeamsTestApp, conversationId: string, seq: number): Promise<Json> {
  await t.connector.waitFor((c) => cardOf(c) !== null && c.kind !== 'update' && cardText(cardOf(c)).includes(`○(${seq}) `));
  return postedCards(t, conversationId)
    .filter((c) => cardText(c).includes(`○(${seq}) `) && buttonTitles(c).includes('回答'))
    .at(-1);
}

/** Every card the bot sent or updated passes the Adaptive Card checks (1.5, < 28 KB). */
export function expectAllCardsValid(t: TeamsTestApp): number {
  let n = 0;
  for (const c of t.connector.calls()) {
    for (const a of c.body?.attachments ?? []) {
      expectValidCard(a.content);
      n++;
    }
  }
  return n;
}

/** The TextRuns of cards, in order: what a person reads of user text. */
export const runTexts = (cards: Json[]): string[] =>
  cards.flatMap((c) =>
    elements(c)
      .filter((e) => e.type === 'TextRun')
      .map((e) => e.text as string),
  );
