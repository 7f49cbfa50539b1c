// How the editor renders the language server's hovers: they hold text from transcripts, titles and
// graph.json (user-derived), so never trusted (no command: links run) and no raw HTML. The server
// offers no command links at all; were one ever needed, it would come from the extension's own
// code with an allow-list, not through these hovers.
export const SERVER_MARKDOWN = { isTrusted: false, supportHtml: false } as const;
