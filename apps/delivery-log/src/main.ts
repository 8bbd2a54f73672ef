import 'reflect-metadata';
import { runService } from '@hookstream/platform';
import { DeliveryLogModule } from '@hookstream/delivery-log';

void runService({ name: 'delivery-log', defaultPort: 3002, modules: [DeliveryLogModule] });
