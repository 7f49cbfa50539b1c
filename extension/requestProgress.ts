// A backend request shown as a cancellable progress notification, its bar fed by a progress
// notification of the backend (a fraction 0..1): the player's playable copy, the GPU build download.
import * as vscode from 'vscode';
import type { LanguageClient, NotificationType } from 'vscode-languageclient/node';

export function withRequestProgress<P extends { fraction: number }, R>(
  client: LanguageClient,
  title: string,
  progressType: NotificationType<P>,
  /** Whether a progress notification is this request's. */
  mine: (p: P) => boolean,
  message: (pct: number) => string,
  send: (token: vscode.CancellationToken) => Promise<R>,
): Thenable<R> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    let done = 0;
    const sub = client.onNotification(progressType, (p) => {
      if (!mine(p)) return;
      const pct = Math.round(p.fraction * 100);
      progress.report({ increment: pct - done, message: message(pct) });
      done = pct;
    });
    try {
      return await send(token);
    } finally {
      sub.dispose();
    }
  });
}
