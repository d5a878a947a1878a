import type { ReplyAction } from '../../core/reply.ts';
import { ButtonStyle, ComponentType, TextInputStyle, type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIModalInteractionResponseCallbackData } from 'discord.js';

/**
 * The 👍/👎 row under a rateable answer and the 👎 form, as Discord's API
 * spells them, and the custom ids that bring a click or a submitted form back
 * to the answer. A custom id carries the vote and the answer's `feedbackId`,
 * nothing about who clicked.
 */

/** Discord's limit on a component's or a modal's `custom_id`. */
export const CUSTOM_ID_LIMIT = 100;
/** The text input of the 👎 form. */
export const REASON_INPUT_ID = 'reason';
/** The core keeps this much of a reason. */
const REASON_MAX = 1000;

const BUTTON_PREFIX = 'feedback:';
const FORM_PREFIX = 'feedback-reason:';

export type Vote = 'up' | 'down';

export function feedbackButtonId(vote: Vote, feedbackId: string): string {
  return `${BUTTON_PREFIX}${vote}:${feedbackId}`;
}

export function feedbackFormId(feedbackId: string): string {
  return `${FORM_PREFIX}${feedbackId}`;
}

/** The vote and answer a button's custom id names; undefined for any other button. */
export function parseFeedbackButton(customId: string): { vote: Vote; feedbackId: string } | undefined {
  const m = /^feedback:(up|down):(.+)$/s.exec(customId);
  return m ? { vote: m[1] as Vote, feedbackId: m[2]! } : undefined;
}

/** The answer a 👎 form's custom id names; undefined for any other form. */
export function parseFeedbackForm(customId: string): string | undefined {
  return customId.startsWith(FORM_PREFIX) && customId.length > FORM_PREFIX.length ? customId.slice(FORM_PREFIX.length) : undefined;
}

/**
 * 👍 and 👎 in one action row; undefined when the feedback id is too long for
 * a custom id (the answer then goes out without buttons rather than being refused).
 */
export function feedbackRow(feedbackId: string): APIActionRowComponent<APIButtonComponentWithCustomId> | undefined {
  if (!feedbackId || feedbackButtonId('down', feedbackId).length > CUSTOM_ID_LIMIT || feedbackFormId(feedbackId).length > CUSTOM_ID_LIMIT) return undefined;
  return {
    type: ComponentType.ActionRow,
    components: [
      { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: feedbackButtonId('up', feedbackId), emoji: { name: '👍' } },
      { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: feedbackButtonId('down', feedbackId), emoji: { name: '👎' } },
    ],
  };
}

const ACTION_PREFIX = 'action:';

/** The custom id of a reply's own button: the prefix and the action's id. */
export function actionButtonId(actionId: string): string {
  return `${ACTION_PREFIX}${actionId}`;
}

/** The action a reply's button names; undefined for any other button. */
export function parseActionButton(customId: string): string | undefined {
  return customId.startsWith(ACTION_PREFIX) && customId.length > ACTION_PREFIX.length ? customId.slice(ACTION_PREFIX.length) : undefined;
}

const STYLE = { primary: ButtonStyle.Success, danger: ButtonStyle.Danger } as const;

/** A reply's own buttons in one row (Discord allows five); an action whose id would not fit a custom id is left out. */
export function actionRow(actions: readonly ReplyAction[]): APIActionRowComponent<APIButtonComponentWithCustomId> | undefined {
  const buttons = actions
    .filter((a) => actionButtonId(a.id).length <= CUSTOM_ID_LIMIT)
    .slice(0, 5)
    .map((a): APIButtonComponentWithCustomId => ({ type: ComponentType.Button, style: a.style ? STYLE[a.style] : ButtonStyle.Secondary, custom_id: actionButtonId(a.id), label: a.label.slice(0, 80) || '…' }));
  return buttons.length > 0 ? { type: ComponentType.ActionRow, components: buttons } : undefined;
}

/** The 👎 form (an interaction callback of type 9): one optional paragraph for the reason. */
export function reasonForm(feedbackId: string): APIModalInteractionResponseCallbackData {
  return {
    custom_id: feedbackFormId(feedbackId),
    // Discord's limits: a title and a label of 45 characters, a description of 100.
    title: 'What was wrong with the answer?',
    components: [
      {
        type: ComponentType.Label,
        label: 'What was wrong or missing? (optional)',
        description: 'Curators see it beside the question and the answer, never with your name.',
        component: { type: ComponentType.TextInput, custom_id: REASON_INPUT_ID, style: TextInputStyle.Paragraph, required: false, max_length: REASON_MAX },
      },
    ],
  };
}
