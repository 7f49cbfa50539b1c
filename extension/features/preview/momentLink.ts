// The link a time chip carries in VS Code's Markdown preview: `t-<second>.vimoment`, a file name
// beside notes.md that never exists. The preview resolves it like any relative link and, the file
// being no Markdown, opens it with `vscode.open`; this extension's custom editor for `*.vimoment`
// takes that open and lands the moment (see index.ts). Pure: no vscode, no Node.
const MOMENT = /^t-(\d{1,6})\.vimoment$/;

export const MOMENT_GLOB = '*.vimoment';

/** The chip's link for a cited second (relative to the notes file being previewed). */
export function momentLink(sec: number): string {
  return `t-${Math.floor(sec)}.vimoment`;
}

/** The whole second a moment file name stands for; undefined for any other name. */
export function momentSecond(fileName: string): number | undefined {
  const m = MOMENT.exec(fileName);
  return m ? Number(m[1]) : undefined;
}
