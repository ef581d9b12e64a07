import type { TurnContext } from 'botbuilder';
import type { Actor, Conversation } from '../../domain/request';

/**
 * The person behind an activity: the Entra (AAD) object id, what org.secretariat.teams
 * lists. Never the channel account id: an activity without an object id is refused
 * before any handler runs (refusalOf in src/teams/app.ts), and an empty id has no role.
 */
export function actorOf(context: TurnContext): Actor {
  return { platform: 'teams', userId: context.activity.from?.aadObjectId ?? '' };
}

export function conversationOf(context: TurnContext): Conversation {
  return { platform: 'teams', channelId: context.activity.conversation?.id ?? '' };
}
