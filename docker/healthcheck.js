// Container healthcheck without curl/wget (node:20-slim has neither): GET /readyz on this container's
// PORT, exit 0 on 2xx. `node docker/healthcheck.js [port] [path]`; the port defaults to $PORT.
const port = process.argv[2] || process.env.PORT || '3000';
const path = process.argv[3] || '/readyz';

fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2500) })
  .then((response) => process.exit(response.ok ? 0 : 1))
  .catch(() => process.exit(1));
