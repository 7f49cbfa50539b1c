// The heavy half of the extension, built to its own file (dist/lspClient.js) and required on the
// backend's first start: vscode-languageclient and the protocol declarations are ~90% of the
// code, and compiling them at activation would cost tens of milliseconds for nothing.
export { CloseAction, ErrorAction, LanguageClient, RevealOutputChannelOn, State, TransportKind } from 'vscode-languageclient/node';
export * as protocol from '../server/protocol/lspMessages';
