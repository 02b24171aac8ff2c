/** The systemd service unit of one workload role: restarted forever, logging to journald. */

export interface UnitOptions {
  readonly description: string;
  /** Defaults to the role's script. */
  readonly execStart?: string;
  readonly execStopPost?: string;
  readonly user?: string;
  /** Units to start after (and want), such as `network-online.target`. */
  readonly after?: readonly string[];
  /** Mount points the unit needs: systemd waits for them and orders after them. */
  readonly requiresMountsFor?: readonly string[];
}

/** Seconds between a failure and the next try: servers that are not up yet, a busy iperf3. */
const RESTART_SEC = 5;

export const renderServiceUnit = (unit: UnitOptions & { readonly execStart: string }): string => {
  const after = unit.after ?? [];
  return [
    '[Unit]',
    `Description=${escapeSpecifiers(unit.description)}`,
    ...(after.length > 0 ? [`Wants=${after.join(' ')}`, `After=${after.join(' ')}`] : []),
    ...(unit.requiresMountsFor ?? []).map((path) => `RequiresMountsFor=${path}`),
    // Never give up after a burst of failures: the load must come back.
    'StartLimitIntervalSec=0',
    '',
    '[Service]',
    'Type=simple',
    ...(unit.user === undefined ? [] : [`User=${unit.user}`]),
    `ExecStart=${escapeSpecifiers(unit.execStart)}`,
    ...(unit.execStopPost === undefined ? [] : [`ExecStopPost=${escapeSpecifiers(unit.execStopPost)}`]),
    'Restart=always',
    `RestartSec=${RESTART_SEC}`,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
};

/** systemd reads `%` as the start of a specifier (`%n`, `%h`): `--vm-bytes 80%` must be written `80%%`. */
const escapeSpecifiers = (value: string): string => value.replaceAll('%', '%%');
