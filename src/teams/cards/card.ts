/**
 * Small typed builders for the Adaptive Card 1.5 elements the Teams adapter uses.
 * User text goes into RichTextBlock/TextRun (never Markdown) or into input values;
 * TextBlock (which renders a Markdown subset in Teams) carries our own texts only,
 * or user text passed through `plainText`.
 */
export type Element = Record<string, unknown> & { type: string };
export type Action = Record<string, unknown> & { type: 'Action.Submit' | 'Action.OpenUrl' };

export interface AdaptiveCard {
  $schema: string;
  type: 'AdaptiveCard';
  version: '1.5';
  body: Element[];
  actions?: Action[];
  msteams?: { width: 'Full' };
}

export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
export const CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Teams refuses messages over about 28 KB; cards stay under this, with room for the envelope. */
export const CARD_MAX_BYTES = 27 * 1024;

/** The key of a button's data that lists the inputs the card showed. */
export const SHOWN_KEY = 'shown';

/**
 * Teams' renderer sends only inputs that hold a value (`if (input.id && input.isSet())`):
 * a field cleared by the person is simply missing. Every button that sends inputs
 * therefore also carries the ids of the inputs its card showed, so a missing one reads
 * as cleared, not as unchanged.
 */
function markShownInputs(body: Element[], actions: Action[]): void {
  const ids: string[] = [];
  const buttons: Action[] = [...actions];
  const walk = (e: unknown): void => {
    if (Array.isArray(e)) return e.forEach(walk);
    if (!e || typeof e !== 'object') return;
    const el = e as Record<string, unknown>;
    if (typeof el.type === 'string' && el.type.startsWith('Input.') && typeof el.id === 'string') ids.push(el.id);
    if (el.type === 'Action.Submit') buttons.push(el as Action);
    for (const k of ['body', 'items', 'columns', 'actions', 'inlines']) if (k in el) walk(el[k]);
  };
  walk(body);
  if (ids.length === 0) return;
  for (const b of buttons) {
    if (b.associatedInputs === 'none' || !b.data || typeof b.data !== 'object') continue;
    b.data = { ...(b.data as object), [SHOWN_KEY]: ids };
  }
}

export function card(body: Element[], actions: Action[] = [], full = true): AdaptiveCard {
  markShownInputs(body, actions);
  return {
    $schema: CARD_SCHEMA,
    type: 'AdaptiveCard',
    version: '1.5',
    body,
    ...(actions.length ? { actions } : {}),
    ...(full ? { msteams: { width: 'Full' as const } } : {}),
  };
}

export const cardBytes = (c: unknown): number => Buffer.byteLength(JSON.stringify(c), 'utf8');

export const attachment = (content: AdaptiveCard) => ({ contentType: CONTENT_TYPE, content });

/**
 * Neutralises the Markdown and mention syntax Teams renders in TextBlocks, so user
 * text stays text: `[x](url)`, `<at>`, `**`, `_`, `#`, lists. Backslash escapes are not
 * honoured everywhere, so look-alike full-width characters are used instead.
 */
export function plainText(text: string): string {
  return text
    .replace(/[<>]/g, (c) => (c === '<' ? '＜' : '＞'))
    .replace(/[[\]]/g, (c) => (c === '[' ? '［' : '］'))
    .replace(/[*_`~#|]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
    .replace(
      /^(\s*)([-+]|\d+\.)(\s)/gm,
      (_m, a: string, b: string, c: string) => `${a}${b.replace('.', '．').replace(/^[-+]$/, (x) => (x === '-' ? '－' : '＋'))}${c}`,
    );
}

export const textBlock = (text: string, o: Record<string, unknown> = {}): Element => ({ type: 'TextBlock', text, wrap: true, ...o });

/** User text, shown exactly as typed: TextRuns do not render Markdown. */
export function userText(text: string, o: Record<string, unknown> = {}): Element {
  return { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text }], ...o };
}

export const heading = (text: string, o: Record<string, unknown> = {}): Element => textBlock(text, { weight: 'Bolder', size: 'Medium', ...o });

export const label = (text: string, o: Record<string, unknown> = {}): Element => textBlock(text, { weight: 'Bolder', spacing: 'Medium', ...o });

export const note = (text: string, o: Record<string, unknown> = {}): Element => textBlock(text, { isSubtle: true, size: 'Small', ...o });

/** An error shown under its input (server-side validation). */
export const errorText = (text: string, id?: string): Element =>
  textBlock(text, { color: 'Attention', size: 'Small', spacing: 'None', ...(id ? { id } : {}) });

export const container = (items: Element[], o: Record<string, unknown> = {}): Element => ({ type: 'Container', items, ...o });

export const factSet = (facts: { title: string; value: string }[]): Element => ({ type: 'FactSet', facts });

export function columns(cols: { items: Element[]; width?: string | number }[], o: Record<string, unknown> = {}): Element {
  return { type: 'ColumnSet', columns: cols.map((c) => ({ type: 'Column', width: c.width ?? 'stretch', items: c.items })), ...o };
}

export interface TextInputSpec {
  id: string;
  label: string;
  value: string;
  max: number;
  multiline?: boolean;
  placeholder?: string;
  error?: string;
}

export function textInput(s: TextInputSpec): Element {
  return {
    type: 'Input.Text',
    id: s.id,
    label: s.label,
    value: s.value,
    maxLength: s.max,
    ...(s.multiline ? { isMultiline: true } : {}),
    ...(s.placeholder ? { placeholder: s.placeholder } : {}),
    ...(s.error ? { errorMessage: s.error } : {}),
  };
}

export interface ChoiceSpec {
  id: string;
  label: string;
  value: string;
  choices: { title: string; value: string }[];
  style: 'expanded' | 'compact' | 'filtered';
  placeholder?: string;
  error?: string;
}

export function choiceSet(s: ChoiceSpec): Element {
  return {
    type: 'Input.ChoiceSet',
    id: s.id,
    label: s.label,
    style: s.style,
    choices: s.choices,
    ...(s.choices.some((c) => c.value === s.value) ? { value: s.value } : {}),
    ...(s.placeholder ? { placeholder: s.placeholder } : {}),
    ...(s.error ? { errorMessage: s.error } : {}),
  };
}

/** A button: data is what Teams sends back; `dialog` opens a task module (task/fetch). */
export function submit(
  title: string,
  data: object,
  o: { dialog?: boolean; style?: 'positive' | 'destructive'; inputs?: 'auto' | 'none' } = {},
): Action {
  return {
    type: 'Action.Submit',
    title,
    data: o.dialog ? { msteams: { type: 'task/fetch' }, ...data } : data,
    ...(o.style ? { style: o.style } : {}),
    ...(o.inputs === 'none' ? { associatedInputs: 'none' } : {}),
  };
}

/** A link the Teams client opens in the browser (a signed PDF link). */
export const openUrl = (title: string, url: string): Action => ({ type: 'Action.OpenUrl', title, url });

export const actionSet = (actions: Action[], o: Record<string, unknown> = {}): Element => ({ type: 'ActionSet', actions, ...o });

/** Cuts text to at most max characters (code points), marking the cut. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}
