import type { TurnContext } from 'botbuilder';
import type { Actor, Conversation } from '../../domain/request';

/** The person behind an activity: the AAD object id (what org.secretariat.teams lists), else the channel id. */
export function actorOf(context: TurnContext): Actor {
  const from = context.activity.from ?? { id: '' };
  return { platform: 'teams', userId: from.aadObjectId || from.id || '' };
}

export function conversationOf(context: TurnContext): Conversation {
  return { platform: 'teams', channelId: context.activity.conversation?.id ?? '' };
}
