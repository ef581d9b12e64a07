/**
 * What Slack's client sends back as `view.state.values` when a person fills a modal:
 * one entry per stateful element, keyed by block_id then action_id, pre-filled from the
 * element's `initial_*` fields, with the person's typing and picking applied on top.
 */
import type { BlockJson } from './blockKit';

/** One element's state, e.g. `{ type: 'plain_text_input', value: '…' }`. */
export type ElementState = BlockJson;
/** `view.state.values`: block_id → action_id → element state. */
export type StateValues = Record<string, Record<string, ElementState>>;

/**
 * What a person enters, keyed by action_id (or block_id): a string for text inputs,
 * an option value for selects and radio buttons, option values for checkboxes and
 * multi-selects, `YYYY-MM-DD` for a datepicker, a user / conversation id for those
 * pickers, a full option object for external selects if the text matters, null to clear.
 */
export type FillValue = string | number | null | readonly string[] | BlockJson | readonly BlockJson[];
export type Fill = Record<string, FillValue>;

export interface FillOptions {
  /**
   * Apply the checks Slack's client makes before it lets a person submit: required
   * inputs filled, max/min length, number bounds, max selected items. Default true;
   * turn off to send what a real client never would (a hand-crafted request).
   */
  clientValidation?: boolean;
}

export interface ElementRef {
  block: BlockJson;
  element: BlockJson;
  blockId: string;
  actionId: string;
  blockIndex: number;
  /** The element is an input block's element (as opposed to an actions/section one). */
  inInput: boolean;
}

/** Elements Slack does not keep state for. */
const STATELESS = new Set(['button', 'overflow', 'workflow_button', 'image']);

/** Slack's generated ids look random; these are deterministic by position. */
function generatedId(seed: string): string {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let id = '';
  for (let i = 0; i < 5; i++) {
    id += alphabet[h % alphabet.length];
    h = (Math.floor(h / alphabet.length) + Math.imul(h, 31)) >>> 0;
  }
  return id;
}

function elementsOf(block: BlockJson): Array<[BlockJson, boolean]> {
  if (block.type === 'input' && block.element && typeof block.element === 'object') return [[block.element, true]];
  if (block.type === 'section' && block.accessory) return [[block.accessory, false]];
  if (block.type === 'actions' && Array.isArray(block.elements)) return block.elements.map((e: BlockJson) => [e, false]);
  return [];
}

/**
 * A deep copy of a view (or message) with `block_id` and `action_id` filled in where the
 * app left them out, as Slack does when it stores a view.
 */
export function withSlackIds<T>(surface: T): T {
  const copy = JSON.parse(JSON.stringify(surface ?? {})) as T & { blocks?: BlockJson[] };
  (copy.blocks ?? []).forEach((block, i) => {
    if (!block || typeof block !== 'object') return;
    if (typeof block.block_id !== 'string') block.block_id = generatedId(`block:${i}`);
    elementsOf(block).forEach(([el], j) => {
      if (el && typeof el === 'object' && typeof el.action_id !== 'string' && el.type !== 'image') {
        el.action_id = generatedId(`action:${i}:${j}`);
      }
    });
  });
  return copy;
}

/** Every interactive element of a view or message, with the ids Slack would report. */
export function interactiveElements(surface: BlockJson): ElementRef[] {
  const withIds = withSlackIds(surface);
  const refs: ElementRef[] = [];
  ((withIds.blocks ?? []) as BlockJson[]).forEach((block, blockIndex) => {
    for (const [element, inInput] of elementsOf(block)) {
      if (element?.type === 'image') continue;
      refs.push({ block, element, blockId: block.block_id, actionId: element.action_id, blockIndex, inInput });
    }
  });
  return refs;
}

/** The element with this action_id (or, failing that, the one element in this block_id). */
export function findElement(surface: BlockJson, key: string): ElementRef | undefined {
  const refs = interactiveElements(surface);
  return refs.find((r) => r.actionId === key) ?? refs.find((r) => r.blockId === key);
}

/** Slack echoes options back with `emoji: true` on plain_text. */
function echoOption(option: BlockJson): BlockJson {
  const o = JSON.parse(JSON.stringify(option)) as BlockJson;
  if (o.text?.type === 'plain_text' && o.text.emoji === undefined) o.text.emoji = true;
  return o;
}

function optionsOf(el: BlockJson): BlockJson[] {
  if (Array.isArray(el.options)) return el.options;
  if (Array.isArray(el.option_groups)) return el.option_groups.flatMap((g: BlockJson) => (Array.isArray(g.options) ? g.options : []));
  return [];
}

function initialState(el: BlockJson): ElementState {
  const type = el.type as string;
  const opt = (o: BlockJson | undefined) => (o ? echoOption(o) : null);
  const opts = (os: BlockJson[] | undefined) => (Array.isArray(os) ? os.map(echoOption) : []);
  switch (type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input':
      return { type, value: el.initial_value ?? null };
    case 'rich_text_input':
      return { type, rich_text_value: el.initial_value ?? { type: 'rich_text', elements: [] } };
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type, selected_option: opt(el.initial_option) };
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return { type, selected_options: opts(el.initial_options) };
    case 'users_select':
      return { type, selected_user: el.initial_user ?? null };
    case 'multi_users_select':
      return { type, selected_users: el.initial_users ?? [] };
    case 'conversations_select':
      return { type, selected_conversation: el.initial_conversation ?? null };
    case 'multi_conversations_select':
      return { type, selected_conversations: el.initial_conversations ?? [] };
    case 'channels_select':
      return { type, selected_channel: el.initial_channel ?? null };
    case 'multi_channels_select':
      return { type, selected_channels: el.initial_channels ?? [] };
    case 'datepicker':
      return { type, selected_date: el.initial_date ?? null };
    case 'timepicker':
      return { type, selected_time: el.initial_time ?? null, ...(el.timezone ? { timezone: el.timezone } : {}) };
    case 'datetimepicker':
      return { type, selected_date_time: el.initial_date_time ?? null };
    case 'file_input':
      return { type, files: [] };
    default:
      return { type };
  }
}

class FillError extends Error {
  constructor(ref: ElementRef, message: string) {
    super(`stateFromView: ${ref.element.type} "${ref.actionId}" (block "${ref.blockId}"): ${message}`);
  }
}

function pickOption(ref: ElementRef, value: FillValue): BlockJson {
  if (value && typeof value === 'object' && !Array.isArray(value)) return echoOption(value as BlockJson);
  const offered = optionsOf(ref.element);
  const found = offered.find((o) => o.value === value);
  if (!found) {
    const list = offered.map((o) => JSON.stringify(o.value)).join(', ');
    throw new FillError(ref, `no option with value ${JSON.stringify(value)} (offered: ${list || 'none'})`);
  }
  return echoOption(found);
}

/** An external select's option is whatever the app's options handler offered. */
function externalOption(value: FillValue): BlockJson {
  if (value && typeof value === 'object' && !Array.isArray(value)) return echoOption(value as BlockJson);
  return { text: { type: 'plain_text', text: String(value), emoji: true }, value: String(value) };
}

function asList(ref: ElementRef, value: FillValue): readonly FillValue[] {
  if (value === null) return [];
  if (!Array.isArray(value)) throw new FillError(ref, 'expects a list of values');
  return value as readonly FillValue[];
}

function applyFill(ref: ElementRef, value: FillValue): ElementState {
  const type = ref.element.type as string;
  const state = initialState(ref.element);
  switch (type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input':
      // Slack sends null, not '', for an empty text input.
      return { type, value: value === null || value === '' ? null : String(value) };
    case 'rich_text_input':
      if (value === null) return state;
      if (typeof value === 'object') return { type, rich_text_value: value };
      return {
        type,
        rich_text_value: { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: String(value) }] }] },
      };
    case 'static_select':
    case 'radio_buttons':
      return { type, selected_option: value === null ? null : pickOption(ref, value) };
    case 'external_select':
      return { type, selected_option: value === null ? null : externalOption(value) };
    case 'multi_static_select':
    case 'checkboxes':
      return { type, selected_options: asList(ref, value).map((v) => pickOption(ref, v)) };
    case 'multi_external_select':
      return { type, selected_options: asList(ref, value).map(externalOption) };
    case 'users_select':
      return { type, selected_user: value };
    case 'conversations_select':
      return { type, selected_conversation: value };
    case 'channels_select':
      return { type, selected_channel: value };
    case 'multi_users_select':
      return { type, selected_users: asList(ref, value) };
    case 'multi_conversations_select':
      return { type, selected_conversations: asList(ref, value) };
    case 'multi_channels_select':
      return { type, selected_channels: asList(ref, value) };
    case 'datepicker':
      if (value !== null && !/^\d{4}-\d{2}-\d{2}$/.test(String(value))) throw new FillError(ref, `a date is YYYY-MM-DD (got ${String(value)})`);
      return { type, selected_date: value };
    case 'timepicker':
      if (value !== null && !/^\d{2}:\d{2}$/.test(String(value))) throw new FillError(ref, `a time is HH:mm (got ${String(value)})`);
      return { ...state, selected_time: value };
    case 'datetimepicker':
      return { type, selected_date_time: value === null ? null : Number(value) };
    case 'file_input': {
      // Slack's client refuses more than max_files before submitting.
      const list = asList(ref, value);
      if (typeof ref.element.max_files === 'number' && list.length > ref.element.max_files)
        throw new FillError(ref, `${list.length} files, over max_files ${ref.element.max_files}`);
      return { type, files: list };
    }
    default:
      throw new FillError(ref, 'cannot be filled in');
  }
}

function isEmpty(state: ElementState): boolean {
  for (const key of [
    'value',
    'selected_option',
    'selected_user',
    'selected_conversation',
    'selected_channel',
    'selected_date',
    'selected_time',
    'selected_date_time',
  ]) {
    if (key in state) return state[key] === null || state[key] === '';
  }
  for (const key of ['selected_options', 'selected_users', 'selected_conversations', 'selected_channels', 'files']) {
    if (key in state) return !Array.isArray(state[key]) || state[key].length === 0;
  }
  if ('rich_text_value' in state) return !state.rich_text_value?.elements?.length;
  return false;
}

/** The checks Slack's client makes before it enables the submit button. */
function clientChecks(ref: ElementRef, state: ElementState): void {
  const el = ref.element;
  if (ref.inInput && ref.block.optional !== true && isEmpty(state)) {
    const label = ref.block.label?.text ?? ref.blockId;
    throw new FillError(ref, `required input "${label}" is empty; Slack's client would not submit the form`);
  }
  if (typeof state.value === 'string') {
    if (typeof el.max_length === 'number' && state.value.length > el.max_length) {
      throw new FillError(ref, `${state.value.length} characters is over max_length ${el.max_length}`);
    }
    if (typeof el.min_length === 'number' && state.value.length < el.min_length) {
      throw new FillError(ref, `${state.value.length} characters is under min_length ${el.min_length}`);
    }
    if (el.type === 'number_input') {
      const n = Number(state.value);
      if (Number.isNaN(n)) throw new FillError(ref, `"${state.value}" is not a number`);
      if (!el.is_decimal_allowed && !Number.isInteger(n)) throw new FillError(ref, `"${state.value}" is not a whole number`);
      if (el.min_value !== undefined && n < Number(el.min_value)) throw new FillError(ref, `${n} is below min_value ${el.min_value}`);
      if (el.max_value !== undefined && n > Number(el.max_value)) throw new FillError(ref, `${n} is above max_value ${el.max_value}`);
    }
    if (el.type === 'email_text_input' && !/^[^@\s]+@[^@\s]+$/.test(state.value))
      throw new FillError(ref, `"${state.value}" is not an email address`);
    if (el.type === 'url_text_input' && !/^https?:\/\/\S+$/.test(state.value)) throw new FillError(ref, `"${state.value}" is not a URL`);
  }
  const picked = ['selected_options', 'selected_users', 'selected_conversations', 'selected_channels'].find((k) => Array.isArray(state[k]));
  if (picked && typeof el.max_selected_items === 'number' && state[picked].length > el.max_selected_items) {
    throw new FillError(ref, `${state[picked].length} picked, over max_selected_items ${el.max_selected_items}`);
  }
}

/**
 * Builds `view.state.values` for a view the app sent, as Slack's client would after a
 * person entered `fill`. Throws on a fill key that names no element, an option the
 * element does not offer, or (with client validation) a form Slack would not submit.
 *
 *     stateFromView(view, { title: '(仮称)市民会館の改修について', department: 'soumu' })
 */
export function stateFromView(view: BlockJson, fill: Fill = {}, opts: FillOptions = {}): StateValues {
  const clientValidation = opts.clientValidation ?? true;
  const refs = interactiveElements(view).filter((r) => !STATELESS.has(r.element.type));
  const keyOf = (ref: ElementRef) => (ref.actionId in fill ? ref.actionId : ref.blockId in fill ? ref.blockId : undefined);
  const unused = Object.keys(fill).filter((k) => !refs.some((r) => keyOf(r) === k));
  if (unused.length > 0) {
    const known = refs.map((r) => r.actionId).join(', ');
    throw new Error(`stateFromView: no element for ${unused.map((k) => JSON.stringify(k)).join(', ')} (action_ids: ${known})`);
  }
  const values: StateValues = {};
  for (const ref of refs) {
    const key = keyOf(ref);
    const state = key === undefined ? initialState(ref.element) : applyFill(ref, fill[key]);
    if (clientValidation) clientChecks(ref, state);
    (values[ref.blockId] ??= {})[ref.actionId] = state;
  }
  return values;
}
