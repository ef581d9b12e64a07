import type { SlackRoutes } from '../router';
import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { AnswerOutcome } from '../../app/meetings';
import { slackViewKey } from '../../app/once';
import { DomainError, messageFor } from '../../domain/errors';
import { meetingInputMessage } from '../../domain/text.ja';
import { ActionId, CallbackId } from '../ids';
import { S } from '../strings';
import { answerMessage, threadNotice, typedBack } from '../views/meetingBlocks';
import { noticeModal } from '../views/notice';
import { answerModal, OpinionField } from '../views/opinionModal';
import { clickedIn } from './meetingAttendance';
import { readMeetingMetadata, type MeetingKit, type MeetingMetadata } from './meetingKit';

const splitValue = (v: string | undefined) => {
  const [opinionId = '', answerId = ''] = (v ?? '').split(':');
  return { opinionId, answerId };
};

/** 回答 on an opinion (the owning section: the filer, and the secretariat), 訂正 / 取り下げ on an answer. */
export function registerMeetingAnswers(app: SlackRoutes, kit: MeetingKit): void {
  const { meetings, deps } = kit;

  app.action<BlockAction<ButtonAction>>(ActionId.answer, async ({ ack, body, action, client }) => {
    await ack();
    const where = clickedIn(body);
    try {
      const { opinion, request, tier } = await meetings.answerForm(action.value ?? '', kit.actor(body.user.id));
      const metadata: MeetingMetadata = { r: request.id, t: tier.id, c: where.channel, m: where.threadTs ?? where.ts, o: opinion.id };
      await client.views.open({
        trigger_id: body.trigger_id,
        view: answerModal({
          caseNo: request.caseNo,
          opinionSeq: opinion.seq,
          opinionText: opinion.text,
          text: '',
          correcting: false,
          metadata: JSON.stringify(metadata),
        }),
      });
    } catch (err) {
      await kit.explain(client, { channel: where.channel, user: body.user.id, err });
    }
  });

  app.action<BlockAction<ButtonAction>>(ActionId.correctAnswer, async ({ ack, body, action, client }) => {
    await ack();
    const where = clickedIn(body);
    const { opinionId, answerId } = splitValue(action.value);
    try {
      const { opinion, answer, request, tier } = await meetings.answerToChange(opinionId, answerId, kit.actor(body.user.id));
      const metadata: MeetingMetadata = { r: request.id, t: tier.id, c: where.channel, m: where.threadTs ?? where.ts, o: opinion.id, a: answer.id };
      await client.views.open({
        trigger_id: body.trigger_id,
        view: answerModal({
          caseNo: request.caseNo,
          opinionSeq: opinion.seq,
          opinionText: opinion.text,
          text: answer.text,
          correcting: true,
          metadata: JSON.stringify(metadata),
        }),
      });
    } catch (err) {
      await kit.explain(client, { channel: where.channel, user: body.user.id, err });
    }
  });

  app.view({ callback_id: CallbackId.answer, type: 'view_submission' }, async ({ ack, body, view, client }) => {
    const meta = readMeetingMetadata(view.private_metadata);
    if (!meta?.o) return void (await ack({ response_action: 'update', view: noticeModal(messageFor(new DomainError('opinion.not_found'))) }));
    const values = view.state.values as Record<string, Record<string, { value?: string | null }>>;
    const text = values[OpinionField.answer]?.[OpinionField.answer]?.value ?? '';
    const actor = kit.actor(body.user.id);
    let outcome: AnswerOutcome;
    try {
      const { o, a } = meta;
      const r = await kit.once(
        slackViewKey(view),
        () => (a ? meetings.changeAnswer(o, a, { text }, actor) : meetings.answer(o, text, actor)),
        (x) => x.kind === 'saved',
      );
      // The same submission again (a retry, a double click): it was saved and posted once.
      if (r.duplicate) return void (await ack({ response_action: 'clear' }));
      outcome = r.result;
    } catch (err) {
      if (!(err instanceof DomainError)) deps.logger.error('answer failed', { error: String(err) });
      return void (await ack({ response_action: 'update', view: noticeModal(messageFor(err)) }));
    }
    if (outcome.kind === 'invalid') {
      return void (await ack({ response_action: 'errors', errors: { [OpinionField.answer]: meetingInputMessage(outcome.errors[0]) } }));
    }
    if (outcome.kind === 'closed') {
      await ack({ response_action: 'update', view: noticeModal(messageFor(new DomainError('meeting.closed')), S.closedTitle) });
      await deps.publisher.tell(client, {
        channel: meta.c,
        user: body.user.id,
        ...typedBack(`${messageFor(new DomainError('meeting.closed'))}\n${S.closedTyped(S.typedAnswer)}`, outcome.typed),
      });
      return;
    }
    await ack({ response_action: 'clear' });
    try {
      const thread = meta.m ? { channel: meta.c, ts: meta.m } : await kit.threadOf(outcome.request.id, meta.c);
      if (thread) {
        const a = {
          opinionId: outcome.opinion.id,
          answerId: outcome.answer.id,
          opinionSeq: outcome.opinion.seq,
          text: outcome.answer.text,
          author: outcome.answer.author,
        };
        await kit.postInThread(client, thread, answerMessage(a, meta.a ? S.answerCorrected(outcome.opinion.seq) : undefined));
      }
    } catch (err) {
      deps.logger.error('posting an answer in the thread failed', { error: String(err) });
    }
    await kit.refreshSoon(client, outcome.request.id);
  });

  app.action<BlockAction<ButtonAction>>(ActionId.withdrawAnswer, async ({ ack, body, action, client }) => {
    await ack();
    const where = clickedIn(body);
    const { opinionId, answerId } = splitValue(action.value);
    try {
      const r = await meetings.changeAnswer(opinionId, answerId, { withdraw: true }, kit.actor(body.user.id));
      if (r.kind === 'closed') throw new DomainError('meeting.closed');
      if (r.kind !== 'saved') return;
      const thread = await kit.threadOf(r.request.id, where.channel, where.threadTs ?? where.ts);
      if (thread) await kit.postInThread(client, thread, threadNotice(S.answerWithdrawn(r.opinion.seq)));
      await kit.refreshSoon(client, r.request.id);
    } catch (err) {
      await kit.explain(client, { channel: where.channel, user: body.user.id, err });
    }
  });
}
