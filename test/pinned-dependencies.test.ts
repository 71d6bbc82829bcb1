import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AutoModelForSeq2SeqLM, AutoTokenizer, env, LogLevel, type Tensor } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { decodeGreedy } from '../src/translator/engines/opus-mt-greedy.js';

// Two dependencies are used below their public surface: linkedom is patched (patches/), and the
// opus-mt greedy loop drives transformers.js's generation internals. Both are pinned to the exact
// version that fits; these tests fail loudly when an install brings another one, instead of the
// patch silently not applying or the greedy loop silently falling back to generate().

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const installedVersion = (name: string): string =>
  (JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

describe('linkedom and its patch', () => {
  const patches = readdirSync(join(repoRoot, 'patches')).filter((file) => file.startsWith('linkedom+'));
  const patchedVersion = patches[0]?.replace(/^linkedom\+/, '').replace(/\.patch$/, '');

  it('is pinned to exactly the version the patch was made for, and that version is installed', () => {
    expect(patches).toHaveLength(1);
    expect(manifest.dependencies.linkedom).toBe(patchedVersion);
    expect(installedVersion('linkedom')).toBe(patchedVersion);
  });

  it.each(['cjs', 'esm'])('has the patch applied to its %s build (no listener map per node)', (build) => {
    const source = readFileSync(join(repoRoot, 'node_modules/linkedom', build, 'interface/event-target.js'), 'utf8');
    expect(source).toContain('if (!map) wm.set(this, map = new Map);');
    expect(source).not.toMatch(/constructor\(\) \{\s*wm\.set\(this, new Map\);/);
  });
});

describe('transformers.js and the greedy loop', () => {
  it('is pinned to an exact version, and that version is installed', () => {
    const pinned = manifest.dependencies['@huggingface/transformers'];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(installedVersion('@huggingface/transformers')).toBe(pinned);
  });

  it('still exposes the internals the greedy loop drives: it decodes instead of falling back', async () => {
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = join(repoRoot, 'test/fixtures/tiny-marian');
    env.useFSCache = false;
    env.logLevel = LogLevel.ERROR;
    const modelId = 'Xenova/opus-mt-en-fr';
    const tokenizer = await AutoTokenizer.from_pretrained(modelId);
    const model = await AutoModelForSeq2SeqLM.from_pretrained(modelId, { dtype: 'fp32' });
    try {
      const inputs = tokenizer(['The meeting is next week.'], { padding: true }) as { input_ids: Tensor; attention_mask: Tensor };
      const rows = await decodeGreedy(model, inputs, { keep: [8] });
      expect(rows, 'decodeGreedy returned null: transformers.js no longer has the internals it drives').not.toBeNull();
      expect(rows?.[0]?.length).toBeGreaterThan(0);
    } finally {
      await model.dispose();
    }
  });
});
