// Loads dist/lspClient.js (the LSP client library + protocol declarations) on first use, not at
// activation: activation only registers commands and listeners.
import * as path from 'node:path';

export type ClientLib = typeof import('./lspClient');
export type Protocol = ClientLib['protocol'];

let lib: ClientLib | undefined;
export function loadClientLib(): ClientLib {
  // A runtime path, so esbuild leaves it out of dist/extension.js (it is its own entry point).
  const file = path.join(__dirname, 'lspClient.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (lib ??= require(file) as ClientLib);
}
export const loadProtocol = async (): Promise<Protocol> => loadClientLib().protocol;
