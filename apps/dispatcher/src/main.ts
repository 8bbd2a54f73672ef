import 'reflect-metadata';
import { runService } from '@hookstream/platform';
import { DispatcherModule } from '@hookstream/dispatcher';

void runService({ name: 'dispatcher', defaultPort: 3004, modules: [DispatcherModule], secrets: [] });
