import 'reflect-metadata';
import { runService } from '@hookstream/platform';
import { SignerModule } from '@hookstream/signer';

void runService({ name: 'signer', defaultPort: 3003, rpcQueue: 'signer', modules: [SignerModule], secrets: ['masterKey'] });
