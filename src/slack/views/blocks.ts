/**
 * Minimal Block Kit builders: just the shapes chogi sends, typed loosely as plain
 * JSON so views stay pure functions that tests can inspect.
 */
import type { AnyBlock, ModalView } from '@slack/types';
import { codePointLength } from '../../domain/codePoints';

export type Block = Record<string, unknown>;

/** Our plain-JSON blocks as the Slack client's types (they are checked by tests instead). */
export const asBlocks = (blocks: Block[]) => blocks as unknown as AnyBlock[];
export type Modal = ModalView;
export type Option = { text: { type: 'plain_text'; text: string }; value: string };

export const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });
export const md = (text: string) => ({ type: 'mrkdwn' as const, text });

export function option(text: string, value: string): Option {
  return { text: { type: 'plain_text', text }, value };
}

export function textInput(a: {
  id: string;
  label: string;
  value: string;
  max: number;
  optional?: boolean;
  multiline?: boolean;
  placeholder?: string;
  hint?: string;
}): Block {
  const element: Record<string, unknown> = {
    type: 'plain_text_input',
    action_id: a.id,
    multiline: a.multiline ?? false,
    // Never shorter than what is already typed: Slack would refuse the view and the
    // person would lose the text; validation says what is too long instead.
    max_length: Math.min(3000, Math.max(a.max, codePointLength(a.value))),
  };
  if (a.value !== '') element.initial_value = a.value;
  if (a.placeholder) element.placeholder = plain(a.placeholder);
  const block: Block = { type: 'input', block_id: a.id, optional: a.optional ?? false, label: plain(a.label), element };
  if (a.hint) block.hint = plain(a.hint);
  return block;
}

/** Slack's file_input (modals only, in an input block): `filetypes` would be advisory, so none is set. */
export function fileInput(a: { id: string; label: string; hint?: string; maxFiles: number }): Block {
  const block: Block = {
    type: 'input',
    block_id: a.id,
    optional: true,
    label: plain(a.label),
    element: { type: 'file_input', action_id: a.id, max_files: a.maxFiles },
  };
  if (a.hint) block.hint = plain(a.hint);
  return block;
}

export function radioInput(a: { id: string; label: string; options: Option[]; value: string; optional?: boolean }): Block {
  const element: Record<string, unknown> = { type: 'radio_buttons', action_id: a.id, options: a.options };
  const initial = a.options.find((o) => o.value === a.value);
  if (initial) element.initial_option = initial;
  return { type: 'input', block_id: a.id, optional: a.optional ?? false, label: plain(a.label), element };
}

export function staticSelectInput(a: {
  id: string;
  label: string;
  options: Option[];
  value: string;
  optional?: boolean;
  placeholder: string;
}): Block {
  const element: Record<string, unknown> = { type: 'static_select', action_id: a.id, placeholder: plain(a.placeholder), options: a.options };
  const initial = a.options.find((o) => o.value === a.value);
  if (initial) element.initial_option = initial;
  return { type: 'input', block_id: a.id, optional: a.optional ?? false, label: plain(a.label), element };
}

export const header = (text: string): Block => ({ type: 'header', text: plain(text) });
export const context = (text: string): Block => ({ type: 'context', elements: [md(text)] });
export const section = (text: string, blockId?: string): Block =>
  blockId ? { type: 'section', block_id: blockId, text: md(text) } : { type: 'section', text: md(text) };
export const divider = (): Block => ({ type: 'divider' });

export function button(a: { id: string; text: string; value?: string; style?: 'primary' | 'danger' }): Record<string, unknown> {
  const b: Record<string, unknown> = { type: 'button', action_id: a.id, text: plain(a.text) };
  if (a.value !== undefined) b.value = a.value;
  if (a.style) b.style = a.style;
  return b;
}

export const actions = (blockId: string, elements: Record<string, unknown>[]): Block => ({
  type: 'actions',
  block_id: blockId,
  elements,
});
