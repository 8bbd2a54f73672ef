export { IngestModule, INGEST_DATABASE } from './ingest.module';
