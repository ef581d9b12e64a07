/**
 * The one fake workspace every platform test runs in. The fake Slack server answers
 * with these ids and the request factories default to them, so they agree without
 * each test repeating literals.
 */
export const Workspace = {
  teamId: 'T0001',
  teamDomain: 'example',
  teamName: 'Example City',
  appId: 'A0001',
  botId: 'B0001',
  botUserId: 'U0BOT0001',
  botName: 'chogi',
  userId: 'U0001',
  userName: 'tanaka.taro',
  channelId: 'C0001',
  channelName: 'chogi',
  /** The legacy verification token Slack still puts in every payload. */
  verificationToken: 'verification-token',
} as const;

/** The signing secret the app under test must be configured with. */
export const TEST_SIGNING_SECRET = 'chogi-test-signing-secret';

/** The bot token tests give the app; the fake records it from the Authorization header. */
export const TEST_BOT_TOKEN = 'xoxb-test';
