/** Every callback, action and block id the Slack adapter uses, in one place. */
export const CallbackId = {
  requestForm: 'request.form',
  schedule: 'request.schedule',
  withdraw: 'request.withdraw',
  history: 'request.history',
  // meeting day (issue 4)
  attendance: 'meeting.attendance',
  opinion: 'opinion.form',
  answer: 'opinion.answer.form',
  result: 'meeting.result',
  attachments: 'request.attachments',
  roster: 'roster.form',
} as const;

/**
 * A tier's 審議希望日 choice (action id = block id `desiredDates.<tier id>`, as its form
 * path): picking one is dispatched, so 「その他の日」 can reveal its text input.
 */
export const DesiredDateAction = /^desiredDates\.[^.]+$/;

export const ActionId = {
  addCoordinationRow: 'request.row.add.coordination',
  addHistoryRow: 'request.row.add.history',
  back: 'request.page.back',
  startOver: 'request.start_over',
  edit: 'request.edit',
  schedule: 'request.schedule',
  calendar: 'request.calendar',
  attachments: 'request.attachments',
  withdraw: 'request.withdraw',
  restore: 'request.restore',
  history: 'request.history',
  historyNewer: 'request.history.newer',
  historyOlder: 'request.history.older',
  repost: 'request.repost',
  postTo: 'request.post_to',
  owner: 'owner',
  // reminders (issue 5)
  reminderDone: 'reminder.done',
  reminderSnooze: 'reminder.snooze',
  // meeting day (issue 4)
  attendance: 'meeting.attendance',
  present: 'meeting.present',
  addOpinion: 'opinion.add',
  minutes: 'meeting.minutes',
  closeMeeting: 'meeting.close',
  answer: 'opinion.answer',
  correctOpinion: 'opinion.correct',
  withdrawOpinion: 'opinion.withdraw',
  correctAnswer: 'opinion.answer.correct',
  withdrawAnswer: 'opinion.answer.withdraw',
  meetingTier: 'meeting.tier',
  result: 'meeting.result',
  // documents: the 案件申込書 PDF and the meeting's 庁議資料
  pdf: 'request.pdf',
  packet: 'agenda.packet',
  // the desk and the roster (issue 13)
  homeNew: 'home.new',
  homeRoster: 'home.roster',
  homeAll: 'home.all',
} as const;

/** Slash commands: the Japanese one and an ASCII alias for awkward IME input. */
export const Commands = ['/案件申込', '/anken'] as const;
