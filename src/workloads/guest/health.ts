/**
 * The VM's health endpoint, `virtwork-health`: a small HTTP server that answers `GET /readyz` with 200
 * while every virtwork unit of the VM is active, and 503 naming those that are not. The VM's httpGet
 * readiness probe asks it: KubeVirt copies the probe onto the virt-launcher pod, the kubelet sends it
 * to the pod IP, and masquerade forwards it into the guest. Unlike an exec probe through the guest
 * agent, nothing here runs confined on an SELinux-enforcing guest: systemd starts the program from
 * /usr/local/bin, so it may ask systemd for unit states.
 *
 * Python 3 standard library only (every cloud image with cloud-init has it), written for 3.6 and later
 * (RHEL 8) so one file serves every guest.
 */
import type { WriteFile } from '../../cloudinit/cloud-config.js';
import { HEALTH_PATH, HEALTH_PORT, NAME_PREFIX } from '../../constants.js';
import { renderServiceUnit } from './systemd-unit.js';

const BASE = `${NAME_PREFIX}-health`;
export const HEALTH_UNIT = `${BASE}.service`;
export const HEALTH_PROGRAM = `/usr/local/bin/${BASE}`;

/** systemd unit names as they may appear on the unit's command line: nothing to quote, nothing to inject. */
const UNIT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.@:-]*\.service$/;

/** The program; its arguments are the port, the path and the units it reports on. */
export const HEALTH_SCRIPT = `#!/usr/bin/python3
"""${BASE}: the readiness endpoint of this VM.

GET <path> answers 200 while every unit named on the command line is active, else 503 naming the
units that are not. Usage: ${BASE} PORT PATH UNIT...
"""
import http.server
import socket
import socketserver
import subprocess
import sys
import threading

PORT = int(sys.argv[1])
PATH = sys.argv[2]
UNITS = sys.argv[3:]
SYSTEMCTL_TIMEOUT_SECONDS = 4


def unit_states():
    """(unit, ActiveState) for every unit, from one systemctl call; an error reads as 'unknown'."""
    try:
        out = subprocess.run(
            ["systemctl", "show", "--property=Id,ActiveState", "--"] + UNITS,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, universal_newlines=True,
            timeout=SYSTEMCTL_TIMEOUT_SECONDS,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        out = ""
    found = {}
    for block in out.strip().split("\\n\\n"):
        fields = dict(line.split("=", 1) for line in block.splitlines() if "=" in line)
        if "Id" in fields:
            found[fields["Id"]] = fields.get("ActiveState", "unknown")
    return [(unit, found.get(unit, "unknown")) for unit in UNITS]


class Verdict:
    """The last answer, so a change (not every probe) goes to the journal."""
    lock = threading.Lock()
    last = None

    @classmethod
    def report(cls, text):
        with cls.lock:
            if text != cls.last:
                print(text, file=sys.stderr, flush=True)
                cls.last = text


class Handler(http.server.BaseHTTPRequestHandler):
    timeout = 10  # a client that sends nothing does not hold its thread

    def do_GET(self):
        if self.path.split("?", 1)[0] != PATH:
            self.reply(404, "not found: the readiness endpoint is GET " + PATH + "\\n")
            return
        down = [unit + " is " + state for unit, state in unit_states() if state != "active"]
        text = ("not ready: " + ", ".join(down)) if down else ("ready: " + ", ".join(UNITS) + " active")
        Verdict.report(text)
        self.reply(503 if down else 200, text + "\\n")

    def reply(self, status, text):
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass  # the kubelet asks every few seconds; Verdict logs the changes


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class DualStackServer(Server):
    """IPv6 and IPv4 on one socket, whatever net.ipv6.bindv6only says."""
    address_family = socket.AF_INET6

    def server_bind(self):
        self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        super().server_bind()


def main():
    try:
        server = DualStackServer(("::", PORT), Handler)
    except OSError:  # a guest without IPv6
        server = Server(("0.0.0.0", PORT), Handler)
    print("serving GET " + PATH + " on port " + str(PORT) + " for " + ", ".join(UNITS), file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
`;

/** The program and its unit, for a VM whose readiness is `http`. */
export const healthFiles = (unitNames: readonly string[]): WriteFile[] => {
  if (unitNames.length === 0) throw new Error('the health endpoint needs at least one unit to report on');
  for (const unit of unitNames) {
    if (!UNIT_NAME_PATTERN.test(unit)) throw new Error(`the health endpoint cannot report on unit ${JSON.stringify(unit)}`);
  }
  return [
    { path: HEALTH_PROGRAM, content: HEALTH_SCRIPT, permissions: '0755' },
    {
      path: `/etc/systemd/system/${HEALTH_UNIT}`,
      content: renderServiceUnit({
        description: `${BASE}: readiness endpoint, GET ${HEALTH_PATH} on port ${HEALTH_PORT}`,
        execStart: [HEALTH_PROGRAM, String(HEALTH_PORT), HEALTH_PATH, ...unitNames].join(' '),
      }),
    },
  ];
};

/** runcmd: the endpoint starts before the workload, so the probe answers 503 (not "refused") meanwhile. */
export const healthCommand = `systemctl enable --now ${HEALTH_UNIT}`;
