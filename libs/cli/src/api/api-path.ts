/** An API path whose interpolated parts (ids, uids like `job_a1b2:done`) are URL-encoded: apiPath`/app/${app}/msg/${msg}`. */
export function apiPath(strings: TemplateStringsArray, ...parts: string[]): string {
  return strings.reduce((path, literal, index) => path + literal + (index < parts.length ? encodeURIComponent(parts[index]) : ''), '');
}
