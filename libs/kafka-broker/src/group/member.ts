import type { TimerHandle } from '../clock';
import type { JoinGroupResult, SyncGroupResult } from './results';

export interface ProtocolOffer {
  name: string;
  metadata: Buffer;
}

/** What a JoinGroup tells the coordinator about the member sending it. */
export interface MemberProfile {
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: ProtocolOffer[];
}

/** One member of a group, plus the requests of it the coordinator is still holding. */
export class Member {
  assignment: Buffer = Buffer.alloc(0);
  /** Resolves the member's held JoinGroup; set while the member waits for the rebalance to finish. */
  awaitingJoin?: (result: JoinGroupResult) => void;
  /** Resolves the member's held SyncGroup; set while a follower waits for the leader's assignment. */
  awaitingSync?: (result: SyncGroupResult) => void;
  sessionTimer?: TimerHandle;

  constructor(
    readonly memberId: string,
    public profile: MemberProfile,
  ) {}

  get isAwaitingJoin(): boolean {
    return this.awaitingJoin !== undefined;
  }

  get isAwaitingSync(): boolean {
    return this.awaitingSync !== undefined;
  }

  supports(protocolName: string): boolean {
    return this.profile.protocols.some((p) => p.name === protocolName);
  }

  metadataFor(protocolName: string): Buffer {
    return this.profile.protocols.find((p) => p.name === protocolName)?.metadata ?? Buffer.alloc(0);
  }

  /** Same protocols, same order, same metadata bytes: a rejoin that cannot change any assignment. */
  offersSameProtocols(protocols: ProtocolOffer[]): boolean {
    const mine = this.profile.protocols;
    return (
      mine.length === protocols.length &&
      mine.every((p, i) => p.name === protocols[i].name && p.metadata.equals(protocols[i].metadata))
    );
  }

  /** Answers the held JoinGroup, if any; the callback is cleared first so it can never fire twice. */
  completeJoin(result: JoinGroupResult): boolean {
    const resolve = this.awaitingJoin;
    this.awaitingJoin = undefined;
    resolve?.(result);
    return resolve !== undefined;
  }

  completeSync(result: SyncGroupResult): boolean {
    const resolve = this.awaitingSync;
    this.awaitingSync = undefined;
    resolve?.(result);
    return resolve !== undefined;
  }
}
