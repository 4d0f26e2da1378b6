#!/usr/bin/env bash
# Starts a one-node Slurm cluster in a temporary directory, runs scripts/slurm/train-lenet5.sbatch on it (srun
# --mpi=pmix with a requeue and resume, then mpirun) and checks the jobs; always stops the daemons it started.
# Usage: local_cluster.sh RINGDL_BINARY SOURCE_DIR
# Needs root (slurmd starts jobs as root here); installs slurm-wlm and munge from Debian if they are missing.
# Exit 77 (ctest: skipped) when that is impossible. RINGDL_KEEP_SLURM_DIR=1 keeps the directory for a look.
set -euo pipefail
[ $# -eq 2 ] || {
  echo "usage: $0 RINGDL_BINARY SOURCE_DIR" >&2
  exit 2
}
bin=$(realpath "$1")
src=$(realpath "$2")
sbatch_script=$src/scripts/slurm/train-lenet5.sbatch
config=$src/models/lenet5/train.yaml

say() { echo "local_cluster: $*"; }
skip() {
  echo "local_cluster: SKIPPED: $*"
  exit 77
}

# ---- packages ----
have_slurm() { command -v slurmctld && command -v slurmd && command -v sbatch && command -v munged; } >/dev/null
if ! have_slurm; then
  [ "$(id -u)" -eq 0 ] || skip "slurm-wlm and munge are not installed, and installing them needs root" \
    "(apt-get install slurm-wlm munge), as does running slurmd"
  command -v apt-get >/dev/null || skip "slurm-wlm and munge are not installed and there is no apt-get"
  say "installing slurm-wlm and munge"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends slurm-wlm munge >/dev/null
  have_slurm || {
    echo "local_cluster: FAIL: slurm-wlm and munge installed but slurmctld/slurmd/sbatch/munged not on PATH" >&2
    exit 1
  }
fi
[ "$(id -u)" -eq 0 ] || skip "slurmd must run as root to start job steps; run this test as root"
[ -x "$bin" ] || {
  echo "local_cluster: FAIL: no ringdl binary at $bin" >&2
  exit 1
}

# A cluster of our own: nothing from an enclosing allocation or a system slurm.conf may leak in.
while IFS='=' read -r name _; do unset "$name"; done < <(env | grep -E '^SLURM_' || true)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ringdl-slurm.XXXXXX")
chmod 755 "$tmp"  # munged refuses a socket in a directory others cannot enter
mkdir -p "$tmp/munge" "$tmp/run" "$tmp/state" "$tmp/spool" "$tmp/log" "$tmp/work"
chmod 700 "$tmp/munge"
export SLURM_CONF=$tmp/slurm.conf

started=()    # "name pid" of every daemon this script started
submitted=()  # job ids
failures=0

daemon_logs() {
  for f in "$tmp"/log/slurmctld.log "$tmp"/log/slurmd.log "$tmp"/munge/munged.log; do
    [ -f "$f" ] || continue
    echo "---- last lines of $f ----"
    tail -n 25 "$f"
  done
}

cleanup() {
  local status=$?
  set +e
  if [ ${#submitted[@]} -gt 0 ]; then
    scancel "${submitted[@]}" 2>/dev/null
    # Job steps run under slurmstepd, which outlives slurmd: wait for the jobs to go before stopping daemons.
    for _ in $(seq 60); do
      [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break
      sleep 0.5
    done
  fi
  local name pid
  for ((i = ${#started[@]} - 1; i >= 0; i--)); do
    read -r name pid <<<"${started[i]}"
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      say "$name (pid $pid) ignored SIGTERM for 10 s; killing it"
      kill -KILL "$pid" 2>/dev/null
    fi
  done
  [ ${#started[@]} -eq 0 ] || say "stopped ${started[*]}"
  if [ "$status" -ne 0 ] && [ "$status" -ne 77 ]; then daemon_logs; fi
  if [ "${RINGDL_KEEP_SLURM_DIR:-0}" = 1 ]; then
    say "kept $tmp"
  else
    rm -rf "$tmp"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

die() {
  echo "local_cluster: FAIL: $*" >&2
  exit 1
}
check() {  # check CONDITION-DESCRIPTION COMMAND...: records a failure and goes on, so one run shows every problem
  local what=$1
  shift
  if "$@"; then
    say "ok: $what"
  else
    echo "local_cluster: FAIL: $what" >&2
    failures=$((failures + 1))
  fi
}

# A port nothing listens on (bash's /dev/tcp connect fails), so a second cluster on this host does not collide.
free_port() {
  local port
  for _ in $(seq 100); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  die "no free TCP port found between 20000 and 50000"
}

wait_pidfile() {  # wait_pidfile NAME FILE: the daemon forked; record its pid
  for _ in $(seq 50); do
    if [ -s "$2" ]; then
      started+=("$1 $(cat "$2")")
      return
    fi
    sleep 0.2
  done
  die "$1 wrote no pid file $2 within 10 s"
}

# ---- munge: a key, socket and daemon of our own ----
dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge/munge.key"
munged --socket="$tmp/run/munge.socket" --key-file="$tmp/munge/munge.key" --pid-file="$tmp/run/munged.pid" \
  --log-file="$tmp/munge/munged.log" --seed-file="$tmp/munge/munged.seed" ||
  die "munged did not start (its log is below)"
wait_pidfile munged "$tmp/run/munged.pid"
munge -n -S "$tmp/run/munge.socket" | unmunge -S "$tmp/run/munge.socket" >/dev/null ||
  die "munged started but a credential does not round-trip through $tmp/run/munge.socket"

# ---- slurm.conf for this host ----
node=$(hostname -s)
cpus=$(nproc)
[ "$cpus" -ge 2 ] || cpus=2  # the job asks for 2 tasks; config_overrides lets slurmd accept the count
mem=$(awk '/^MemTotal:/ { print int($2 / 1024 * 0.9) }' /proc/meminfo)
ctld_port=$(free_port)
slurmd_port=$(free_port)
[ "$slurmd_port" != "$ctld_port" ] || slurmd_port=$((ctld_port + 1))
cat >"$SLURM_CONF" <<EOF
# One-node test cluster written by tests/slurm/local_cluster.sh; everything lives under $tmp.
ClusterName=ringdl-test
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/run/munge.socket
# No cgroups in a container: track job processes by parent pid, bind nothing.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/run/slurmctld.pid
SlurmdPidFile=$tmp/run/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
SlurmdParameters=config_overrides
ReturnToService=2
KillWait=5
MinJobAge=600
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
EOF

slurmctld || die "slurmctld did not start"
wait_pidfile slurmctld "$tmp/run/slurmctld.pid"
slurmd -N "$node" || die "slurmd did not start"
wait_pidfile slurmd "$tmp/run/slurmd.pid"

state=
for _ in $(seq 120); do
  state=$(sinfo -h -n "$node" -o %t 2>/dev/null || true)
  [ "$state" = idle ] && break
  sleep 0.5
done
[ "$state" = idle ] || die "node $node is '${state:-unknown}' after 60 s, not idle (sinfo -N -l: $(sinfo -N -l 2>&1))"
say "node $node idle: $cpus CPUs, slurmctld on port $ctld_port, slurmd on $slurmd_port, $(sinfo --version)"
srun --mpi=list 2>&1 | grep -q pmix || die "this Slurm offers no pmix MPI plugin (srun --mpi=list: $(srun --mpi=list 2>&1))"

# ---- jobs ----
job_field() {  # job_field JOBID FIELD: one field of scontrol show job
  scontrol show job "$1" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1
}
submit() {  # submit [ENV=VALUE ...] -- [ringdl train arguments]: prints the job id
  local envs=()
  while [ "$1" != -- ]; do
    envs+=("$1")
    shift
  done
  shift
  local id
  id=$(cd "$tmp/work" && env "${envs[@]}" RINGDL_BIN="$bin" RINGDL_CONFIG="$config" \
    sbatch --parsable "$sbatch_script" "$@") || die "sbatch $sbatch_script failed"
  echo "${id%%;*}"
}
wait_job() {  # wait_job JOBID SECONDS: until the job has ended; a requeued job is released at once
  local id=$1 deadline=$((SECONDS + $2)) jstate held_since=
  while [ $SECONDS -lt $deadline ]; do
    jstate=$(job_field "$id" JobState)
    case $jstate in
      COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY | BOOT_FAIL | DEADLINE) return ;;
      PENDING)
        # Slurm holds a requeued job for two minutes before it is eligible again. Release it after 5 s, not at
        # once: slurmd refuses a launch whose credential is from the same second as the kill of the previous
        # run ("Job credential revoked"), and the job then fails instead of starting.
        if [ "$(job_field "$id" Reason)" = BeginTime ]; then
          held_since=${held_since:-$SECONDS}
          [ $((SECONDS - held_since)) -lt 5 ] || scontrol update JobId="$id" StartTime=now 2>/dev/null || true
        fi
        ;;
    esac
    sleep 0.5
  done
  scontrol show job "$id" || true
  cat "$tmp/work/ringdl-lenet5-$id.out" 2>/dev/null || true
  die "job $id has not ended after $2 s (state ${jstate:-unknown})"
}
accuracy_lines() { grep -c '^Test accuracy: ' "$1" || true; }
accuracy_of() { sed -n 's/^Test accuracy: \([0-9.]*\) .*/\1/p' "$1" | head -n 1; }
above() { awk -v a="$1" -v f="$2" 'BEGIN { exit !(a + 0 >= f + 0) }'; }

# 1. srun --mpi=pmix, 6 epochs (2814 iterations), a checkpoint every 200 iterations. Once the first one is
# written, USR1 to the batch shell stands in for --signal=B:USR1@60 before a time limit: the script requeues the
# job, and the second run must resume from a checkpoint of the first and finish the 2814 iterations. (Enough
# epochs that the signal lands well before the end even when 2 ranks train an epoch in under a second.)
job=$(submit -- --epochs=6 --checkpoint_every=200 --log_every=100 --progress=off)
submitted+=("$job")
out=$tmp/work/ringdl-lenet5-$job.out
ckpt_dir=$tmp/work/checkpoints/$job
say "job $job: srun --mpi=pmix, 6 epochs, requeued after its first checkpoint"
newest_ckpt() { find "$ckpt_dir" -maxdepth 1 -name 'checkpoint.*.ringdl' 2>/dev/null | sort -t. -k2,2n | tail -n 1; }
deadline=$((SECONDS + 300))
until [ -n "$(newest_ckpt)" ]; do
  jstate=$(job_field "$job" JobState)
  case $jstate in PENDING | RUNNING | CONFIGURING) ;; *)
    cat "$out" 2>/dev/null || true
    die "job $job ended ($jstate) before writing a checkpoint into $ckpt_dir"
    ;;
  esac
  [ $SECONDS -lt $deadline ] || die "job $job wrote no checkpoint into $ckpt_dir within 300 s (state $jstate)"
  sleep 0.1
done
scancel --batch --signal=USR1 "$job" || die "scancel --batch --signal=USR1 $job failed"
at_signal=$(newest_ckpt)
at_signal=${at_signal##*/checkpoint.}
at_signal=${at_signal%.ringdl}
wait_job "$job" 400
echo "---- $out ----"
cat "$out"
check "job $job ended COMPLETED (JobState=$(job_field "$job" JobState))" \
  test "$(job_field "$job" JobState)" = COMPLETED
check "job $job exit code 0:0 (ExitCode=$(job_field "$job" ExitCode))" test "$(job_field "$job" ExitCode)" = 0:0
check "job $job was requeued once (Restarts=$(job_field "$job" Restarts))" test "$(job_field "$job" Restarts)" = 1
check "the USR1 trap requeued the job" grep -q 'time limit near: requeueing job' "$out"
resumed=$(sed -n 's/^Resuming from .*checkpoint\.\([0-9]*\)\.ringdl at epoch.*/\1/p' "$out" | head -n 1)
check "the second run resumed from iteration ${resumed:-none} (newest checkpoint at the signal: $at_signal)" \
  test -n "$resumed" -a "${resumed:-0}" -ge "$at_signal" -a "${resumed:-0}" -lt 2814
check "the run ended after 2814 iterations" grep -q '^Test accuracy: .* after 2814 iterations' "$out"
acc=$(accuracy_of "$out")
check "test accuracy ${acc:-missing} >= 0.80 after 6 epochs" above "${acc:-0}" 0.80
n=$(accuracy_lines "$out")
check "exactly one 'Test accuracy:' line, from rank 0 (found $n)" test "$n" -eq 1

# 2. mpirun inside the allocation, a short run.
job=$(submit LAUNCHER=mpirun -- --max_iterations=100 --validate_every=never --log_every=50 --progress=off)
submitted+=("$job")
out=$tmp/work/ringdl-lenet5-$job.out
say "job $job: mpirun, 100 iterations"
wait_job "$job" 300
echo "---- $out ----"
cat "$out"
check "job $job ended COMPLETED (JobState=$(job_field "$job" JobState))" \
  test "$(job_field "$job" JobState)" = COMPLETED
check "mpirun started 2 ranks" grep -q '^train-lenet5.sbatch: mpirun -np 2 ' "$out"
acc=$(accuracy_of "$out")
check "test accuracy ${acc:-missing} >= 0.50 after 100 iterations" above "${acc:-0}" 0.50
n=$(accuracy_lines "$out")
check "exactly one 'Test accuracy:' line, from rank 0 (found $n)" test "$n" -eq 1

[ "$failures" -eq 0 ] || die "$failures check(s) failed"
say "all checks passed"
