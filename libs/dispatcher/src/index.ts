export { DispatcherModule } from './dispatcher.module';
export { APP_SHARE, FAST_SHARE, SLOW_SHARE, UNPROVEN_SHARE } from './health/fair-share';
