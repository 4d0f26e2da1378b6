#!/usr/bin/python3
"""PyTorch twin of `ringdl train` on Fashion-MNIST for bench/scaling.sh, bench/resnet20_fashion_mnist.sh and
bench/lstm_fashion_mnist.sh: BigDL's LeNet-5 (models/lenet5), ResNet-20 on 1x28x28 (models/resnet20, shortcut A,
MSRA-initialised convolutions) or an LSTM reading each image as 28 steps of 28 pixels (models/lstm_fashion_mnist),
SGD with momentum, weight decay and BigDL's learning-rate decay lr / (1 + decay * iteration) (or Adam),
data-parallel with DistributedDataParallel over gloo on --world processes (one plain process for --world 1),
each its share of a global batch, logging in RingDL's words ("Trained N records in S seconds. Throughput is X
records/second.", "Test accuracy: A").

Usage: torch_train.py [--model lenet5|resnet20|lstm] [--optimizer sgd|adam] [--world 2]
                      [--iterations 938 | --epochs E] [--batch 128] [--threads 1] [--log-every 50] [--lr 0.05]
                      [--momentum 0.9] [--weight-decay 0] [--validate-every-epoch]"""
import argparse
import os
import socket
import time

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--model", default="lenet5", choices=["lenet5", "resnet20", "lstm"])
ap.add_argument("--optimizer", default="sgd", choices=["sgd", "adam"],
                help="adam: torch.optim.Adam with --lr and --weight-decay (betas 0.9, 0.999, eps 1e-8: "
                     "RingDL's adam)")
ap.add_argument("--world", type=int, default=2, help="processes (ranks)")
ap.add_argument("--iterations", type=int, default=938, help="global iterations (938 = 2 epochs at batch 128)")
ap.add_argument("--epochs", type=int, default=0, help="train this many epochs instead of --iterations")
ap.add_argument("--validate-every-epoch", action="store_true", help="test accuracy after every epoch")
ap.add_argument("--batch", type=int, default=128, help="global batch, split evenly over the ranks")
ap.add_argument("--threads", type=int, default=1, help="threads per rank")
ap.add_argument("--log-every", type=int, default=50, help="iterations per throughput line")
ap.add_argument("--lr", type=float, default=0.05)
ap.add_argument("--momentum", type=float, default=0.9)
ap.add_argument("--weight-decay", type=float, default=0.0)
ap.add_argument("--lr-decay", type=float, default=0.001, help="BigDL's decay: lr / (1 + decay * iteration)")
ap.add_argument("--cosine", action="store_true",
                help="cosine annealing from --lr to 0 over the whole run, per iteration (CosineAnnealingLR; "
                     "RingDL's lr_schedule cosine_annealing with t0 = the run's iterations), instead of --lr-decay")
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
args = ap.parse_args()

# torch.set_num_threads does not reach the OpenBLAS torch calls for GEMM: pin every library through the
# environment before torch is imported (the spawned ranks inherit it).
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)

import gzip  # noqa: E402
import struct  # noqa: E402
import sys  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.distributed as dist  # noqa: E402
import torch.multiprocessing as mp  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_eval import test_accuracy  # noqa: E402


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, n = struct.unpack(">II", data[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, np.uint8, offset=16).reshape(n, 1, rows, cols)
    return np.frombuffer(data, np.uint8, offset=8)


def load(prefix, mean=None, std=None):
    images = read_idx(f"{args.data}/{prefix}-images-idx3-ubyte.gz").astype(np.float32) / 255
    labels = read_idx(f"{args.data}/{prefix}-labels-idx1-ubyte.gz").astype(np.int64)
    if mean is None:  # RingDL's normalize: auto, the training set's mean and std after scaling to [0, 1]
        mean, std = float(images.mean()), float(images.std())
    return torch.from_numpy((images - mean) / std), torch.from_numpy(labels), mean, std


def lenet5():
    # models/lenet5/lenet5.cpp layer for layer. PyTorch's default initialisation draws weights and biases from
    # U(+-1/sqrt(fan_in)), as RingDL's default (Torch's) does.
    return nn.Sequential(nn.Conv2d(1, 6, 5), nn.Tanh(), nn.MaxPool2d(2, 2), nn.Tanh(),
                         nn.Conv2d(6, 12, 5), nn.MaxPool2d(2, 2), nn.Flatten(),
                         nn.Linear(192, 100), nn.Tanh(), nn.Linear(100, 10), nn.LogSoftmax(1))


def resnet20():
    # models/resnet20/resnet20.yaml on 1x28x28: bench/torch_resnet.py's network, with RingDL's `weightInit: msra`
    # (normal, std sqrt(2 / fan_in)) for the convolutions; BatchNorm and Linear keep the defaults RingDL shares.
    from torch_resnet import resnet20 as cifar_resnet20
    m = cifar_resnet20("A", channels=1, final_size=7)
    for layer in m.modules():
        if isinstance(layer, nn.Conv2d):
            nn.init.kaiming_normal_(layer.weight, mode="fan_in", nonlinearity="relu")
    return m


class LstmClassifier(nn.Module):
    # models/lstm_fashion_mnist/lstm_fashion_mnist.yaml: [N, 1, 28, 28] read as 28 steps of 28 pixels, one LSTM
    # layer (RingDL's LSTM has PyTorch's weights, gates and default initialisation U(+-1/sqrt(hidden))), the last
    # step's h, Linear, LogSoftmax.
    def __init__(self, steps=28, features=28, hidden=128, classes=10):
        super().__init__()
        self.steps, self.features = steps, features
        self.lstm = nn.LSTM(features, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, classes)

    def forward(self, x):
        out, _ = self.lstm(x.reshape(-1, self.steps, self.features))
        return F.log_softmax(self.fc(out[:, -1]), 1)


def train(rank, world, port):
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    if world > 1:
        dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=world)
    x, y, mean, std = load("train")
    model = {"lenet5": lenet5, "resnet20": resnet20, "lstm": LstmClassifier}[args.model]()
    xt, yt, _, _ = load("t10k", mean, std)
    if world > 1:
        model = nn.parallel.DistributedDataParallel(model)
    if args.optimizer == "adam":
        opt = torch.optim.Adam(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    else:
        opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum,
                              weight_decay=args.weight_decay)
    n = len(x)
    iterations = args.epochs * -(-n // args.batch) if args.epochs else args.iterations
    if args.cosine:
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=iterations)
    else:
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda it: 1 / (1 + args.lr_decay * it))
    if rank == 0:
        print(f"PyTorch {torch.__version__} training {args.model} on {n} records: {world} rank(s) x {args.threads} "
              f"thread(s), global batch {args.batch}", flush=True)

    it, epoch, pos, perm = 0, 0, n, None
    window_records, window_start, start = 0, time.perf_counter(), time.perf_counter()
    while it < iterations:
        if pos >= n:  # a new epoch: the same shuffle on every rank (same generator seed)
            if epoch > 0 and args.validate_every_epoch and rank == 0:
                print(f"[Epoch {epoch}] Test accuracy: {test_accuracy(model, xt, yt):.4f}", flush=True)
            epoch += 1
            perm = torch.randperm(n, generator=torch.Generator().manual_seed(args.seed * 1000 + epoch))
            pos = 0
        batch = perm[pos:pos + args.batch]  # the global batch (the last one of an epoch may be short)
        pos += len(batch)
        part = torch.tensor_split(batch, world)[rank]  # this rank's contiguous share, as RingDL cuts it
        opt.zero_grad()
        loss = F.nll_loss(model(x[part]), y[part])
        loss.backward()  # DDP averages the gradients over the ranks here
        opt.step()
        sched.step()
        it += 1
        window_records += len(batch)
        if it % args.log_every == 0 or it == iterations:
            now = time.perf_counter()
            if rank == 0:
                dt = now - window_start
                print(f"[Epoch {epoch} {pos}/{n}][Iteration {it}][Wall Clock {now - start:.1f}s] Trained "
                      f"{window_records} records in {dt:.4f} seconds. Throughput is {window_records / dt:.1f} "
                      f"records/second. Loss is {loss.item():.5f}.", flush=True)
            window_records, window_start = 0, now
        if pos >= n and rank == 0:  # RingDL's line: the wall clock since the start, earlier tests included
            print(f"[Epoch {epoch} {pos}/{n}][Iteration {it}] Epoch finished. Wall clock time is "
                  f"{(time.perf_counter() - start) * 1000:.0f} ms", flush=True)
    wall = time.perf_counter() - start

    if rank == 0:
        acc = test_accuracy(model, xt, yt)
        if args.validate_every_epoch:
            print(f"[Epoch {epoch}] Test accuracy: {acc:.4f}", flush=True)
        print(f"Test accuracy: {acc:.4f} after {it} iterations in {wall:.2f} s", flush=True)
    if world > 1:
        dist.destroy_process_group()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    if args.world == 1:
        train(0, 1, 0)
    else:
        mp.spawn(train, args=(args.world, free_port()), nprocs=args.world, join=True)
