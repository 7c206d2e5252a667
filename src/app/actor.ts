/** Who is acting, as Teams vouches for it (tenant and AAD object id from the activity). */
export interface Actor {
  tenantId: string;
  userId: string;
}
