// "VideoInsight: Download GPU Build for Whisper…": whisper.cpp's CUDA and Vulkan builds are not in the
// VSIX (they would be two thirds of it); a user with such a GPU downloads one here, once. The backend
// fetches it from the npm registry, checks its sha512 and reports whether it loads on this machine.
import * as vscode from 'vscode';
import { UntrustedWorkspaceError, type Backend } from '../../backend';
import { loadProtocol } from '../../lazy';
import { withRequestProgress } from '../../requestProgress';

type BuildItem = vscode.QuickPickItem & { build: 'cuda' | 'vulkan' };

const BUILDS: BuildItem[] = [
  { build: 'cuda', label: 'NVIDIA CUDA', description: 'about 200 MB', detail: 'NVIDIA GPUs with the CUDA 12 runtime installed' },
  { build: 'vulkan', label: 'Vulkan', description: 'about 56 MB', detail: 'AMD, Intel and NVIDIA GPUs with a Vulkan driver' },
];

export function activate(context: vscode.ExtensionContext, backend: Backend): void {
  context.subscriptions.push(vscode.commands.registerCommand('videoinsight.downloadGpuBuild', async (arg?: 'cuda' | 'vulkan') => {
    if (!vscode.workspace.isTrusted) return void backend.reportStartFailure(new UntrustedWorkspaceError());
    const build = arg ?? (await vscode.window.showQuickPick(BUILDS, { title: 'VideoInsight: Download GPU Build for Whisper', placeHolder: 'Which GPU build of whisper.cpp?' }))?.build;
    if (!build) return undefined;
    let client;
    try {
      client = await backend.client();
    } catch (e) {
      return void backend.reportStartFailure(e);
    }
    const protocol = await loadProtocol();
    const label = BUILDS.find((b) => b.build === build)!.label;
    try {
      const r = await withRequestProgress(
        client, `VideoInsight: downloading the ${label} build of whisper.cpp`, protocol.GpuBuildProgressNotification.type,
        (p) => p.build === build, (pct) => `${pct} %`,
        (token) => client.sendRequest(protocol.DownloadGpuBuildRequest.type, { build }, token),
      );
      backend.log.info(`GPU build ${build}: ${r.folder} (${r.loads ? 'loads' : `does not load: ${r.error ?? ''}`})`);
      if (r.loads) void vscode.window.showInformationMessage(`VideoInsight: the ${label} build of whisper.cpp is installed and loads; whisper uses it from the next job (setting GPU: auto or ${build}).`);
      else void vscode.window.showWarningMessage(`VideoInsight: the ${label} build was downloaded but does not load here (${r.error ?? 'unknown reason'}); whisper keeps using the CPU.`);
      return r;
    } catch (e) {
      if (e instanceof Error && /cancel/i.test(e.message)) return undefined;
      void vscode.window.showErrorMessage(`VideoInsight: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }));
}
