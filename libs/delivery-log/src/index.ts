export { DeliveryLogModule, DELIVERY_LOG_DATABASE } from './delivery-log.module';
