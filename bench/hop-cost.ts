import { ChildProcess, spawn } from 'node:child_process';
import { connect, Socket } from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

/** CPU (user + system) of one cross-process round trip: the sender's side, the echoing peer's, both. */
export interface HopCost {
  /** Pause between round trips; 0: back to back, the peer never goes idle. */
  gapMs: number;
  senderMicros: number;
  peerMicros: number;
  totalMicros: number;
}

// The peer: echoes every chunk and reports its own CPU when asked over IPC. Plain JS so it runs without a loader.
const ECHO_PEER = `
  const server = require('node:net').createServer((socket) => { socket.setNoDelay(true); socket.on('data', (d) => socket.write(d)); });
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('message', () => { const { user, system } = process.cpuUsage(); process.send({ cpuMicros: user + system }); });
`;

/**
 * What one hop between two processes costs this machine: a 200-byte request and its echo over loopback
 * TCP, as between a service and PostgreSQL or the broker. Back to back, and with the peer asleep between
 * messages (how a saga's processes meet at moderate load): on virtual machines waking an idle process
 * can cost several times the work it is woken for, which is why CPU per saga here depends on the rate.
 */
export async function measureHopCost(gapsMs: readonly number[] = [0, 1, 5]): Promise<HopCost[]> {
  const peer = spawn(process.execPath, ['-e', ECHO_PEER], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const [{ port }] = (await once(peer, 'message')) as [{ port: number }];
    const socket = connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    await once(socket, 'connect');
    const results: HopCost[] = [];
    for (const gapMs of gapsMs) results.push(await measureGap(socket, peer, gapMs));
    socket.destroy();
    return results;
  } finally {
    peer.kill();
  }
}

async function measureGap(socket: Socket, peer: ChildProcess, gapMs: number): Promise<HopCost> {
  const trips = gapMs === 0 ? 10_000 : Math.max(200, Math.round(1_500 / gapMs));
  const message = Buffer.alloc(200, 'x');
  await roundTrips(socket, message, 200, gapMs); // warm-up
  const peerBefore = await peerCpuMicros(peer);
  const before = process.cpuUsage();
  await roundTrips(socket, message, trips, gapMs);
  const { user, system } = process.cpuUsage(before);
  const peerMicros = (await peerCpuMicros(peer)) - peerBefore;
  const sender = (user + system) / trips;
  const echo = peerMicros / trips;
  return { gapMs, senderMicros: Math.round(sender), peerMicros: Math.round(echo), totalMicros: Math.round(sender + echo) };
}

async function roundTrips(socket: Socket, message: Buffer, trips: number, gapMs: number): Promise<void> {
  for (let i = 0; i < trips; i++) {
    const echoed = once(socket, 'data');
    socket.write(message);
    await echoed;
    if (gapMs > 0) await sleep(gapMs);
  }
}

async function peerCpuMicros(peer: ChildProcess): Promise<number> {
  const reply = once(peer, 'message') as Promise<[{ cpuMicros: number }]>;
  peer.send('cpu');
  return (await reply)[0].cpuMicros;
}
