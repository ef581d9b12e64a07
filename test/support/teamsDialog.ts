import { OTHER_DATE } from '../../src/domain/dateChoice';
import { confirmHint } from '../../src/domain/text.ja';
/**
 * Drives the form dialog as Teams does: keeps the card the bot last answered with,
 * fills its inputs (starting from their current `value`s) and presses a button by
 * title, sending task/submit as the Teams renderer does (rendererSubmit): the button's
 * data and only the inputs that hold a value.
 */
import { expectValidCard, elements, rendererSubmit } from './teamsCards';
import { postActivity, taskFetch, taskSubmit, type ActivityOptions, type Sent } from './teamsActivities';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export class TeamsDialog {
  constructor(
    readonly appUrl: string,
    readonly options: ActivityOptions,
    public title: string,
    public card: Json,
  ) {}

  /** Opens a dialog with task/fetch; fails if the bot answers with a message instead. */
  static async open(appUrl: string, data: Record<string, unknown>, options: ActivityOptions): Promise<TeamsDialog> {
    const res = await postActivity(appUrl, taskFetch(data, options));
    const task = res.body?.task;
    if (res.status !== 200 || task?.type !== 'continue') throw new Error(`no dialog: ${res.status} ${JSON.stringify(res.body)}`);
    expectValidCard(task.value.card.content);
    return new TeamsDialog(appUrl, options, task.value.title, task.value.card.content);
  }

  inputs(): Json[] {
    return elements(this.card).filter((e) => String(e.type).startsWith('Input.'));
  }

  input(id: string): Json {
    const found = this.inputs().find((i) => i.id === id);
    if (!found)
      throw new Error(
        `no input ${id}; inputs: ${this.inputs()
          .map((i) => i.id)
          .join(', ')}`,
      );
    return found;
  }

  values(): Record<string, string> {
    return Object.fromEntries(
      this.inputs()
        .filter((i) => i.value !== undefined)
        .map((i) => [i.id, String(i.value)]),
    );
  }

  /** Texts in attention colour (errors). */
  errors(): string[] {
    return elements(this.card)
      .filter((e) => e.type === 'TextBlock' && e.color === 'Attention')
      .map((e) => e.text);
  }

  buttons(): Json[] {
    return elements(this.card).filter((e) => e.type === 'Action.Submit');
  }

  /**
   * 審議希望日 given as text (`'desiredDates.kyoku': 'R8.12.7'`), entered as a person does:
   * a day the choice offers (its ISO value) is chosen; any other text is typed as
   * 「その他の日」 (choice その他 plus the text under it); '' clears both.
   */
  enterDates(changes: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = { ...changes };
    for (const [key, value] of Object.entries(changes)) {
      if (!/^desiredDates\.[^.]+$/.test(key)) continue;
      const input = this.inputs().find((i) => i.id === key);
      if (input?.type !== 'Input.ChoiceSet') continue;
      const offered = (input.choices as Json[]).map((c) => c.value as string);
      if (offered.includes(value)) out[`${key}.other`] ??= '';
      else if (value === '') out[`${key}.other`] ??= '';
      else {
        out[key] = OTHER_DATE;
        out[`${key}.other`] = value;
      }
    }
    return out;
  }

  /** Presses the button titled `title` after typing `changes`; returns the raw answer. */
  /**
   * Presses, and when the card comes back with warnings only (a past or irregular
   * 審議希望日), confirms them by pressing again with the same values, as a person would.
   */
  async pressConfirming(title: string, changes: Record<string, string> = {}): Promise<{ res: Sent; message: string | null; warned: boolean }> {
    const first = await this.press(title, changes);
    if (first.message !== null || !JSON.stringify(this.card).includes(confirmHint)) return { ...first, warned: false };
    return { ...(await this.press(title, changes)), warned: true };
  }

  async press(title: string, changes: Record<string, string> = {}): Promise<{ res: Sent; message: string | null }> {
    const button = this.buttons().find((b) => b.title === title);
    if (!button)
      throw new Error(
        `no button "${title}"; buttons: ${this.buttons()
          .map((b) => b.title)
          .join(', ')}`,
      );
    const data = rendererSubmit(this.card, button, this.enterDates(changes));
    const res = await postActivity(this.appUrl, taskSubmit(data, this.options));
    if (res.status !== 200) throw new Error(`task/submit answered ${res.status}: ${JSON.stringify(res.body)}`);
    const task = res.body?.task;
    if (task?.type === 'continue') {
      expectValidCard(task.value.card.content);
      this.card = task.value.card.content;
      this.title = task.value.title;
      return { res, message: null };
    }
    return { res, message: task?.type === 'message' ? task.value : null };
  }
}
