/**
 * The demo accounts: the mock backend signs them in (mock/backend.ts), the demo page lists them,
 * and every test and story uses these (test/fixtures/accounts.ts), never a copy.
 */
export const DEMO_PASSWORD = 'Salasana123';

export interface DemoAccount {
  readonly username: string;
  readonly name: string;
  readonly email: string;
}

/** Accounts that can sign in with {@link DEMO_PASSWORD}. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'esimerkki.erkki@example.com', name: 'Erkki Esimerkki', email: 'esimerkki.erkki@example.com' },
  { username: 'virve.viranomainen', name: 'Virve Viranomainen', email: 'virve.viranomainen@espoo.fi' },
];
