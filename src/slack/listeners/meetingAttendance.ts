import type { SlackRoutes } from '../router';
import type { BlockAction, ButtonAction } from '@slack/bolt';
import { slackViewKey } from '../../app/once';
import { DomainError, messageFor } from '../../domain/errors';
import { ActionId, CallbackId } from '../ids';
import { S } from '../strings';
import { attendanceBlockId, attendanceModal, CHECKBOXES_MAX } from '../views/attendanceModal';
import { noticeModal } from '../views/notice';
import { readMeetingMetadata, type MeetingKit, type MeetingMetadata } from './meetingKit';

type Selected = { selected_options?: { value: string }[] | null };

/** Where a button on a message was clicked: channel and the message's ts. */
export function clickedIn(body: BlockAction): { channel: string; ts: string; threadTs: string | undefined } {
  const message = (body as { message?: { ts?: string; thread_ts?: string } }).message;
  return {
    channel: body.channel?.id ?? body.container?.channel_id ?? '',
    ts: message?.ts ?? body.container?.message_ts ?? '',
    threadTs: message?.thread_ts,
  };
}

/** 出席登録 (the secretariat confirms the whole list) and 出席 (an attendee, own section). */
export function registerMeetingAttendance(app: SlackRoutes, kit: MeetingKit): void {
  const { meetings, deps } = kit;

  app.action<BlockAction<ButtonAction>>(ActionId.attendance, async ({ ack, body, action, client }) => {
    await ack();
    const where = clickedIn(body);
    try {
      const form = await meetings.attendanceForm(action.value ?? '', kit.actor(body.user.id));
      const thread = await kit.threadOf(form.request.id, where.channel, where.ts);
      const metadata: MeetingMetadata = { r: form.request.id, t: form.tier.id, c: thread?.channel ?? where.channel, m: thread?.ts ?? '' };
      await client.views.open({
        trigger_id: body.trigger_id,
        view: attendanceModal({
          caseNo: form.request.caseNo,
          tierName: form.tier.name,
          sections: deps.org.sections,
          checked: form.checked,
          recorded: form.recorded,
          canSave: form.canSave,
          metadata: JSON.stringify(metadata),
        }),
      });
    } catch (err) {
      await kit.explain(client, { channel: where.channel, user: body.user.id, err });
    }
  });

  app.view({ callback_id: CallbackId.attendance, type: 'view_submission' }, async ({ ack, body, view, client }) => {
    const meta = readMeetingMetadata(view.private_metadata);
    if (!meta) return void (await ack({ response_action: 'update', view: noticeModal(messageFor(new DomainError('request.not_found'))) }));
    const values = view.state.values as Record<string, Record<string, Selected>>;
    const ids: string[] = [];
    for (let i = 0; i * CHECKBOXES_MAX < deps.org.sections.length; i++) {
      const id = attendanceBlockId(i);
      for (const o of values[id]?.[id]?.selected_options ?? []) ids.push(o.value);
    }
    try {
      const once = await kit.once(
        slackViewKey(view),
        () => meetings.saveAttendance(meta.r, meta.t, ids, kit.actor(body.user.id)),
        () => true,
      );
      if (once.duplicate) return void (await ack({ response_action: 'clear' }));
      const { request, tier, review } = once.result;
      await ack({ response_action: 'clear' });
      const n = review.attendance?.length ?? 0;
      await deps.publisher.tell(client, {
        channel: meta.c,
        user: body.user.id,
        text: S.attendanceSaved(request.caseNo, tier.name, n, deps.org.sections.length),
      });
      await kit.refreshSoon(client, request.id);
    } catch (err) {
      if (!(err instanceof DomainError)) deps.logger.error('attendance failed', { error: String(err) });
      await ack({ response_action: 'update', view: noticeModal(messageFor(err)) });
    }
  });

  app.action<BlockAction<ButtonAction>>(ActionId.present, async ({ ack, body, action, client }) => {
    await ack();
    const where = clickedIn(body);
    try {
      const r = await meetings.markPresent(action.value ?? '', kit.actor(body.user.id));
      const text = (r.already ? S.presentAlready : S.presentSaved)(r.request.caseNo, r.tier.name, r.section.name);
      await deps.publisher.tell(client, { channel: where.channel, user: body.user.id, text });
      if (!r.already) await kit.refreshSoon(client, r.request.id);
    } catch (err) {
      await kit.explain(client, { channel: where.channel, user: body.user.id, err });
    }
  });
}
