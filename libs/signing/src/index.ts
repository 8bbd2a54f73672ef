export * from './secrets';
export * from './signatures';
export * from './asymmetric';
export * from './signing-key';
