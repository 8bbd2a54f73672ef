import { runCli } from '@hookstream/cli';

// The `hookstream` binary (apps/cli/bin/hookstream.js loads this file from dist). Exits explicitly: tail and
// listen leave sockets that would otherwise keep the process alive after Ctrl-C.
runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then((code) => process.exit(code));
