import { EntityManager } from 'typeorm';
import { DeferredStatement } from './deferred-statement';

/**
 * What a repository may keep for the length of one local transaction opened by the TransactionRunner:
 * rows it already loaded and locked (so the next event of a batch finds them without a round trip),
 * writes it deferred to one set-based statement just before the commit, and effects outside the database
 * that must wait for the commit. Every round trip to PostgreSQL
 * costs more CPU than the row work it carries, so a batch of events should cost a handful of statements,
 * not a handful per event.
 */
export class UnitOfWork {
  private readonly state = new Map<object, unknown>();
  private readonly statements: Array<() => DeferredStatement | null> = [];
  private readonly commitCallbacks: Array<() => void> = [];
  private flushed = false;

  /** The transaction-wide state stored under `key` (a repository instance, say), created on first use. */
  stateOf<T>(key: object, create: () => T): T {
    if (!this.state.has(key)) this.state.set(key, create());
    return this.state.get(key) as T;
  }

  /**
   * Writes `statement()` just before the commit, in ONE statement with every other deferred statement and the
   * outbox append (see writeTogether), so no two of them may read what another writes. `statement` is called
   * once, after the transaction's work; null writes nothing.
   */
  beforeCommitStatement(statement: () => DeferredStatement | null): void {
    if (this.flushed) throw new Error('beforeCommitStatement after the unit of work was flushed');
    this.statements.push(statement);
  }

  /** Called by the TransactionRunner: the deferred statements, for it to write together with its outbox rows. */
  flush(): DeferredStatement[] {
    this.flushed = true;
    return this.statements.map((statement) => statement()).filter((statement) => statement !== null);
  }

  /** Runs `callback` once the transaction has committed; never when it rolls back. */
  afterCommit(callback: () => void): void {
    this.commitCallbacks.push(callback);
  }

  /** Called by the TransactionRunner once the transaction committed. */
  committed(): void {
    this.commitCallbacks.forEach((callback) => callback());
  }
}

const unitsOfWork = new WeakMap<EntityManager, UnitOfWork>();

/** Opens the unit of work of a transaction; the TransactionRunner does this for each transaction it runs. */
export function beginUnitOfWork(manager: EntityManager): UnitOfWork {
  const unit = new UnitOfWork();
  unitsOfWork.set(manager, unit);
  return unit;
}

/**
 * The unit of work of the runner's transaction `manager` belongs to. Throws for any other manager: a
 * deferred write with no runner to flush it would be lost without a trace.
 */
export function unitOfWork(manager: EntityManager): UnitOfWork {
  const unit = openUnitOfWork(manager);
  if (!unit) throw new Error('unitOfWork needs the EntityManager of a transaction opened by a TransactionRunner');
  return unit;
}

/** The unit of work of `manager`'s transaction, if a TransactionRunner opened it. */
export function openUnitOfWork(manager: EntityManager): UnitOfWork | undefined {
  return unitsOfWork.get(manager);
}
