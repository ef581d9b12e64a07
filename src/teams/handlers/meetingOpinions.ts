import type { Application } from '@microsoft/teams-ai';
import type { TaskModuleTaskInfo, TurnContext } from 'botbuilder';
import type { AnswerOutcome, OpinionOutcome, RawOpinion } from '../../app/meetings';
import { opinionView } from '../../app/minutesView';
import { DomainError, messageFor } from '../../domain/errors';
import type { MeetingInputError } from '../../domain/meeting';
import type { Actor } from '../../domain/request';
import { meetingInputMessage } from '../../domain/text.ja';
import { clip } from '../cards/card';
import { answerCard, answerFormCard, closedCard, confirmCard, noticeCard, opinionCard, opinionFormCard, type OpinionErrors } from '../cards/meeting';
import { MeetingInput, MeetingVerb } from '../ids';
import { T } from '../strings';
import { actorOf } from './context';
import { dialog, str, submissionKey, type Data, type TeamsMeetingKit } from './meetingKit';

/** The writer's name as Teams sends it, when the writer is the one submitting now (a correction by the secretariat keeps the writer). */
function nameOf(context: TurnContext, author: Actor): string | undefined {
  const me = actorOf(context);
  return me.platform === author.platform && me.userId === author.userId ? context.activity.from?.name : undefined;
}

const closedDialog = (what: string, typed: string): TaskModuleTaskInfo =>
  dialog(T.closedTitle, closedCard({ message: messageFor(new DomainError('meeting.closed')), what, typed }));

function opinionErrors(errors: MeetingInputError[]): OpinionErrors {
  const out: OpinionErrors = {};
  for (const e of errors) out[e.field] ??= meetingInputMessage(e);
  return out;
}

/** 意見を記入 / 訂正 / 取り下げ of opinions, 回答 / 訂正 / 取り下げ of answers. */
export function registerMeetingOpinions(app: Application, kit: TeamsMeetingKit): void {
  const { meetings } = kit;
  const { org } = kit.deps;

  // ---- opinions -------------------------------------------------------------------

  /** The opinion dialog: new (requestId) or correcting (opinionId), with typed values and errors when given. */
  async function opinionDialog(context: TurnContext, data: Data, typed?: RawOpinion, errors?: OpinionErrors): Promise<TaskModuleTaskInfo> {
    const actor = actorOf(context);
    const opinionId = str(data.opinionId);
    if (opinionId) {
      const { opinion, request, tier } = await meetings.opinionToChange(opinionId, actor);
      const c = opinionFormCard({
        caseNo: request.caseNo,
        tier,
        tiers: [tier],
        sections: org.sections,
        sectionId: typed?.sectionId ?? opinion.sectionId,
        text: typed?.text ?? opinion.text,
        tags: typed?.tags ?? opinion.tags.join(', '),
        correcting: opinion.seq,
        requestId: request.id,
        opinionId: opinion.id,
        errors,
      });
      return dialog(T.opinionCorrectTitle, c);
    }
    const tierId = str(data[MeetingInput.tier]) || str(data.tierId) || undefined;
    const form = await meetings.opinionForm(str(data.requestId), actor, tierId);
    const c = opinionFormCard({
      caseNo: form.request.caseNo,
      tier: form.tier,
      tiers: form.tiers,
      sections: org.sections,
      sectionId: typed?.sectionId ?? form.sectionId,
      text: typed?.text ?? '',
      tags: typed?.tags ?? '',
      correcting: null,
      requestId: form.request.id,
      errors,
    });
    return dialog(T.opinionTitle, c);
  }

  app.taskModules.fetch(MeetingVerb.opinion, async (context: TurnContext, _state, data: Data) => {
    try {
      return await opinionDialog(context, data);
    } catch (err) {
      return kit.failure(err, actorOf(context), 'opening the opinion form');
    }
  });

  app.taskModules.submit(MeetingVerb.opinion, async (context: TurnContext, _state, data: Data) => {
    const actor = actorOf(context);
    const raw: RawOpinion = { text: str(data[MeetingInput.text]), sectionId: str(data[MeetingInput.section]), tags: str(data[MeetingInput.tags]) };
    const opinionId = str(data.opinionId);
    let outcome: OpinionOutcome;
    try {
      const r = await kit.once(
        submissionKey(context, data),
        () =>
          opinionId
            ? meetings.correctOpinion(opinionId, raw, actor)
            : meetings.addOpinion(str(data.requestId), str(data[MeetingInput.tier]) || str(data.tierId), raw, actor),
        (o) => o.kind === 'saved',
      );
      if (r.duplicate) return T.submittedAlready;
      outcome = r.result;
      if (outcome.kind === 'invalid') return await opinionDialog(context, data, raw, opinionErrors(outcome.errors));
    } catch (err) {
      return kit.failure(err, actor, 'saving an opinion');
    }
    if (outcome.kind === 'closed') return closedDialog(T.typedOpinion, outcome.typed);
    const v = opinionView(org, outcome.opinion);
    const notice = opinionId ? T.corrected(v.seq) : undefined;
    await kit.post(context, outcome.request, opinionCard(v, notice, nameOf(context, v.author)), `○(${v.seq}) ${clip(v.text, 80)}`);
    await kit.changed(outcome.request.id);
    return undefined;
  });

  app.taskModules.fetch(MeetingVerb.withdrawOpinion, async (context: TurnContext, _state, data: Data) => {
    try {
      const { opinion } = await meetings.opinionToChange(str(data.opinionId), actorOf(context));
      return dialog(
        T.withdrawTitle,
        confirmCard({
          title: T.withdrawTitle,
          quoted: `○(${opinion.seq}) ${opinion.text}`,
          text: T.withdrawConfirm,
          button: T.withdrawButton,
          data: { verb: MeetingVerb.withdrawOpinion, opinionId: opinion.id },
        }),
      );
    } catch (err) {
      return kit.failure(err, actorOf(context), 'opening a withdrawal');
    }
  });

  app.taskModules.submit(MeetingVerb.withdrawOpinion, async (context: TurnContext, _state, data: Data) => {
    const actor = actorOf(context);
    try {
      const r = await meetings.withdrawOpinion(str(data.opinionId), actor);
      const text = T.withdrawn(r.opinion.seq);
      if (r.changed) {
        await kit.post(context, r.request, noticeCard(text), text);
        await kit.changed(r.request.id);
      }
      return text;
    } catch (err) {
      return kit.failure(err, actor, 'withdrawing an opinion');
    }
  });

  // ---- answers ----------------------------------------------------------------------

  /** The answer dialog: a new answer (opinionId) or a correction (opinionId + answerId). */
  async function answerDialog(context: TurnContext, data: Data, typed?: string, error?: string): Promise<TaskModuleTaskInfo> {
    const actor = actorOf(context);
    const answerId = str(data.answerId);
    const changing = answerId ? await meetings.answerToChange(str(data.opinionId), answerId, actor) : null;
    const loaded = changing ?? (await meetings.answerForm(str(data.opinionId), actor));
    const current = changing?.answer.text ?? '';
    const c = answerFormCard({
      caseNo: loaded.request.caseNo,
      opinionSeq: loaded.opinion.seq,
      opinionText: loaded.opinion.text,
      text: typed ?? current,
      opinionId: loaded.opinion.id,
      ...(answerId ? { answerId } : {}),
      error,
    });
    return dialog(answerId ? T.answerCorrectTitle : T.answerTitle, c);
  }

  app.taskModules.fetch(MeetingVerb.answer, async (context: TurnContext, _state, data: Data) => {
    try {
      return await answerDialog(context, data);
    } catch (err) {
      return kit.failure(err, actorOf(context), 'opening the answer form');
    }
  });

  app.taskModules.submit(MeetingVerb.answer, async (context: TurnContext, _state, data: Data) => {
    const actor = actorOf(context);
    const text = str(data[MeetingInput.text]);
    const opinionId = str(data.opinionId);
    const answerId = str(data.answerId);
    let outcome: AnswerOutcome;
    try {
      const r = await kit.once(
        submissionKey(context, data),
        () => (answerId ? meetings.changeAnswer(opinionId, answerId, { text }, actor) : meetings.answer(opinionId, text, actor)),
        (o) => o.kind === 'saved',
      );
      if (r.duplicate) return T.submittedAlready;
      outcome = r.result;
      if (outcome.kind === 'invalid') return await answerDialog(context, data, text, meetingInputMessage(outcome.errors[0]));
    } catch (err) {
      return kit.failure(err, actor, 'saving an answer');
    }
    if (outcome.kind === 'closed') return closedDialog(T.typedAnswer, outcome.typed);
    const a = {
      opinionId: outcome.opinion.id,
      answerId: outcome.answer.id,
      opinionSeq: outcome.opinion.seq,
      text: outcome.answer.text,
      author: outcome.answer.author,
    };
    await kit.post(
      context,
      outcome.request,
      answerCard(a, answerId ? T.answerCorrected(a.opinionSeq) : undefined, nameOf(context, a.author)),
      `→${clip(a.text, 80)}`,
    );
    await kit.changed(outcome.request.id);
    return undefined;
  });

  app.taskModules.fetch(MeetingVerb.withdrawAnswer, async (context: TurnContext, _state, data: Data) => {
    try {
      const { opinion, answer } = await meetings.answerToChange(str(data.opinionId), str(data.answerId), actorOf(context));
      return dialog(
        T.withdrawTitle,
        confirmCard({
          title: T.withdrawTitle,
          quoted: `→${answer.text}`,
          text: T.withdrawConfirm,
          button: T.withdrawButton,
          data: { verb: MeetingVerb.withdrawAnswer, opinionId: opinion.id, answerId: answer.id },
        }),
      );
    } catch (err) {
      return kit.failure(err, actorOf(context), 'opening a withdrawal');
    }
  });

  app.taskModules.submit(MeetingVerb.withdrawAnswer, async (context: TurnContext, _state, data: Data) => {
    const actor = actorOf(context);
    try {
      const r = await meetings.changeAnswer(str(data.opinionId), str(data.answerId), { withdraw: true }, actor);
      if (r.kind === 'closed') throw new DomainError('meeting.closed');
      if (r.kind !== 'saved') return undefined;
      const text = T.answerWithdrawn(r.opinion.seq);
      await kit.post(context, r.request, noticeCard(text), text);
      await kit.changed(r.request.id);
      return text;
    } catch (err) {
      return kit.failure(err, actor, 'withdrawing an answer');
    }
  });
}
