/**
 * The baseline for the slash-command benchmark: a bare Bolt app that only opens a
 * fixed modal. Run as its own process, like chogi, on PORT with SLACK_API_URL.
 */
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { createServer } from 'node:http';

const receiver = new HTTPReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET!, endpoints: '/slack/events', logLevel: LogLevel.ERROR });
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  receiver,
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});
app.command('/案件申込', async ({ ack, command, client }) => {
  await ack();
  await client.views.open({
    trigger_id: command.trigger_id,
    view: {
      type: 'modal',
      callback_id: 'bare',
      title: { type: 'plain_text', text: '庁議 案件申込書' },
      submit: { type: 'plain_text', text: '次へ' },
      blocks: [
        {
          type: 'input',
          block_id: 'title',
          label: { type: 'plain_text', text: '案件名' },
          element: { type: 'plain_text_input', action_id: 'title' },
        },
      ],
    },
  });
});
createServer((req, res) => {
  if (req.url === '/healthz') return void res.end('ok');
  receiver.requestListener(req, res);
}).listen(Number(process.env.PORT), '127.0.0.1');
