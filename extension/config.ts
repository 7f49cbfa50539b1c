// Reads the `videoinsight.*` settings (declared and documented in package.json contributes.configuration).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EngineSetting, GpuSetting, PipelineOptions, QualitySetting } from '../server/protocol/lspMessages';

export const SECTION = 'videoinsight';

function cfg(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

/** Absolute output folders, one per workspace folder (`videoinsight.outputFolder`, default `notes`). */
export function outDirs(): string[] {
  const folders = vscode.workspace.workspaceFolders ?? [];
  return folders
    .filter((f) => f.uri.scheme === 'file')
    .map((f) => {
      const setting = vscode.workspace.getConfiguration(SECTION, f.uri).get<string>('outputFolder', 'notes') || 'notes';
      return path.isAbsolute(setting) ? setting : path.join(f.uri.fsPath, setting);
    });
}

/** The output folder a command writes to: the first workspace folder's, else undefined (no workspace). */
export function primaryOutDir(): string | undefined {
  return outDirs()[0];
}

export function pipelineOptions(): PipelineOptions {
  const c = cfg();
  return {
    engine: c.get<EngineSetting>('engine', 'auto'),
    model: c.get<string>('model', '') || undefined,
    quality: c.get<QualitySetting>('quality', 'standard'),
    gpu: c.get<GpuSetting>('gpu', 'auto'),
    threads: c.get<number>('threads', 0),
    language: c.get<string>('language', '') || undefined,
    ytDlpPath: c.get<string>('ytDlpPath', '') || undefined,
    ffmpegPath: c.get<string>('ffmpegPath', '') || undefined,
    embeddingModel: c.get<string>('embeddingModel', 'use-lite') || 'use-lite',
    queueUrl: c.get<string>('queueUrl', '').trim() || undefined,
  };
}

export function nodePathSetting(): string {
  return cfg().get<string>('nodePath', '').trim();
}

export function openNotesWhileGenerating(): boolean {
  return cfg().get<boolean>('openNotesWhileGenerating', true);
}
