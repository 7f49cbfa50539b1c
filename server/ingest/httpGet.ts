// One HTTP(S) GET that follows redirects (Hugging Face and npm mirrors answer with one to their CDN), for the
// downloads of models and GPU builds. The caller reads the final response's status and body.
import type { IncomingMessage } from 'node:http';
import * as http from 'node:http';
import * as https from 'node:https';
import { CancelledError, UserError } from '../domain/errors';

export interface GetOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Redirects followed before giving up (default 5). */
  maxRedirects?: number;
}

/** The response of the last hop (never a 3xx with a location). Rejects on a network error, CancelledError when aborted. */
export function getFollowingRedirects(url: string, opts: GetOptions = {}): Promise<IncomingMessage> {
  const hop = (current: string, redirectsLeft: number): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      if (opts.signal?.aborted) return reject(new CancelledError());
      const client = current.startsWith('https:') ? https : http;
      const request = client.get(current, { headers: opts.headers, signal: opts.signal }, (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400 && response.headers.location) {
          response.resume();
          if (redirectsLeft <= 0) return reject(new UserError(`download from ${url} redirected too many times`, 'EDOWNLOAD'));
          hop(new URL(response.headers.location, current).toString(), redirectsLeft - 1).then(resolve, reject);
          return;
        }
        resolve(response);
      });
      request.on('error', (e) => reject(opts.signal?.aborted ? new CancelledError() : e));
    });
  return hop(url, opts.maxRedirects ?? 5);
}
