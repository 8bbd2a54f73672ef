export { DispatcherModule } from './dispatcher.module';
export { APP_SHARE, ENDPOINT_SHARE, SLOW_SHARE } from './health/fair-share';
