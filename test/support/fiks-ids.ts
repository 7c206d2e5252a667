/** The Fiks IO identities the Fiks tests share: the municipality's Maskinporten client, its integration, our account and the archive's. */
export const FIKS_IDS = {
  clientId: 'oslo-kommune-meldfra',
  integrationId: '7a1c0f4e-2b7d-4c1a-9d3e-5f6a7b8c9d0e',
  integrationPassword: 'hemmelig-passord',
  senderAccountId: '11111111-2222-4333-8444-555555555555',
  archiveAccountId: '99999999-8888-4777-8666-555555555555',
};
