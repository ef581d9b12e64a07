import type { SlackRoutes } from '../router';
import type { BlockAction, ButtonAction } from '@slack/bolt';
import { ActionId } from '../ids';
import { S } from '../strings';
import { minutesMessages } from '../views/minutesMessage';
import { clickedIn } from './meetingAttendance';
import type { MeetingKit } from './meetingKit';

/** 議事録 (the record, posted in the thread) and 会議を終了 (the secretariat). */
export function registerMeetingMinutes(app: SlackRoutes, kit: MeetingKit): void {
  const { meetings, deps } = kit;

  app.action<BlockAction<ButtonAction>>(ActionId.minutes, async ({ ack, body, action, client }) => {
    await ack();
    const where = clickedIn(body);
    try {
      const { request, records } = await meetings.minutes(action.value ?? '');
      const thread = await kit.threadOf(request.id, where.channel, where.threadTs ?? where.ts);
      const messages = minutesMessages(
        request.caseNo,
        records.map((r) => r.minutes),
      );
      for (const msg of messages) {
        if (thread) await kit.postInThread(client, thread, msg);
        else await deps.publisher.tell(client, { channel: where.channel, user: body.user.id, ...msg });
      }
    } catch (err) {
      await kit.explain(client, { channel: where.channel, user: body.user.id, err });
    }
  });

  app.action<BlockAction<ButtonAction>>(ActionId.closeMeeting, async ({ ack, body, action, client }) => {
    await ack();
    const where = clickedIn(body);
    try {
      const r = await meetings.close(action.value ?? '', kit.actor(body.user.id));
      const text = (r.closed ? S.meetingClosed : S.meetingAlreadyClosed)(r.request.caseNo, r.tier.name);
      const thread = await kit.threadOf(r.request.id, where.channel, where.ts);
      if (r.closed && thread) await kit.postInThread(client, thread, { text, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text }] }] });
      else await deps.publisher.tell(client, { channel: where.channel, user: body.user.id, text });
      if (r.closed) await kit.refreshSoon(client, r.request.id);
    } catch (err) {
      await kit.explain(client, { channel: where.channel, user: body.user.id, err });
    }
  });
}
