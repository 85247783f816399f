import { probeSucceeds } from '../testing';

/** The interpreter Debian's python3-kafka is installed for (a pyenv `python3` earlier on PATH lacks it). */
export const DEBIAN_PYTHON = '/usr/bin/python3';

export const kcatInstalled = (): boolean => probeSucceeds('command -v kcat');
export const kafkaPythonInstalled = (): boolean => probeSucceeds(`${DEBIAN_PYTHON} -c 'import kafka'`);

/**
 * `describe` when the outside client is installed. When it is not, the suite is skipped with a line
 * saying why, unless KAFKA_COMPAT_CLIENTS=required (CI installs every client and sets it), where a
 * missing client fails the run instead of silently passing.
 */
export function describeWhenInstalled(client: string, installed: boolean, howToInstall: string): jest.Describe {
  if (installed) return describe;
  const message = `${client} is not installed: its compatibility tests cannot run (${howToInstall})`;
  if (process.env.KAFKA_COMPAT_CLIENTS === 'required') throw new Error(`${message}; KAFKA_COMPAT_CLIENTS=required`);
  console.warn(`SKIPPED: ${message}`);
  return describe.skip;
}
