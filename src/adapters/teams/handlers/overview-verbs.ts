/** «Oversikt» (issue 17): the typed command shows the card; «Last ned som CSV» answers with the same card and a fresh link. */
import { overviewCard } from '../cards/overview-views';
import type { Card } from '../cards/render';
import type { InvokeContext, VerbHandler } from './types';

/** The overview for the person asking (their roles looked up on the server; others are refused). */
export const overviewShow = async (ctx: Pick<InvokeContext, 'services' | 'actor' | 'lang'>): Promise<Card> =>
  overviewCard(ctx.lang, await ctx.services.overview.show(ctx.actor), { csvOn: ctx.services.overview.csvOn });

/** «Last ned som CSV»: a link for this user only, single use, minutes long (the case export's links). */
export const overviewCsv: VerbHandler = async (ctx) => {
  if (!ctx.services.overview.csvOn) return overviewShow(ctx);
  const { view, url } = await ctx.services.overview.csvLink(ctx.actor);
  return overviewCard(ctx.lang, view, { url, csvOn: true });
};
