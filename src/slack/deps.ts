import type { SearchService } from '../app/search';
import type { Register } from '../app/register';
import type { WebClient } from '@slack/web-api';
import type { AgendaService } from '../app/agenda';
import type { AttachmentLine, AttachmentService } from '../app/attachments';
import type { CalendarFeeds } from '../app/calendarFeeds';
import type { Clock, Repositories } from '../app/ports';
import type { RequestService } from '../app/requests';
import type { ReminderService } from '../app/reminders';
import type { MeetingService } from '../app/meetings';
import type { DocumentService } from '../app/documents';
import type { OrgConfig } from '../domain/org';
import type { Logger } from '../infra/logger';
import type { InFlight } from '../infra/inflight';
import type { SlackPublisher } from './publisher';
import type { RoleService } from '../app/roles';
import type { Desk } from '../app/desk';
import type { Visibility } from '../app/visibility';
import type { Listings } from '../app/listings';
import type { OutlookService } from '../app/outlook';

/** What the Slack listeners need; built once in the composition root. */
export interface SlackDeps {
  org: OrgConfig;
  service: RequestService;
  agenda: AgendaService;
  /** Signed .ics links; null when PUBLIC_URL / LINK_SECRET are not set (no calendar buttons then). */
  feeds?: CalendarFeeds | null;
  repos: Repositories;
  publisher: SlackPublisher;
  clock: Clock;
  logger: Logger;
  /** Deadline reminders (対応済み / 延期 buttons, `期限`); absent when not wired. */
  reminders?: ReminderService;
  /** Meeting day (issue 4): attendance, opinions, answers, minutes; absent when not wired. */
  meetings?: MeetingService;
  /** 別紙資料: the form's file input and the 「別紙資料」 modal; absent when not wired. */
  attachments?: AttachmentService;
  /** A request's 別紙資料 with fresh links (signed when PUBLIC_URL/LINK_SECRET are set). */
  attachmentList?: (requestId: string) => Promise<AttachmentLine[]>;
  /** 庁議事務局 and the 出席者名簿 (名簿, the home tab). */
  roles: RoleService;
  /** Each person's desk (the home tab); absent when not wired. */
  desk?: Desk;
  /** The published home tabs: re-published for the people a change concerns (set by createSlackApp). */
  homes?: { refresh(client: WebClient, userIds: readonly string[]): void };
  /** Who may see what: every listing and link goes through it. */
  visibility: Visibility;
  /** 一覧 / 日程 / 期限, filtered for the person asking. */
  listings: Listings;
  /** Work in flight, waited for by a graceful stop (listeners keep working after their ack). */
  inflight?: InFlight;
  /** The 案件申込書 PDF and the meeting's 庁議資料; absent = the buttons answer that it is not set up. */
  documents?: DocumentService;
  /** 検索; absent when not wired. */
  search?: SearchService;
  /** The 年度 register (台帳); absent when not wired. */
  register?: Register;
  /** 見通し: the coming two weeks, risks first; absent when not wired. */
  outlook?: OutlookService;
}
