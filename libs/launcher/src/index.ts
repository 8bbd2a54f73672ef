export { ensureNats } from './local-nats';
export { ensurePostgres } from './local-postgres';
export { migrateAll } from './migrate';
export { startAllInOne, ALL_SERVICES } from './all-in-one';
