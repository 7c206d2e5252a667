/** The benchmarks' baseline: botbuilder's CloudAdapter with an echo handler and nothing else. */
import type { Server } from 'node:http';
import { ActivityHandler, AdaptiveCardInvokeResponse, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import express from 'express';
import { freePort } from '../scripts/azurite';

export async function startEchoBot(atPort?: number): Promise<{ url: string; server: Server }> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppType: 'MultiTenant' } as never));
  class Echo extends ActivityHandler {
    constructor() {
      super();
      this.onMessage(async (ctx, next) => {
        await ctx.sendActivity(`echo: ${ctx.activity.text}`);
        await next();
      });
    }
    protected override async onAdaptiveCardInvoke(): Promise<AdaptiveCardInvokeResponse> {
      return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'ok' }] } as never };
    }
  }
  const bot = new Echo();
  const app = express();
  app.use(express.json({ limit: '256kb' }));
  app.post('/api/messages', (req, res) => adapter.process(req, res, (ctx) => bot.run(ctx)));
  const port = atPort || (await freePort());
  const server = await new Promise<Server>((r) => {
    const s = app.listen(port, '127.0.0.1', () => r(s));
  });
  return { url: `http://127.0.0.1:${port}`, server };
}
