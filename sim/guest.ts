/**
 * The simulated guests' readiness probes. A VMI with a readinessProbe stays not Ready until its
 * guest passes the probe: a test says so (`sim.guest('vm').passProbe()`), or the cluster's
 * `readyAfterMs` elapses after the VMI runs.
 */
export interface GuestControl {
  /** The probe succeeds from now on: the VMI turns Ready. */
  passProbe(): void;
  /** The probe fails from now on: the VMI turns not Ready. */
  failProbe(): void;
  /** Whether the probe currently passes. */
  readonly probePassing: boolean;
}

/** `namespace` undefined: the guest of that name in every namespace. */
type Listener = (namespace: string | undefined, name: string) => void;

const ANY = '*';

export class GuestRegistry {
  private readonly passing = new Map<string, boolean>();
  private readonly listeners = new Set<Listener>();

  /** Explicit probe state, or undefined when no test has decided. */
  probeState(namespace: string, name: string): boolean | undefined {
    return this.passing.get(`${namespace}/${name}`) ?? this.passing.get(`${ANY}/${name}`);
  }

  set(namespace: string | undefined, name: string, passing: boolean): void {
    this.passing.set(`${namespace ?? ANY}/${name}`, passing);
    for (const l of this.listeners) l(namespace, name);
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  control(namespace: string | undefined, name: string): GuestControl {
    const isPassing = (): boolean => this.probeState(namespace ?? ANY, name) === true;
    return {
      passProbe: () => this.set(namespace, name, true),
      failProbe: () => this.set(namespace, name, false),
      get probePassing() {
        return isPassing();
      },
    };
  }
}
