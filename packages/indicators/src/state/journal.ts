import { IndicatorsError } from '../indicators-errors.ts';

/**
 * Undo log for the mutable states of this package (aggregation state, change
 * ledger). Updating in place keeps one contribution O(windows × buckets of one
 * series) instead of O(state); the journal gives the shell back what immutable
 * updates would: a Kafka transaction that aborts must leave no trace in the
 * state, so the shell starts a transaction with the batch, commits it with the
 * Kafka transaction, and aborts it when the Kafka transaction aborts.
 * Outside a transaction nothing is recorded and nothing can be undone.
 */
export interface Transactional {
  /** Undo steps of the open transaction, newest last; `undefined` when none is open. */
  journal: Array<() => void> | undefined;
}

/** Starts recording undo steps. Throws `VIGIA_INDICATORS_TRANSACTION_INVALID` if one is already open. */
export function startTransaction(state: Transactional): void {
  if (state.journal !== undefined) {
    throw new IndicatorsError('VIGIA_INDICATORS_TRANSACTION_INVALID', 'a transaction is already open on this state');
  }
  state.journal = [];
}

/** Keeps every change since `startTransaction` and stops recording. */
export function commitTransaction(state: Transactional): void {
  requireOpen(state, 'commit');
  state.journal = undefined;
}

/** Reverts every change since `startTransaction`, newest first, and stops recording. */
export function abortTransaction(state: Transactional): void {
  const journal = requireOpen(state, 'abort');
  state.journal = undefined;
  for (let index = journal.length - 1; index >= 0; index -= 1) journal[index]!();
}

/** Whether a transaction is open. */
export function inTransaction(state: Transactional): boolean {
  return state.journal !== undefined;
}

/** Records how to undo a change that is about to be made (no-op outside a transaction). */
export function recordUndo(state: Transactional, undo: () => void): void {
  state.journal?.push(undo);
}

/** `map.set` / `map.delete` (value `undefined`) that can be undone. */
export function setEntry<K, V>(state: Transactional, map: Map<K, V>, key: K, value: V | undefined): void {
  if (state.journal !== undefined) {
    const had = map.has(key);
    const previous = map.get(key);
    state.journal.push(() => (had ? map.set(key, previous as V) : map.delete(key)));
  }
  if (value === undefined) map.delete(key);
  else map.set(key, value);
}

function requireOpen(state: Transactional, action: string): Array<() => void> {
  if (state.journal === undefined) {
    throw new IndicatorsError('VIGIA_INDICATORS_TRANSACTION_INVALID', `${action} without an open transaction`, {
      context: { action },
    });
  }
  return state.journal;
}

/** Adds `member` to the set at `key` (created on demand), undoably. */
export function addToIndex<K, M>(state: Transactional, index: Map<K, Set<M>>, key: K, member: M): void {
  let members = index.get(key);
  if (members === undefined) {
    members = new Set();
    setEntry(state, index, key, members);
  }
  if (members.has(member)) return;
  const set = members;
  set.add(member);
  // Guarded here rather than in recordUndo: the closure would be allocated for nothing outside a transaction.
  if (state.journal !== undefined) recordUndo(state, () => set.delete(member));
}

/** Removes `member` from the set at `key`, dropping the set once empty, undoably. */
export function removeFromIndex<K, M>(state: Transactional, index: Map<K, Set<M>>, key: K, member: M): void {
  const members = index.get(key);
  if (members === undefined || !members.delete(member)) return;
  if (state.journal !== undefined) recordUndo(state, () => members.add(member));
  if (members.size === 0) setEntry(state, index, key, undefined);
}
