// @ts-check
/**
 * The database: PostgreSQL in WebAssembly (PGlite), reached through Kysely's own
 * PostgresDialect, the dialect better-auth's Kysely adapter uses for PostgreSQL. PGlite
 * needs no server and no native build; the SQL is the same a city runs in production.
 *
 * To use the city's own PostgreSQL instead (`npm install pg`):
 *
 *   import pg from 'pg';
 *   export function openDatabase() {
 *     return new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: process.env.DATABASE_URL }) }) });
 *   }
 */
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';

/**
 * PGlite looks enough like a `pg` Pool for Kysely: `connect()` hands out its one
 * connection, one holder at a time (a transaction keeps it until released).
 * @param {PGlite} pglite
 */
function pgliteAsPool(pglite) {
  let queue = Promise.resolve();
  return {
    async connect() {
      /** @type {() => void} */
      let release = () => {};
      const turn = new Promise((resolve) => (release = () => resolve(undefined)));
      const previous = queue;
      queue = queue.then(() => turn);
      await previous;
      return {
        /** @param {string} sql @param {unknown[]} parameters */
        async query(sql, parameters) {
          const result = await pglite.query(sql, parameters);
          // What `pg` reports and Kysely reads: the command (INSERT, COMMIT…) and the rows it touched.
          const command = /** @type {import('kysely').PostgresQueryResult<unknown>['command']} */ (
            sql.trimStart().split(/\s+/, 1)[0]?.toUpperCase()
          );
          return { command, rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
        },
        release,
      };
    },
    async end() {
      await pglite.close();
    },
  };
}

/**
 * A Kysely instance on PGlite: in memory, or in `dataDir` (a folder) to keep the data.
 * @param {string} [dataDir]
 */
export async function openDatabase(dataDir) {
  const pglite = await PGlite.create(dataDir ?? 'memory://');
  // @ts-expect-error the shim has pg's query(sql, parameters), not its cursor form (Kysely streams with it; better-auth does not)
  return new Kysely({ dialect: new PostgresDialect({ pool: pgliteAsPool(pglite) }) });
}
