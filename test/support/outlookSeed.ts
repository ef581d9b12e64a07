/**
 * Requests for the 見通し tests, one per kind of risk, stored as a filing stores them
 * (the repository, then the re-plan of its reminders) at the time the test sets.
 */
import { jpDay } from '../../src/domain/jpdate';
import type { OrgConfig } from '../../src/domain/org';
import type { AgendaRequest, RequestForm } from '../../src/domain/request';
import type { Running } from '../../src/server';
import { seedCouncilOrg } from '../fixtures/council';
import { seedForm } from '../fixtures/seedForm';
import { Workspace } from './workspace';

export const SECRETARIAT = 'U0SEC0001';
export const OTHER_FILER = 'U0OTHER01';
export const SECRETARIAT_CHANNEL = 'C0SECRET1';

/** The seed city with its council calendar, a 申込締切 on 局経営会議 and a secretariat channel. */
export function outlookOrg(extra: Partial<OrgConfig['secretariat']> = {}): OrgConfig {
  const base = seedCouncilOrg();
  return {
    ...base,
    tiers: base.tiers.map((t) => (t.id === 'kyoku' ? { ...t, cutoff: { businessDays: 3, time: '12:00', action: 'warn' as const } } : t)),
    secretariat: { ...base.secretariat, slack: [SECRETARIAT], channel: SECRETARIAT_CHANNEL, ...extra },
  };
}

export function form(title: string, patch: Partial<RequestForm>): RequestForm {
  return {
    ...seedForm(),
    title,
    filedOn: jpDay(2026, 11, 2),
    desiredDates: { kacho: null, kyoku: null, chosei: null, seisaku: null },
    councilSession: '',
    publicComment: { planned: false, period: null },
    councilInfo: { kind: '', period: null },
    ...patch,
  };
}

/** Stores a request filed now (by `userId`) and plans its reminders, as filing does. */
export async function store(app: Running, now: Date, f: RequestForm, userId: string = Workspace.userId): Promise<AgendaRequest> {
  const { request } = await app.db.repositories.requests.create({
    form: f,
    createdBy: { platform: 'slack', userId },
    origin: { platform: 'slack', channelId: Workspace.channelId },
    draftId: null,
    now,
    fiscalYear: 2026,
    casePrefix: 'R8',
  });
  await app.reminders.replan(request);
  return request;
}
