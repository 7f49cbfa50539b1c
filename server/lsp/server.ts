// The backend's entry: only the wiring of LSP handlers to the modules beside it. Runs in plain Node
// (spawned by the extension, or by the tests); loads the pipeline and the search engine on first use.
import path from 'node:path';
import { VERSION } from '../domain/version';
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CancelJobRequest, DeleteJobRequest, DownloadGpuBuildRequest, GenerateNotesRequest, GpuBuildProgressNotification, JobProgressNotification, ListJobsRequest, NotesUpdatedNotification,
  PlayableMediaRequest, PlayableProgressNotification, RuntimeInfoRequest, SearchNotesRequest, type InitializationOptions,
} from '../protocol/lspMessages';
import { NotesCache, overlaySource } from './notesCache';
import { documentLinks } from './citations';
import { hover } from './hover';
import { definition, references } from './definition';
import { JobRunner } from './jobs';
import { NotesSearch } from './search';
import { runtimeInfo } from './runtime';
import { kindOf, lineOf, pathToUri, underOutDirs, uriToPath } from './files';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let outDirs: string[] = [];

const openDoc = (file: string) => {
  const d = documents.get(pathToUri(file));
  return d ? { version: d.version, text: d.getText() } : undefined;
};
const cache = new NotesCache(overlaySource(openDoc));
const log = (line: string) => connection.console.log(line);

const jobs = new JobRunner(async () => ({ ...(await import('../app/generateNotes')), ...(await import('../app/team/submit')) }), {
  progress: (p) => void connection.sendNotification(JobProgressNotification.type, p),
  notesUpdated: (p) => {
    search.markDirty();
    void connection.sendNotification(NotesUpdatedNotification.type, p);
  },
  log,
});
const search = new NotesSearch(async () => {
  const app = await import('../app/searchService');
  return { openSession: (outDir, model) => app.SearchSession.open(outDir, { embedding: app.embedderConfigFor(model) }) };
}, log);

/** The document, its file path and the text of the requested line, when it is one of our files. */
function target(uri: string, line: number): { file: string; lineText: string; text: string } | undefined {
  const file = uriToPath(uri);
  if (!file || !kindOf(file) || !underOutDirs(file, outDirs)) return undefined;
  const text = documents.get(uri)?.getText() ?? cache.text(file);
  return text === undefined ? undefined : { file, text, lineText: lineOf(text, line) };
}

connection.onInitialize((params) => {
  const opts = params.initializationOptions as InitializationOptions | undefined;
  outDirs = opts?.outDirs ?? [];
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      documentLinkProvider: { resolveProvider: false },
    },
    serverInfo: { name: 'videoinsight', version: VERSION },
  };
});

connection.onHover((p) => {
  const t = target(p.textDocument.uri, p.position.line);
  return t ? hover(cache, t.file, t.lineText, p.position) : null;
});
connection.onDefinition((p) => {
  const t = target(p.textDocument.uri, p.position.line);
  return t ? definition(cache, t.file, t.lineText, p.position) : null;
});
connection.onReferences((p) => {
  const t = target(p.textDocument.uri, p.position.line);
  return t ? references(cache, t.file, t.lineText, p.position, p.context.includeDeclaration) : [];
});
connection.onDocumentLinks((p) => {
  const t = target(p.textDocument.uri, 0);
  return t ? documentLinks(cache, t.file, t.text) : [];
});

connection.onRequest(GenerateNotesRequest.type, (p) => jobs.generate(p));
connection.onRequest(CancelJobRequest.type, (p) => ({ cancelled: jobs.cancel(p) }));
connection.onRequest(ListJobsRequest.type, async (p) => ({ jobs: await jobs.list(p.outDir) }));
connection.onRequest(DeleteJobRequest.type, (p) => jobs.delete(p));
connection.onRequest(SearchNotesRequest.type, async (p) => ({ hits: await search.search(p.outDir, p.query, p.k ?? 20, p.embeddingModel) }));
connection.onRequest(RuntimeInfoRequest.type, () => runtimeInfo());
connection.onRequest(PlayableMediaRequest.type, async (p, token) => {
  if (!outDirs.some((d) => path.resolve(d) === path.resolve(p.outDir))) throw new Error('not an output folder of this workspace');
  const ac = new AbortController();
  token.onCancellationRequested(() => ac.abort());
  const { resolvePlayable } = await import('../app/playable');
  return resolvePlayable(p, ac.signal, (fraction) => void connection.sendNotification(PlayableProgressNotification.type, { notesDir: p.notesDir, fraction }));
});
connection.onRequest(DownloadGpuBuildRequest.type, async (p, token) => {
  const ac = new AbortController();
  token.onCancellationRequested(() => ac.abort());
  const { downloadGpuBuild } = await import('../app/gpuBuilds');
  return downloadGpuBuild(p.build, { signal: ac.signal, onProgress: (fraction) => void connection.sendNotification(GpuBuildProgressNotification.type, { build: p.build, fraction }) });
});
connection.onDidChangeWatchedFiles(() => {
  cache.clear();
  search.markDirty();
});
connection.onShutdown(() => {
  jobs.cancelAll();
  search.dispose();
});

documents.listen(connection);
connection.listen();
