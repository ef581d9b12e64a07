/** Every callback, action and block id the Slack adapter uses, in one place. */
export const CallbackId = {
  requestForm: 'request.form',
} as const;

export const ActionId = {
  addCoordinationRow: 'request.row.add.coordination',
  addHistoryRow: 'request.row.add.history',
  back: 'request.page.back',
  startOver: 'request.start_over',
  edit: 'request.edit',
  repost: 'request.repost',
  postTo: 'request.post_to',
  owner: 'owner',
  // reminders (issue 5)
  reminderDone: 'reminder.done',
  reminderSnooze: 'reminder.snooze',
} as const;

/** Slash commands: the Japanese one and an ASCII alias for awkward IME input. */
export const Commands = ['/案件申込', '/anken'] as const;
