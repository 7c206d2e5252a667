/** The staff groups of Entra ID, read through Microsoft Graph (app/entra-sync.ts syncs them into the directory). */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { GroupUser, StaffGroups } from '../../app/entra-sync';

/** The port on Microsoft Graph: GET /groups/{id}/transitiveMembers/microsoft.graph.user, following @odata.nextLink. */
export class GraphStaffGroups implements StaffGroups {
  /** One client for a single tenant, or one per tenant (each with its own token). */
  constructor(private readonly clientFor: (tenantId: string) => Client) {}

  async users(tenantId: string, groupId: string): Promise<GroupUser[]> {
    const client = this.clientFor(tenantId);
    const out: GroupUser[] = [];
    let page = (await client
      .api(`/groups/${encodeURIComponent(groupId)}/transitiveMembers/microsoft.graph.user`)
      .select('id,displayName,mail')
      .top(999)
      .get()) as GraphPage;
    for (let n = 0; ; n++) {
      for (const u of page.value ?? []) if (u && typeof u.id === 'string') out.push({ id: u.id, displayName: u.displayName ?? null, mail: u.mail ?? null });
      const next = page['@odata.nextLink'];
      if (!next || n > 1000) return out;
      page = (await client.api(relative(next)).get()) as GraphPage;
    }
  }
}

interface GraphPage {
  value?: { id?: string; displayName?: string | null; mail?: string | null }[];
  '@odata.nextLink'?: string;
}

/**
 * A nextLink as a path on the client's own Graph root (…/v1.0/groups/…?$skiptoken=…): the SDK
 * only parses https links itself, and the token must never go to another host anyway.
 */
const relative = (link: string): string => {
  const u = new URL(link);
  return `${u.pathname.replace(/^\/(v1\.0|beta)(?=\/)/, '')}${u.search}`;
};
