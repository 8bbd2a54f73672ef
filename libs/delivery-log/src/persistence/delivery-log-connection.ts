/** TypeORM connection name of delivery-log; its tables live in the Postgres schema `delivery_log`. */
export const DELIVERY_LOG_CONNECTION = 'delivery-log';
export const DELIVERY_LOG_SCHEMA = 'delivery_log';
