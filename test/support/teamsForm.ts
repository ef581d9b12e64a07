/** Typing the seed form into the Teams dialog, page by page, as a person would. */
import { seedRaw } from '../fixtures/seedRaw';
import { page1Fill, page2Fill, page3Fill } from '../fixtures/seedFills';

export { page1Fill, page2Fill, page3Fill };
import { TeamsDialog } from './teamsDialog';
import { TeamsUser, type ActivityOptions } from './teamsActivities';
import type { TeamsTestApp } from './teamsApp';
import type { RawRequestForm } from '../../src/domain/requestForm';

/** Types a table page row by row, pressing ＋ 行を追加 as a person must. */
export async function fillRows(d: TeamsDialog, rows: number, fill: Record<string, string>) {
  for (let n = 1; n < rows; n++) {
    const ids = d.inputs().map((i) => i.id);
    await d.press('＋ 行を追加', Object.fromEntries(Object.entries(fill).filter(([k]) => ids.includes(k))));
  }
}

export async function fileSeedInTeams(
  t: TeamsTestApp,
  raw: RawRequestForm = seedRaw(),
  user = TeamsUser,
  conversation?: ActivityOptions['conversation'],
) {
  const d = await TeamsDialog.open(t.url, { verb: 'request.open' }, t.as({ from: user, ...(conversation ? { conversation } : {}) }));
  await d.pressConfirming('次へ', page1Fill(raw));
  await fillRows(d, raw.coordination.length, page2Fill(raw));
  await d.press('次へ', page2Fill(raw));
  await fillRows(d, raw.history.length, page3Fill(raw));
  const done = await d.press('申し込む', page3Fill(raw));
  return { d, message: done.message };
}

/** Files the seed form through the dialog and returns the stored request and its Teams post. */
export async function postedSeedInTeams(t: TeamsTestApp) {
  await fileSeedInTeams(t);
  const [request] = await t.app.db.repositories.requests.listRecent(1);
  const [post] = await t.app.db.repositories.posts.listFor(request.id);
  return { request, post };
}
