import type { SlackRoutes } from '../router';
import type { BlockAction, ButtonAction } from '@slack/bolt';
import { slackViewKey } from '../../app/once';
import { DomainError, messageFor } from '../../domain/errors';
import { ActionId, CallbackId } from '../ids';
import { S } from '../strings';
import { noticeModal } from '../views/notice';
import { resultModal } from '../views/resultModal';
import { clickedIn } from './meetingAttendance';
import { readMeetingMetadata, type MeetingKit, type MeetingMetadata } from './meetingKit';

type Field = { value?: string | null; selected_option?: { value: string } | null };

/** 結果記録: the secretariat records a tier's result; the item moves up to the next tier. */
export function registerMeetingResult(app: SlackRoutes, kit: MeetingKit): void {
  const { meetings, deps } = kit;

  app.action<BlockAction<ButtonAction>>(ActionId.result, async ({ ack, body, action, client }) => {
    await ack();
    const where = clickedIn(body);
    try {
      const form = await meetings.resultForm(action.value ?? '', kit.actor(body.user.id));
      const thread = await kit.threadOf(form.request.id, where.channel, where.ts);
      const metadata: MeetingMetadata = { r: form.request.id, t: form.tier.id, c: thread?.channel ?? where.channel, m: thread?.ts ?? '' };
      await client.views.open({
        trigger_id: body.trigger_id,
        view: resultModal({
          caseNo: form.request.caseNo,
          title: form.request.form.title,
          tier: form.tier,
          results: deps.org.results,
          current: form.review,
          metadata: JSON.stringify(metadata),
        }),
      });
    } catch (err) {
      await kit.explain(client, { channel: where.channel, user: body.user.id, err });
    }
  });

  app.view({ callback_id: CallbackId.result, type: 'view_submission' }, async ({ ack, body, view, client }) => {
    const meta = readMeetingMetadata(view.private_metadata);
    if (!meta) return void (await ack({ response_action: 'update', view: noticeModal(messageFor(new DomainError('request.not_found'))) }));
    const values = view.state.values as Record<string, Record<string, Field>>;
    const read = (id: string) => values[id]?.[id]?.selected_option?.value ?? values[id]?.[id]?.value ?? '';
    try {
      const typed = { result: read('result'), meetingLabel: read('meetingLabel'), followUps: read('followUps') };
      const once = await kit.once(
        slackViewKey(view),
        () => meetings.recordResult(meta.r, meta.t, typed, kit.actor(body.user.id)),
        (x) => x.ok,
      );
      if (once.duplicate) return void (await ack({ response_action: 'clear' }));
      const r = once.result;
      if (!r.ok) return void (await ack({ response_action: 'errors', errors: r.errors }));
      await ack({ response_action: 'clear' });
      const text = S.resultSaved(r.request.caseNo, r.tier.name, r.review.result, r.next?.name ?? null);
      if (meta.c && meta.m)
        await kit.postInThread(client, { channel: meta.c, ts: meta.m }, { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
      await kit.refreshSoon(client, r.request.id);
    } catch (err) {
      if (!(err instanceof DomainError)) deps.logger.error('result failed', { error: String(err) });
      await ack({ response_action: 'update', view: noticeModal(messageFor(err)) });
    }
  });
}
