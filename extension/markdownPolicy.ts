// How the editor renders the language server's hovers: they hold text from transcripts, titles and
// graph.json (user-derived, escaped by the server), so no raw HTML, and of all command: links only
// the player's own "▶ Play at m:ss" runs (an allow-list of one); any other command link is inert.
export const SERVER_MARKDOWN = { isTrusted: { enabledCommands: ['videoinsight.openPlayer'] }, supportHtml: false } as const;
