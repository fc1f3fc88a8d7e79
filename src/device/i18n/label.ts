import type { MessageId } from './en.js';
import { isMessageId, translator, type MessageParams, type Translate } from './translate.js';

/**
 * What a menu item or page title says: a message id (translated), an id with
 * parameters ("Account {n}"), or a text that is not translated (a contact's
 * name, a ring tone file). Menu paths match a label by its English text, the
 * text shown, or its id, so scripts can follow "Function setting > Auto answer"
 * whatever the LCD language.
 */
export type Label = MessageId | { id: MessageId; params: MessageParams } | { text: string };

export function labelText(t: Translate, label: Label): string {
  if (typeof label === 'string') return t(label);
  if ('text' in label) return label.text;
  return t(label.id, label.params);
}

const english = translator('en');

export function englishLabel(label: Label): string {
  return labelText(english, label);
}

/** True when `name` is the label's English text, its shown text or its id (case-insensitive). */
export function labelMatches(t: Translate, label: Label, name: string): boolean {
  const n = name.trim().toLowerCase();
  if (englishLabel(label).toLowerCase() === n || labelText(t, label).toLowerCase() === n) return true;
  const id = typeof label === 'string' ? label : 'id' in label ? label.id : undefined;
  return id !== undefined && isMessageId(name) && id === name;
}
