import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
}

export function machineInfo(): MachineInfo {
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

/** The commit measured, marked dirty when the work tree differs from it (the figures are then not that commit's). */
export function gitCommit(): { commit: string; dirty: boolean } {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !== '';
    return { commit, dirty };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU time (user + system, microseconds) used so far by `rootPid` and every process below it,
 * including children that already exited and were reaped (their time is in the parent's cutime).
 * The stack's processes (services, broker, PostgreSQL and its backends) all descend from the
 * bench process, so this is what the system under test cost, whatever else the machine runs.
 * Undefined where /proc is missing.
 */
export function processTreeCpuMicros(rootPid: number, withChildren = true): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const stats = new Map<number, { parent: number; ticks: number }>();
  for (const pid of entries) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The command name (field 2) may contain spaces: count the fields after its closing parenthesis.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
      stats.set(Number(pid), { parent: Number(fields[1]), ticks: utime + stime + (withChildren ? cutime + cstime : 0) });
    } catch {
      // exited while we were reading
    }
  }
  const children = new Map<number, number[]>();
  for (const [pid, { parent }] of stats) children.set(parent, [...(children.get(parent) ?? []), pid]);
  let ticks = 0;
  const pending = [rootPid];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    ticks += stats.get(pid)?.ticks ?? 0;
    if (withChildren) pending.push(...(children.get(pid) ?? []));
  }
  return (ticks * 1_000_000) / TICKS_PER_SECOND;
}

/**
 * CPU time (microseconds) of the whole machine so far, from /proc/stat: `busy` is what this VM's processes
 * and kernel used (user, nice, system, irq, softirq), `stolen` what the hypervisor gave to other guests
 * while this one wanted to run (steal). Growth of `busy` minus the stack's is what other work here took.
 */
export function machineCpuMicros(): { busy: number; stolen: number } | undefined {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
    const micros = (ticks: number) => (ticks * 1_000_000) / TICKS_PER_SECOND;
    return { busy: micros(user + nice + system + irq + softirq), stolen: micros(steal || 0) };
  } catch {
    return undefined;
  }
}

/** 1-minute load average (the stack's own seven processes alone keep it near 3-4 on two cores). */
export function loadAverage(): number {
  return Math.round(loadavg()[0] * 100) / 100;
}
