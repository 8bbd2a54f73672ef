/** Exit codes: scripts can tell a refused request from a usage mistake and from a server that is not there. */
export const EXIT_CODES = { ok: 0, api: 1, usage: 2, unreachable: 3 } as const;

/** An error the CLI reports as one line on stderr, exiting with its code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** Bad arguments or options (exit 2). */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT_CODES.usage);
  }
}

/** The API answered with an error status (exit 1); `detail` is the API's own message. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    request: string,
  ) {
    super(`${request} → ${status} ${code}: ${detail}`, EXIT_CODES.api);
  }
}

/** No HTTP answer at all: connection refused, DNS, timeout (exit 3). */
export class UnreachableError extends CliError {
  constructor(baseUrl: string, cause: string) {
    super(`cannot reach Hookstream at ${baseUrl} (${cause}); set --url or HOOKSTREAM_URL`, EXIT_CODES.unreachable);
  }
}
