/**
 * What a long operation reports as it goes. server/actions' OperationProgress has this shape;
 * adapters see only this, so they never import the actions layer.
 */
export interface ProgressSink {
  update(p: { done?: number; total?: number; failed?: number; skipped?: number }): void;
  readonly signal: AbortSignal;
}
