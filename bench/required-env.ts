/** An environment variable a bench child process cannot run without; `who` names the process in the error. */
export function requiredEnv(name: string, who: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${who}: ${name} is not set`);
  return value;
}
