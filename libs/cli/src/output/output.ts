/** Where the CLI writes: process.stdout / stderr in the binary, buffers in tests. */
export interface TextSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  env: Record<string, string | undefined>;
}

const COLORS = { red: 31, green: 32, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;
export type Color = keyof typeof COLORS;

/**
 * Human output (tables, records, colours on a terminal) or machine output (`--json`: one JSON document per command,
 * or one JSON object per line for streams; no colours, no tables, no progress bars). Results go to stdout, notes
 * and progress to stderr.
 */
export class Output {
  readonly color: boolean;

  constructor(
    private readonly io: CliIo,
    readonly json: boolean,
    colorWanted: boolean,
  ) {
    this.color = colorWanted && !json && io.stdout.isTTY === true && io.env.NO_COLOR === undefined;
  }

  /** A command's result: `value` as JSON, or what `human` renders. */
  result(value: unknown, human: () => string): void {
    this.io.stdout.write(this.json ? `${JSON.stringify(value, null, 2)}\n` : ensureNewline(human()));
  }

  /** One item of a stream (tail, listen): a compact JSON line, or what `human` renders. */
  streamed(value: unknown, human: () => string): void {
    this.io.stdout.write(this.json ? `${JSON.stringify(value)}\n` : ensureNewline(human()));
  }

  /** Information for a person (never in --json mode, where stdout is for data). */
  note(text: string): void {
    if (!this.json) this.io.stderr.write(ensureNewline(text));
  }

  paint(color: Color, text: string): string {
    return this.color ? `\u001b[${COLORS[color]}m${text}\u001b[0m` : text;
  }

  get stderr(): TextSink {
    return this.io.stderr;
  }
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
