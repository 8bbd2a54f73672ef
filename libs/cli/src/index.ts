export { buildProgram, runCli } from './program/hookstream-program';
export { EXIT_CODES } from './api/cli-errors';
export type { CliIo, TextSink } from './output/output';
