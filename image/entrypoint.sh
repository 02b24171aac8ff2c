#!/bin/sh
# The container's entrypoint: `virtwork ARGS...` when arguments are given (podman run IMAGE run ...,
# a Job's args:), else `virtwork $VIRTWORK_COMMAND $VIRTWORK_ARGS` from the environment (a Job's
# env: or a ConfigMap). exec replaces this shell, so SIGTERM from the kubelet reaches virtwork itself,
# which stops its run and records it as interrupted.
set -eu

if [ "$#" -gt 0 ]; then
  exec virtwork "$@"
fi

# VIRTWORK_ARGS is a list of words ("--vm-count 3 --workloads cpu,memory"): split on blanks, and no
# file-name expansion of a '*' in it.
set -f
# shellcheck disable=SC2086 # word splitting is how VIRTWORK_COMMAND and VIRTWORK_ARGS become arguments
exec virtwork ${VIRTWORK_COMMAND:-} ${VIRTWORK_ARGS:-}
