import type { BrokerKind } from "@/lib/dto";
import type { AlertRuleDto, FiringAlertDto } from "@/lib/alerts";
import type { Sample } from "@/server/brokers/adapter";
import { entityMatcher, sourceMatches, type NameMatcher } from "./match";
import { NameCache, observe, type CeleryFailures } from "./observe";
import { holdsFor, step, type AlertState, type Transition } from "./state";

export type RuleSpec = Pick<AlertRuleDto, "id" | "name" | "source" | "entity" | "metric" | "op" | "threshold" | "forSeconds" | "severity">;

/** A firing or resolved alert: what the history records and the webhooks are told. */
export interface AlertChange {
  rule: RuleSpec;
  source: string;
  entity: string;
  state: Transition;
  value: number;
  /** ms: when it started firing. */
  since: number;
  at: number;
}

interface Compiled {
  rule: RuleSpec;
  match: NameMatcher;
  /** What, when changed, makes the rule a new one: its alerts start over. */
  signature: string;
}

/** Entity -> state, for one (rule, source). */
type EntityStates = Map<string, AlertState>;

/**
 * Every rule against every tick, in memory and without I/O: the collector calls evaluate() after
 * each tick with that tick's sample; what changed comes back for the caller to record and send.
 */
export class AlertEvaluator {
  private compiled: Compiled[] = [];
  private readonly states = new Map<number, Map<string, EntityStates>>();
  private readonly names = new NameCache();

  setRules(rules: readonly RuleSpec[]): void {
    const next = rules.map((rule) => ({ rule, match: entityMatcher(rule.entity), signature: signatureOf(rule) }));
    const kept = new Map(next.map((c) => [c.rule.id, c.signature]));
    for (const old of this.compiled) {
      if (kept.get(old.rule.id) !== old.signature) this.states.delete(old.rule.id);
    }
    this.compiled = next;
  }

  /** This replica stops evaluating the source (another samples it): what it knew is dropped. */
  forgetSource(source: string): void {
    for (const bySource of this.states.values()) bySource.delete(source);
  }

  /** Alerts known to be firing already (after a restart): they go on firing without a new message. */
  restore(firing: readonly { ruleId: number; source: string; entity: string; since: number; value: number }[]): void {
    const known = new Set(this.compiled.map((c) => c.rule.id));
    for (const f of firing) {
      if (!known.has(f.ruleId)) continue;
      let bySource = this.states.get(f.ruleId);
      if (!bySource) this.states.set(f.ruleId, (bySource = new Map()));
      let states = bySource.get(f.source);
      if (!states) bySource.set(f.source, (states = new Map()));
      states.set(f.entity, { phase: "firing", since: f.since, value: f.value });
    }
  }

  /** Whether some rule on this source watches `metric` (reads beyond the snapshot are made only then). */
  wants(sourceId: string, metric: string): boolean {
    return this.compiled.some((c) => c.rule.metric === metric && sourceMatches(c.rule.source, sourceId));
  }

  /**
   * One tick of one source. `fresh` is false when the tick read no lists (source down, listing
   * failed): only sourceDown is known then, and other alerts hold their state.
   */
  evaluate(source: { id: string; kind: BrokerKind }, sample: Sample, fresh: boolean, now: number, celeryFailures?: readonly CeleryFailures[]): AlertChange[] {
    const rules = this.compiled.filter((c) => sourceMatches(c.rule.source, source.id));
    if (!rules.length) return [];
    const wanted = new Set(rules.map((c) => c.rule.metric));
    const { observations } = observe(source.kind, sample, fresh, wanted, this.names, celeryFailures);
    const changes: AlertChange[] = [];
    for (const c of rules) {
      const { rule } = c;
      const forMs = rule.forSeconds * 1000;
      let bySource = this.states.get(rule.id);
      let states = bySource?.get(source.id);
      const touched = new Set<string>();
      const apply = (entity: string, holds: boolean | undefined, value: number) => {
        const prev = states?.get(entity);
        if (!prev && !holds) return;
        const { next, notify } = step(prev, holds, value, now, forMs);
        if (!states) {
          if (!bySource) this.states.set(rule.id, (bySource = new Map()));
          bySource.set(source.id, (states = new Map()));
        }
        if (next) states.set(entity, next);
        else states.delete(entity);
        if (notify) changes.push({ rule, source: source.id, entity, state: notify, value, since: notify === "firing" ? now : prev!.since, at: now });
      };
      const sourceWide = rule.metric === "sourceDown";
      for (const o of observations.get(rule.metric) ?? []) {
        if (!sourceWide && !c.match(o.names)) continue;
        touched.add(o.entity);
        apply(o.entity, holdsFor(rule.op, o.value, rule.threshold), o.value);
      }
      // An alert whose entity is gone (queue deleted) is false, unless the tick read nothing.
      if (states) {
        for (const [entity, s] of [...states]) {
          if (!touched.has(entity)) apply(entity, fresh || sourceWide ? false : undefined, s.value);
        }
      }
    }
    return changes;
  }

  /** Alerts firing now (including those waiting out their resolve delay), longest firing first. */
  firing(): FiringAlertDto[] {
    const out: FiringAlertDto[] = [];
    for (const { rule } of this.compiled) {
      for (const [source, states] of this.states.get(rule.id) ?? []) {
        for (const [entity, s] of states) {
          if (s.phase === "pending") continue;
          out.push({
            ruleId: rule.id,
            name: rule.name,
            severity: rule.severity,
            source,
            entity,
            metric: rule.metric,
            value: s.value,
            threshold: rule.threshold,
            op: rule.op,
            since: new Date(s.since).toISOString(),
          });
        }
      }
    }
    return out.sort((a, b) => a.since.localeCompare(b.since));
  }
}

function signatureOf(r: RuleSpec): string {
  return JSON.stringify([r.source, r.entity, r.metric, r.op, r.threshold, r.forSeconds]);
}
