// What the profile summaries charge a V8 call frame to, shared by cpuprofile-summary.mjs and heapprofile-summary.mjs.

/** The npm package or `libs/<lib>/src/<folder>` a script URL belongs to; null for node internals and the rest. */
export function owner(url) {
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const lib = /\/(libs\/[^/]+\/src\/[^/]+)/.exec(url);
  return lib ? lib[1] : null;
}

/** `function path:line`, the path shortened to the package or the built app's own tree. */
export function label({ functionName, url, lineNumber }) {
  return `${functionName || '(anonymous)'} ${url.replace(/.*node_modules\//, '').replace(/.*\/dist\/apps\/[^/]+\//, '')}:${lineNumber + 1}`;
}
