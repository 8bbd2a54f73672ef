import 'reflect-metadata';
import { runService } from '@hookstream/platform';
import { IngestModule } from '@hookstream/ingest';

// rpcQueue: ingest answers request/reply (the manual delivery RPC delivery-log calls for resend and recover).
void runService({ name: 'ingest', defaultPort: 3001, modules: [IngestModule], rpcQueue: 'ingest', secrets: ['adminToken'] });
