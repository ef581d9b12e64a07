import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';

/**
 * teams-ai's adapter with one entry point for our own HTTP shim: `process()` expects
 * express/restify objects, logs auth failures with console.error and answers 500 for
 * some invalid tokens; the shim calls this instead and maps every failure itself.
 */
export class ChogiTeamsAdapter extends TeamsAdapter {
  processAuthenticated(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}
