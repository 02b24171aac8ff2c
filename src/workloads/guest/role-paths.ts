/** Names in the guest of one workload role, all derived from `virtwork-<workload>[-<role>]`. */
import { NAME_PREFIX } from '../../constants.js';

export interface RolePaths {
  /** `virtwork-<workload>[-<role>]`, as in journald and `systemctl status`. */
  readonly base: string;
  /** `virtwork-<workload>[-<role>].service` */
  readonly unit: string;
  /** The role's program, when it has a script. */
  readonly script: string;
  /** The role's root-run preparation, when it has one. */
  readonly setupScript: string;
}

export const rolePaths = (workload: string, role?: string): RolePaths => {
  const base = `${NAME_PREFIX}-${workload}${role === undefined ? '' : `-${role}`}`;
  return {
    base,
    unit: `${base}.service`,
    script: `/usr/local/bin/${base}`,
    setupScript: `/usr/local/bin/${base}-setup`,
  };
};
