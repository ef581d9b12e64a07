import type { AllMiddlewareArgs, AnyMiddlewareArgs, App, Context, Middleware } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

/**
 * The listeners' side of Bolt's App (`action`, `view`, `command`, `event`, `options`),
 * dispatched by one lookup instead of by Bolt itself.
 *
 * Bolt keeps one middleware chain per listener and, for every incoming request, copies
 * and runs all of them (each with its own matcher and promise chain) to find the one or
 * two that match. chogi registers some sixty listeners, so that was most of Bolt's work
 * per request and a large part of its allocation. Here the listeners sit in maps keyed
 * by what Slack routes on (action_id, callback_id + type, command, event type); the
 * global middleware installed last finds the match and calls it with exactly the
 * arguments Bolt would have given it. Payloads no listener wants go on to Bolt unchanged.
 */
export type SlackRoutes = Pick<App, 'action' | 'view' | 'command' | 'event' | 'options'>;

type Handler = (args: AnyMiddlewareArgs & AllMiddlewareArgs) => Promise<void>;
type IdMatch = string | RegExp;

interface ActionConstraint {
  action_id?: IdMatch;
  block_id?: IdMatch;
  type?: string;
}
interface ViewConstraint {
  callback_id?: IdMatch;
  type?: 'view_submission' | 'view_closed';
}

interface Route<C> {
  constraint: C;
  handler: Handler;
}

/** Registered routes by kind; exact ids in a map, patterns in order. */
class Table<C> {
  private readonly exact = new Map<string, Route<C>[]>();
  private readonly patterns: { pattern: RegExp; route: Route<C> }[] = [];

  add(id: IdMatch | undefined, route: Route<C>): void {
    if (typeof id === 'string') {
      const list = this.exact.get(id);
      if (list) list.push(route);
      else this.exact.set(id, [route]);
    } else this.patterns.push({ pattern: id ?? /^/, route });
  }

  find(id: string, accept: (c: C) => boolean): Route<C>[] {
    const out: Route<C>[] = [];
    for (const r of this.exact.get(id) ?? []) if (accept(r.constraint)) out.push(r);
    for (const p of this.patterns) {
      // A fresh test each time: a global (/g) pattern would otherwise keep its lastIndex.
      p.pattern.lastIndex = 0;
      if (p.pattern.test(id) && accept(p.route.constraint)) out.push(p.route);
    }
    return out;
  }
}

const matches = (m: IdMatch | undefined, value: string | undefined): boolean =>
  m === undefined || (value !== undefined && (typeof m === 'string' ? m === value : ((m.lastIndex = 0), m.test(value))));

function single(kind: string, rest: unknown[]): Handler {
  // Listener middleware (more than one function) is not used here; refusing it keeps the
  // dispatch exactly Bolt's for what is registered.
  if (rest.length !== 1 || typeof rest[0] !== 'function') throw new Error(`router: ${kind} takes one listener function`);
  return rest[0] as Handler;
}

export interface SlackRouter {
  routes: SlackRoutes;
  /** Install last with `app.use`: runs the matching listeners, or passes the payload on. */
  middleware: Middleware<AnyMiddlewareArgs>;
}

export interface RouterOptions {
  /** The client the listeners get in place of Bolt's (the same token and team). */
  client?: (given: WebClient, context: Context) => WebClient;
}

export function createRouter(opts: RouterOptions = {}): SlackRouter {
  const actions = new Table<ActionConstraint>();
  const views = new Table<ViewConstraint>();
  const options = new Table<ActionConstraint>();
  const commands = new Map<string, Handler[]>();
  const events = new Map<string, Handler[]>();
  const push = (m: Map<string, Handler[]>, k: string, h: Handler) => m.set(k, [...(m.get(k) ?? []), h]);

  const toAction = (c: unknown): ActionConstraint => (typeof c === 'string' || c instanceof RegExp ? { action_id: c } : (c as ActionConstraint));

  const routes = {
    action(constraint: unknown, ...rest: unknown[]) {
      const c = toAction(constraint);
      actions.add(c.action_id, { constraint: c, handler: single('action', rest) });
    },
    options(constraint: unknown, ...rest: unknown[]) {
      const c = toAction(constraint);
      options.add(c.action_id, { constraint: c, handler: single('options', rest) });
    },
    view(constraint: unknown, ...rest: unknown[]) {
      const c: ViewConstraint =
        typeof constraint === 'string' || constraint instanceof RegExp
          ? { callback_id: constraint, type: 'view_submission' }
          : { type: 'view_submission', ...(constraint as ViewConstraint) };
      views.add(c.callback_id, { constraint: c, handler: single('view', rest) });
    },
    command(name: unknown, ...rest: unknown[]) {
      if (typeof name !== 'string') throw new Error('router: a command is named by a string');
      push(commands, name, single('command', rest));
    },
    event(type: unknown, ...rest: unknown[]) {
      if (typeof type !== 'string') throw new Error('router: an event is named by a string');
      push(events, type, single('event', rest));
    },
  } as unknown as SlackRoutes;

  const handlersFor = (body: Record<string, unknown>): Handler[] => {
    const type = body.type;
    if (type === 'block_actions') {
      const action = (body.actions as { action_id?: string; block_id?: string; type?: string }[] | undefined)?.[0];
      if (!action?.action_id) return [];
      return actions
        .find(action.action_id, (c) => matches(c.block_id, action.block_id) && (c.type === undefined || c.type === 'block_actions'))
        .map((r) => r.handler);
    }
    if (type === 'block_suggestion') {
      const id = body.action_id as string | undefined;
      if (!id) return [];
      return options.find(id, (c) => matches(c.block_id, body.block_id as string | undefined)).map((r) => r.handler);
    }
    if (type === 'view_submission' || type === 'view_closed') {
      const id = (body.view as { callback_id?: string } | undefined)?.callback_id;
      if (id === undefined) return [];
      return views.find(id, (c) => c.type === type).map((r) => r.handler);
    }
    if (type === 'event_callback') {
      const eventType = (body.event as { type?: string } | undefined)?.type;
      return eventType ? (events.get(eventType) ?? []) : [];
    }
    if (typeof body.command === 'string') return commands.get(body.command) ?? [];
    return [];
  };

  const middleware: Middleware<AnyMiddlewareArgs> = async (args) => {
    const handlers = handlersFor(args.body as unknown as Record<string, unknown>);
    if (handlers.length === 0) {
      await args.next();
      return;
    }
    const client = opts.client ? opts.client(args.client, args.context) : args.client;
    const listenerArgs = { ...args, client, next: () => Promise.resolve() } as AnyMiddlewareArgs & AllMiddlewareArgs;
    if (handlers.length === 1) {
      await handlers[0](listenerArgs);
      return;
    }
    // Several listeners for one payload run side by side, as Bolt runs them.
    const settled = await Promise.allSettled(handlers.map((h) => h(listenerArgs)));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
  };

  return { routes, middleware };
}
