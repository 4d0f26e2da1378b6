#!/usr/bin/python3
"""PyTorch twin of `throughput lstm|gru|transformer` (bench/compare_sequences.sh): text models on synthetic
token ids, batch 128 of 50 steps, a vocabulary of 10,000, SGD lr 0.01 momentum 0.9, classes 10. lstm is
../shared/anchors/torch_models.py's LSTM text model (embedding 128, LSTM 256, its last step into a Linear);
gru the same with a GRU; transformer an embedding of 128, sinusoidal positions, two post-norm encoder layers
(4 heads, feed-forward 512, ReLU, no dropout), the mean over steps into the Linear.

Usage: torch_sequence.py MODEL [--batch 128] [--threads 1] [--iters 20]"""
import argparse
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("model", choices=["lstm", "gru", "transformer"])
ap.add_argument("--batch", type=int, default=128)
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--iters", type=int, default=20)
a = ap.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)
VOCAB, STEPS, EMB, HIDDEN = 10000, 50, 128, 256


class Recurrent(nn.Module):
    def __init__(self, kind):
        super().__init__()
        self.emb = nn.Embedding(VOCAB, EMB)
        self.rnn = (nn.LSTM if kind == "lstm" else nn.GRU)(EMB, HIDDEN, batch_first=True)
        self.fc = nn.Linear(HIDDEN, 10)

    def forward(self, x):
        h, _ = self.rnn(self.emb(x))
        return F.log_softmax(self.fc(h[:, -1]), 1)


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(VOCAB, EMB)
        pos = torch.arange(STEPS).unsqueeze(1)
        div = torch.exp(torch.arange(0, EMB, 2) * (-math.log(10000.0) / EMB))
        pe = torch.zeros(STEPS, EMB)
        pe[:, 0::2], pe[:, 1::2] = torch.sin(pos * div), torch.cos(pos * div)
        self.register_buffer("pe", pe)
        layer = nn.TransformerEncoderLayer(EMB, 4, 512, dropout=0.0, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, 2)
        self.fc = nn.Linear(EMB, 10)

    def forward(self, x):
        return F.log_softmax(self.fc(self.encoder(self.emb(x) + self.pe).mean(1)), 1)


m = Encoder() if a.model == "transformer" else Recurrent(a.model)
x = torch.randint(0, VOCAB, (a.batch, STEPS))
y = torch.randint(0, 10, (a.batch,))
opt = torch.optim.SGD(m.parameters(), lr=0.01, momentum=0.9)


def step():
    opt.zero_grad()
    F.nll_loss(m(x), y).backward()
    opt.step()


for _ in range(3):
    step()
t = time.perf_counter()
for _ in range(a.iters):
    step()
dt = time.perf_counter() - t
print(f"torch {a.model} threads={a.threads} batch={a.batch} params={sum(p.numel() for p in m.parameters())} "
      f"sequences_per_s={a.iters * a.batch / dt:.0f}")
