/**
 * The simulated guests' workload state, which their readiness probes report. A guest's virtwork
 * units are active once a test says so (`sim.guest('vm').passProbe()`) or the cluster's
 * `readyAfterMs` elapses after the VMI runs; whether that makes the VMI Ready depends on the
 * probe's kind (the VMI controller decides: an exec probe also needs the guest agent).
 */
export interface GuestControl {
  /** The guest's units are active from now on: its probe can pass. */
  passProbe(): void;
  /** The guest's units are not active from now on: its probe fails. */
  failProbe(): void;
  /** Whether a test said the units are active. */
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
