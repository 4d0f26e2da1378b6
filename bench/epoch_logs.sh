# Sourced by the side-by-side bench scripts (bench/lstm_fashion_mnist.sh, bench/package_sections.sh): per_epoch DIR
# reads DIR/ringdl.log and DIR/torch.log and writes, one line an epoch, each side's test accuracy (RingDL's
# "[Epoch E ...] Top1Accuracy is ... accuracy: A" after each epoch, PyTorch's "[Epoch E] Test accuracy: A") to
# DIR/SIDE.acc and the seconds between the ends of two epochs (the same line in both logs, "Epoch finished. Wall
# clock time is X ms": the previous epoch's test pass included, on both sides) to DIR/SIDE.sec.
per_epoch() {
  local side
  for side in ringdl torch; do
    sed -n -e 's/^\[Epoch .*Top1Accuracy is .*accuracy: \([0-9.]*\).*/\1/p' \
      -e 's/^\[Epoch [0-9]*\] Test accuracy: \([0-9.]*\)$/\1/p' "$1/$side.log" >"$1/$side.acc"
    sed -n 's/.*Epoch finished\. Wall clock time is \([0-9]*\) ms.*/\1/p' "$1/$side.log" |
      awk '{ printf "%.1f\n", ($1 - last) / 1000; last = $1 }' >"$1/$side.sec"
  done
}
