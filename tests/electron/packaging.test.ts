/**
 * electron-builder.yml, checked offline: valid against electron-builder's own schema, and
 * consistent with what main.ts expects of a packaged app (seeds in resources/seeds, the native
 * module unpacked, the hardening fuses on).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { launchOptions } from '../../electron/launch-options.js';

const root = path.resolve(import.meta.dirname, '..', '..');
// js-yaml and the schema come with electron-builder itself.
const builderRequire = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
const yaml = builderRequire('js-yaml') as { load(text: string): unknown };
const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s schema', () => {
    const schema = JSON.parse(fs.readFileSync(builderRequire.resolve('app-builder-lib/scheme.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    delete schema.$schema;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it('names the app and packs the built app with package.json', () => {
    expect(config).toMatchObject({ appId: expect.any(String), productName: 'Triangulate' });
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'package.json']));
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };
    expect(manifest.main).toBe('dist/electron/main.js');
  });

  it('ships the seeds where main.ts looks for them when packaged', () => {
    expect(config.extraResources).toEqual([expect.objectContaining({ from: 'seeds', to: 'seeds' })]);
    const resourcesPath = path.join(path.sep, 'opt', 'Triangulate', 'resources');
    expect(launchOptions([], {}, { isPackaged: true, resourcesPath }).seedsDir).toBe(path.join(resourcesPath, 'seeds'));
    expect(launchOptions([], {}, { isPackaged: false, resourcesPath }).seedsDir).toBeUndefined();
  });

  it('rebuilds better-sqlite3 for Electron and unpacks it from the archive', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toEqual([expect.stringContaining('better-sqlite3')]);
  });

  it('turns the fuses a desktop app does not need off', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds AppImage and deb, dmg, nsis', () => {
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'] });
    expect(config.mac).toMatchObject({ target: 'dmg' });
    expect(config.win).toMatchObject({ target: 'nsis' });
  });
});

describe('launch options', () => {
  it('takes --workspace, else the default the CLI uses, and the Electron binding from the environment', () => {
    const app = { isPackaged: false, resourcesPath: '' };
    expect(launchOptions(['/electron', '.', '--workspace', 'w.triangulate'], {}, app).workspacePath).toBe(
      path.resolve('w.triangulate'),
    );
    expect(launchOptions(['--workspace=/x/y.triangulate'], {}, app).workspacePath).toBe(
      path.resolve('/x/y.triangulate'),
    );
    const saved = process.env.TRIANGULATE_WORKSPACE;
    process.env.TRIANGULATE_WORKSPACE = '/shared/with-cli.triangulate';
    try {
      expect(launchOptions([], {}, app).workspacePath).toBe(path.resolve('/shared/with-cli.triangulate'));
    } finally {
      if (saved === undefined) delete process.env.TRIANGULATE_WORKSPACE;
      else process.env.TRIANGULATE_WORKSPACE = saved;
    }
    expect(launchOptions([], { TRIANGULATE_SQLITE_BINDING: '/cache/b.node' }, app).nativeBinding).toBe('/cache/b.node');
    expect(launchOptions([], {}, app).nativeBinding).toBeUndefined();
  });
});
