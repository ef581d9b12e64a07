import type { Application } from '@microsoft/teams-ai';
import type { TaskModuleTaskInfo, TurnContext } from 'botbuilder';
import { DomainError } from '../../domain/errors';
import { attendanceCard, confirmCard, noticeCard, resultFormCard } from '../cards/meeting';
import { minutesCards } from '../cards/meetingMinutes';
import type { TeamsHandlerDeps } from '../deps';
import { MeetingInput, MeetingVerb } from '../ids';
import { T } from '../strings';
import { actorOf } from './context';
import { registerMeetingOpinions } from './meetingOpinions';
import { dialog, str, submissionKey, teamsMeetingKit, type Data, type TeamsMeetingKit } from './meetingKit';

/**
 * Meeting day in Teams (issue 6), as in Slack: the buttons on a posted request (出席登録,
 * 出席, 意見を記入, 議事録, 結果記録, 会議を終了), on each opinion and answer in its thread
 * (回答, 訂正, 取り下げ) and the dialogs behind them. Dialogs open with task/fetch and save
 * with task/submit (same verb); 議事録 is an Action.Submit. Refusals answer in the dialog.
 */
export function registerMeeting(app: Application, deps: TeamsHandlerDeps): void {
  const kit = teamsMeetingKit(deps);
  registerAttendance(app, kit);
  registerMeetingOpinions(app, kit);
  registerResult(app, kit);
  registerClosing(app, kit);
}

/** 出席登録 (the secretariat confirms the whole list) and 出席 (an attendee, own section). */
function registerAttendance(app: Application, kit: TeamsMeetingKit): void {
  const { meetings, deps } = kit;

  app.taskModules.fetch(MeetingVerb.attendance, async (context: TurnContext, _state, data: Data) => {
    const actor = actorOf(context);
    try {
      const form = await meetings.attendanceForm(str(data.requestId), actor);
      const c = attendanceCard({
        caseNo: form.request.caseNo,
        tier: form.tier,
        sections: deps.org.sections,
        checked: form.checked,
        recorded: form.recorded,
        canSave: form.canSave,
        requestId: form.request.id,
      });
      return dialog(T.attendanceTitle, c);
    } catch (err) {
      return kit.failure(err, actor, 'opening the attendance');
    }
  });

  app.taskModules.submit(MeetingVerb.attendance, async (context: TurnContext, _state, data: Data) => {
    const actor = actorOf(context);
    // A multi-select ChoiceSet answers "id,id,…" (nothing chosen: empty or absent).
    const ids = str(data[MeetingInput.attendance])
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    try {
      const once = await kit.once(
        submissionKey(context, data),
        () => meetings.saveAttendance(str(data.requestId), str(data.tierId), ids, actor),
        () => true,
      );
      if (once.duplicate) return T.submittedAlready;
      const { request, tier, review } = once.result;
      await kit.changed(request.id);
      return T.attendanceSaved(request.caseNo, tier.name, review.attendance?.length ?? 0, deps.org.sections.length);
    } catch (err) {
      return kit.failure(err, actor, 'saving the attendance');
    }
  });

  // 出席 answers in a small message to the person only (Teams has no ephemeral messages).
  app.taskModules.fetch(MeetingVerb.present, async (context: TurnContext, _state, data: Data) => {
    const actor = actorOf(context);
    try {
      const r = await meetings.markPresent(str(data.requestId), actor);
      if (!r.already) await kit.changed(r.request.id);
      return (r.already ? T.presentAlready : T.presentSaved)(r.request.caseNo, r.tier.name, r.section.name);
    } catch (err) {
      return kit.failure(err, actor, 'marking present');
    }
  });
}

/** 結果記録: the secretariat records a tier's result; the item moves up to the next tier. */
function registerResult(app: Application, kit: TeamsMeetingKit): void {
  const { meetings, deps } = kit;

  type Typed = { result: string; meetingLabel: string; followUps: string };
  async function form(
    context: TurnContext,
    requestId: string,
    tierId?: string,
    typed?: Typed,
    errors?: Record<string, string>,
  ): Promise<TaskModuleTaskInfo> {
    const f = await meetings.resultForm(requestId, actorOf(context), tierId || undefined);
    const c = resultFormCard({
      caseNo: f.request.caseNo,
      title: f.request.form.title,
      tier: f.tier,
      results: deps.org.results,
      current: typed ?? { result: f.review.result, meetingLabel: f.review.meetingLabel, followUps: f.review.followUps.join('\n') },
      requestId: f.request.id,
      errors,
    });
    return dialog(T.resultTitle, c);
  }

  app.taskModules.fetch(MeetingVerb.result, async (context: TurnContext, _state, data: Data) => {
    try {
      return await form(context, str(data.requestId));
    } catch (err) {
      return kit.failure(err, actorOf(context), 'opening the result');
    }
  });

  app.taskModules.submit(MeetingVerb.result, async (context: TurnContext, _state, data: Data) => {
    const actor = actorOf(context);
    const typed: Typed = {
      result: str(data[MeetingInput.result]),
      meetingLabel: str(data[MeetingInput.meetingLabel]),
      followUps: str(data[MeetingInput.followUps]),
    };
    try {
      const once = await kit.once(
        submissionKey(context, data),
        () => meetings.recordResult(str(data.requestId), str(data.tierId), typed, actor),
        (x) => x.ok,
      );
      if (once.duplicate) return T.submittedAlready;
      const r = once.result;
      // Errors under their inputs, with everything typed kept.
      if (!r.ok) return await form(context, str(data.requestId), str(data.tierId), typed, r.errors);
      const text = T.resultSaved(r.request.caseNo, r.tier.name, r.review.result, r.next?.name ?? null);
      await kit.post(context, r.request, noticeCard(text), text);
      await kit.changed(r.request.id);
      return text;
    } catch (err) {
      return kit.failure(err, actor, 'recording the result');
    }
  });
}

/** 会議を終了 (the secretariat, after confirming) and 議事録 (the record, posted in the thread). */
function registerClosing(app: Application, kit: TeamsMeetingKit): void {
  const { meetings, deps } = kit;

  app.taskModules.fetch(MeetingVerb.close, async (context: TurnContext, _state, data: Data) => {
    const actor = actorOf(context);
    try {
      const { request, tier, meeting } = await meetings.closing(str(data.requestId));
      if (!(await deps.roles.isSecretariat(actor))) return kit.failure(new DomainError('meeting.forbidden_close'), actor, 'opening the close');
      if (meeting.review.closedAt) return T.meetingAlreadyClosed(request.caseNo, tier.name);
      return dialog(
        T.closeTitle,
        confirmCard({
          title: T.closeTitle,
          text: `${T.opinionIntro(request.caseNo, tier.name)}\n\n${T.closeConfirm}`,
          button: T.closeYes,
          data: { verb: MeetingVerb.close, requestId: request.id, tierId: tier.id },
        }),
      );
    } catch (err) {
      return kit.failure(err, actor, 'opening the close');
    }
  });

  app.taskModules.submit(MeetingVerb.close, async (context: TurnContext, _state, data: Data) => {
    const actor = actorOf(context);
    try {
      const r = await meetings.close(str(data.requestId), actor, str(data.tierId) || undefined);
      const text = (r.closed ? T.meetingClosed : T.meetingAlreadyClosed)(r.request.caseNo, r.tier.name);
      if (r.closed) {
        await kit.post(context, r.request, noticeCard(text), text);
        await kit.changed(r.request.id);
      }
      return text;
    } catch (err) {
      return kit.failure(err, actor, 'closing the meeting');
    }
  });

  app.adaptiveCards.actionSubmit(MeetingVerb.minutes, async (context: TurnContext, _state, data: Data) => {
    const actor = actorOf(context);
    try {
      const { request, records } = await meetings.minutes(str(data.requestId));
      for (const c of minutesCards(
        request.caseNo,
        records.map((r) => r.minutes),
      ))
        await kit.post(context, request, c, T.minutesHeading(request.caseNo));
    } catch (err) {
      await context.sendActivity(kit.failure(err, actor, 'the minutes')).catch(() => undefined);
    }
  });
}
