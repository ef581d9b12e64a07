import type { SearchService } from '../app/search';
import type { Register } from '../app/register';
import type { RegisterLinks } from '../app/registerLinks';
import type { Clock, Repositories } from '../app/ports';
import type { MeetingService } from '../app/meetings';
import type { RequestService } from '../app/requests';
import type { ReminderService } from '../app/reminders';
import type { AgendaService } from '../app/agenda';
import type { CalendarFeeds } from '../app/calendarFeeds';
import type { AttachmentLine, AttachmentService } from '../app/attachments';
import type { DocumentService } from '../app/documents';
import type { DocumentLinks } from '../app/documentLinks';
import type { AgendaRequest } from '../domain/request';
import type { OrgConfig } from '../domain/org';
import type { Logger } from '../infra/logger';
import type { TeamsPublisher } from './publisher';
import type { RoleService } from '../app/roles';
import type { Desk } from '../app/desk';
import type { OutlookService } from '../app/outlook';
import type { TeamsDesk } from './handlers/desk';
import type { Visibility, VisibilityDeps } from '../app/visibility';
import type { Listings } from '../app/listings';

/** What the Teams handlers need; built once in the composition root. */
export interface TeamsDeps {
  org: OrgConfig;
  service: RequestService;
  /** Meeting day (issue 6): attendance, opinions, answers, results, minutes. */
  meetings: MeetingService;
  repos: Repositories;
  clock: Clock;
  logger: Logger;
  /** Called after a request changed through Teams (other platforms refresh their posts). */
  onUpdated?: (request: AgendaRequest) => Promise<void>;
  /** Called after a request was posted in a Teams conversation (linked Slack channels get it too). */
  onPosted?: (request: AgendaRequest, conversationId: string) => Promise<void>;
  // ---- reminders, 期限 and 日程 (issue 6) ----
  /** 対応済み / 延期 on reminder cards, and 期限. */
  reminders?: ReminderService;
  /** 日程: the coming meetings and their items. */
  agenda?: AgendaService;
  /** .ics links of the tiers, when PUBLIC_URL and LINK_SECRET are set. */
  feeds?: CalendarFeeds | null;
  // ---- end reminders ----
  /** 別紙資料: files sent to the bot in personal chat, links; absent when not wired. */
  attachments?: AttachmentService;
  /** A request's 別紙資料 with fresh links (signed when PUBLIC_URL/LINK_SECRET are set). */
  attachmentList?: (requestId: string) => Promise<AttachmentLine[]>;
  /** 庁議事務局 and the 出席者名簿 (名簿, ホーム). */
  roles: RoleService;
  /**
   * Which of the people picked for the 名簿 cannot sit for a section (guests, disabled
   * accounts, no user of the tenant), asked of Microsoft Graph; throws when it cannot
   * tell. Absent (no Graph): every pick is refused with a message.
   */
  notPeople?: (userIds: string[]) => Promise<string[]>;
  /** Each person's desk (ホーム); absent when not wired. */
  desk?: Desk;
  /** 見通し: the coming two weeks, risks first; absent when not wired. */
  outlook?: OutlookService;
  /** Who may see what: every listing and link goes through it. */
  visibility: Visibility;
  /** Where the Teams directory is registered for the visibility rule. */
  directories: VisibilityDeps['directories'];
  /** 一覧 / 日程 / 期限, filtered for the person asking. */
  listings: Listings;
  /** The 案件申込書 PDF, handed out as a signed link (when PUBLIC_URL and LINK_SECRET are set). */
  documents?: DocumentService;
  documentLinks?: DocumentLinks | null;
  /** 検索. */
  search?: SearchService;
  /** The 年度 register and its signed links (null without PUBLIC_URL / LINK_SECRET). */
  register?: Register;
  registerLinks?: RegisterLinks | null;
}

export interface TeamsHandlerDeps extends TeamsDeps {
  publisher: TeamsPublisher;
  /** ホーム cards (null when no desk service is wired). */
  desks: TeamsDesk | null;
}
