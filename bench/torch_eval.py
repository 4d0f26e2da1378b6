"""Shared by the PyTorch twins of `ringdl train` (bench/torch_train.py, bench/torch_package_sections.py): the test
accuracy as RingDL's validation computes it, in evaluation mode, in chunks of 1,000 records."""
import torch


def test_accuracy(model, xt, yt):
    # Rank 0 alone tests: through the module DDP wraps, since DDP's own forward syncs buffers with every rank.
    model = getattr(model, "module", model)
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(xt), 1000):
            correct += (model(xt[i:i + 1000]).argmax(1) == yt[i:i + 1000]).sum().item()
    model.train()
    return correct / len(xt)
