/**
 * Slack's documented Block Kit hard limits, checked the way Slack checks them: a view or
 * message that breaks one is refused as a whole (`invalid_arguments` / `invalid_blocks`).
 * The fake Slack server uses these checks to refuse views and messages; tests can call the
 * assertions directly on what the app renders.
 *
 * Lengths are counted in UTF-16 code units (`string.length`), which is never more lenient
 * than Slack's own counting. Limits: https://docs.slack.dev/reference/block-kit/
 */

/** Block Kit JSON as it travels over the wire; shapes are checked at run time. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire JSON, read loosely by the tests
export type BlockJson = Record<string, any>;

export interface Violation {
  /** JSON pointer into the request, e.g. `/view/blocks/3/label/text` (as Slack reports it). */
  pointer: string;
  /** Human name of the block or field, e.g. `blocks[3] input "title"`. */
  where: string;
  message: string;
}

export const Limits = {
  modalBlocks: 100,
  homeBlocks: 100,
  messageBlocks: 50,
  messageText: 40000,
  viewTitle: 24,
  viewButton: 24,
  callbackId: 255,
  externalId: 255,
  privateMetadata: 3000,
  blockId: 255,
  actionId: 255,
  textObject: 3000,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  textInputMaxLength: 3000,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  sectionText: 3000,
  sectionFields: 10,
  sectionField: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  choiceOptions: 10,
  overflowOptions: 5,
  selectOptions: 100,
  optionGroups: 100,
  optionGroupLabel: 75,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  imageAltText: 2000,
  imageTitle: 2000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
} as const;

const CHOICE_ELEMENTS = new Set(['checkboxes', 'radio_buttons']);
const TEXT_INPUTS = new Set(['plain_text_input', 'email_text_input', 'url_text_input', 'number_input']);
const SELECTS_WITH_PLACEHOLDER = new Set([
  'static_select',
  'multi_static_select',
  'external_select',
  'multi_external_select',
  'users_select',
  'multi_users_select',
  'conversations_select',
  'multi_conversations_select',
  'channels_select',
  'multi_channels_select',
  'datepicker',
  'timepicker',
]);

/** Collects violations while walking one surface; ids must be unique per surface. */
class Walk {
  readonly violations: Violation[] = [];
  private readonly blockIds = new Set<string>();
  private readonly actionIds = new Set<string>();

  add(pointer: string, where: string, message: string): void {
    this.violations.push({ pointer, where, message });
  }

  maxLength(value: unknown, max: number, pointer: string, where: string): void {
    if (typeof value === 'string' && value.length > max) {
      this.add(pointer, where, `must be less than ${max + 1} characters (got ${value.length})`);
    }
  }

  maxItems(value: unknown, max: number, pointer: string, where: string, min = 0): void {
    if (!Array.isArray(value)) return;
    if (value.length > max) this.add(pointer, where, `no more than ${max} items allowed (got ${value.length})`);
    if (value.length < min) this.add(pointer, where, `must provide at least ${min} items`);
  }

  /** A text object: `{ type: 'plain_text' | 'mrkdwn', text }`, 1..max characters. */
  text(obj: unknown, max: number, pointer: string, where: string, opts: { plainOnly?: boolean; required?: boolean } = {}): void {
    if (obj === undefined || obj === null) {
      if (opts.required) this.add(pointer, where, 'missing required field');
      return;
    }
    if (typeof obj !== 'object') {
      this.add(pointer, where, 'must be a text object');
      return;
    }
    const t = obj as BlockJson;
    if (t.type !== 'plain_text' && t.type !== 'mrkdwn') {
      this.add(`${pointer}/type`, where, `must be plain_text or mrkdwn (got ${String(t.type)})`);
    } else if (opts.plainOnly && t.type !== 'plain_text') {
      this.add(`${pointer}/type`, where, 'must be plain_text');
    }
    if (typeof t.text !== 'string') {
      this.add(`${pointer}/text`, where, 'missing required field: text');
      return;
    }
    if (t.text.length === 0) this.add(`${pointer}/text`, where, 'must be more than 0 characters');
    this.maxLength(t.text, Math.min(max, Limits.textObject), `${pointer}/text`, where);
  }

  blockId(id: unknown, pointer: string, where: string): void {
    if (typeof id !== 'string') return;
    this.maxLength(id, Limits.blockId, `${pointer}/block_id`, where);
    if (this.blockIds.has(id)) this.add(`${pointer}/block_id`, where, `duplicate block_id "${id}"`);
    this.blockIds.add(id);
  }

  actionId(id: unknown, pointer: string, where: string): void {
    if (typeof id !== 'string') return;
    this.maxLength(id, Limits.actionId, `${pointer}/action_id`, where);
    if (this.actionIds.has(id)) this.add(`${pointer}/action_id`, where, `duplicate action_id "${id}"`);
    this.actionIds.add(id);
  }
}

function describeBlock(block: BlockJson, i: number): string {
  const id = typeof block.block_id === 'string' ? ` "${block.block_id}"` : '';
  return `blocks[${i}] ${String(block.type)}${id}`;
}

function describeElement(blockWhere: string, el: BlockJson): string {
  const id = typeof el.action_id === 'string' ? ` "${el.action_id}"` : '';
  return `${blockWhere} > ${String(el.type)}${id}`;
}

function checkOption(w: Walk, opt: BlockJson, pointer: string, where: string, plainOnly: boolean): void {
  w.text(opt.text, Limits.optionText, `${pointer}/text`, where, { plainOnly, required: true });
  if (typeof opt.value === 'string') w.maxLength(opt.value, Limits.optionValue, `${pointer}/value`, where);
  w.text(opt.description, Limits.optionDescription, `${pointer}/description`, where, { plainOnly: true });
  w.maxLength(opt.url, Limits.url, `${pointer}/url`, where);
}

function sameOption(a: BlockJson, b: BlockJson): boolean {
  return a?.value === b?.value && a?.text?.text === b?.text?.text;
}

/** `initial_option(s)` must be exactly one of the element's options, as Slack requires. */
function checkInitialOptions(w: Walk, el: BlockJson, options: BlockJson[], pointer: string, where: string): void {
  const initial: Array<[BlockJson, string]> = [];
  if (el.initial_option) initial.push([el.initial_option, `${pointer}/initial_option`]);
  if (Array.isArray(el.initial_options)) {
    el.initial_options.forEach((o: BlockJson, i: number) => initial.push([o, `${pointer}/initial_options/${i}`]));
  }
  for (const [opt, p] of initial) {
    if (!options.some((o) => sameOption(o, opt))) {
      w.add(p, where, `initial option "${String(opt?.value)}" must match one of the provided options`);
    }
  }
}

function checkConfirm(w: Walk, confirm: unknown, pointer: string, where: string): void {
  if (!confirm || typeof confirm !== 'object') return;
  const c = confirm as BlockJson;
  w.text(c.title, Limits.confirmTitle, `${pointer}/title`, where, { plainOnly: true, required: true });
  w.text(c.text, Limits.confirmText, `${pointer}/text`, where, { required: true });
  w.text(c.confirm, Limits.confirmButton, `${pointer}/confirm`, where, { plainOnly: true, required: true });
  w.text(c.deny, Limits.confirmButton, `${pointer}/deny`, where, { plainOnly: true, required: true });
}

function checkElement(w: Walk, el: unknown, pointer: string, blockWhere: string): void {
  if (!el || typeof el !== 'object' || Array.isArray(el)) {
    w.add(pointer, blockWhere, 'must be an element object');
    return;
  }
  const e = el as BlockJson;
  const where = describeElement(blockWhere, e);
  w.actionId(e.action_id, pointer, where);
  checkConfirm(w, e.confirm, `${pointer}/confirm`, where);
  if (SELECTS_WITH_PLACEHOLDER.has(e.type) || TEXT_INPUTS.has(e.type)) {
    w.text(e.placeholder, Limits.placeholder, `${pointer}/placeholder`, where, { plainOnly: true });
  }
  switch (e.type) {
    case 'button':
      w.text(e.text, Limits.buttonText, `${pointer}/text`, where, { plainOnly: true, required: true });
      w.maxLength(e.value, Limits.buttonValue, `${pointer}/value`, where);
      w.maxLength(e.url, Limits.url, `${pointer}/url`, where);
      return;
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input': {
      if (typeof e.max_length === 'number' && e.max_length > Limits.textInputMaxLength) {
        w.add(`${pointer}/max_length`, where, `must be no larger than ${Limits.textInputMaxLength} (got ${e.max_length})`);
      }
      if (typeof e.min_length === 'number' && e.min_length > Limits.textInputMaxLength) {
        w.add(`${pointer}/min_length`, where, `must be no larger than ${Limits.textInputMaxLength} (got ${e.min_length})`);
      }
      const cap = typeof e.max_length === 'number' ? Math.min(e.max_length, Limits.textInputMaxLength) : Limits.textInputMaxLength;
      w.maxLength(e.initial_value, cap, `${pointer}/initial_value`, where);
      return;
    }
    case 'static_select':
    case 'multi_static_select': {
      const hasOptions = Array.isArray(e.options);
      const hasGroups = Array.isArray(e.option_groups);
      if (hasOptions === hasGroups) w.add(pointer, where, 'must provide exactly one of options or option_groups');
      const all: BlockJson[] = [];
      if (hasOptions) {
        w.maxItems(e.options, Limits.selectOptions, `${pointer}/options`, where, 1);
        e.options.forEach((o: BlockJson, i: number) => checkOption(w, o, `${pointer}/options/${i}`, where, true));
        all.push(...e.options);
      }
      if (hasGroups) {
        w.maxItems(e.option_groups, Limits.optionGroups, `${pointer}/option_groups`, where, 1);
        e.option_groups.forEach((g: BlockJson, gi: number) => {
          const gp = `${pointer}/option_groups/${gi}`;
          w.text(g.label, Limits.optionGroupLabel, `${gp}/label`, where, { plainOnly: true, required: true });
          w.maxItems(g.options, Limits.selectOptions, `${gp}/options`, where, 1);
          (Array.isArray(g.options) ? g.options : []).forEach((o: BlockJson, i: number) => checkOption(w, o, `${gp}/options/${i}`, where, true));
          if (Array.isArray(g.options)) all.push(...g.options);
        });
      }
      checkInitialOptions(w, e, all, pointer, where);
      return;
    }
    case 'external_select':
    case 'multi_external_select':
      if (e.initial_option) checkOption(w, e.initial_option, `${pointer}/initial_option`, where, true);
      (Array.isArray(e.initial_options) ? e.initial_options : []).forEach((o: BlockJson, i: number) =>
        checkOption(w, o, `${pointer}/initial_options/${i}`, where, true),
      );
      return;
    case 'checkboxes':
    case 'radio_buttons':
    case 'overflow': {
      const max = e.type === 'overflow' ? Limits.overflowOptions : Limits.choiceOptions;
      if (!Array.isArray(e.options)) {
        w.add(`${pointer}/options`, where, 'missing required field: options');
        return;
      }
      w.maxItems(e.options, max, `${pointer}/options`, where, 1);
      e.options.forEach((o: BlockJson, i: number) => checkOption(w, o, `${pointer}/options/${i}`, where, !CHOICE_ELEMENTS.has(e.type)));
      checkInitialOptions(w, e, e.options, pointer, where);
      return;
    }
    case 'datepicker':
      if (e.initial_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(e.initial_date))) {
        w.add(`${pointer}/initial_date`, where, `must be YYYY-MM-DD (got ${String(e.initial_date)})`);
      }
      return;
    case 'timepicker':
      if (e.initial_time !== undefined && !/^\d{2}:\d{2}$/.test(String(e.initial_time))) {
        w.add(`${pointer}/initial_time`, where, `must be HH:mm (got ${String(e.initial_time)})`);
      }
      return;
    case 'image':
      w.maxLength(e.alt_text, Limits.imageAltText, `${pointer}/alt_text`, where);
      w.maxLength(e.image_url, Limits.url, `${pointer}/image_url`, where);
      return;
    case 'file_input':
      if (e.max_files !== undefined && !(Number.isInteger(e.max_files) && e.max_files >= 1 && e.max_files <= 10)) {
        w.add(`${pointer}/max_files`, where, `must be between 1 and 10 (got ${String(e.max_files)})`);
      }
      if (!/\/element$/.test(pointer)) w.add(pointer, where, 'file_input is only allowed in an input block');
      return;
    default:
      return;
  }
}

function checkBlock(w: Walk, block: unknown, pointer: string, i: number): void {
  if (!block || typeof block !== 'object') {
    w.add(pointer, `blocks[${i}]`, 'must be a block object');
    return;
  }
  const b = block as BlockJson;
  const where = describeBlock(b, i);
  w.blockId(b.block_id, pointer, where);
  switch (b.type) {
    case 'section':
      if (b.text === undefined && b.fields === undefined) w.add(pointer, where, 'must provide either text or fields');
      w.text(b.text, Limits.sectionText, `${pointer}/text`, where);
      if (b.fields !== undefined) {
        w.maxItems(b.fields, Limits.sectionFields, `${pointer}/fields`, where, 1);
        (Array.isArray(b.fields) ? b.fields : []).forEach((f: unknown, fi: number) =>
          w.text(f, Limits.sectionField, `${pointer}/fields/${fi}`, where, { required: true }),
        );
      }
      if (b.accessory !== undefined) checkElement(w, b.accessory, `${pointer}/accessory`, where);
      return;
    case 'header':
      w.text(b.text, Limits.headerText, `${pointer}/text`, where, { plainOnly: true, required: true });
      return;
    case 'context':
      if (!Array.isArray(b.elements)) {
        w.add(`${pointer}/elements`, where, 'missing required field: elements');
        return;
      }
      w.maxItems(b.elements, Limits.contextElements, `${pointer}/elements`, where, 1);
      b.elements.forEach((el: BlockJson, ei: number) => {
        const p = `${pointer}/elements/${ei}`;
        if (el?.type === 'image') checkElement(w, el, p, where);
        else w.text(el, Limits.textObject, p, where, { required: true });
      });
      return;
    case 'actions':
      if (!Array.isArray(b.elements)) {
        w.add(`${pointer}/elements`, where, 'missing required field: elements');
        return;
      }
      w.maxItems(b.elements, Limits.actionsElements, `${pointer}/elements`, where, 1);
      b.elements.forEach((el: unknown, ei: number) => checkElement(w, el, `${pointer}/elements/${ei}`, where));
      return;
    case 'input':
      w.text(b.label, Limits.inputLabel, `${pointer}/label`, where, { plainOnly: true, required: true });
      w.text(b.hint, Limits.inputHint, `${pointer}/hint`, where, { plainOnly: true });
      if (b.elements !== undefined || Array.isArray(b.element)) {
        w.add(pointer, where, 'an input block holds exactly one element (use `element`, not an array)');
      }
      if (b.element === undefined) w.add(`${pointer}/element`, where, 'missing required field: element');
      else if (!Array.isArray(b.element)) checkElement(w, b.element, `${pointer}/element`, where);
      return;
    case 'image':
      w.maxLength(b.alt_text, Limits.imageAltText, `${pointer}/alt_text`, where);
      w.maxLength(b.image_url, Limits.url, `${pointer}/image_url`, where);
      w.text(b.title, Limits.imageTitle, `${pointer}/title`, where, { plainOnly: true });
      return;
    default:
      return;
  }
}

function checkBlocks(w: Walk, blocks: unknown, pointer: string, max: number, where: string): void {
  if (blocks === undefined) return;
  if (!Array.isArray(blocks)) {
    w.add(pointer, where, 'must be an array of blocks');
    return;
  }
  w.maxItems(blocks, max, pointer, where);
  blocks.forEach((b, i) => checkBlock(w, b, `${pointer}/${i}`, i));
}

/**
 * Every limit a modal (`type: 'modal'`) or App Home (`type: 'home'`) view breaks.
 * `root` is the pointer prefix Slack uses in its error messages (`/view`).
 */
export function viewViolations(view: unknown, root = '/view'): Violation[] {
  const w = new Walk();
  if (!view || typeof view !== 'object') {
    w.add(root, 'view', 'missing required field: view');
    return w.violations;
  }
  const v = view as BlockJson;
  if (v.type !== 'modal' && v.type !== 'home') {
    w.add(`${root}/type`, 'view.type', `must be modal or home (got ${String(v.type)})`);
  }
  if (v.type === 'modal') {
    w.text(v.title, Limits.viewTitle, `${root}/title`, 'view.title', { plainOnly: true, required: true });
    w.text(v.submit, Limits.viewButton, `${root}/submit`, 'view.submit', { plainOnly: true });
    w.text(v.close, Limits.viewButton, `${root}/close`, 'view.close', { plainOnly: true });
    const hasInput = Array.isArray(v.blocks) && v.blocks.some((b: BlockJson) => b?.type === 'input');
    if (hasInput && !v.submit) {
      w.add(`${root}/submit`, 'view.submit', 'must define `submit` to use an `input` block in modals');
    }
  }
  if (!Array.isArray(v.blocks)) w.add(`${root}/blocks`, 'view.blocks', 'missing required field: blocks');
  w.maxLength(v.callback_id, Limits.callbackId, `${root}/callback_id`, 'view.callback_id');
  w.maxLength(v.external_id, Limits.externalId, `${root}/external_id`, 'view.external_id');
  w.maxLength(v.private_metadata, Limits.privateMetadata, `${root}/private_metadata`, 'view.private_metadata');
  const max = v.type === 'home' ? Limits.homeBlocks : Limits.modalBlocks;
  checkBlocks(w, v.blocks, `${root}/blocks`, max, 'view.blocks');
  return w.violations;
}

/** Every limit the blocks of a message break (pointers start at `/blocks`). */
export function messageBlocksViolations(blocks: unknown, root = ''): Violation[] {
  const w = new Walk();
  checkBlocks(w, blocks, `${root}/blocks`, Limits.messageBlocks, 'message.blocks');
  return w.violations;
}

/** Slack's own rendering of a violation in `response_metadata.messages`. */
export function slackErrorMessage(v: Violation): string {
  return `[ERROR] ${v.message} [json-pointer:${v.pointer}]`;
}

function fail(what: string, violations: Violation[]): never {
  const lines = violations.map((v) => `  - ${v.where}: ${v.message} [${v.pointer}]`);
  throw new Error(`${what} breaks Slack's Block Kit limits (${violations.length}):\n${lines.join('\n')}`);
}

/** Fails, naming each offending block, when a modal breaks any Block Kit hard limit. */
export function assertModalWithinLimits(view: unknown): void {
  const violations = viewViolations(view);
  if (violations.length > 0) fail('Modal', violations);
}

/** Fails, naming each offending block, when an App Home view breaks any hard limit. */
export function assertHomeWithinLimits(view: unknown): void {
  assertModalWithinLimits(view);
}

/**
 * Fails when a message's blocks break a hard limit, or when it has neither text nor
 * blocks, or its top-level text would be truncated by Slack (40,000 characters).
 */
export function assertMessageWithinLimits(blocks: unknown, text?: string): void {
  const violations = messageBlocksViolations(blocks);
  if (text === undefined && (!Array.isArray(blocks) || blocks.length === 0)) {
    violations.push({ pointer: '/text', where: 'message.text', message: 'no_text: a message needs text or blocks' });
  }
  if (typeof text === 'string' && text.length > Limits.messageText) {
    violations.push({
      pointer: '/text',
      where: 'message.text',
      message: `Slack truncates text after ${Limits.messageText} characters (got ${text.length})`,
    });
  }
  if (violations.length > 0) fail('Message', violations);
}

/** Keys whose string values Slack renders (and parses as mrkdwn where the type allows). */
const RENDERED_KEYS = new Set(['text', 'fallback', 'pretext', 'title', 'footer', 'author_name']);

/**
 * Hostile strings a person might type into a form. If any reaches a rendered text field
 * raw, Slack would turn it into a mention, a broadcast or a disguised link.
 */
export const HOSTILE_USER_TEXT = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U123>',
  '<#C123>',
  '<!subteam^S123>',
  '<https://evil.example|x>',
] as const;

/**
 * Fails when any rendered string in `surface` (blocks, a view, a message, recursively)
 * contains one of `forbidden` raw — that is, user text was not escaped (`&lt;` `&gt;` `&amp;`).
 */
export function assertNoUnescapedUserText(surface: unknown, forbidden: readonly string[] = HOSTILE_USER_TEXT): void {
  const found: string[] = [];
  const visit = (node: unknown, path: string, key: string | undefined): void => {
    if (typeof node === 'string') {
      if (key !== undefined && RENDERED_KEYS.has(key)) {
        for (const f of forbidden) if (node.includes(f)) found.push(`${path}: contains ${JSON.stringify(f)} in ${JSON.stringify(node)}`);
      }
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((child, i) => visit(child, `${path}/${i}`, key));
      return;
    }
    if (node && typeof node === 'object') {
      for (const [k, child] of Object.entries(node)) visit(child, `${path}/${k}`, k);
    }
  };
  visit(surface, '', typeof surface === 'string' ? 'text' : undefined);
  if (found.length > 0) throw new Error(`Unescaped user text reached Slack:\n  - ${found.join('\n  - ')}`);
}
