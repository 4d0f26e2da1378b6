#!/usr/bin/python3
"""PyTorch twins of the zoo's ResNets (models/resnet20, models/resnet50) for bench/compare_resnet.sh: training
(SGD lr 0.01 momentum 0.9, NLL loss) or inference (eval(), no_grad) throughput on synthetic input, measured as
bench/throughput.cpp measures RingDL. Usage:
  torch_resnet.py resnet20|resnet50 [--batch B] [--threads T] [--iters N] [--shortcut A|B] [--eval]"""
import argparse
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Basic(nn.Module):
    def __init__(self, cin, cout, stride, shortcut):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout)
        self.down = stride != 1 or cin != cout
        self.shortcut = shortcut
        if self.down and shortcut == "B":
            self.proj = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = self.b2(self.c2(F.relu(self.b1(self.c1(x)))))
        if not self.down:
            s = x
        elif self.shortcut == "B":
            s = self.proj(x)
        else:  # A: every other pixel, then as many zero planes
            s = x[:, :, ::2, ::2]
            s = torch.cat([s, torch.zeros_like(s)], 1)
        return F.relu(y + s)


def resnet20(shortcut, channels=3, final_size=8, classes=10):
    layers = [nn.Conv2d(channels, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU()]
    cin = 16
    for cout, stride in [(16, 1), (32, 2), (64, 2)]:
        for i in range(3):
            layers.append(Basic(cin, cout, stride if i == 0 else 1, shortcut))
            cin = cout
    layers += [nn.AvgPool2d(final_size), nn.Flatten(), nn.Linear(64, classes), nn.LogSoftmax(1)]
    return nn.Sequential(*layers)


class Bottleneck(nn.Module):
    def __init__(self, cin, planes, stride):
        super().__init__()
        out = planes * 4
        self.c1 = nn.Conv2d(cin, planes, 1, bias=False)
        self.b1 = nn.BatchNorm2d(planes)
        self.c2 = nn.Conv2d(planes, planes, 3, stride, 1, bias=False)
        self.b2 = nn.BatchNorm2d(planes)
        self.c3 = nn.Conv2d(planes, out, 1, bias=False)
        self.b3 = nn.BatchNorm2d(out)
        self.proj = None
        if stride != 1 or cin != out:
            self.proj = nn.Sequential(nn.Conv2d(cin, out, 1, stride, bias=False), nn.BatchNorm2d(out))

    def forward(self, x):
        y = F.relu(self.b1(self.c1(x)))
        y = F.relu(self.b2(self.c2(y)))
        y = self.b3(self.c3(y))
        return F.relu(y + (x if self.proj is None else self.proj(x)))


def resnet50():
    layers = [nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(3, 2, 1)]
    cin = 64
    for planes, blocks, stride in [(64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)]:
        for i in range(blocks):
            layers.append(Bottleneck(cin, planes, stride if i == 0 else 1))
            cin = planes * 4
    layers += [nn.AvgPool2d(7), nn.Flatten(), nn.Linear(2048, 1000), nn.LogSoftmax(1)]
    return nn.Sequential(*layers)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--iters", type=int, default=20)
    ap.add_argument("--shortcut", default="A")
    ap.add_argument("--eval", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    if a.model == "resnet20":
        m, x = resnet20(a.shortcut), torch.randn(a.batch, 3, 32, 32)
    else:
        m, x = resnet50(), torch.randn(a.batch, 3, 224, 224)
    y = torch.randint(0, 10, (a.batch,))
    opt = torch.optim.SGD(m.parameters(), lr=0.01, momentum=0.9)

    def step():
        if a.eval:
            with torch.no_grad():
                m(x)
            return
        opt.zero_grad()
        F.nll_loss(m(x), y).backward()
        opt.step()

    if a.eval:
        m.eval()
    for _ in range(3):
        step()
    t = time.perf_counter()
    for _ in range(a.iters):
        step()
    dt = time.perf_counter() - t
    params = sum(p.numel() for p in m.parameters())
    print(f"torch {a.model}{' eval' if a.eval else ''} threads={a.threads} batch={a.batch} params={params} "
          f"images_per_s={a.iters * a.batch / dt:.1f}")


if __name__ == "__main__":
    main()
