// Proves "VideoInsight: Download GPU Build for Whisper…" through the real extension and backend: the
// command sends the request, the backend fetches whisper.cpp's Vulkan build from an npm registry (a
// loopback one here, named by npm_config_registry as a user's mirror would be), checks its sha512,
// unpacks it under the user's cache (the test profile's XDG_CACHE_HOME) and reports that it loads (a
// dlopen; no GPU here). The backend is restarted to pick up the registry setting, and again after.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DownloadGpuBuildRequest } from '../../../server/protocol/lspMessages';
import { npmRegistry, packFolder, type NpmRegistry } from '../../helpers/npmRegistry';

suite('Download GPU Build in a real extension host', () => {
  let registry: NpmRegistry | undefined;

  suiteTeardown(async function () {
    this.timeout(30_000);
    delete process.env.npm_config_registry;
    await vscode.commands.executeCommand('videoinsight.restartBackend');
    await registry?.stop();
  });

  test('the Vulkan build is fetched from the registry, verified, unpacked under the cache, and loads', async function () {
    this.timeout(120_000);
    const ext = vscode.extensions.getExtension('videoinsight.videoinsight')!;
    const name = '@fugood/node-whisper-linux-x64-vulkan';
    const version = (JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'node_modules/@fugood/node-whisper-linux-x64/package.json'), 'utf8')) as { version: string }).version;
    registry = await npmRegistry(name, version, await packFolder(path.join(ext.extensionPath, 'node_modules', name)));
    process.env.npm_config_registry = registry.url;
    await vscode.commands.executeCommand('videoinsight.restartBackend');
    const r = await vscode.commands.executeCommand<DownloadGpuBuildRequest.Result | undefined>('videoinsight.downloadGpuBuild', 'vulkan');
    assert.ok(r, 'the command returned a result');
    assert.equal(r.loads, true, r.error);
    const cache = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
    assert.equal(r.folder, path.join(cache, 'videoinsight/gpu', version, 'node_modules', name));
    assert.ok(fs.existsSync(path.join(r.folder, 'package.json')));
    assert.deepEqual(registry.requests.map((u) => u.split('/')[1]), [name.replace('/', '%2f'), 't'], 'metadata, then the tarball, from our registry');
  });
});
