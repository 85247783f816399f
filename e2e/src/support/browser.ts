import { CHROMIUM_PATH, chromiumInstalled } from '../../../tools/src/browser/headless-chromium';

/**
 * `describe` when Debian's chromium is installed. Without it the suite is skipped with a line saying
 * so, unless LIVE_VIEW_BROWSER=required (CI installs chromium and sets it): there a missing browser
 * fails the run instead of passing it silently.
 */
export function describeInBrowser(): jest.Describe {
  if (chromiumInstalled()) return describe;
  const message = `${CHROMIUM_PATH} is missing: the live view's browser tests cannot run (apt-get install -y chromium)`;
  if (process.env.LIVE_VIEW_BROWSER === 'required') throw new Error(`${message}; LIVE_VIEW_BROWSER=required`);
  console.warn(`SKIPPED: ${message}`);
  return describe.skip;
}
