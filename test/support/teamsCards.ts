/**
 * Checks a card the way a client would: parsed by the `adaptivecards` library (the
 * UMD build, which needs no DOM for parsing), with every parse and validation event a
 * failure, Adaptive Cards 1.5, `$schema` set, and under Teams' ~28 KB message limit.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

export const TEAMS_CARD_LIMIT = 28 * 1024;

export function cardProblems(card: unknown): string[] {
  const problems: string[] = [];
  const json = card as Record<string, unknown>;
  if (json.type !== 'AdaptiveCard') problems.push('type is not AdaptiveCard');
  if (json.version !== '1.5') problems.push(`version ${String(json.version)} (Teams renders 1.5)`);
  if (typeof json.$schema !== 'string') problems.push('no $schema');
  const size = Buffer.byteLength(JSON.stringify(card), 'utf8');
  if (size >= TEAMS_CARD_LIMIT) problems.push(`${size} bytes (limit ${TEAMS_CARD_LIMIT})`);
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  const validation = parsed.validateProperties();
  for (let i = 0; i < validation.validationEvents.length; i++) problems.push(`validate: ${validation.validationEvents[i].message}`);
  return problems;
}

export function expectValidCard(card: unknown): void {
  const problems = cardProblems(card);
  if (problems.length > 0) throw new Error(`invalid Adaptive Card:\n${problems.join('\n')}`);
}

/** Every element of a card (depth first), for finding inputs, texts and actions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function elements(card: any): any[] {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const out: any[] = [];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const walk = (e: any): void => {
    if (Array.isArray(e)) return e.forEach(walk);
    if (!e || typeof e !== 'object') return;
    if (typeof e.type === 'string') out.push(e);
    for (const k of ['body', 'items', 'columns', 'actions', 'inlines']) if (k in e) walk(e[k]);
  };
  walk(card);
  return out;
}

/** All visible text of a card (TextBlocks, TextRuns, facts, labels, values), joined by newlines. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function cardText(card: any): string {
  return elements(card)
    .flatMap((e) => [e.text, e.label, e.value, e.title, ...(e.facts ?? []).flatMap((f: { title: string; value: string }) => [f.title, f.value])])
    .filter((t): t is string => typeof t === 'string')
    .join('\n');
}

/**
 * What Teams sends for a press of `action` on `card` after the person typed `changes`,
 * as the adaptivecards renderer builds it (Action.Submit): the button's data, then each
 * input `if (input.id && input.isSet())` — an empty text, date or choice is left out,
 * a toggle is always sent. A required input left empty stops the press, as the client
 * does (it shows the input's error instead of sending).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function rendererSubmit(card: any, action: any, changes: Record<string, string> = {}): Record<string, unknown> {
  const data: Record<string, unknown> = action.data && typeof action.data === 'object' ? JSON.parse(JSON.stringify(action.data)) : {};
  if (action.associatedInputs === 'none') return data;
  const inputs = elements(card).filter((e) => String(e.type).startsWith('Input.') && typeof e.id === 'string');
  for (const id of Object.keys(changes)) {
    if (!inputs.some((i) => i.id === id)) throw new Error(`no input ${id}; inputs: ${inputs.map((i) => i.id).join(', ')}`);
  }
  for (const input of inputs) {
    const typed = input.id in changes ? changes[input.id] : input.value;
    let value: string | undefined;
    if (input.type === 'Input.Toggle') value = String(typed ?? input.valueOff ?? 'false');
    else value = typed === undefined || typed === null || String(typed) === '' ? undefined : String(typed);
    const set = input.type === 'Input.Toggle' ? (input.isRequired ? value === String(input.valueOn ?? 'true') : true) : value !== undefined;
    if (!set && input.isRequired) throw new Error(`required input "${input.label ?? input.id}" is empty; Teams would not send the card`);
    if (set) data[input.id] = value;
  }
  return data;
}
