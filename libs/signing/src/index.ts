export * from './secrets';
export * from './signatures';
