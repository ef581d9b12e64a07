import type { SlackRoutes } from '../router';
import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { opinionView } from '../../app/minutesView';
import type { OpinionOutcome, RawOpinion } from '../../app/meetings';
import { slackViewKey } from '../../app/once';
import { DomainError, messageFor } from '../../domain/errors';
import { meetingInputMessage } from '../../domain/text.ja';
import { ActionId, CallbackId } from '../ids';
import { S } from '../strings';
import { opinionMessage, threadNotice, typedBack } from '../views/meetingBlocks';
import { noticeModal } from '../views/notice';
import { OpinionField, opinionModal } from '../views/opinionModal';
import { clickedIn } from './meetingAttendance';
import { readMeetingMetadata, type MeetingKit, type MeetingMetadata } from './meetingKit';

type Value = { value?: string | null; selected_option?: { value: string } | null };

const fieldBlock = { text: OpinionField.text, sectionId: OpinionField.section, tags: OpinionField.tags } as const;

/** 意見を記入 (new opinion), 訂正 and 取り下げ on an opinion's thread post. */
export function registerMeetingOpinions(app: SlackRoutes, kit: MeetingKit): void {
  const { meetings, deps } = kit;

  app.action<BlockAction<ButtonAction>>(ActionId.addOpinion, async ({ ack, body, action, client }) => {
    await ack();
    const where = clickedIn(body);
    try {
      const form = await meetings.opinionForm(action.value ?? '', kit.actor(body.user.id));
      const thread = await kit.threadOf(form.request.id, where.channel, where.threadTs ?? where.ts);
      const metadata: MeetingMetadata = { r: form.request.id, t: form.tier.id, c: thread?.channel ?? where.channel, m: thread?.ts ?? '' };
      await client.views.open({
        trigger_id: body.trigger_id,
        view: opinionModal({
          caseNo: form.request.caseNo,
          tier: form.tier,
          tiers: form.tiers,
          sections: deps.org.sections,
          sectionId: form.sectionId,
          text: '',
          tags: '',
          correcting: null,
          metadata: JSON.stringify(metadata),
        }),
      });
    } catch (err) {
      await kit.explain(client, { channel: where.channel, user: body.user.id, err });
    }
  });

  app.action<BlockAction<ButtonAction>>(ActionId.correctOpinion, async ({ ack, body, action, client }) => {
    await ack();
    const where = clickedIn(body);
    try {
      const { opinion, request, tier } = await meetings.opinionToChange(action.value ?? '', kit.actor(body.user.id));
      const metadata: MeetingMetadata = { r: request.id, t: tier.id, c: where.channel, m: where.threadTs ?? where.ts, o: opinion.id };
      await client.views.open({
        trigger_id: body.trigger_id,
        view: opinionModal({
          caseNo: request.caseNo,
          tier,
          tiers: [tier],
          sections: deps.org.sections,
          sectionId: opinion.sectionId,
          text: opinion.text,
          tags: opinion.tags.join(', '),
          correcting: opinion.seq,
          metadata: JSON.stringify(metadata),
        }),
      });
    } catch (err) {
      await kit.explain(client, { channel: where.channel, user: body.user.id, err });
    }
  });

  app.view({ callback_id: CallbackId.opinion, type: 'view_submission' }, async ({ ack, body, view, client }) => {
    const meta = readMeetingMetadata(view.private_metadata);
    if (!meta) return void (await ack({ response_action: 'update', view: noticeModal(messageFor(new DomainError('request.not_found'))) }));
    const values = view.state.values as Record<string, Record<string, Value>>;
    const raw: RawOpinion = {
      text: values[OpinionField.text]?.[OpinionField.text]?.value ?? '',
      sectionId: values[OpinionField.section]?.[OpinionField.section]?.selected_option?.value ?? '',
      tags: values[OpinionField.tags]?.[OpinionField.tags]?.value ?? '',
    };
    const tierId = values[OpinionField.tier]?.[OpinionField.tier]?.selected_option?.value ?? meta.t;
    const actor = kit.actor(body.user.id);
    let outcome: OpinionOutcome;
    try {
      const r = await kit.once(
        slackViewKey(view),
        () => (meta.o ? meetings.correctOpinion(meta.o, raw, actor) : meetings.addOpinion(meta.r, tierId, raw, actor)),
        (o) => o.kind === 'saved',
      );
      // The same submission again (a retry, a double click): it was saved and posted once.
      if (r.duplicate) return void (await ack({ response_action: 'clear' }));
      outcome = r.result;
    } catch (err) {
      if (!(err instanceof DomainError)) deps.logger.error('opinion failed', { error: String(err) });
      return void (await ack({ response_action: 'update', view: noticeModal(messageFor(err)) }));
    }
    if (outcome.kind === 'invalid') {
      const errors: Record<string, string> = {};
      for (const e of outcome.errors) errors[fieldBlock[e.field]] ??= meetingInputMessage(e);
      return void (await ack({ response_action: 'errors', errors }));
    }
    if (outcome.kind === 'closed') {
      await ack({ response_action: 'update', view: noticeModal(messageFor(new DomainError('meeting.closed')), S.closedTitle) });
      await deps.publisher.tell(client, {
        channel: meta.c,
        user: body.user.id,
        ...typedBack(`${messageFor(new DomainError('meeting.closed'))}\n${S.closedTyped(S.typedOpinion)}`, outcome.typed),
      });
      return;
    }
    await ack({ response_action: 'clear' });
    await afterSave(client, meta, outcome, !!meta.o);
  });

  async function afterSave(client: WebClient, meta: MeetingMetadata, saved: Extract<OpinionOutcome, { kind: 'saved' }>, corrected: boolean) {
    try {
      const thread = meta.m ? { channel: meta.c, ts: meta.m } : await kit.threadOf(saved.request.id, meta.c);
      if (thread) {
        const v = opinionView(deps.org, saved.opinion);
        await kit.postInThread(client, thread, opinionMessage(v, corrected ? S.corrected(v.seq) : undefined));
      }
    } catch (err) {
      deps.logger.error('posting an opinion in the thread failed', { requestId: saved.request.id, error: String(err) });
    }
    await kit.refreshSoon(client, saved.request.id);
  }

  app.action<BlockAction<ButtonAction>>(ActionId.withdrawOpinion, async ({ ack, body, action, client }) => {
    await ack();
    const where = clickedIn(body);
    try {
      const r = await meetings.withdrawOpinion(action.value ?? '', kit.actor(body.user.id));
      if (r.changed) {
        const thread = await kit.threadOf(r.request.id, where.channel, where.threadTs ?? where.ts);
        if (thread) await kit.postInThread(client, thread, threadNotice(S.withdrawn(r.opinion.seq)));
        await kit.refreshSoon(client, r.request.id);
      }
    } catch (err) {
      await kit.explain(client, { channel: where.channel, user: body.user.id, err });
    }
  });
}
