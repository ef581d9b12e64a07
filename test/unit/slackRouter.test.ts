import type { AllMiddlewareArgs, AnyMiddlewareArgs } from '@slack/bolt';
import { createRouter } from '../../src/slack/router';

type Args = AnyMiddlewareArgs & AllMiddlewareArgs;

function run(router: ReturnType<typeof createRouter>, body: Record<string, unknown>) {
  const next = jest.fn(async () => undefined);
  const args = { body, payload: {}, next, context: {}, logger: {}, client: {} } as unknown as Args;
  return { next, done: router.middleware(args) };
}

describe('Slack router', () => {
  it('finds an action by its exact id and by a pattern, and passes others on', async () => {
    const router = createRouter();
    const seen: string[] = [];
    router.routes.action('request.edit', async () => void seen.push('edit'));
    router.routes.action(/^reminder\.done\./, async () => void seen.push('done'));
    const a = run(router, { type: 'block_actions', actions: [{ action_id: 'request.edit' }] });
    await a.done;
    const b = run(router, { type: 'block_actions', actions: [{ action_id: 'reminder.done.12' }] });
    await b.done;
    const c = run(router, { type: 'block_actions', actions: [{ action_id: 'other' }] });
    await c.done;
    expect(seen).toEqual(['edit', 'done']);
    expect(a.next).not.toHaveBeenCalled();
    expect(c.next).toHaveBeenCalledTimes(1);
  });

  it('tells a view submission from its closing, and gives the listener a no-op next', async () => {
    const router = createRouter();
    const seen: string[] = [];
    router.routes.view('form', async (args) => {
      seen.push('submit');
      await args.next();
    });
    router.routes.view({ callback_id: 'form', type: 'view_closed' }, async () => void seen.push('closed'));
    const a = run(router, { type: 'view_submission', view: { callback_id: 'form' } });
    await a.done;
    await run(router, { type: 'view_closed', view: { callback_id: 'form' } }).done;
    expect(seen).toEqual(['submit', 'closed']);
    expect(a.next).not.toHaveBeenCalled();
  });

  it('routes commands, events and option requests', async () => {
    const router = createRouter();
    const seen: string[] = [];
    router.routes.command('/案件申込', async () => void seen.push('command'));
    router.routes.event('app_home_opened', async () => void seen.push('home'));
    router.routes.options('owner', async () => void seen.push('options'));
    await run(router, { command: '/案件申込' }).done;
    await run(router, { type: 'event_callback', event: { type: 'app_home_opened' } }).done;
    await run(router, { type: 'block_suggestion', action_id: 'owner' }).done;
    const other = run(router, { type: 'event_callback', event: { type: 'message' } });
    await other.done;
    expect(seen).toEqual(['command', 'home', 'options']);
    expect(other.next).toHaveBeenCalledTimes(1);
  });

  it('runs every matching listener and reports a failure', async () => {
    const router = createRouter();
    const seen: string[] = [];
    router.routes.action('x', async () => void seen.push('a'));
    router.routes.action(/^x$/, async () => {
      seen.push('b');
      throw new Error('boom');
    });
    await expect(run(router, { type: 'block_actions', actions: [{ action_id: 'x' }] }).done).rejects.toThrow('boom');
    expect(seen.sort()).toEqual(['a', 'b']);
  });

  it('refuses listener middleware it would not run as Bolt does', () => {
    const router = createRouter();
    const routes = router.routes as unknown as { action: (...a: unknown[]) => void };
    expect(() =>
      routes.action(
        'x',
        async () => undefined,
        async () => undefined,
      ),
    ).toThrow(/one listener/);
  });
});
