import type { Config } from '../config.ts';
import type { Logger } from '../core/log.ts';
import type { Store } from './store.ts';

/**
 * The one place that chooses the store: PostgreSQL when
 * `POLICYBOT_DATABASE_URL` is set (it wins over `POLICYBOT_DATA`), else the
 * lowdb file. Each is loaded only when chosen. What instances share beside
 * it (fair-use counters, deliveries already seen) is `sharedState` in
 * `shared.ts`, which only the bot loads.
 */
export async function openStore(config: Pick<Config, 'databaseUrl' | 'dataFile'>, log: Logger): Promise<Store> {
  if (config.databaseUrl) return (await import('./pg-store.ts')).PgStore.open(config.databaseUrl, { log });
  return (await import('./lowdb-store.ts')).LowdbStore.open(config.dataFile, { log });
}
