/**
 * An attempt's `url`: the endpoint URL without the credentials it may carry (`https://user:pass@host/…`, sent as
 * `Authorization: Basic`), which are the endpoint's secret and stay out of the log and the attempts API.
 */
export function attemptUrl(endpointUrl: string): string {
  const url = URL.canParse(endpointUrl) ? new URL(endpointUrl) : null;
  if (!url || (!url.username && !url.password)) return endpointUrl;
  url.username = '';
  url.password = '';
  return url.toString();
}
