import 'reflect-metadata';
import { loadConfigOrExit, runService } from '@hookstream/platform';
import { DeliveryLogModule, rebuildDeliveryLog } from '@hookstream/delivery-log';

const DEFAULT_PORT = 3002;

/** `main.js` serves delivery-log; `main.js rebuild` rebuilds its tables from the LOG stream and exits. */
if (process.argv[2] === 'rebuild') {
  rebuildDeliveryLog(loadConfigOrExit(DEFAULT_PORT), (line) => process.stderr.write(`[delivery-log rebuild] ${line}\n`)).then(
    () => process.exit(0),
    (error: Error) => {
      process.stderr.write(`[delivery-log rebuild] failed: ${error.message}\n`);
      process.exit(1);
    },
  );
} else {
  void runService({ name: 'delivery-log', defaultPort: DEFAULT_PORT, modules: [DeliveryLogModule] });
}
