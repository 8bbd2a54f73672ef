import 'reflect-metadata';
import { loadConfigOrExit, runService, type ServiceDefinition } from '@hookstream/platform';
import { ADMIN_GRPC_SERVICE_DEFINITION, DeliveryLogModule, rebuildDeliveryLog } from '@hookstream/delivery-log';

const service: ServiceDefinition = {
  name: 'delivery-log',
  defaultPort: 3002,
  modules: [DeliveryLogModule],
  grpc: ADMIN_GRPC_SERVICE_DEFINITION,
  secrets: ['adminToken', 'tokenKey'],
};

/** `main.js` serves delivery-log; `main.js rebuild` rebuilds its tables from the LOG stream and exits (no secrets). */
if (process.argv[2] === 'rebuild') {
  rebuildDeliveryLog(loadConfigOrExit(service.defaultPort, []), (line) => process.stderr.write(`[delivery-log rebuild] ${line}\n`)).then(
    () => process.exit(0),
    (error: Error) => {
      process.stderr.write(`[delivery-log rebuild] failed: ${error.message}\n`);
      process.exit(1);
    },
  );
} else {
  void runService(service);
}
