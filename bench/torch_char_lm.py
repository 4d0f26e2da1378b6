#!/usr/bin/env python3
"""The character language models of models/char_lm in PyTorch, on exactly RingDL's data: the token ids come from
the vocabulary RingDL saved (<save_model>.vocab), and the text is cut as RingDL's text_lm reader cuts it (lines
without their breaks, lines of only spaces and tabs left out, '\\r' dropped, <eos> after every line; windows of
seq_len + 1 ids, consecutive windows sharing one id, the tail shorter than a window dropped). Before training it
checks that the training file's character counts equal the vocabulary's, so both sides read the same ids.

Models: lstm (nn.Embedding, nn.LSTM batch first, nn.Linear at every step) and transformer (RingDL's registered
Transformer without the input shift: embedding * sqrt(H) plus the sines-then-cosines timing signal, pre-norm
blocks of causal nn.MultiheadAttention without biases and a ReLU feed-forward, LayerNorm eps 1e-6, then an
nn.Linear at every step); PyTorch's default initialisation, which RingDL's layers share. Loss: cross-entropy
averaged over every predicted character; Adam; the gradient's L2 norm clipped (clip_grad_norm_).

Prints "[Epoch E] Validation bits/char: X" after every epoch, "Test bits/char: X" at the end and a sample
generated from --prime (the latest --context ids each step; temperature 0: greedy).
Usage: torch_char_lm.py --model lstm --vocab out/lstm.model.vocab --train T --valid V --test S [options]"""
import argparse
import math
import os
import time

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--model", choices=["lstm", "transformer"], required=True)
ap.add_argument("--vocab", required=True, help="RingDL's saved vocabulary (<save_model>.vocab)")
ap.add_argument("--train", required=True)
ap.add_argument("--valid", required=True)
ap.add_argument("--test", required=True)
ap.add_argument("--seq-len", type=int, default=100)
ap.add_argument("--batch", type=int, default=64)
ap.add_argument("--epochs", type=int, default=5)
ap.add_argument("--lr", type=float, default=2e-3)
ap.add_argument("--clip", type=float, default=5.0, help="largest L2 norm of the gradient (0: no clipping)")
ap.add_argument("--embedding", type=int, default=64, help="lstm: embedding size")
ap.add_argument("--hidden", type=int, default=256, help="lstm: hidden size; transformer: model width")
ap.add_argument("--heads", type=int, default=4)
ap.add_argument("--filter", type=int, default=512)
ap.add_argument("--blocks", type=int, default=2)
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--log-every", type=int, default=50)
ap.add_argument("--prime", default="def ")
ap.add_argument("--length", type=int, default=300)
ap.add_argument("--temperature", type=float, default=0.0)
args = ap.parse_args()

# torch.set_num_threads does not reach OpenBLAS: pin every library through the environment before the import.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(args.threads)
torch.manual_seed(args.seed)

ESCAPES = {"\\": "\\", "t": "\t", "r": "\r", "n": "\n"}


def unescape(text):
    """A token as the vocabulary file writes it (docs/data.md: \\\\, \\t, \\r, \\n, \\xHH) back to its text."""
    out, i = bytearray(), 0
    while i < len(text):
        c = text[i]
        if c == "\\" and text[i + 1] in ESCAPES:
            out += ESCAPES[text[i + 1]].encode()
            i += 2
        elif c == "\\" and text[i + 1] == "x":
            out.append(int(text[i + 2:i + 4], 16))
            i += 4
        else:
            out += c.encode()
            i += 1
    return out.decode("utf-8", errors="surrogateescape")


def read_vocab(path):
    tokens, counts = [], []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f.read().split("\n")):
            if n == 0 and line.startswith("#ringdl-vocabulary"):
                continue
            if line == "":
                continue
            token, _, count = line.partition("\t")
            tokens.append(unescape(token))
            counts.append(int(count) if count else 0)
    return tokens, counts


def lines_of(path):
    """The lines RingDL's text_lm reader tokenizes: a leading BOM dropped, '\\r' dropped (char tokenizer),
    lines of only spaces and tabs (empty ones too) left out."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.startswith("\ufeff"):
        text = text[1:]
    for line in text.split("\n"):
        line = line.replace("\r", "")
        if line.strip(" \t") != "":
            yield line


tokens, counts = read_vocab(args.vocab)
index = {t: i for i, t in enumerate(tokens)}
PAD, UNK, EOS = 0, 1, index["<eos>"]
V = len(tokens)

# The same dictionary rules: every character of the training file, counted, must be in the vocabulary with
# the count RingDL recorded, so the ids below are RingDL's.
seen = {}
for line in lines_of(args.train):
    for ch in line:
        seen[ch] = seen.get(ch, 0) + 1
mismatch = [(t, c, seen.get(t, 0)) for t, c in zip(tokens, counts) if t not in ("<pad>", "<unk>", "<eos>")
            and c != seen.get(t, 0)]
missing = [t for t in seen if t not in index]
if mismatch or missing:
    raise SystemExit(f"the vocabulary {args.vocab} does not match {args.train}: counts {mismatch[:5]}, "
                     f"characters not in it {missing[:5]}")
print(f"vocabulary {args.vocab}: {V} tokens, the training file's {len(seen)} characters with the same counts")


def stream(path):
    ids = []
    for line in lines_of(path):
        ids.extend(index.get(ch, UNK) for ch in line)
        ids.append(EOS)
    return torch.tensor(ids, dtype=torch.long)


def windows(path):
    s = stream(path)
    n = (len(s) - 1) // args.seq_len
    idx = torch.arange(n).unsqueeze(1) * args.seq_len + torch.arange(args.seq_len + 1).unsqueeze(0)
    return s[idx]  # [n, seq_len + 1]


train, valid, test = windows(args.train), windows(args.valid), windows(args.test)
print(f"windows of {args.seq_len + 1} ids: train {len(train)}, valid {len(valid)}, test {len(test)}")


def timing_signal(length, hidden):
    """tensor2tensor's get_timing_signal (RingDL's SinusoidalPositionEncoding): sines, then cosines."""
    pos = torch.arange(length, dtype=torch.float32).unsqueeze(1)
    n = hidden // 2
    inc = math.log(1e4) / max(n - 1, 1)
    inv = torch.exp(torch.arange(n, dtype=torch.float32) * -inc)
    scaled = pos * inv.unsqueeze(0)
    return torch.cat([torch.sin(scaled), torch.cos(scaled)], dim=1)


class CharLstm(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(V, args.embedding)
        self.lstm = nn.LSTM(args.embedding, args.hidden, batch_first=True)
        self.fc = nn.Linear(args.hidden, V)

    def forward(self, ids):
        return self.fc(self.lstm(self.embedding(ids))[0])


class Block(nn.Module):
    def __init__(self, h):
        super().__init__()
        self.norm1 = nn.LayerNorm(h, eps=1e-6)
        self.self_attn = nn.MultiheadAttention(h, args.heads, bias=False, batch_first=True)
        self.norm2 = nn.LayerNorm(h, eps=1e-6)
        self.filter_layer = nn.Linear(h, args.filter)
        self.output_layer = nn.Linear(args.filter, h)

    def forward(self, x, causal):
        y = self.norm1(x)
        x = x + self.self_attn(y, y, y, attn_mask=causal, need_weights=False)[0]
        return x + self.output_layer(F.relu(self.filter_layer(self.norm2(x))))


class CharTransformer(nn.Module):
    def __init__(self):
        super().__init__()
        h = args.hidden
        self.h = h
        self.embedding = nn.Embedding(V, h)
        self.blocks = nn.ModuleList(Block(h) for _ in range(args.blocks))
        self.norm = nn.LayerNorm(h, eps=1e-6)
        self.fc = nn.Linear(h, V)

    def forward(self, ids):
        t = ids.shape[1]
        x = self.embedding(ids) * math.sqrt(self.h) + timing_signal(t, self.h)
        causal = torch.triu(torch.ones(t, t, dtype=torch.bool), 1)
        for b in self.blocks:
            x = b(x, causal)
        return self.fc(self.norm(x))


model = CharLstm() if args.model == "lstm" else CharTransformer()
print(f"PyTorch {torch.__version__}, {args.model}: {sum(p.numel() for p in model.parameters())} parameters, "
      f"{args.threads} thread(s)")
opt = torch.optim.Adam(model.parameters(), lr=args.lr)


def bits_per_char(data):
    model.eval()
    nats, count = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(data), 256):
            w = data[i:i + 256]
            logits = model(w[:, :-1])
            nats += F.cross_entropy(logits.reshape(-1, V), w[:, 1:].reshape(-1), reduction="sum").item()
            count += w[:, 1:].numel()
    model.train()
    return nats / count / math.log(2)


start = time.time()
iteration = 0
for epoch in range(1, args.epochs + 1):
    order = torch.randperm(len(train))
    for i in range(0, len(train), args.batch):  # the last, shorter batch too, as RingDL's data sets give it
        w = train[order[i:i + args.batch]]
        logits = model(w[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, V), w[:, 1:].reshape(-1))
        opt.zero_grad()
        loss.backward()
        if args.clip > 0:
            nn.utils.clip_grad_norm_(model.parameters(), args.clip)
        opt.step()
        iteration += 1
        if iteration % args.log_every == 0:
            print(f"[Epoch {epoch}][Iteration {iteration}] Loss is {loss.item():.4f} ({time.time() - start:.0f} s)",
                  flush=True)
    print(f"[Epoch {epoch}] Validation bits/char: {bits_per_char(valid):.4f} ({time.time() - start:.0f} s)",
          flush=True)
print(f"Test bits/char: {bits_per_char(test):.4f}")

# A sample, as ringdl generate makes it: the prime's ids (a line break is <eos>), then one id per step from the
# scores of the last step over the latest seq_len ids, <pad> never drawn.
ids = []
for k, line in enumerate(args.prime.split("\n")):
    if k > 0:
        ids.append(EOS)
    ids.extend(index.get(ch, UNK) for ch in line.replace("\r", ""))
model.eval()
gen = torch.Generator().manual_seed(args.seed)
text = args.prime
with torch.no_grad():
    for _ in range(args.length):
        scores = model(torch.tensor([ids[-args.seq_len:]]))[0, -1].clone()
        scores[PAD] = -math.inf
        if args.temperature == 0:
            nxt = int(torch.argmax(scores))
        else:
            nxt = int(torch.multinomial(torch.softmax(scores / args.temperature, 0), 1, generator=gen))
        ids.append(nxt)
        text += "\n" if nxt == EOS else tokens[nxt]
print("Sample:")
print(text)
