// Proves chooseBackend's selection logic for every GPU preference × every combination of which
// whisper.cpp builds loaded: auto tries CUDA → Vulkan → CPU, a forced backend that did not load
// falls back to CPU with a reason (never a throw), and the reason names what failed. This is the
// logic only: the GPU paths themselves cannot be measured on this machine (no GPU, no CUDA 12).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseBackend, variantPackageName, type Backend, type BackendProbe, type GpuPreference } from '../../server/ingest/transcribe/gpuBackend';

const backends: Backend[] = ['cuda', 'vulkan', 'cpu'];
const preferences: GpuPreference[] = ['auto', 'cuda', 'vulkan', 'cpu'];

function probeOf(loaded: Set<Backend>): BackendProbe {
  const entry = (backend: Backend) => (loaded.has(backend) ? { ok: true } : { ok: false, error: `lib-${backend}.so missing` });
  return { cuda: entry('cuda'), vulkan: entry('vulkan'), cpu: entry('cpu') };
}

const combinations: Set<Backend>[] = [];
for (let mask = 0; mask < 8; mask++) combinations.push(new Set(backends.filter((_, bit) => mask & (1 << bit))));

test('every preference × probe combination picks the expected backend and never throws', () => {
  let checked = 0;
  for (const loaded of combinations) {
    const probe = probeOf(loaded);
    for (const pref of preferences) {
      const { backend, reason } = chooseBackend(pref, probe);
      let expected: Backend;
      if (pref === 'auto') expected = backends.find((candidate) => loaded.has(candidate)) ?? 'cpu';
      else if (pref === 'cpu') expected = 'cpu';
      else expected = loaded.has(pref) ? pref : 'cpu';
      assert.equal(backend, expected, `pref ${pref}, loaded [${[...loaded]}]`);
      assert.ok(reason.startsWith(`${backend}: `), `reason starts with the choice: ${reason}`);
      assert.ok(!reason.includes('\n'));
      checked++;
    }
  }
  assert.equal(checked, 32);
});

test('reasons say what failed and that a forced backend fell back', () => {
  const onlyCpu = probeOf(new Set(['cpu']));
  const forced = chooseBackend('cuda', onlyCpu);
  assert.equal(forced.backend, 'cpu');
  assert.match(forced.reason, /cuda was requested but the CUDA build did not load \(lib-cuda\.so missing\); falling back to CPU/);
  const auto = chooseBackend('auto', probeOf(new Set(['vulkan', 'cpu'])));
  assert.equal(auto.backend, 'vulkan');
  assert.match(auto.reason, /the Vulkan build loaded; the CUDA build did not load \(lib-cuda\.so missing\)/);
  const nothing = chooseBackend('auto', probeOf(new Set()));
  assert.match(nothing.reason, /no whisper\.cpp build loaded/);
  assert.equal(chooseBackend('cuda', probeOf(new Set(['cuda', 'cpu']))).reason, 'cuda: requested and the CUDA build loaded');
});

test('variant package names follow @fugood/whisper.node\'s naming', () => {
  assert.equal(variantPackageName('cpu', 'linux', 'x64'), '@fugood/node-whisper-linux-x64');
  assert.equal(variantPackageName('vulkan', 'linux', 'x64'), '@fugood/node-whisper-linux-x64-vulkan');
  assert.equal(variantPackageName('cuda', 'win32', 'x64'), '@fugood/node-whisper-win32-x64-cuda');
});
