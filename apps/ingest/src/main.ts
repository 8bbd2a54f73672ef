import 'reflect-metadata';
import { runService } from '@hookstream/platform';
import { IngestModule } from '@hookstream/ingest';

void runService({ name: 'ingest', defaultPort: 3001, modules: [IngestModule] });
