#!/usr/bin/env bash
# paper2014 on full MNIST until its Parzen estimate reaches the paper's 225 or
# stops rising (the last 200 epochs gained under 2 nats), judged every 100 epochs.
#
#   docs/paper2014/train_until_plateau.sh SEED [MAX_EPOCHS]
#
# Resumable: run the same command again after a stop or a kill and it goes on
# from the run's latest checkpoint and the judgings already written. With
# --deterministic a run stopped and resumed reaches the weights of one that
# was not, so the trajectory does not depend on where the sessions ended. The run
# lives in studies/paper2014-long-sSEED (not committed); each judging copies
# the run's config.json and checkpoints/ to studies/paper2014-long-sSEED-epochE,
# runs `evaluate` there and keeps its metrics.json as
# docs/paper2014/seedSEED/metrics-epochE.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
seed="${1:?usage: docs/paper2014/train_until_plateau.sh SEED [MAX_EPOCHS]}"
max_epochs="${2:-3000}"
run="studies/paper2014-long-s$seed"
out="docs/paper2014/seed$seed"
data="${TF2GAN_MNIST:-../shared/mnist}"
mkdir -p "$out" studies

parzen() { .venv/bin/python -c 'import json,sys; print(json.load(open(sys.argv[1]))["metrics"]["parzen_log_likelihood"])' "$1"; }

for ((epochs = 100; epochs <= max_epochs; epochs += 100)); do
  judged="$out/metrics-epoch$epochs.json"
  if [ ! -f "$judged" ]; then
    resume=()
    [ -f "$run/config.json" ] && resume=(--resume)
    ./run.sh train --variant=paper2014 --dataset=mnist_idx --data_dir="$data" \
      --run_dir="$run" --seed="$seed" --deterministic --epochs="$epochs" "${resume[@]}"
    copy="studies/paper2014-long-s$seed-epoch$epochs"
    rm -rf "$copy" && mkdir -p "$copy"
    cp -r "$run/config.json" "$run/checkpoints" "$copy/"
    ./run.sh evaluate --run_dir="$copy"
    cp "$copy/metrics.json" "$judged.tmp" && mv "$judged.tmp" "$judged"
  fi
  now=$(parzen "$judged")
  echo "paper2014 seed $seed: epoch $epochs, Parzen $now"
  if .venv/bin/python -c 'import sys; sys.exit(0 if float(sys.argv[1]) >= 225 else 1)' "$now"; then
    echo "paper2014 seed $seed: reached 225 after $epochs epochs"; exit 0
  fi
  before="$out/metrics-epoch$((epochs - 200)).json"
  if [ -f "$before" ] && .venv/bin/python -c 'import sys; sys.exit(0 if float(sys.argv[1]) - float(sys.argv[2]) < 2 else 1)' "$now" "$(parzen "$before")"; then
    echo "paper2014 seed $seed: plateau, under 2 nats gained over epochs $((epochs - 200)) to $epochs"; exit 0
  fi
done
echo "paper2014 seed $seed: stopped at the limit of $max_epochs epochs"
