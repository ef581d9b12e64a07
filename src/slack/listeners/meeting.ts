import type { SlackRoutes } from '../router';
import type { SlackDeps } from '../deps';
import { registerMeetingAnswers } from './meetingAnswers';
import { registerMeetingAttendance } from './meetingAttendance';
import { meetingKit } from './meetingKit';
import { registerMeetingMinutes } from './meetingMinutes';
import { registerMeetingOpinions } from './meetingOpinions';
import { registerMeetingResult } from './meetingResult';

/**
 * Meeting day in Slack (issue 4): the buttons on a request's message (出席登録, 出席,
 * 意見を記入, 議事録, 会議を終了), on each opinion in its thread (回答, 訂正, 取り下げ)
 * and the modals behind them. Nothing is registered when the meeting service is not wired.
 */
export function registerMeeting(app: SlackRoutes, deps: SlackDeps): void {
  if (!deps.meetings) return;
  const kit = meetingKit(deps, deps.meetings);
  registerMeetingAttendance(app, kit);
  registerMeetingOpinions(app, kit);
  registerMeetingAnswers(app, kit);
  registerMeetingMinutes(app, kit);
  registerMeetingResult(app, kit);
}
