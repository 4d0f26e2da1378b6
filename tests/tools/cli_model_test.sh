#!/usr/bin/env bash
# Model definition files through the ringdl command: ringdl model summary of a config, a zoo name, a definition
# file and a saved model; ringdl train on a graph definition named relative to its config; the errors.
# Usage: cli_model_test.sh RINGDL_BINARY SOURCE_DIR
set -uo pipefail
ringdl=$(realpath "$1")
src=$2
source "$(dirname "$0")/lib.sh"

# ---- summary ----
"$ringdl" model summary "$src/models/lenet5/train.yaml" >"$work/s1" 2>&1
if grep -q "Total parameters: 22278" "$work/s1" && grep -Eq "^  1 +SpatialConvolution +\[N, 6, 24, 24\] +156$" "$work/s1"; then
  ok "summary of a training config: layers, output shapes, parameters"
else bad "summary of lenet5's config: $(cat "$work/s1")"; fi
"$ringdl" model summary vgg_cifar10 --classes 7 >"$work/s2" 2>&1
grep -Eq "Linear +\[N, 7\] +1799$" "$work/s2" && grep -q "input \[3, 32, 32\]" "$work/s2" &&
  ok "summary of a zoo name, with --classes" || bad "summary of vgg_cifar10: $(cat "$work/s2")"
"$ringdl" model summary mlp --input_shape 28,28 >"$work/s3" 2>&1 && grep -q "input \[28, 28\]" "$work/s3" &&
  ok "--input_shape overrides the declared shape" || bad "mlp --input_shape: $(cat "$work/s3")"
expect_fail "a shape the model cannot take names the layer" "cannot take records of shape [3, 32, 32]" \
  "$ringdl" model summary lenet5 --input_shape 3,32,32
expect_fail "an unknown source says what it can be" "'nosuch' is neither a file nor a zoo model (char_lm, inception_v1, lenet5, lstm_fashion_mnist, mlp, package_sections, resnet18, resnet20, resnet32, resnet50, resnet56, vgg16, vgg_cifar10)" \
  "$ringdl" model summary nosuch

# ---- a graph definition trained from a config that names it relative to itself ----
mkdir -p "$work/project/nets" "$work/elsewhere"
cat >"$work/project/nets/residual_mlp.yaml" <<'YAML'
# An MLP with a residual connection: out = fc3(tanh(fc2(h)) + h), h = tanh(fc1(x))
params: {hidden: 32}
input_shape: [1, 28, 28]
inputs: [x]
nodes:
  - {name: flat, type: Reshape, inputs: x, size: [784]}
  - {name: fc1, type: Linear, inputs: flat, inputSize: 784, outputSize: $hidden}
  - {name: h, type: Tanh, inputs: fc1}
  - {name: fc2, type: Linear, inputs: h, inputSize: $hidden, outputSize: $hidden}
  - {name: t2, type: Tanh, inputs: fc2}
  - {name: sum, type: CAddTable, inputs: [t2, h]}
  - {name: fc3, type: Linear, inputs: sum, inputSize: $hidden, outputSize: $classes}
  - {name: out, type: LogSoftMax, inputs: fc3}
outputs: [out]
YAML
cat >"$work/project/train.yaml" <<'YAML'
model: nets/residual_mlp.yaml
batch_size: 64
learning_rate: 0.1
epochs: 0
max_iterations: 150
validate_every: never
progress: off
threads: 1
save_model: out/model.ringdl
YAML
mkdir -p "$work/project/out"
(cd "$work/elsewhere" && "$ringdl" train ../project/train.yaml) >"$work/t1" 2>&1
acc=$(sed -n 's/^Test accuracy: \([0-9.]*\) .*/\1/p' "$work/t1")
if [ -n "$acc" ] && awk -v a="$acc" 'BEGIN { exit !(a > 0.6) }'; then
  ok "a graph definition named relative to its config trains (test accuracy $acc after 150 iterations)"
else bad "training the residual graph: $(tail -5 "$work/t1")"; fi
grep -q "RingDL training $work/project/nets/residual_mlp.yaml" "$work/t1" &&
  ok "the banner names the definition file" || bad "banner: $(grep RingDL "$work/t1")"
"$ringdl" model summary "$work/project/out/model.ringdl" >"$work/s4" 2>&1
grep -Eq "sum +CAddTable +\[N, 32\]" "$work/s4" && ok "summary of the saved graph model (its edges kept)" ||
  bad "summary of the saved graph: $(cat "$work/s4")"

# ---- errors name the file, the line and the layer ----
printf 'layers:\n  - Tanh\n  - Conv2D: {a: 1}\n' >"$work/bad.yaml"
expect_fail "an unknown layer type names file, line and layer" "bad.yaml line 3: layer 1 (Conv2D): unknown layer type" \
  "$ringdl" train "$src/models/lenet5/train.yaml" --model="$work/bad.yaml" --epochs=1
expect_fail "a model that is neither zoo nor file" \
  "must be a zoo model (char_lm, inception_v1, lenet5, lstm_fashion_mnist, mlp, package_sections, resnet18, resnet20, resnet32, resnet50, resnet56, vgg16, vgg_cifar10) or a model definition file" \
  "$ringdl" train "$src/models/lenet5/train.yaml" --model=resnet51

# ---- a zoo model's params: model_params in a config, --model_params for the summary ----
"$ringdl" model summary resnet20 --model_params=channels=1,image=28,final_size=7 >"$work/r1" 2>&1
grep -q "input \[1, 28, 28\] per record" "$work/r1" && grep -q "Total parameters: 269434" "$work/r1" &&
  ok "summary of resnet20 for 1x28x28 records: 269,434 parameters (1 input plane)" || bad "resnet20 summary: $(tail -5 "$work/r1")"
"$ringdl" model summary "$src/models/resnet20/train-fashion-mnist.yaml" >"$work/r2" 2>&1
grep -q "Total parameters: 269434" "$work/r2" && ok "the ResNet-20 Fashion-MNIST config's model_params reach the model" ||
  bad "resnet20 config summary: $(tail -5 "$work/r2")"
expect_fail "an undeclared model param is named with the declared ones" \
  "parameter 'chanels' is given but the definition has no such parameter (its params: channels, classes, final_size, image, shortcut)" \
  "$ringdl" model summary resnet20 --model_params=chanels=1
expect_fail "model_params must be NAME=VALUE pairs" "model_params must be NAME=VALUE pairs" \
  "$ringdl" train "$src/models/resnet20/train-fashion-mnist.yaml" --model_params=channels

finish
